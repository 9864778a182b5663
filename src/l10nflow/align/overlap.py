"""How many tokens runs of source and target sentences share, for many run pairs at once.

The similarity term of a bead needs ``|A ∩ B|`` where *A* is the union of the token sets
of a run of 1-3 source sentences and *B* that of a run of target sentences.  Asked for
every cell of the search band and every bead type, one set intersection per question
is the aligner's hot loop.  Here the band is cut into tiles of a few dozen rows and
columns; within a tile, each side's sentences become a 0/1 matrix over the tokens the
two sides of the tile share, a run is the element-wise maximum of consecutive rows, and
one matrix product answers every (source run, target run) pair of the tile.  Counts are
small integers, exact in float32.  Tiles follow the band, so the work grows with the
band's area: linearly with the document.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["TokenIds", "run_overlaps", "shared_token_ids"]

# Tile size: large enough that numpy's per-call cost is spread over many cells, small
# enough that a tile's shared vocabulary (and its dense matrices) stay small.
TILE_ROWS = 32
TILE_COLUMNS = 48


@dataclass(frozen=True)
class TokenIds:
    """One side's sentences as integer token ids: sentence *s* holds
    ``ids[starts[s]:starts[s + 1]]`` (each id once)."""

    ids: np.ndarray
    starts: np.ndarray
    owner: np.ndarray      # the sentence of each entry of ids

    @classmethod
    def of(cls, sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> TokenIds:
        known = vocabulary.keys()
        ids = [list(map(vocabulary.__getitem__, s & known)) for s in sets]
        sizes = np.array([len(x) for x in ids], np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)])
        flat = np.fromiter((t for x in ids for t in x), np.int64, int(starts[-1]))
        return cls(flat, starts, np.repeat(np.arange(len(sets)), sizes))

    def slice(self, first: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids of sentences first..stop-1 and, for each, its sentence minus *first*."""
        stop = min(stop, len(self.starts) - 1)
        a, b = self.starts[first], self.starts[stop]
        return self.ids[a:b], self.owner[a:b] - first


def shared_token_ids(source: Sequence[frozenset[str]], target: Sequence[frozenset[str]]
                     ) -> tuple[TokenIds, TokenIds]:
    """Both sides' sets as ids of the tokens that occur on both sides (the others can
    never be in an intersection)."""
    shared = frozenset().union(*source) & frozenset().union(*target)
    vocabulary = {t: k for k, t in enumerate(sorted(shared))}
    return TokenIds.of(source, vocabulary), TokenIds.of(target, vocabulary)


def run_overlaps(sides: Sequence[tuple[TokenIds, TokenIds]], rows: np.ndarray,
                 cols: np.ndarray, shapes: Sequence[tuple[int, int]]
                 ) -> list[dict[tuple[int, int], np.ndarray]]:
    """For each (source, target) pair of token ids in *sides* and each run shape (k, l)
    in *shapes*: ``|union of source sets rows[x]..rows[x]+k-1 ∩ union of target sets
    cols[x]..cols[x]+l-1|`` for every x.

    *rows* must be non-decreasing (the band's cells in row order).  Runs that pass the
    end of a side are cut there.
    """
    out = [{shape: np.zeros(len(rows), np.int32) for shape in shapes} for _ in sides]
    if not len(rows):
        return out
    longest_k = max(k for k, _ in shapes)
    longest_l = max(l for _, l in shapes)
    bounds = np.searchsorted(rows, np.arange(rows[0], rows[-1] + TILE_ROWS + 1, TILE_ROWS))
    for start, stop in itertools.pairwise(bounds):
        if start == stop:
            continue
        r0, r1 = int(rows[start]), int(rows[stop - 1]) + 1
        block_cols = cols[start:stop]
        c_first, c_stop = int(block_cols.min()), int(block_cols.max()) + 1
        for c0 in range(c_first, c_stop, TILE_COLUMNS):
            c1 = min(c0 + TILE_COLUMNS, c_stop)
            cells = np.flatnonzero((block_cols >= c0) & (block_cols < c1)) + start
            if not len(cells):
                continue
            at_row, at_col = rows[cells] - r0, cols[cells] - c0
            for (source, target), counts in zip(sides, out, strict=True):
                src_ids, src_owner = source.slice(r0, r1 + longest_k - 1)
                tgt_ids, tgt_owner = target.slice(c0, c1 + longest_l - 1)
                local = np.intersect1d(src_ids, tgt_ids)
                if not len(local):
                    continue
                src_runs = _runs(src_ids, src_owner, local, r1 - r0, longest_k)
                tgt_runs = _runs(tgt_ids, tgt_owner, local, c1 - c0, longest_l)
                for k, l in shapes:
                    product = src_runs[k] @ tgt_runs[l].T
                    counts[(k, l)][cells] = product[at_row, at_col]
    return out


def _runs(ids: np.ndarray, owner: np.ndarray, local: np.ndarray, count: int, longest: int
          ) -> list[np.ndarray]:
    """0/1 matrices over the tile's shared tokens *local*: ``runs[k][r]`` marks the
    tokens of the tile's sentences r .. r+k-1."""
    position = np.searchsorted(local, ids)
    found = position < len(local)
    found[found] = local[position[found]] == ids[found]
    matrix = np.zeros((count + longest - 1, len(local)), np.float32)
    matrix[owner[found], position[found]] = 1.0
    runs = [matrix[:0], matrix[:count]]
    for k in range(2, longest + 1):
        runs.append(np.maximum(runs[k - 1], matrix[k - 1:k - 1 + count]))
    return runs
