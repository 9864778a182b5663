"""Alignment scoring: strict and lax precision/recall/F1 over beads (Vecalign's definition).

Precision is over all test beads: a bead is a strict hit when the gold has the same
bead, a lax hit when it shares at least one sentence on each side with one gold bead
(a 1-0 or 0-1 bead is a hit only if the gold has exactly that bead).  Recall is the
same computation with gold and test swapped and unmatched beads left out of both.
Counts are summed over documents before the ratios are taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Scores", "parse_beads", "score"]

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]
_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def parse_beads(lines: Iterable[str]) -> list[BeadPair]:
    """Read Vecalign notation (``[3, 4]:[5]``), one bead per line; blank lines ignored."""
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(f"line {number}: not a bead in [i, ...]:[j, ...] notation: {line!r}")
        out.append(tuple(tuple(int(x) for x in side.replace(",", " ").split())
                         for side in match.groups()))
    return out


def _counts(gold: Sequence[BeadPair], test: Sequence[BeadPair]) -> tuple[int, int, int, int]:
    gold_set = set(gold)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for src, tgt in test:
        if not src and not tgt:
            continue
        if (src, tgt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        if src and tgt and any(set(src) & set(g_src) and set(tgt) & set(g_tgt)
                               for g_src, g_tgt in gold):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


@dataclass
class Scores:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float


def _ratio(tp: int, fp: int) -> float:
    return tp / (tp + fp) if tp + fp else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs: Iterable[tuple[Sequence[BeadPair], Sequence[BeadPair]]]) -> Scores:
    """Score (gold, test) bead lists of several documents together."""
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in pairs:
        for acc, counts in ((p, _counts(gold, test)),
                            (r, _counts([b for b in test if b[0] and b[1]],
                                        [b for b in gold if b[0] and b[1]]))):
            for index, value in enumerate(counts):
                acc[index] += value
    sp, sr = _ratio(p[0], p[1]), _ratio(r[0], r[1])
    lp, lr = _ratio(p[2], p[3]), _ratio(r[2], r[3])
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr))
