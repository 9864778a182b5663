"""Word translations learned from the corpus itself.

After a first alignment pass, the confident sentence pairs are a small parallel corpus.
Counting which source tokens co-occur with which target words more often than chance
(Dice coefficient with a significance floor, then a few rounds of IBM Model 1 to
explain away frequent words) gives a translation table; realigning with it is the idea
behind hunalign's ``-realign`` and Moore's aligner.  No dictionary is needed, so this
works for any language pair.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..parallel import Session, worker_session

__all__ = ["LearnedModel", "lexical_tokens"]

# Pairs IBM Model 1 learns from at most (spread evenly over the corpus).
MAX_PAIRS = 2000

# Languages written with one token per syllable, where a word is often two tokens.
_SYLLABIC = {"vi"}


def lexical_tokens(words: Sequence[str], lang: str) -> list[str]:
    """Tokens used for word translation: words, plus syllable bigrams for Vietnamese."""
    tokens = list(words)
    if lang.split("-")[0].lower() in _SYLLABIC:
        tokens += [f"{a}_{b}" for a, b in itertools.pairwise(words)]
    return tokens


@dataclass
class LearnedModel:
    """A translation table in both directions: token -> likely translations."""

    forward: dict[str, frozenset[str]] = field(default_factory=dict)
    backward: dict[str, frozenset[str]] = field(default_factory=dict)
    source_lang: str = "vi"
    target_lang: str = "en"

    def translations(self, words: Sequence[str], direction: str) -> frozenset[str]:
        lang = self.source_lang if direction == "forward" else self.target_lang
        return self.translations_of(lexical_tokens(words, lang), direction)

    def translations_of(self, tokens: Iterable[str], direction: str) -> frozenset[str]:
        """The translations of lexical *tokens* (as :func:`lexical_tokens` makes them)."""
        table = self.forward if direction == "forward" else self.backward
        return frozenset().union(*[table[t] for t in tokens if t in table])

    def vocabulary(self, side: str) -> frozenset[str]:
        """Tokens of *side* (``source``/``target``) that the table can pair with."""
        if side == "source":
            return frozenset(self.forward) | frozenset(
                t for ts in self.backward.values() for t in ts)
        return frozenset(self.backward) | frozenset(t for ts in self.forward.values() for t in ts)

    def to_json(self) -> dict:
        """The table as plain data, in a stable order (saved beside the stores)."""
        return {"source_lang": self.source_lang, "target_lang": self.target_lang,
                "forward": {k: sorted(v) for k, v in sorted(self.forward.items())},
                "backward": {k: sorted(v) for k, v in sorted(self.backward.items())}}

    @classmethod
    def from_json(cls, data: dict) -> LearnedModel:
        """The inverse of :meth:`to_json`; raises KeyError/TypeError/ValueError on bad data."""
        def table(raw: dict) -> dict[str, frozenset[str]]:
            if not isinstance(raw, dict):
                raise TypeError("a table must be an object")
            return {str(k): frozenset(str(t) for t in v) for k, v in raw.items()}
        return cls(table(data["forward"]), table(data["backward"]), str(data["source_lang"]),
                   str(data["target_lang"]))

    @classmethod
    def learn(cls, pairs: Iterable[tuple[Sequence[str], Sequence[str]]],
              source_lang: str = "vi", target_lang: str = "en", iterations: int = 3,
              threshold: float = 0.1, top: int = 4, jobs: int = 1,
              session: Session | None = None) -> LearnedModel:
        """Learn from (source words, target words) sentence pairs; with ``jobs`` > 1 the
        two directions are learned in two processes (the same tables), or in a
        *session*'s workers when given one."""
        data = [(lexical_tokens(s, source_lang), lexical_tokens(t, target_lang))
                for s, t in pairs]
        if len(data) > MAX_PAIRS:   # IBM1 time grows with the data; this many is plenty
            step = len(data) / MAX_PAIRS
            data = [data[int(k * step)] for k in range(MAX_PAIRS)]
        if not data:
            return cls(source_lang=source_lang, target_lang=target_lang)
        # The one serial step between the passes: on two free cores the directions in two
        # processes take 0.20 s instead of 0.29 s on the dev set (on a busy machine, the
        # same time: forking costs about what a direction does).
        settings = (data, iterations, threshold, top)
        directions = ["forward", "backward"]
        if session is not None:     # its workers get the data sent once each
            forward, backward = session.map(_ibm1_direction, directions,
                                            setup=(_given, settings))
        else:                       # forked workers of its own see it as it is
            with worker_session(jobs, settings) as own:
                forward, backward = own.map(_ibm1_direction, directions)
        return cls(forward, backward, source_lang, target_lang)


