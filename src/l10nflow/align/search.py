"""Monotone alignment search: confident anchors first, then dynamic programming in a band.

1. Anchor pairs are sentence pairs whose similarity is high and mutually best within a
   window around the diagonal; the longest increasing chain of them (weighted by
   similarity) is the skeleton of the alignment.  An inserted block or an omitted
   paragraph moves the skeleton off the diagonal instead of derailing the search.
2. The search band follows the skeleton: between two anchors the path must pass through
   the rectangle they span, so a row may only use the columns of its rectangle
   (narrowed to a band around the interpolated line when the rectangle is large).
3. Dynamic programming over that band finds the cheapest sequence of beads.  Memory and
   time are O(rows x band), linear in the document length for a fixed band.  The costs
   of all beads in the band are computed as arrays (:mod:`.overlap`, :meth:`PairScorer.
   bead_costs`) and the programs run a row at a time (:mod:`.lattice`).
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from .lattice import Lattice
from .scoring import BEAD_TYPES, PairScorer, Side

__all__ = ["band_from_anchors", "dp_align", "find_anchors", "posteriors", "rare_token_index",
           "use_anchors"]

INF = math.inf

# How many earlier anchor candidates the heaviest chain looks back at.
LOOK_BACK = 200


def find_anchors(scorer: PairScorer, window: int, min_similarity: float = 0.5
                 ) -> list[tuple[int, int, float]]:
    """Mutually-best 1-1 pairs with similarity >= *min_similarity*, as a monotone chain.

    Candidates come from an inverted index over anchor and translation tokens, so the
    cost grows with the number of shared rare tokens, not with rows x columns; their
    similarities are computed together (:meth:`PairScorer.similarities`).  The anchors
    depend on similarity only, so the searches of one document share them.
    """
    key = ("anchors", window, min_similarity)
    if key not in scorer.cache:
        scorer.cache[key] = _find_anchors(scorer, window, min_similarity)
    return list(scorer.cache[key])


def use_anchors(scorer: PairScorer, window: int, anchors: list[tuple[int, int, float]],
                min_similarity: float = 0.5) -> None:
    """Have :func:`find_anchors` give *anchors* (an earlier pass's, over the same
    sentences) for this scorer instead of searching."""
    scorer.cache[("anchors", window, min_similarity)] = list(anchors)


def _find_anchors(scorer: PairScorer, window: int, min_similarity: float
                  ) -> list[tuple[int, int, float]]:
    src, tgt = scorer.src, scorer.tgt
    n, m = src.n, tgt.n
    if n == 0 or m == 0:
        return []
    rare = rare_token_index(tgt, range(m), frozenset().union(*src.keys, *src.translations))
    slope = m / n
    rows: list[int] = []
    cols: list[int] = []
    for i in range(n):
        center = i * slope
        candidates: set[int] = set()
        for token in src.keys[i] | src.translations[i]:
            hits = rare.get(token)
            if hits:    # ascending: the sentences within the window are a slice
                candidates.update(hits[bisect.bisect_left(hits, center - window):
                                       bisect.bisect_right(hits, center + window)])
        rows += [i] * len(candidates)
        cols += sorted(candidates)
    if not rows:
        return []
    similarity = scorer.similarities(np.array(rows, np.int64), np.array(cols, np.int64),
                                     [(1, 1)])[(1, 1)].tolist()
    best_for_src: dict[int, tuple[float, int]] = {}
    best_for_tgt: dict[int, tuple[float, int]] = {}
    for i, j, sim in zip(rows, cols, similarity, strict=True):
        if sim < min_similarity:
            continue
        # The same text on both sides outranks a pair that merely shares every
        # anchor ("Anh Vũ" is "Anh Vũ", not a teaser's byline "Anh Vũ |").
        if scorer.identical(i, 1, j, 1):
            sim += 1.0
        _keep_best(best_for_src, i, sim, j)
        _keep_best(best_for_tgt, j, sim, i)
    # A sentence with two equally good partners (a byline repeated in teasers) is no
    # anchor: which one is right is for the search to decide, not for the first seen.
    pairs = sorted((i, j, min(sim, 1.0)) for i, (sim, j) in best_for_src.items()
                   if j >= 0 and best_for_tgt.get(j, (0.0, -1))[1] == i)
    return _heaviest_chain(pairs)


def rare_token_index(side: Side, indices: Iterable[int],
                     wanted: frozenset[str] | None = None) -> dict[str, list[int]]:
    """Anchor and word tokens of the sentences at *indices* (ascending) -> the sentences
    that hold them, for the tokens few of them hold: a token found in many sentences (a
    common word) says little about which sentence is the partner.  With *wanted*, only
    those tokens are looked up (the rest are left out: the same answers for them)."""
    index: dict[str, list[int]] = defaultdict(list)
    count = 0
    for j in indices:
        count += 1
        tokens = side.keys[j] | side.tokens[j]
        for token in tokens if wanted is None else tokens & wanted:
            index[token].append(j)
    limit = min(max(3, count // 20 + 2), 12)
    return {token: hits for token, hits in index.items() if len(hits) <= limit}


def _keep_best(best: dict[int, tuple[float, int]], key: int, sim: float, partner: int
               ) -> None:
    """Record *partner* as *key*'s best if it is strictly better; a tie leaves no partner
    (-1)."""
    current = best.get(key)
    if current is None or sim > current[0] + 1e-9:
        best[key] = (sim, partner)
    elif abs(sim - current[0]) <= 1e-9:
        best[key] = (current[0], -1)


def _heaviest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Heaviest strictly increasing chain in both coordinates (pairs sorted by i)."""
    if not pairs:
        return []
    rows = np.array([i for i, _, _ in pairs])
    cols = np.array([j for _, j, _ in pairs])
    best = np.zeros(len(pairs))
    back = [-1] * len(pairs)
    # Look back at most LOOK_BACK pairs to keep long documents linear; each look-back is
    # one array operation, its ties going to the earliest pair as in a loop.
    for a, (i, j, sim) in enumerate(pairs):
        first = max(0, a - LOOK_BACK)
        best[a] = sim
        if a == first:
            continue
        chained = best[first:a] + sim
        chained[(rows[first:a] >= i) | (cols[first:a] >= j)] = -INF
        b = int(np.argmax(chained))
        if chained[b] > sim:
            best[a], back[a] = chained[b], first + b
    a = int(np.argmax(best))
    chain = []
    while a >= 0:
        chain.append(pairs[a])
        a = back[a]
    return chain[::-1]


