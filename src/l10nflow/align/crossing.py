"""Crossing pairs: text an editor moved, paired where it now stands.

A news desk moves paragraphs: background sent to the end, a quote pulled up.  A
monotone search can only leave such text unmatched on both sides -- a run of 1-0 beads
where the source has it and a run of 0-1 beads where the target has it.  After the
monotone pass, every unmatched source run is aligned with every unmatched target run
anywhere in the document that shares a rare anchor or word translation with it, by the
same bead costs (a small monotone search inside the two runs, with 1-0 and 0-1 steps so
that only part of a run may pair), plus a penalty for the move itself.  The best gain
over leaving everything unmatched is taken first (a heap), its sentences leave the runs,
and the pieces left are searched again, until nothing beats staying unmatched.  Time
grows with the number of linked runs, so linearly with the document.

A moved sentence is often not left unmatched but glued onto a pair beside its new
place (a 1-2 bead): the edge sentences of multi-sentence pairs that add more than half a
skip to their bead join the search too, with what they add as the price of staying.
Monotone pairs below a confidence (*doubtful*) are open to it as well, and so are pairs
that hold the best partner of an unmatched sentence, when the two fit better than the
pair does: the monotone search pairs a sentence whose translation moved with whatever
stands in its place, sometimes confidently, and leaves the translation unmatched.

A pair's confidence is its posterior probability in the run-by-run search, where
leaving every sentence unmatched is one of the competing paths; the move penalty
keeps chance similarities between far-apart sentences out.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from collections import Counter
from collections.abc import Sequence

from ..model import Bead
from .scoring import BEAD_TYPES
from .search import rare_token_index

__all__ = ["pair_moved_text"]

INF = math.inf

# A run longer than this is not searched as a whole: a document whose halves do not
# correspond at all would otherwise cost rows x columns of pair costs.
MAX_RUN = 60

# How many sentences sharing the most rare tokens with an unmatched one are scored when
# looking for its best partner (see _contested).
CONTEST_CANDIDATES = 8


def pair_moved_text(beads: Sequence[Bead], scorer, move_penalty: float,
                    min_confidence: float, temperature: float = 1.0,
                    doubtful: float = 0.0) -> list[Bead]:
    """*beads* with unmatched runs paired across the monotone order where that is cheaper.

    The result lists beads in source order; a target-only bead keeps its place.  A
    crossing pair (a bead marked ``moved``) replaces the 1-0 beads of its source
    sentences, and the 0-1 beads of its target sentences disappear.  Monotone pairs
    below the *doubtful* confidence, or contested by a better partner elsewhere, are open
    to the search too (a moved sentence is often glued to a neighbour rather than left
    unmatched); one whose sentences find no better partner stays as it was.
    """
    original = list(beads)
    # Runs are searched against several partners and again after each split: their bead
    # costs are the same each time (the length model does not change during the pass).
    cost = functools.cache(scorer.cost)
    opened = {k for k, bead in enumerate(original) if bead.src and bead.tgt and
              bead.confidence < doubtful} | _contested(original, scorer)
    beads = _dissolve(original, opened)
    skips = (scorer.skip_costs(scorer.src), scorer.skip_costs(scorer.tgt))
    peeled = _peelable(beads, cost, scorer.skip_cost() / 2)
    baselines = (list(skips[0]), list(skips[1]))
    for (side, index), (_, marginal) in peeled.items():
        baselines[side][index] = marginal
    src_runs = _runs(sorted({b.src[0] for b in beads if not b.tgt}
                            | {i for side, i in peeled if side == 0}))
    tgt_runs = _runs(sorted({b.tgt[0] for b in beads if not b.src}
                            | {j for side, j in peeled if side == 1}))
    if not src_runs or not tgt_runs:
        return original
    links = _links(scorer, [i for run in src_runs for i in run],
                   [j for run in tgt_runs for j in run])
    # Only links whose two sentences pair for less than leaving both unmatched (the
    # move penalty aside) lead the search anywhere: it costs a third less without the
    # rest, with the same pairs on the dev sets.
    links = {i: {j for j in targets
                 if cost(i, 1, j, 1) < baselines[0][i] + baselines[1][j]}
             for i, targets in links.items()}
    live_src, live_tgt = set(src_runs), set(tgt_runs)
    run_of = {j: run for run in tgt_runs for j in run}
    src_run_of = {i: run for run in src_runs for i in run}
    back: dict[int, set[int]] = {}
    for i, targets in links.items():
        for j in targets:
            back.setdefault(j, set()).add(i)
    # Best first: a heap of (-gain, order, source run, target run, pairs), entries of runs
    # that have since been split skipped when they come up.
    heap: list = []
    order = 0

    def push(src: tuple[int, ...], targets) -> None:
        nonlocal order
        for tgt in targets:
            gain, pairs = _align_runs(cost, baselines, src, tgt, move_penalty,
                                      temperature)
            if gain > 0:
                order += 1
                heapq.heappush(heap, (-gain, order, src, tgt, pairs))

    def linked(src: tuple[int, ...]) -> list[tuple[int, ...]]:
        runs = {run_of[j] for i in src for j in links.get(i, ()) if j in run_of}
        return sorted(run for run in runs if run in live_tgt)

    for src in src_runs:
        push(src, linked(src))
    found: list[Bead] = []
    while heap:
        _, _, src, tgt, pairs = heapq.heappop(heap)
        if src not in live_src or tgt not in live_tgt:
            continue
        pairs = [p for p in pairs if p.confidence >= min_confidence]
        if not pairs:
            continue      # the gain rests on doubtful pairs only: keep nothing of it
        found += pairs
        live_src.discard(src)
        live_tgt.discard(tgt)
        new_src = _runs([i for i in src if i not in {i for p in pairs for i in p.src}])
        new_tgt = _runs([j for j in tgt if j not in {j for p in pairs for j in p.tgt}])
        live_src.update(new_src)
        live_tgt.update(new_tgt)
        for run in new_tgt:
            run_of.update((j, run) for j in run)
        for run in new_src:
            src_run_of.update((i, run) for i in run)
        for p in pairs:
            for j in p.tgt:
                run_of.pop(j, None)
            for i in p.src:
                src_run_of.pop(i, None)
        # the new pieces against everything linked to them
        for run in new_src:
            push(run, linked(run))
        for run in new_tgt:
            sources = {src_run_of[i] for j in run for i in back.get(j, ()) if i in src_run_of}
            for source_run in sorted(r for r in sources if r in live_src and r not in new_src):
                push(source_run, [run])
    return _restore(original, _merge(_unpeel(beads, peeled, found), found), opened)


def _peelable(beads: list[Bead], cost, suspect: float
              ) -> dict[tuple[int, int], tuple[Bead, float]]:
    """Edge sentences of multi-sentence pairs that may belong elsewhere, each with the
    marginal cost of keeping it in its bead.

    A moved sentence that lands beside a pair is often glued onto it (a 1-2 bead
    costs less than a pair plus a skip).  Such a sentence takes part in the search like
    an unmatched one, except that staying where it is costs what it adds to its bead
    -- not a skip -- so it only leaves for a partner that beats its bead.  Only a
    sentence that adds more than half a skip is suspect: one that fits its bead better
    is where it belongs (and searching every glued sentence would triple the work):
    *suspect* is half a skip; *cost* scores a bead as :meth:`PairScorer.cost` does (the
    chains below ask for each cut-down bead twice).
    ``(side, index)`` -> (bead, marginal cost); side 0 is the source.
    """
    out: dict[tuple[int, int], tuple[Bead, float]] = {}
    for bead in beads:
        if not (bead.src and bead.tgt) or len(bead.src) + len(bead.tgt) < 3:
            continue
        for side, run in ((0, bead.src), (1, bead.tgt)):
            # From each end inwards, what a sentence adds to the bead that is left once
            # the ones outside it have gone (the lower figure when both ends reach it).
            chains = [[run[p:] for p in range(len(run))],             # from the start
                      [run[:len(run) - p] for p in range(len(run))]]  # from the end
            for chain, edge_at in zip(chains, (0, -1), strict=True):
                for outer, inner in itertools.pairwise(chain):
                    marginal = (_run_cost(cost, bead, side, outer)
                                - _run_cost(cost, bead, side, inner))
                    key = (side, outer[edge_at])
                    if marginal > suspect and (key not in out or marginal < out[key][1]):
                        out[key] = (bead, marginal)
    return out


def _run_cost(cost, bead: Bead, side: int, run: tuple[int, ...]) -> float:
    """The cost of *bead* with its *side* cut down to *run*."""
    src, tgt = (run, bead.tgt) if side == 0 else (bead.src, run)
    return cost(src[0], len(src), tgt[0], len(tgt))


def _unpeel(beads: list[Bead], peeled: dict[tuple[int, int], tuple[Bead, float]],
            found: list[Bead]) -> list[Bead]:
    """*beads* with the sentences that *found* pairs took out of multi-sentence beads
    removed from those beads (what is left of a bead without a side stays unmatched),
    and those sentences listed as unmatched, for :func:`_merge` to replace."""
    taken = {(0, i) for p in found for i in p.src} | {(1, j) for p in found for j in p.tgt}
    hit = {id(peeled[key][0]) for key in taken if key in peeled}
    if not hit:
        return beads
    out: list[Bead] = []
    for bead in beads:
        if id(bead) not in hit:
            out.append(bead)
            continue
        src = tuple(i for i in bead.src if (0, i) not in taken)
        tgt = tuple(j for j in bead.tgt if (1, j) not in taken)
        kept = [Bead(src, tgt, bead.confidence)] if src and tgt else \
            [Bead((i,), ()) for i in src] + [Bead((), (j,)) for j in tgt]
        # in reading order: what left the bead's start, what stays, what left its end
        out += [Bead((i,), ()) for i in bead.src if (0, i) in taken and i < bead.src[-1]]
        out += [Bead((), (j,)) for j in bead.tgt if (1, j) in taken and j < bead.tgt[-1]]
        out += kept
        out += [Bead((i,), ()) for i in bead.src[1:] if (0, i) in taken and i == bead.src[-1]]
        out += [Bead((), (j,)) for j in bead.tgt[1:] if (1, j) in taken and j == bead.tgt[-1]]
    return out


def _contested(beads: list[Bead], scorer) -> set[int]:
    """Positions of the pairs holding the best partner of an unmatched sentence, when
    that sentence fits it better than the pair's own sentences fit each other.

    The monotone search pairs a sentence whose translation was moved with whatever
    stands where it should be, sometimes confidently, and leaves the moved
    translation unmatched; that the two match better is the evidence.  Such a pair is
    open to the crossing search like a doubtful one.
    """
    position = {}
    for k, bead in enumerate(beads):
        if bead.src and bead.tgt:
            position.update({(0, i): k for i in bead.src})
            position.update({(1, j): k for j in bead.tgt})
    out = set()
    for side, here, there in ((0, scorer.src, scorer.tgt), (1, scorer.tgt, scorer.src)):
        if side == 0:
            lonely = [b.src[0] for b in beads if not b.tgt]
        else:
            lonely = [b.tgt[0] for b in beads if not b.src]
        if not lonely:
            continue
        index = rare_token_index(there, range(there.n), frozenset().union(
            *(here.keys[x] | here.translations[x] for x in lonely)))
        for x in lonely:
            shared = Counter(y for token in here.keys[x] | here.translations[x]
                             for y in index.get(token, ()))
            # The few that share the most rare tokens: the best partner is among them,
            # and scoring every sentence that shares one would cost rows x columns.
            scored = [(scorer.similarity(*((x, 1, y, 1) if side == 0 else (y, 1, x, 1))), y)
                      for y, _ in shared.most_common(CONTEST_CANDIDATES)]
            sim, y = max(scored, default=(0.0, -1), key=lambda s: (s[0], -s[1]))
            k = position.get((1 - side, y))
            if sim > 0.5 and k is not None and k not in out:
                bead = beads[k]
                if sim > scorer.similarity(bead.src[0], len(bead.src), bead.tgt[0],
                                           len(bead.tgt)):
                    out.add(k)
    return out


def _dissolve(beads: list[Bead], opened: set[int]) -> list[Bead]:
    """The pairs at the *opened* positions split into their sentences, as unmatched
    beads."""
    out: list[Bead] = []
    for k, bead in enumerate(beads):
        if k in opened:
            out += [Bead((i,), (), bead.confidence) for i in bead.src]
            out += [Bead((), (j,), bead.confidence) for j in bead.tgt]
        else:
            out.append(bead)
    return out


def _restore(original: list[Bead], merged: list[Bead], opened: set[int]) -> list[Bead]:
    """Put back each opened pair none of whose sentences went into a crossing pair."""
    if not opened:
        return merged
    unmatched_src = {b.src[0] for b in merged if not b.tgt}
    unmatched_tgt = {b.tgt[0] for b in merged if not b.src}
    restored = {}
    for k in opened:
        bead = original[k]
        if set(bead.src) <= unmatched_src and set(bead.tgt) <= unmatched_tgt:
            restored[bead.src[0]] = bead
    return _merge(merged, list(restored.values()))


def _links(scorer, sources: list[int], targets: list[int]) -> dict[int, set[int]]:
    """Unmatched target sentences that share a rare anchor or word translation with each
    unmatched source sentence.

    Only runs linked this way are searched: the search of two runs costs rows x columns,
    and a document with many unmatched runs would otherwise cost their square.  A token
    found in many target sentences (a common word) links nothing.
    """
    index = rare_token_index(scorer.tgt, targets, frozenset().union(
        *(scorer.src.keys[i] | scorer.src.translations[i] for i in sources)))
    links: dict[int, set[int]] = {}
    for i in sources:
        found: set[int] = set()
        for token in scorer.src.keys[i] | scorer.src.translations[i]:
            found.update(index.get(token, ()))
        if found:
            links[i] = found
    return links


def _runs(indices: list[int]) -> list[tuple[int, ...]]:
    """Maximal runs of consecutive indices, each at most MAX_RUN long."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and runs[-1][-1] == index - 1 and len(runs[-1]) < MAX_RUN:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [tuple(run) for run in runs]


