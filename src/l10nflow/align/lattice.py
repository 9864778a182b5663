"""The search band as flat arrays, and the dynamic programs over it, a row at a time.

Cell (i, j) of the band (i source and j target sentences consumed) is entry
``offset[i] + j - lo[i]`` of every array.  For each bead type, ``pred[t]`` holds the cell
a bead of that type starts from (or :attr:`Lattice.cells`, an extra entry that is always
infinite) and ``steps[t]`` that bead's cost.  A row's cells depend on earlier rows through
every bead type but the 0-1 one, so a row is a few array operations; the 0-1 beads chain
along the row, and are resolved with the same arithmetic as a cell-by-cell loop: the
cheapest path, its ties broken as the loop breaks them (the first bead type in
:data:`~l10nflow.align.scoring.BEAD_TYPES` order), is the same path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["Lattice"]

INF = math.inf

# Vectorised relaxations of a row's 0-1 chain before finishing it cell by cell (a long
# run of target-only sentences inside one row is rare).
RELAXATIONS = 4


class Lattice:
    """Band cells, the predecessor of each cell under each bead type, and step costs."""

    def __init__(self, band: Sequence[tuple[int, int]], bead_types: Sequence[tuple[int, int]],
                 bead_costs: Callable[[np.ndarray, np.ndarray, np.ndarray], object]) -> None:
        """*bead_costs(rows, cols, out)* fills *out* (bead types x cells) with the cost of
        the bead of each type that starts at each cell."""
        self.bead_types = tuple(bead_types)
        self.zero_one = self.bead_types.index((0, 1))
        self.lo = np.array([lo for lo, _ in band], np.int64)
        self.hi = np.array([hi for _, hi in band], np.int64)
        self.n = len(band) - 1
        self.m = int(self.hi[-1])
        width = self.hi - self.lo + 1
        self.offset = np.concatenate([[0], np.cumsum(width)])
        self.cells = cells = int(self.offset[-1])
        self._offsets, self._lo = self.offset.tolist(), self.lo.tolist()   # for scalar use
        rows = np.repeat(np.arange(self.n + 1), width)
        cols = np.arange(cells) - self.offset[:-1][rows] + self.lo[rows]
        self.pred = np.full((len(self.bead_types), cells), cells, np.int32)
        for t, (k, l) in enumerate(self.bead_types):
            pi, pj = rows - k, cols - l
            inside = (pi >= 0) & (pj >= 0)
            pi_in, pj_in = pi[inside], pj[inside]
            inside[inside] = (self.lo[pi_in] <= pj_in) & (pj_in <= self.hi[pi_in])
            self.pred[t, inside] = (self.offset[pi[inside]] + pj[inside]
                                    - self.lo[pi[inside]])
        # steps[t, c]: cost of the type-t bead that ends in cell c; one more column for
        # "no such cell".  Filled in place (first by start cell, then moved to the end
        # cell) so that one array of this size exists at a time.
        self.steps = np.full((len(self.bead_types), cells + 1), INF)
        bead_costs(rows, cols, self.steps[:, :cells])
        for t in range(len(self.bead_types)):
            self.steps[t, :cells] = self.steps[t][self.pred[t]]
        self.cost = np.empty(0)

    def index(self, i: int, j: int) -> int:
        return self._offsets[i] + j - self._lo[i]

    def row(self, i: int) -> slice:
        return slice(self._offsets[i], self._offsets[i + 1])

    def cheapest(self) -> None:
        """Fill :attr:`cost` (cheapest path cost into each cell), and for each cell the
        cheapest bead into it from an earlier row and its type (the path's last bead is
        read back from these, see :meth:`last_bead`); then make steps from unreachable
        cells infinite (they are not paths)."""
        cost = np.full(self.cells + 1, INF)
        self.from_above = np.full(self.cells, INF)
        self.type_above = np.zeros(self.cells, np.int8)
        z = self.zero_one
        for i in range(self.n + 1):
            cells = self.row(i)
            candidates = cost[self.pred[:, cells]]
            candidates += self.steps[:, cells]
            candidates[z] = INF
            first = candidates.argmin(axis=0)
            best = candidates.min(axis=0)
            if i == 0:
                best[0] = 0.0
            self.from_above[cells] = best
            self.type_above[cells] = first
            cost[cells] = _chain_min(best, self.steps[z, cells])
        self.cost = cost
        for t in range(len(self.bead_types)):
            self.steps[t, :self.cells][cost[self.pred[t]] == INF] = INF

    def last_bead(self, i: int, j: int) -> int:
        """The type of the cheapest path's last bead into (i, j), as the cell-by-cell loop
        chooses it: the first type in bead-type order that reaches the minimum (1-1 and
        1-0 come before 0-1, the others after it); -1 for the start or no path."""
        cell = self.index(i, j)
        value = self.cost[cell]
        if (i == 0 and j == 0) or value == INF:
            return -1
        above, t = self.from_above[cell], int(self.type_above[cell])
        if above == value and t < self.zero_one:
            return t
        if j > self.lo[i] and self.cost[cell - 1] + self.steps[self.zero_one, cell] == value:
            return self.zero_one
        return t

    def best_path(self) -> tuple[list[tuple[int, int, int, int, float]], bool]:
        """Beads of the cheapest path as (i, k, j, l, cost), and whether it touches the
        band's edge."""
        beads = []
        i, j = self.n, self.m
        touched = False
        while i > 0 or j > 0:
            lo, hi = int(self.lo[i]), int(self.hi[i])
            cell = self.index(i, j)
            t = self.last_bead(i, j)
            if t < 0:
                raise RuntimeError("alignment band is disconnected")  # a bug, not user input
            k, l = self.bead_types[t]
            pi, pj = i - k, j - l
            step = float(self.cost[cell]) - float(self.cost[self.index(pi, pj)])
            beads.append((pi, k, pj, l, step))
            if (j == lo and lo > 0) or (j == hi and hi < self.m):
                touched = True
            i, j = pi, pj
        beads.reverse()
        return beads, touched

    def forward(self, temperature: float) -> np.ndarray:
        """Soft minimum (-T log sum exp(-cost/T)) over all paths into each cell."""
        value = np.full(self.cells + 1, INF)
        z = self.zero_one
        for i in range(self.n + 1):
            cells = self.row(i)
            candidates = value[self.pred[:, cells]] + self.steps[:, cells]
            candidates[z] = INF
            other = _softmin(candidates, temperature)
            if i == 0:
                other[0] = 0.0
            value[cells] = _chain_softmin(other, self.steps[z, cells], temperature)
        return value

    def backward(self, temperature: float) -> np.ndarray:
        """Soft minimum over all paths from each cell to the end."""
        succ = np.full((len(self.bead_types), self.cells + 1), self.cells, np.int32)
        for t in range(len(self.bead_types)):
            valid = self.pred[t] < self.cells
            succ[t, self.pred[t, valid]] = np.flatnonzero(valid)
        value = np.full(self.cells + 1, INF)
        z = self.zero_one
        types = np.arange(len(self.bead_types))[:, None]
        for i in range(self.n, -1, -1):
            cells = self.row(i)
            after = succ[:, cells]
            candidates = value[after] + self.steps[types, after]
            candidates[z] = INF
            other = _softmin(candidates, temperature)
            if i == self.n:
                other[-1] = 0.0          # the end cell (n, m)
            # 0-1 beads lead from (i, j) to (i, j + 1): chain the row from its end.
            shifted = np.empty(len(other))
            shifted[0] = 0.0
            shifted[1:] = self.steps[z, cells][:0:-1]
            value[cells] = _chain_softmin(other[::-1], shifted, temperature)[::-1]
        return value


