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
        table = self.forward if direction == "forward" else self.backward
        out: set[str] = set()
        for token in lexical_tokens(words, lang):
            hit = table.get(token)
            if hit:
                out |= hit
        return frozenset(out)

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
              threshold: float = 0.1, top: int = 4) -> LearnedModel:
        """Learn from (source words, target words) sentence pairs."""
        data = [(lexical_tokens(s, source_lang), lexical_tokens(t, target_lang))
                for s, t in pairs]
        if len(data) > MAX_PAIRS:   # IBM1 time grows with the data; this many is plenty
            step = len(data) / MAX_PAIRS
            data = [data[int(k * step)] for k in range(MAX_PAIRS)]
        if not data:
            return cls(source_lang=source_lang, target_lang=target_lang)
        forward = _ibm1(data, iterations, threshold, top)
        backward = _ibm1([(t, s) for s, t in data], iterations, threshold, top)
        return cls(forward, backward, source_lang, target_lang)


def _ibm1(data: list[tuple[list[str], list[str]]], iterations: int, threshold: float,
          top: int) -> dict[str, frozenset[str]]:
    """IBM Model 1 p(target | source) by EM; returns source -> probable targets.

    Tokens seen once are left out: they cannot be learned from one example and would
    only add noise.
    """
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
