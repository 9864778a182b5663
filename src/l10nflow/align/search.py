"""Monotone alignment search: confident anchors first, then dynamic programming in a band.

1. Anchor pairs are sentence pairs whose similarity is high and mutually best within a
   window around the diagonal; the longest increasing chain of them (weighted by
   similarity) is the skeleton of the alignment.  An inserted block or an omitted
   paragraph moves the skeleton off the diagonal instead of derailing the search.
2. The search band follows the skeleton: between two anchors the path must pass through
   the rectangle they span, so a row may only use the columns of its rectangle
   (narrowed to a band around the interpolated line when the rectangle is large).
3. Dynamic programming over that band finds the cheapest sequence of beads.  Memory and
   time are O(rows x band), linear in the document length for a fixed band.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict

from .scoring import BEAD_TYPES, PairScorer

__all__ = ["band_from_anchors", "dp_align", "find_anchors", "posteriors"]

INF = math.inf


def find_anchors(scorer: PairScorer, window: int, min_similarity: float = 0.5
                 ) -> list[tuple[int, int, float]]:
    """Mutually-best 1-1 pairs with similarity >= *min_similarity*, as a monotone chain.

    Candidates come from an inverted index over anchor and translation tokens, so the
    cost grows with the number of shared rare tokens, not with rows x columns.
    """
    src, tgt = scorer.src, scorer.tgt
    n, m = src.n, tgt.n
    if n == 0 or m == 0:
        return []
    index: dict[str, list[int]] = defaultdict(list)
    for j in range(m):
        _, keys, toks, _ = tgt.spans[(j, 1)]
        for token in keys | toks:
            index[token].append(j)
    limit = min(max(3, int(0.05 * m) + 2), 12)   # tokens in more sentences carry little
    best_for_src: dict[int, tuple[float, int]] = {}
    best_for_tgt: dict[int, tuple[float, int]] = {}
    slope = m / n
    for i in range(n):
        _, keys, _, trans = src.spans[(i, 1)]
        center = i * slope
        candidates: set[int] = set()
        for token in keys | trans:
            hits = index.get(token)
            if hits and len(hits) <= limit:
                candidates.update(j for j in hits if abs(j - center) <= window)
        for j in sorted(candidates):
            sim = scorer.similarity(i, 1, j, 1)
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
    best = [0.0] * len(pairs)
    back = [-1] * len(pairs)
    # O(p^2) is fine: anchors are at most one per source sentence and usually far fewer;
    # limit the look-back to keep long documents linear.
    for a, (i, j, sim) in enumerate(pairs):
        best[a] = sim
        for b in range(max(0, a - 200), a):
            pi, pj, _ = pairs[b]
            if pi < i and pj < j and best[b] + sim > best[a]:
                best[a], back[a] = best[b] + sim, b
    a = max(range(len(pairs)), key=best.__getitem__)
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


Steps = list[list[tuple[float, ...]]]


def dp_align(scorer: PairScorer, band: list[tuple[int, int]]
             ) -> tuple[list[tuple[int, int, int, int, float]], bool, Steps]:
    """Cheapest bead path through *band*.

    Returns the beads as ``(i, k, j, l, cost)`` (source run ``i:i+k``, target run
    ``j:j+l``), whether the path touched the band's edge (then a wider band may find a
    cheaper path), and the step costs of every cell (for :func:`posteriors`).
    """
    n, m = scorer.src.n, scorer.tgt.n
    skip_src, skip_tgt = scorer.skip_costs(scorer.src), scorer.skip_costs(scorer.tgt)
    cost: list[list[float]] = []
    back: list[list[int]] = []
    steps: Steps = []
    no_steps = (INF,) * len(BEAD_TYPES)
    for i in range(n + 1):
        lo, hi = band[i]
        row_cost = [INF] * (hi - lo + 1)
        row_back = [-1] * (hi - lo + 1)
        row_steps = [no_steps] * (hi - lo + 1)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row_cost[0] = 0.0
                continue
            best, best_type = INF, -1
            cell = []
            for t, (k, l) in enumerate(BEAD_TYPES):
                pi, pj = i - k, j - l
                step = INF
                if pi >= 0 and pj >= 0:
                    plo, phi = band[pi]
                    prev = (cost[pi] if pi < i else row_cost)[pj - plo] \
                        if plo <= pj <= phi else INF
                    if prev < INF:
                        if l == 0:
                            step = skip_src[pi]
                        elif k == 0:
                            step = skip_tgt[pj]
                        else:
                            step = scorer.cost(pi, k, pj, l)
                        if prev + step < best:
                            best, best_type = prev + step, t
                cell.append(step)
            row_cost[j - lo] = best
            row_back[j - lo] = best_type
            row_steps[j - lo] = tuple(cell)
        cost.append(row_cost)
        back.append(row_back)
        steps.append(row_steps)
    beads = []
    i, j = n, m
    touched = False
    while i > 0 or j > 0:
        lo, hi = band[i]
        t = back[i][j - lo]
        if t < 0:
            raise RuntimeError("alignment band is disconnected")  # a bug, not user input
        k, l = BEAD_TYPES[t]
        pi, pj = i - k, j - l
        step = cost[i][j - lo] - cost[pi][pj - band[pi][0]]
        beads.append((pi, k, pj, l, step))
        if (j == lo and lo > 0) or (j == hi and hi < m):
            touched = True
        i, j = pi, pj
    beads.reverse()
    return beads, touched, steps


def _softmin(values: list[float], temperature: float) -> float:
    low = min(values)
    if low == INF:
        return INF
    return low - temperature * math.log(
        sum(math.exp(-(v - low) / temperature) for v in values if v < INF))


def posteriors(band: list[tuple[int, int]], steps: Steps,
               beads: list[tuple[int, int, int, int, float]], temperature: float
               ) -> list[float]:
    """Probability of each bead under a Gibbs distribution over all paths in the band.

    Forward-backward with soft minima: a bead whose sentences could as well be split
    or paired otherwise gets a low probability, one with no competitor gets ~1.
    """
    n = len(band) - 1
    m = band[n][1]
    forward: list[list[float]] = []
    for i in range(n + 1):
        lo, hi = band[i]
        row = [INF] * (hi - lo + 1)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            options = []
            for t, (k, l) in enumerate(BEAD_TYPES):
                step = steps[i][j - lo][t]
                if step < INF:
                    pi, pj = i - k, j - l
                    prev = (forward[pi] if pi < i else row)[pj - band[pi][0]]
                    options.append(prev + step)
            row[j - lo] = _softmin(options, temperature) if options else INF
        forward.append(row)
    backward: list[list[float]] = [[] for _ in range(n + 1)]
    for i in range(n, -1, -1):
        lo, hi = band[i]
        backward[i] = [INF] * (hi - lo + 1)
    backward[n][m - band[n][0]] = 0.0
    for i in range(n, -1, -1):
        lo, hi = band[i]
        for j in range(hi, lo - 1, -1):
            value = backward[i][j - lo]
            if value == INF:
                continue
            for t, (k, l) in enumerate(BEAD_TYPES):
                step = steps[i][j - lo][t]
                if step == INF:
                    continue
                pi, pj = i - k, j - l
                row = backward[pi]
                index = pj - band[pi][0]
                row[index] = _soft_pair(row[index], value + step, temperature)
    total = forward[n][m - band[n][0]]
    out = []
    for i, k, j, l, cost in beads:
        start = forward[i][j - band[i][0]]
        end = backward[i + k][j + l - band[i + k][0]]
        out.append(min(1.0, math.exp(-(start + cost + end - total) / temperature)))
    return out


def _soft_pair(a: float, b: float, temperature: float) -> float:
    if a == INF:
        return b
    if b == INF:
        return a
    low = min(a, b)
    return low - temperature * math.log(math.exp(-(a - low) / temperature)
                                         + math.exp(-(b - low) / temperature))
