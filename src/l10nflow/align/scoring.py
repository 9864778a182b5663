"""Bead costs: how unlikely it is that a run of source sentences translates a run of targets.

A bead's cost is a sum of negative log-likelihood-like terms:

* a prior for its type (1-1 is common, 2-2 rare);
* a length term: the log ratio of target to source characters is modelled as a normal
  distribution whose mean and spread are estimated from the document itself;
* a similarity term: 1 - the share of tokens on both sides that find their counterpart
  on the other side -- through anchors (numbers, names, punctuation, identical words)
  and, when a translation model is given, through word translations.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .features import SentenceFeatures
from .overlap import run_overlaps, shared_token_ids

__all__ = ["BEAD_TYPES", "AlignParams", "LengthModel", "PairScorer", "Side"]

BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2),
                                           (3, 1), (1, 3))


@dataclass
class AlignParams:
    """Tunable weights of the cost function (defaults tuned on the vi-en dev set)."""

    type_penalty: dict[tuple[int, int], float] = field(default_factory=lambda: {
        (1, 1): 0.0, (2, 1): 2.2, (1, 2): 2.2, (2, 2): 4.0, (3, 1): 4.4, (1, 3): 4.4,
    })
    skip_penalty: float = 3.0          # extra cost of a 1-0 or 0-1 bead
    boilerplate_skip: float = 0.5      # cost of leaving page furniture unmatched
    length_weight: float = 1.0
    similarity_weight: float = 10.0
    anchor_weight: float = 2.0         # an anchor counts as this many words
    neutral_similarity: float = 0.3    # used when neither side has anything to compare
    temperature: float = 1.0           # of the path distribution behind bead confidence
    band: int = 12                     # half-width of the search band around anchors
    # Crossing pairs (see crossing.py): the cost of a move per sentence paired across
    # the monotone order, and the confidence a moved pair needs to be kept.
    identical_bonus: float = 2.0       # a pair of the same text (up to diacritics, case)
    move_penalty: float = 4.0
    move_min_confidence: float = 0.4
    move_doubtful: float = 0.6        # monotone pairs below this confidence may be undone
    crossing: bool = True


@dataclass
class LengthModel:
    """Normal model of log(target chars / source chars) for one document pair."""

    mean: float = 0.0
    sigma: float = 0.35

    @classmethod
    def initial(cls, src_lengths: list[int], tgt_lengths: list[int]) -> LengthModel:
        total_src, total_tgt = sum(src_lengths) or 1, sum(tgt_lengths) or 1
        return cls(math.log(total_tgt / total_src), 0.35)

    @classmethod
    def fit(cls, ratios: list[float], fallback: LengthModel) -> LengthModel:
        """Robust mean and spread (median, scaled MAD) of observed log ratios."""
        if len(ratios) < 8:
            return fallback
        ordered = sorted(ratios)
        median = ordered[len(ordered) // 2]
        mad = sorted(abs(r - median) for r in ratios)[len(ratios) // 2] * 1.4826
        return cls(median, min(max(mad, 0.15), 0.6))

    def cost(self, src_chars: int, tgt_chars: int) -> float:
        # Short sentences vary more in relative length: widen the spread for them.
        spread2 = self.sigma**2 + 4.0 / (src_chars + tgt_chars)
        z2 = (math.log(tgt_chars / src_chars) - self.mean) ** 2 / spread2
        return 0.5 * z2 + 0.5 * math.log(spread2 / self.sigma**2)

    def costs(self, src_chars: np.ndarray, tgt_chars: np.ndarray) -> np.ndarray:
        """:meth:`cost` of many pairs at once (the same formula, term by term)."""
        spread2 = self.sigma**2 + 4.0 / (src_chars + tgt_chars)
        z2 = (np.log(tgt_chars / src_chars) - self.mean) ** 2 / spread2
        return 0.5 * z2 + 0.5 * np.log(spread2 / self.sigma**2)


class Side:
    """Per-sentence data for one side: lengths, folded text, anchor, token and translation
    sets; runs of consecutive sentences (``spans[(i, k)]``) are built on demand."""

    def __init__(self, features: list[SentenceFeatures],
                 translations: list[frozenset[str]] | None, max_run: int = 3,
                 gaps: list[bool] | None = None,
                 tokens: list[frozenset[str]] | None = None) -> None:
        """*tokens*: each sentence's lexical tokens the translation model knows (default:
        the features' own)."""
        self.features = features
        self.n = len(features)
        self.max_run = max_run
        self.lengths = [f.length for f in features]
        self.furniture = [f.boilerplate for f in features]
        # gaps[x]: text was taken out between sentences x-1 and x (see subset)
        self.gaps = list(gaps) if gaps else [False] * self.n
        # Each sentence folded (no diacritics, case or spacing differences): a source and
        # a target sentence that fold to the same text -- a byline "Khánh Minh |", a name,
        # a line of numbers -- are the same text, the strongest evidence there is.
        self.identity = [f.identity for f in features]
        self.keys = [f.anchor_keys for f in features]
        self.tokens = list(tokens) if tokens is not None else [frozenset(f.tokens)
                                                               for f in features]
        self.translations = list(translations) if translations else [frozenset()] * self.n
        self.spans = _Spans(self)
        self._sizes: dict[tuple[str, int], np.ndarray] = {}

    @cached_property
    def cumulative_lengths(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.lengths, dtype=np.int64)])

    def span_lengths(self, k: int) -> np.ndarray:
        """Characters of every run of *k* sentences, by its first sentence."""
        total = self.cumulative_lengths
        return total[k:] - total[:-k] if k <= self.n else np.zeros(0, np.int64)

    def span_sizes(self, which: str, k: int) -> np.ndarray:
        """Size of the union of the *which* sets (``keys``, ``tokens``) of every run of
        *k* sentences, by its first sentence."""
        sizes = self._sizes.get((which, k))
        if sizes is None:
            sets = getattr(self, which)
            if k == 1:
                sizes = np.array([len(s) for s in sets], np.int64)
            elif k == 2:
                sizes = np.array([len(a | b) for a, b in itertools.pairwise(sets)], np.int64)
            else:
                sizes = np.array([len(frozenset().union(*sets[i:i + k]))
                                  for i in range(self.n - k + 1)], np.int64)
            self._sizes[(which, k)] = sizes
        return sizes

    @cached_property
    def cumulative_unjoinable(self) -> tuple[np.ndarray, np.ndarray]:
        return (np.concatenate([[0], np.cumsum(self.furniture, dtype=np.int64)]),
                np.concatenate([[0], np.cumsum(self.gaps, dtype=np.int64)]))

    def unjoinable(self, i: int, k: int) -> bool:
        """Whether sentences ``i:i+k`` may not form one side of a bead: they include
        newsroom furniture (a byline, a caption), or text taken out between them."""
        return any(self.furniture[i:i + k]) or any(self.gaps[i + 1:i + k])

    def span_unjoinable(self, k: int) -> np.ndarray:
        """:meth:`unjoinable` for every run of *k* sentences, by its first sentence."""
        if k > self.n:
            return np.zeros(0, bool)
        furniture, gaps = self.cumulative_unjoinable
        return ((furniture[k:] - furniture[:-k]) > 0) | ((gaps[k:] - gaps[1:len(gaps) - k + 1]) > 0)

    def subset(self, indices: list[int]) -> Side:
        """The same side with only the sentences at *indices* (increasing): where
        sentences were left out between two kept ones, no bead joins those two."""
        gaps = [k > 0 and (x - indices[k - 1] > 1 or self.gaps[x])
                for k, x in enumerate(indices)]
        return Side([self.features[i] for i in indices],
                    [self.translations[i] for i in indices], self.max_run, gaps,
                    [self.tokens[i] for i in indices])


