"""How many tokens runs of source and target sentences share, for many run pairs at once.

The similarity term of a bead needs ``|A ∩ B|`` where *A* is the union of the token sets
of a run of 1-3 source sentences and *B* that of a run of target sentences.  Asked for
every cell of the search band and every bead type, one set intersection per question
was the aligner's hot loop.  Here the band is cut into tiles of a few dozen rows and
columns; within a tile, each sentence becomes a bit set over the tokens the two sides of
the tile share (packed in 64-bit words), a run is the bitwise OR of consecutive
sentences, and an intersection's size is the population count of a bitwise AND, for all
the tile's cells at once.  Tiles follow the band, so the work grows with the band's
area: linearly with the document.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["TokenIds", "run_overlaps", "shared_token_ids"]

# Tile size: large enough that numpy's per-call cost is spread over many cells, small
# enough that a tile's shared vocabulary (the width of its bit sets) stays small.
TILE_ROWS = 32
TILE_COLUMNS = 64


@dataclass(frozen=True)
class TokenIds:
    """One side's sentences as integer token ids: sentence *s* holds
    ``ids[starts[s]:starts[s + 1]]`` (each id once)."""

    ids: np.ndarray
    starts: np.ndarray
    owner: np.ndarray      # the sentence of each entry of ids
    vocabulary_size: int

    @classmethod
    def of(cls, sets: Sequence[frozenset[str]], vocabulary: dict[str, int],
           known: frozenset[str] | None = None) -> TokenIds:
        """*known*: the keys of *vocabulary* as a set, if the caller has it."""
        known = frozenset(vocabulary) if known is None else known
        ids = [list(map(vocabulary.__getitem__, s & known)) for s in sets]
        sizes = np.array([len(x) for x in ids], np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)])
        flat = np.array(list(itertools.chain.from_iterable(ids)), np.int64)
        return cls(flat, starts, np.repeat(np.arange(len(sets)), sizes), len(vocabulary))

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
    vocabulary = {t: k for k, t in enumerate(shared)}     # any numbering gives the same counts
    return TokenIds.of(source, vocabulary, shared), TokenIds.of(target, vocabulary, shared)


def run_overlaps(sides: Sequence[tuple[TokenIds, TokenIds]], rows: np.ndarray,
                 cols: np.ndarray, shapes: Sequence[tuple[int, int]]
                 ) -> list[dict[tuple[int, int], np.ndarray]]:
    """For each (source, target) pair of token ids in *sides* and each run shape (k, l)
    in *shapes*: ``|union of source sets rows[x]..rows[x]+k-1 ∩ union of target sets
    cols[x]..cols[x]+l-1|`` for every x.

    *rows* must be non-decreasing (the band's cells in row order).  Runs that pass the
    end of a side are cut there.  All pairs of *sides* share one bit set per sentence
    (each in its own words), so a tile costs a handful of array operations.
    """
    out = [{shape: np.zeros(len(rows), np.int16) for shape in shapes} for _ in sides]
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
        sources = [source.slice(r0, r1 + longest_k - 1) for source, _ in sides]
        for c0 in range(c_first, c_stop, TILE_COLUMNS):
            c1 = min(c0 + TILE_COLUMNS, c_stop)
            cells = np.flatnonzero((block_cols >= c0) & (block_cols < c1)) + start
            if not len(cells):
                continue
            targets = [target.slice(c0, c1 + longest_l - 1) for _, target in sides]
            slots = [_shared_slots(s[0], t[0], side.vocabulary_size)
                     for s, t, (side, _) in zip(sources, targets, sides, strict=True)]
            words = [(count + 63) // 64 for _, count in slots]
            if not sum(words):
                continue
            src_runs = _runs(sources, slots, words, r1 - r0, longest_k)
            tgt_runs = _runs(targets, slots, words, c1 - c0, longest_l)
            at_row, at_col = rows[cells] - r0, cols[cells] - c0
            src_index = np.concatenate([(k - 1) * (r1 - r0) + at_row for k, _ in shapes])
            tgt_index = np.concatenate([(l - 1) * (c1 - c0) + at_col for _, l in shapes])
            bits = np.bitwise_count(src_runs[src_index] & tgt_runs[tgt_index])
            first_word = np.concatenate([[0], np.cumsum(words)[:-1]])
            for counts, width, first in zip(out, words, first_word, strict=True):
                if not width:
                    continue
                total = bits[:, first:first + width].sum(axis=1, dtype=np.int16)
                for s, shape in enumerate(shapes):
                    counts[shape][cells] = total[s * len(cells):(s + 1) * len(cells)]
    return out


def _shared_slots(src_ids: np.ndarray, tgt_ids: np.ndarray, size: int
                  ) -> tuple[np.ndarray, int]:
    """The tokens a tile's two sides share, numbered 0.. (no sorting): ``slot[id]`` is a
    token's bit, -1 for a token only one side holds; and how many there are."""
    in_source = np.zeros(size, bool)
    in_source[src_ids] = True
    shared = np.zeros(size, bool)
    shared[tgt_ids[in_source[tgt_ids]]] = True
    tokens = np.flatnonzero(shared)
    slot = np.full(size, -1, np.int64)
    slot[tokens] = np.arange(len(tokens))
    return slot, len(tokens)


def _runs(slices: list[tuple[np.ndarray, np.ndarray]], slots: list[tuple[np.ndarray, int]],
          words: list[int], count: int, longest: int) -> np.ndarray:
    """Bit sets of runs of the tile's sentences, as rows of 64-bit words: row
    ``(k - 1) * count + r`` holds the tokens of sentences r .. r+k-1, each pair of
    sides in its own words over the tokens that pair shares in the tile."""
    matrix = np.zeros((count + longest - 1, 64 * sum(words)), bool)
    offset = 0
    for (ids, owner), (slot, _), width in zip(slices, slots, words, strict=True):
        if width:
            position = slot[ids]
            found = position >= 0
            matrix[owner[found], offset + position[found]] = True
        offset += 64 * width
    bits = np.packbits(matrix, axis=1).view(np.uint64)
    runs = [bits[:count]]
    for k in range(2, longest + 1):
        runs.append(runs[-1] | bits[k - 1:k - 1 + count])
    return np.concatenate(runs)