def _given(shared: object, value: object) -> object:
    return value


def _ibm1_direction(settings: tuple[list[tuple[list[str], list[str]]], int, float, int],
                    memo: dict, direction: str) -> dict[str, frozenset[str]]:
    data, iterations, threshold, top = settings
    if direction == "backward":
        data = [(t, s) for s, t in data]
    return ibm1(data, iterations, threshold, top)


def ibm1(data: list[tuple[list[str], list[str]]], iterations: int, threshold: float,
         top: int) -> dict[str, frozenset[str]]:
    """IBM Model 1 p(target | source) by EM; returns source -> probable targets.

    Tokens seen once are left out: they cannot be learned from one example and would
    only add noise.  The same computation as :func:`ibm1_reference`, with every
    (source token, target token occurrence) link of the corpus in flat numpy arrays, so
    that an EM round is a few array operations instead of a dict update per link: this is
    the one serial step between the two alignment passes.
    """
    links = _Links.of(data)
    if links is None:
        return {}
    prob = _normalise(links, np.bincount(links.pair, minlength=links.pairs)
                      .astype(np.float64))
    for _ in range(iterations):
        weights = prob[links.pair]
        z = np.bincount(links.group, weights, minlength=len(links.repeats))
        # Each occurrence of a target token is explained once: a token twice in a
        # sentence counts twice.
        share = np.divide(links.repeats, z, out=np.zeros_like(z), where=z > 0)
        counts = np.bincount(links.pair, weights * share[links.group], minlength=links.pairs)
        prob = _normalise(links, counts)
    return _best_translations(links, prob, threshold, top)


def _best_translations(links: _Links, prob: np.ndarray, threshold: float, top: int
                       ) -> dict[str, frozenset[str]]:
    """Each source token's *top* most probable targets of at least *threshold*, ties
    going to the later word (as sorting (p, word) pairs and taking the last ones does)."""
    keep = np.flatnonzero((prob >= threshold) & (links.pair_source != links.null))
    source, target, p = links.pair_source[keep], links.pair_target[keep], prob[keep]
    order = np.lexsort((-target, -p, source))        # by source, best first
    source, target = source[order], target[order]
    first = np.flatnonzero(np.r_[True, source[1:] != source[:-1]])
    rank = np.arange(len(source)) - np.repeat(first, np.diff(np.r_[first, len(source)]))
    best = rank < top
    table: dict[str, list[str]] = {}
    for f, e in zip(source[best].tolist(), target[best].tolist(), strict=True):
        table.setdefault(links.source_words[f], []).append(links.target_words[e])
    return {word: frozenset(targets) for word, targets in table.items()}


@dataclass
class _Links:
    """Every (source token, target token) link of an IBM1 corpus as flat arrays.

    Link *x* joins a source token of a sentence pair to a distinct target token of it:
    ``pair[x]`` is its (source, target) pair id and ``group[x]`` the (sentence pair,
    target token) it explains, which occurs ``repeats[group]`` times there.  Each pair
    occurs once per sentence pair that holds both, so counting links gives the
    co-occurrence counts EM starts from.
    """

    source_words: list[str]
    target_words: list[str]
    null: int
    pair_source: np.ndarray
    pair_target: np.ndarray
    pair: np.ndarray
    group: np.ndarray
    repeats: np.ndarray
    pairs: int

    @classmethod
    def of(cls, data: list[tuple[list[str], list[str]]]) -> _Links | None:
        chain = itertools.chain.from_iterable
        src_count = Counter(chain(set(s) for s, _ in data))
        tgt_count = Counter(chain(set(t) for _, t in data))
        source_words = [*sorted(w for w, c in src_count.items() if c > 1), "<null>"]
        target_words = sorted(w for w, c in tgt_count.items() if c > 1)
        if not target_words:
            return None
        src_id = {w: k for k, w in enumerate(source_words)}
        tgt_id = {w: k for k, w in enumerate(target_words)}
        null = len(source_words) - 1
        sources: list[int] = []        # each sentence pair's source ids, then null
        source_count: list[int] = []
        targets: list[int] = []        # each sentence pair's distinct target ids
        repeats: list[int] = []
        sentence_of_group: list[int] = []
        for s, t in data:
            counted = Counter(map(tgt_id.get, t))
            counted.pop(None, None)
            if not counted:
                continue
            f = list(map(src_id.__getitem__, src_id.keys() & set(s)))
            sources += f
            sources.append(null)
            sentence_of_group += [len(source_count)] * len(counted)
            source_count.append(len(f) + 1)
            targets += counted.keys()
            repeats += counted.values()
        if not targets:
            return None
        source_ids = np.array(sources, np.int64)
        per_sentence = np.array(source_count, np.int64)
        first_source = np.concatenate([[0], np.cumsum(per_sentence)[:-1]])
        sentence = np.array(sentence_of_group, np.int64)
        per_group = per_sentence[sentence]           # links of each group
        group = np.repeat(np.arange(len(targets)), per_group)
        first_link = np.concatenate([[0], np.cumsum(per_group)[:-1]])
        within = np.arange(len(group)) - first_link[group]
        source = source_ids[first_source[sentence][group] + within]
        target = np.array(targets, np.int64)[group]
        width = len(target_words)
        keys, pair = _numbered(source * width + target, len(source_words) * width)
        return cls(source_words, target_words, null, keys // width, keys % width,
                   pair, group, np.array(repeats, np.float64), len(keys))