def band_from_anchors(n: int, m: int, anchors: list[tuple[int, int, float]], width: int
                      ) -> list[tuple[int, int]]:
    """For each row 0..n, the inclusive column range [lo, hi] the path may use."""
    points = [(0, 0)] + [(i, j) for i, j, _ in anchors] + [(n, m)]
    # Anchors mark sentence pairs; the path passes (i, j) before the pair and
    # (i + 1, j + 1) after it.
    skeleton = [(0, 0)]
    for i, j in points[1:-1]:
        skeleton += [(i, j), (i + 1, j + 1)]
    skeleton.append((n, m))
    rows: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    starts = [p[0] for p in skeleton]
    for i in range(n + 1):
        k = max(0, bisect.bisect_right(starts, i) - 1)
        (i0, j0) = skeleton[k]
        (i1, j1) = skeleton[min(k + 1, len(skeleton) - 1)]
        center = j1 if i1 == i0 else j0 + (j1 - j0) * (i - i0) / (i1 - i0)
        lo = max(0, min(j0, int(center) - width))
        hi = min(m, max(j1, math.ceil(center) + width))
        if (j1 - j0) > 4 * width and (i1 - i0) > 0:
            lo = max(j0 - width, int(center) - 2 * width, 0)
            hi = min(j1 + width, math.ceil(center) + 2 * width, m)
        rows[i] = (lo, hi)
    # Make the band connected: with lo and hi non-decreasing and each row starting no
    # later than the previous row ends, every cell can be reached (1-0 steps enter a
    # row at its lo, 0-1 steps move right along it) and (n, m) is in the last row.
    rows[0] = (0, rows[0][1])
    rows[n] = (rows[n][0], m)
    for i in range(1, n + 1):
        lo, hi = rows[i]
        prev_lo, prev_hi = rows[i - 1]
        hi = min(m, max(hi, prev_hi))
        rows[i] = (min(max(lo, prev_lo), prev_hi), hi)
    return rows


def dp_align(scorer: PairScorer, band: list[tuple[int, int]]
             ) -> tuple[list[tuple[int, int, int, int, float]], bool, Lattice]:
    """Cheapest bead path through *band*.

    Returns the beads as ``(i, k, j, l, cost)`` (source run ``i:i+k``, target run
    ``j:j+l``), whether the path touched the band's edge (then a wider band may find a
    cheaper path), and the band with the step costs of every cell (for
    :func:`posteriors`).  The cost of every bead in the band comes from
    :meth:`PairScorer.bead_costs` in one go; the search runs a row at a time
    (:class:`~l10nflow.align.lattice.Lattice`).
    """
    lattice = Lattice(band, BEAD_TYPES, scorer.bead_costs)
    lattice.cheapest()
    beads, touched = lattice.best_path()
    return beads, touched, lattice


def posteriors(band: list[tuple[int, int]], steps: Lattice,
               beads: list[tuple[int, int, int, int, float]], temperature: float
               ) -> list[float]:
    """Probability of each bead under a Gibbs distribution over all paths in the band.

    Forward-backward with soft minima: a bead whose sentences could as well be split
    or paired otherwise gets a low probability, one with no competitor gets ~1.
    *steps* is the lattice :func:`dp_align` returned for *band*.
    """
    lattice = steps
    forward = lattice.forward(temperature)
    backward = lattice.backward(temperature)
    total = float(forward[lattice.index(lattice.n, lattice.m)])
    out = []
    for i, k, j, l, cost in beads:
        start = float(forward[lattice.index(i, j)])
        end = float(backward[lattice.index(i + k, j + l)])
        out.append(min(1.0, math.exp(-(start + cost + end - total) / temperature)))
    return out