def _chain_min(row: np.ndarray, along: np.ndarray) -> np.ndarray:
    """row[j] = min(row[j], row[j-1] + along[j]) from left to right, exactly as a loop
    computes it."""
    if len(row) < 2:
        return row.copy()
    row = row.copy()
    for _ in range(RELAXATIONS):
        via = row[:-1] + along[1:]
        better = via < row[1:]
        if not better.any():
            return row
        row[1:][better] = via[better]
    values, steps = row.tolist(), along.tolist()
    for j in range(1, len(values)):
        via_j = values[j - 1] + steps[j]
        if via_j < values[j]:
            values[j] = via_j
    return np.array(values)


def _softmin(candidates: np.ndarray, temperature: float) -> np.ndarray:
    """-T log sum exp(-x/T) down each column (inf for a column of inf)."""
    return np.logaddexp.reduce(candidates * (-1.0 / temperature), axis=0) * -temperature


def _chain_softmin(other: np.ndarray, along: np.ndarray, temperature: float) -> np.ndarray:
    """value[j] = softmin(other[j], value[j-1] + along[j]) from left to right.

    Unrolled, value[j] = softmin over j' <= j of other[j'] + along[j'+1] + ... + along[j]:
    with the running sum C of *along*, C[j] + softmin_j'(other[j'] - C[j']), a cumulative
    log-sum-exp.
    """
    if len(other) < 2:
        return other
    running = along.copy()
    running[0] = 0.0
    np.cumsum(running, out=running)
    if running[-1] == INF:              # a break in the chain: go cell by cell
        values = other.tolist()
        for j in range(1, len(values)):
            values[j] = _soft_pair(values[j], values[j - 1] + float(along[j]), temperature)
        return np.array(values)
    scaled = (running - other) * (1.0 / temperature)
    return running - temperature * np.logaddexp.accumulate(scaled)


def _soft_pair(a: float, b: float, temperature: float) -> float:
    if a == INF:
        return b
    if b == INF:
        return a
    low = min(a, b)
    return low - temperature * math.log(math.exp(-(a - low) / temperature)
                                         + math.exp(-(b - low) / temperature))
