"""Speed and memory on one long document: 5,000 sentences per side.

Concatenates the dev-set documents (repeating them, with years renumbered so that
repeats are not identical) into one vi/en pair of N sentences, aligns it in one
process through the library (bundled lexicon, corpus learning: the CLI's defaults),
and prints wall time, throughput, peak RSS, and strict F1
against the concatenated gold.

Usage: python bench/align_long.py [--sentences 5000]
"""

from __future__ import annotations

import argparse
import resource
import time

from _shared import shared_dir
from l10nflow.align import Aligner
from l10nflow.align.evaluate import parse_beads, score
from l10nflow.align.lexicon import bundled_lexicon


def build(target: int):
    root = shared_dir("bench", "align-vien-dev")
    docs = sorted(p.name for p in root.iterdir() if (p / "vi.txt").exists())
    vi, en, gold = [], [], []
    copy = 0
    while len(vi) < target:
        for doc in docs:
            v = (root / doc / "vi.txt").read_text("utf-8").splitlines()
            e = (root / doc / "en.txt").read_text("utf-8").splitlines()
            tag = f" ({copy})" if copy else ""
            for s, t in parse_beads((root / "gold" / doc).read_text("utf-8").splitlines()):
                gold.append((tuple(i + len(vi) for i in s), tuple(j + len(en) for j in t)))
            vi += [line + tag for line in v]
            en += [line + tag for line in e]
            if len(vi) >= target:
                break
        copy += 1
    return vi, en, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=5000)
    args = parser.parse_args()
    vi, en, gold = build(args.sentences)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    beads = Aligner("vi", "en", model=bundled_lexicon("vi", "en")).align(vi, en)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    s = score([(gold, [(b.src, b.tgt) for b in beads])])
    print(f"sentences: {len(vi)} vi + {len(en)} en")
    print(f"time: {elapsed:.1f} s  throughput: {(len(vi) + len(en)) / elapsed:.0f} sentences/s")
    print(f"peak RSS: {peak:.0f} MiB (before aligning: {before:.0f} MiB)")
    print(f"strict F1 {s.strict_f1:.3f}  lax F1 {s.lax_f1:.3f}")


if __name__ == "__main__":
    main()
