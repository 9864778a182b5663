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

import math
from collections import Counter
from dataclasses import dataclass, field

from ..vietnamese import fold
from .features import SentenceFeatures

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
    move_doubtful: float = 0.5        # monotone pairs below this confidence may be undone
    move_doubtful_merged: float = 0.0  # the same for pairs of several sentences
    move_block_penalty: float = 0.0   # the cost of a move, once per moved block
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


class Side:
    """Per-span data for one side: lengths, token sets and translation sets of runs of
    1..3 consecutive sentences, computed once per document."""

    def __init__(self, features: list[SentenceFeatures],
                 translations: list[frozenset[str]] | None, max_run: int = 3) -> None:
        self.features = features
        self.translations = translations
        self.max_run = max_run
        self.n = len(features)
        self.lengths = [f.length for f in features]
        self.furniture = [f.boilerplate for f in features]
        # Each sentence folded (no diacritics, case or spacing differences): a source and
        # a target sentence that fold to the same text -- a byline "Khánh Minh |", a name,
        # a line of numbers -- are the same text, the strongest evidence there is.
        self.identity = [_identity(f.text) for f in features]
        keys = [frozenset(_counted(f.anchors)) for f in features]
        toks = [frozenset(f.tokens) for f in features]
        trans = translations or [frozenset()] * self.n
        self.spans: dict[tuple[int, int], tuple[int, frozenset[str], frozenset[str],
                                                 frozenset[str]]] = {}
        for k in range(1, max_run + 1):
            for i in range(self.n - k + 1):
                self.spans[(i, k)] = (
                    sum(self.lengths[i:i + k]),
                    frozenset().union(*keys[i:i + k]) if k > 1 else keys[i],
                    frozenset().union(*toks[i:i + k]) if k > 1 else toks[i],
                    frozenset().union(*trans[i:i + k]) if k > 1 else trans[i],
                )


    def any_furniture(self, i: int, k: int) -> bool:
        """Whether sentences ``i:i+k`` include newsroom furniture (a byline, a caption)."""
        return any(self.furniture[i:i + k])

    def subset(self, indices: list[int]) -> Side:
        """The same side with only the sentences at *indices*, in that order."""
        translations = [self.translations[i] for i in indices] \
            if self.translations is not None else None
        return Side([self.features[i] for i in indices], translations, self.max_run)


def _identity(text: str) -> str:
    """*text* folded for comparing a sentence with its translation as text; empty when it
    holds fewer than two letters or digits (a lone "|" is no evidence)."""
    folded = fold(" ".join(text.split())).casefold()
    return folded if sum(c.isalnum() for c in folded) >= 2 else ""


def _counted(tokens: tuple[str, ...]) -> list[str]:
    """Make repeated tokens distinct so set intersection respects counts."""
    seen: Counter[str] = Counter()
    out = []
    for token in tokens:
        seen[token] += 1
        out.append(token if seen[token] == 1 else f"{token}#{seen[token]}")
    return out


class PairScorer:
    """Cost of aligning source run ``src[i:i+k]`` with target run ``tgt[j:j+l]``."""

    def __init__(self, src: Side, tgt: Side, params: AlignParams, length: LengthModel,
                 lexical: bool) -> None:
        self.src, self.tgt = src, tgt
        self.params = params
        self.length = length
        self.lexical = lexical

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
        if (k > 1 or l > 1) and (self.src.any_furniture(i, k) or self.tgt.any_furniture(j, l)):
            return math.inf      # a caption or a byline is never glued onto story text
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