# Key ranges up to this size are numbered through a lookup table (40 MB at most), which
# is four times as fast as sorting; larger ones are sorted.
DENSE_KEYS = 8_000_000


def _numbered(keys: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_inverse=True)`` for keys in ``range(limit)``."""
    if limit > DENSE_KEYS:
        key_type = np.int32 if limit < 2**31 else np.int64      # sorts faster
        distinct, inverse = np.unique(keys.astype(key_type), return_inverse=True)
        return distinct.astype(np.int64), inverse.ravel()
    present = np.zeros(limit, bool)
    present[keys] = True
    distinct = np.flatnonzero(present)
    number = np.empty(limit, np.int32)
    number[distinct] = np.arange(len(distinct), dtype=np.int32)
    return distinct, number[keys].astype(np.int64)


def _normalise(links: _Links, counts: np.ndarray) -> np.ndarray:
    """p(e | f): each pair's count over its source token's total."""
    totals = np.bincount(links.pair_source, counts, minlength=len(links.source_words))
    per_pair = totals[links.pair_source]
    return np.divide(counts, per_pair, out=np.zeros_like(counts), where=per_pair > 0)


def ibm1_reference(data: list[tuple[list[str], list[str]]], iterations: int,
                   threshold: float, top: int) -> dict[str, frozenset[str]]:
    """IBM Model 1 with dicts, link by link: the definition :func:`ibm1` must match
    (kept for the tests)."""
    src_count = Counter(tok for s, _ in data for tok in set(s))
    tgt_count = Counter(tok for _, t in data for tok in set(t))
    corpus = [([w for w in set(s) if src_count[w] > 1] + ["<null>"],
               [w for w in t if tgt_count[w] > 1]) for s, t in data]
    # Start from co-occurrence counts: uniform IBM1 would take more iterations.
    prob: dict[str, dict[str, float]] = defaultdict(dict)
    for s, t in corpus:
        for e in set(t):
            for f in s:
                prob[f][e] = prob[f].get(e, 0.0) + 1.0
    for row in prob.values():
        total = sum(row.values())
        for e in row:
            row[e] /= total
    for _ in range(iterations):
        counts: dict[str, dict[str, float]] = {}
        for s, t in corpus:
            rows = [prob.get(f, {}) for f in s]
            count_rows = [counts.setdefault(f, {}) for f in s]
            for e in t:
                weights = [row.get(e, 0.0) for row in rows]
                z = sum(weights)
                if z <= 0:
                    continue
                inverse = 1.0 / z
                for row, w in zip(count_rows, weights, strict=True):
                    if w:
                        row[e] = row.get(e, 0.0) + w * inverse
        prob = defaultdict(dict)
        for f, row in counts.items():
            total = sum(row.values())
            if total:
                prob[f] = {e: c / total for e, c in row.items()}
    table = {}
    for f, row in prob.items():
        if f == "<null>":
            continue
        best = sorted((p, e) for e, p in row.items() if p >= threshold)[::-1][:top]
        if best:
            table[f] = frozenset(e for _, e in best)
    return table
