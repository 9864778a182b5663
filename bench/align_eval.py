"""Alignment accuracy and speed on ../shared/bench/align-vien-dev.

Runs ``l10nflow align DATA --presegmented --format beads`` (corpus mode, through the
CLI, start-up included), scores the beads against ``gold/`` with strict and lax
precision/recall/F1 (Vecalign's definition), and prints the table, wall time,
throughput and peak memory of the aligner process.

Usage: python bench/align_eval.py [--data DIR] [--per-doc] [-- extra align options]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _shared import PROJECT, shared_dir
from l10nflow.align.evaluate import parse_beads, score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="benchmark folder (default ../shared/bench/align-vien-dev)")
    parser.add_argument("--per-doc", action="store_true", help="print scores per document")
    parser.add_argument("extra", nargs="*", help="extra options for l10nflow align")
    args = parser.parse_args()
    root = Path(args.data) if args.data else shared_dir("bench", "align-vien-dev")
    docs = sorted(p.name for p in root.iterdir() if (p / "vi.txt").exists())
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "l10nflow", "align", str(root), "-o", out,
                   "--presegmented", "--format", "beads", "--quiet", *args.extra]
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=PROJECT)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        pairs, sentences = [], 0
        kinds_gold, kinds_test = Counter(), Counter()
        for doc in docs:
            sentences += sum(len((root / doc / f"{lang}.txt").read_text("utf-8").splitlines())
                             for lang in ("vi", "en"))
            test = parse_beads((Path(out) / "en" / f"{doc}.beads").read_text().splitlines())
            gold = parse_beads((root / "gold" / doc).read_text("utf-8").splitlines())
            pairs.append((gold, test))
            kinds_gold.update(f"{len(s)}-{len(t)}" for s, t in gold)
            kinds_test.update(f"{len(s)}-{len(t)}" for s, t in test)
            if args.per_doc:
                s = score([(gold, test)])
                print(f"{doc}: strict F1 {s.strict_f1:.3f}  lax F1 {s.lax_f1:.3f}")
    s = score(pairs)
    print(f"documents: {len(docs)}  sentences: {sentences}  "
          f"beads (gold): {sum(kinds_gold.values())}")
    print(f"{'':8} {'P':>6} {'R':>6} {'F1':>6}")
    print(f"{'strict':8} {s.strict_precision:6.3f} {s.strict_recall:6.3f} {s.strict_f1:6.3f}")
    print(f"{'lax':8} {s.lax_precision:6.3f} {s.lax_recall:6.3f} {s.lax_f1:6.3f}")
    print(f"wall time (CLI, start-up included): {elapsed:.2f} s  "
          f"throughput: {sentences / elapsed:.0f} sentences/s")
    print(f"peak RSS of the aligner process: {peak:.0f} MiB")
    print("bead types gold/test:", ", ".join(f"{k} {kinds_gold[k]}/{kinds_test[k]}"
                                             for k in sorted(kinds_gold | kinds_test)))


if __name__ == "__main__":
    main()