class _Spans:
    """``spans[(i, k)]``: (characters, anchors, tokens, translations) of the run of *k*
    sentences from *i*, for any run length, computed on first use."""

    def __init__(self, side: Side) -> None:
        self._side = side
        self._cache: dict[tuple[int, int], tuple[int, frozenset[str], frozenset[str],
                                                 frozenset[str]]] = {}

    def __getitem__(self, span: tuple[int, int]
                    ) -> tuple[int, frozenset[str], frozenset[str], frozenset[str]]:
        hit = self._cache.get(span)
        if hit is not None:
            return hit
        i, k = span
        side = self._side
        if k < 1 or i < 0 or i + k > side.n:
            raise KeyError(span)
        if k == 1:
            value = (side.lengths[i], side.keys[i], side.tokens[i], side.translations[i])
        else:
            value = (sum(side.lengths[i:i + k]), frozenset().union(*side.keys[i:i + k]),
                     frozenset().union(*side.tokens[i:i + k]),
                     frozenset().union(*side.translations[i:i + k]))
        self._cache[span] = value
        return value



class PairScorer:
    """Cost of aligning source run ``src[i:i+k]`` with target run ``tgt[j:j+l]``.

    :meth:`cost` and :meth:`similarity` score one pair of runs anywhere (of any length,
    in any order); :meth:`bead_costs` and :meth:`similarities` score many at once with
    the same arithmetic.  What does not depend on the length model (token ids, anchors,
    the similarities of a band) is remembered: the sides must not change once scoring
    has begun; :attr:`length` may.
    """

    def __init__(self, src: Side, tgt: Side, params: AlignParams, length: LengthModel,
                 lexical: bool) -> None:
        self.src, self.tgt = src, tgt
        self.params = params
        self.length = length
        self.lexical = lexical
        # The searches of one document share the similarity of every band cell (it does
        # not depend on the length model) and the anchors (see search.find_anchors).
        self._similarities: dict[bytes, dict[int, np.ndarray]] = {}
        self.cache: dict[object, object] = {}

    def identical(self, i: int, k: int, j: int, l: int) -> bool:
        """Whether a 1-1 pair is the same text on both sides (up to diacritics and case)."""
        return k == 1 and l == 1 and bool(self.src.identity[i]) and \
            self.src.identity[i] == self.tgt.identity[j]

    def similarity(self, i: int, k: int, j: int, l: int) -> float:
        if self.identical(i, k, j, l):
            return 1.0
        _, s_keys, s_toks, s_trans = self.src.spans[(i, k)]
        _, t_keys, t_toks, t_trans = self.tgt.spans[(j, l)]
        weight = self.params.anchor_weight
        shared = weight * 2 * len(s_keys & t_keys)
        total = weight * (len(s_keys) + len(t_keys))
        if self.lexical:
            shared += len(t_toks & s_trans) + len(s_toks & t_trans)
            total += len(s_toks) + len(t_toks)
        if total == 0:
            return self.params.neutral_similarity
        return shared / total

    def cost(self, i: int, k: int, j: int, l: int) -> float:
        if self.identical(i, k, j, l):
            # The same text on both sides: no length model applies, and it is better
            # evidence than any translation -- a bonus, so that leaving a byline
            # "Anh Vũ |" unmatched on both sides (furniture is cheap to skip) does not
            # compete with pairing it.
            return -self.params.identical_bonus
        if (k > 1 or l > 1) and (self.src.unjoinable(i, k) or self.tgt.unjoinable(j, l)):
            return math.inf      # no byline or caption glued onto story text, no gap spanned
        params = self.params
        s_len = self.src.spans[(i, k)][0]
        t_len = self.tgt.spans[(j, l)][0]
        # A bead covering more sentences must pay per sentence, or merging would be a
        # way to pay the length and similarity costs once for several pairs.
        size = (k + l) / 2
        return (params.type_penalty[(k, l)]
                + size * params.length_weight * self.length.cost(s_len, t_len)
                + size * params.similarity_weight * (1.0 - self.similarity(i, k, j, l)))

    def skip_cost(self, boilerplate: bool = False) -> float:
        """Cost of leaving one sentence unmatched.

        It is relative to a pair with no evidence either way, so that the balance
        between pairing and skipping does not move with the similarity weight.  Page
        furniture ("RELATED NEWS", "Anh Vũ |") is cheap to leave unmatched, or it would
        be glued onto a neighbouring pair.
        """
        params = self.params
        if boilerplate:
            return params.boilerplate_skip
        return params.skip_penalty + 0.5 * params.similarity_weight * (
            1.0 - params.neutral_similarity)

    def skip_costs(self, side: Side) -> list[float]:
        return [self.skip_cost(f.boilerplate) for f in side.features]

    def bead_costs(self, starts_src: np.ndarray, starts_tgt: np.ndarray,
                   out: np.ndarray | None = None) -> np.ndarray:
        """Cost of a bead of every type in :data:`BEAD_TYPES` beginning at source sentence
        ``starts_src[x]`` and target sentence ``starts_tgt[x]``, for every x: shape
        (bead types, len(starts)), in *out* if given.  The same numbers as :meth:`cost`
        and :meth:`skip_costs`, computed as arrays; inf where a run passes the end of a
        side.  *starts_src* must be non-decreasing.
        """
        n, m = self.src.n, self.tgt.n
        params = self.params
        if out is None:
            out = np.empty((len(BEAD_TYPES), len(starts_src)))
        out[...] = np.inf
        similarities = self._similarity_arrays(starts_src, starts_tgt)
        for t, (k, l) in enumerate(BEAD_TYPES):
            fits = (starts_src + k <= n) & (starts_tgt + l <= m)
            a, b = starts_src[fits], starts_tgt[fits]
            if l == 0:
                out[t, fits] = self._skip_array(self.src)[a]
                continue
            if k == 0:
                out[t, fits] = self._skip_array(self.tgt)[b]
                continue
            size = (k + l) / 2
            length = self.length.costs(self.src.span_lengths(k)[a], self.tgt.span_lengths(l)[b])
            cost = (params.type_penalty[(k, l)]
                    + size * params.length_weight * length
                    + size * params.similarity_weight * (1.0 - similarities[t][fits]))
            if (k, l) == (1, 1):
                cost[self._identical(a, b)] = -params.identical_bonus
            else:    # no byline or caption glued onto story text, no gap spanned
                cost[self.src.span_unjoinable(k)[a] | self.tgt.span_unjoinable(l)[b]] = np.inf
            out[t, fits] = cost
        return out

    def _skip_array(self, side: Side) -> np.ndarray:
        key = ("skip", id(side))
        if key not in self.cache:
            self.cache[key] = np.array(self.skip_costs(side), float)
        return self.cache[key]

    def _identical(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """:meth:`identical` for 1-1 pairs (a[x], b[x])."""
        if "identity" not in self.cache:
            names: dict[str, int] = {}
            src = np.array([names.setdefault(t, len(names)) if t else -1
                            for t in self.src.identity], np.int64)
            tgt = np.array([names.get(t, -2) if t else -2 for t in self.tgt.identity],
                           np.int64)
            self.cache["identity"] = (src, tgt)
        src, tgt = self.cache["identity"]
        return src[a] == tgt[b]

    def _similarity_arrays(self, starts_src: np.ndarray, starts_tgt: np.ndarray
                           ) -> dict[int, np.ndarray]:
        """:meth:`similarities` of every pair bead type (by its index in BEAD_TYPES),
        remembered for the next search over the same band."""
        key = starts_src.tobytes() + b"|" + starts_tgt.tobytes()
        hit = self._similarities.get(key)
        if hit is None:
            shapes = [(k, l) for k, l in BEAD_TYPES if k and l]
            by_shape = self.similarities(starts_src, starts_tgt, shapes)
            hit = {BEAD_TYPES.index(shape): value for shape, value in by_shape.items()}
            if len(self._similarities) >= 2:    # two bands only: memory stays linear
                del self._similarities[next(iter(self._similarities))]
            self._similarities[key] = hit
        return hit

    def similarities(self, starts_src: np.ndarray, starts_tgt: np.ndarray,
                     shapes: list[tuple[int, int]]) -> dict[tuple[int, int], np.ndarray]:
        """:meth:`similarity` of runs of each shape (k, l) starting at every
        (starts_src[x], starts_tgt[x]), as arrays (nan where a run passes the end).
        Any starts, any run lengths; in source order it is fastest."""
        if len(starts_src) > 1 and (np.diff(starts_src) < 0).any():
            order = np.argsort(starts_src, kind="stable")
            ordered = self.similarities(starts_src[order], starts_tgt[order], shapes)
            out = {}
            for shape, values in ordered.items():
                out[shape] = np.empty_like(values)
                out[shape][order] = values
            return out
        params = self.params
        src, tgt = self.src, self.tgt
        if "token ids" not in self.cache:
            sides = [shared_token_ids(src.keys, tgt.keys)]
            if self.lexical:
                sides += [shared_token_ids(src.translations, tgt.tokens),
                          shared_token_ids(src.tokens, tgt.translations)]
            self.cache["token ids"] = sides
        overlaps = run_overlaps(self.cache["token ids"], starts_src, starts_tgt, shapes)
        weight = params.anchor_weight
        out = {}
        for k, l in shapes:
            fits = (starts_src + k <= src.n) & (starts_tgt + l <= tgt.n)
            a, b = starts_src[fits], starts_tgt[fits]
            # The same terms, in the same order, as similarity().
            shared = weight * 2 * overlaps[0][(k, l)][fits]
            total = weight * (src.span_sizes("keys", k)[a] + tgt.span_sizes("keys", l)[b])
            if self.lexical:
                shared = shared + (overlaps[1][(k, l)][fits] + overlaps[2][(k, l)][fits])
                total = total + (src.span_sizes("tokens", k)[a] + tgt.span_sizes("tokens", l)[b])
            similarity = np.full(len(starts_src), np.nan)
            empty = total == 0
            similarity[fits] = np.where(empty, params.neutral_similarity,
                                        shared / np.where(empty, 1.0, total))
            if (k, l) == (1, 1):
                identical = np.zeros(len(starts_src), bool)
                identical[fits] = self._identical(a, b)
                similarity[identical] = 1.0
            out[(k, l)] = similarity
        return out