def _align_runs(bead_cost, skips: tuple[list[float], list[float]], src: tuple[int, ...],
                tgt: tuple[int, ...], move_penalty: float, temperature: float
                ) -> tuple[float, list[Bead]]:
    """Best pairing inside one source run and one target run (*bead_cost* scores a bead as
    :meth:`PairScorer.cost` does).

    Returns the gain over leaving both runs unmatched and the pairs of the cheapest
    path (beads marked ``moved``), each with its probability: its posterior inside the
    two runs times the probability that the move happened at all (a logistic of the
    gain).
    """
    n, m = len(src), len(tgt)
    all_src, all_tgt = skips
    skip_src = [all_src[i] for i in src]
    skip_tgt = [all_tgt[j] for j in tgt]

    def step(i: int, k: int, j: int, l: int) -> float:
        if l == 0:
            return skip_src[i]
        if k == 0:
            return skip_tgt[j]
        if i + k > n or j + l > m:
            return INF
        return bead_cost(src[i], k, tgt[j], l) + move_penalty * (k + l) / 2

    steps = {}
    forward = [[INF] * (m + 1) for _ in range(n + 1)]
    best = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    forward[0][0] = best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            for k, l in BEAD_TYPES:
                pi, pj = i - k, j - l
                if pi < 0 or pj < 0 or best[pi][pj] == INF:
                    continue
                cost = step(pi, k, pj, l)
                if cost == INF:
                    continue
                steps[(pi, k, pj, l)] = cost
                options.append(forward[pi][pj] + cost)
                if best[pi][pj] + cost < best[i][j]:
                    best[i][j], back[i][j] = best[pi][pj] + cost, (k, l)
            if options:
                forward[i][j] = _softmin(options, temperature)
    backward = [[INF] * (m + 1) for _ in range(n + 1)]
    backward[n][m] = 0.0
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            options = [steps[(i, k, j, l)] + backward[i + k][j + l]
                       for k, l in BEAD_TYPES
                       if (i, k, j, l) in steps and backward[i + k][j + l] < INF]
            if options:
                backward[i][j] = _softmin(options, temperature)
    total = forward[n][m]
    pairs: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        k, l = back[i][j]
        i, j = i - k, j - l
        if k and l:
            cost = steps[(i, k, j, l)]
            prob = math.exp(-(forward[i][j] + cost + backward[i + k][j + l] - total)
                            / temperature)
            pairs.append((src[i:i + k], tgt[j:j + l], min(1.0, prob)))
    gain = sum(skip_src) + sum(skip_tgt) - best[n][m]
    moved = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, gain / temperature))))
    return gain, [Bead(s, t, round(p * moved, 4), moved=True) for s, t, p in pairs[::-1]]


def _softmin(values: list[float], temperature: float) -> float:
    low = min(values)
    return low - temperature * math.log(sum(math.exp(-(v - low) / temperature)
                                            for v in values))


def _merge(beads: Sequence[Bead], found: list[Bead]) -> list[Bead]:
    """Replace the unmatched beads of *found* pairs by the pairs, in source order."""
    if not found:
        return list(beads)
    by_first_source = {p.src[0]: p for p in found}
    paired_src = {i for p in found for i in p.src}
    paired_tgt = {j for p in found for j in p.tgt}
    out: list[Bead] = []
    for bead in beads:
        if not bead.tgt and bead.src[0] in paired_src:
            if bead.src[0] in by_first_source:
                out.append(by_first_source[bead.src[0]])
            continue
        if not bead.src and bead.tgt[0] in paired_tgt:
            continue
        out.append(bead)
    return out
