"""How precise the aligner's beads are in each confidence band, on the vi-en dev set.

Runs the aligner as the CLI does (bundled lexicon, corpus learning) through the library,
then prints, per confidence band, the number of beads and the share that are exactly a
gold bead.  The default review threshold (``align --threshold``) is chosen from this.

Usage: python bench/align_calibration.py
"""

from __future__ import annotations

import itertools

from _shared import shared_dir
from l10nflow.align import Aligner
from l10nflow.align.evaluate import parse_beads
from l10nflow.align.lexicon import bundled_lexicon

EDGES = [0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001]


def main() -> None:
    root = shared_dir("bench", "align-vien-dev")
    docs = sorted(p.name for p in root.iterdir() if (p / "vi.txt").exists())
    data = [((root / d / "vi.txt").read_text("utf-8").splitlines(),
             (root / d / "en.txt").read_text("utf-8").splitlines()) for d in docs]
    gold = [set(parse_beads((root / "gold" / d).read_text("utf-8").splitlines())) for d in docs]
    out = Aligner("vi", "en", model=bundled_lexicon("vi", "en")).align_corpus(data)
    bands = {(lo, hi): [0, 0] for lo, hi in itertools.pairwise(EDGES)}
    for beads, truth in zip(out, gold, strict=True):
        for bead in beads:
            for (lo, hi), counts in bands.items():
                if lo <= bead.confidence < hi:
                    counts[0] += 1
                    counts[1] += (bead.src, bead.tgt) in truth
    print(f"{'confidence':<14} {'beads':>6} {'precision':>9}")
    for (lo, hi), (n, right) in bands.items():
        print(f"[{lo:.2f}, {min(hi, 1.0):.2f}){'':2} {n:6d} {right / n if n else 0:9.3f}")
    for threshold in (0.5, 0.7, 0.8):
        above = [c for (lo, _), c in bands.items() if lo >= threshold]
        n, right = sum(c[0] for c in above), sum(c[1] for c in above)
        total = sum(c[0] for c in bands.values())
        print(f"threshold {threshold:.1f}: {total - n} beads flagged for review "
              f"({(total - n) / total:.0%}); precision of the rest {right / n:.3f}")


if __name__ == "__main__":
    main()
