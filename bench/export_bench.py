"""Export speed and memory: l10nflow's TMX export against translate-toolkit's po2tmx.

Builds a synthetic store of N units (default 1,000,000) as PO files of 1,000 units
each, written by l10nflow's PO writer (so in the shape ``align`` writes: wrapped
strings, references, aligner comments, 5% fuzzy, pairs repeating every 50,000 units),
then measures wall time and peak RSS of

* ``l10nflow export tmx`` over all of it, and over a subset;
* ``po2tmx`` (translate-toolkit) over the same subset (it holds the whole memory in
  RAM; by default the subset is everything, --subset limits it),

and prints the ratio on the subset.  Each command runs in its own process.

With ``--qa-gate`` it measures instead what the QA gate costs: ``export tmx`` over all
the units with ``--qa none``, ``--qa error`` (the default) and ``--qa warning``,
alternating, ``--runs`` times each.  One unit in 1,000 has a planted number mismatch
(the English says another number), which the gate at ``error`` leaves out.

Usage: python bench/export_bench.py [--units 1000000] [--subset 100000] [--keep DIR]
       python bench/export_bench.py --qa-gate [--units 1000000] [--runs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _shared import PROJECT  # noqa: F401  (puts src/ on the path)
from l10nflow.formats import Store, get_format
from l10nflow.model import State, Unit, fingerprint

PER_FILE = 1000
PLANTED = 1000          # one unit in this many has a number mismatch
WORDS_VI = "tôi chúng ta người nước hiệp ước binh sĩ kinh tế thành phố năm ngày".split()  # noqa: SIM905
WORDS_EN = "we people country treaty soldiers economy city year day said more".split()  # noqa: SIM905


def po_bytes(file_no: int) -> bytes:
    """One PO file of PER_FILE units, written by l10nflow's own PO writer."""
    article = f"bench-{file_no:05d}"
    units = []
    for k in range(PER_FILE):
        n = file_no * PER_FILE + k
        vi = " ".join(WORDS_VI[(n + i) % len(WORDS_VI)] for i in range(12)) + f" {n % 50000}."
        number = n % 50000 + (1 if n % PLANTED == 7 else 0)   # not fuzzy
        en = " ".join(WORDS_EN[(n + i) % len(WORDS_EN)] for i in range(12)) + f" {number}."
        state = State.NEEDS_REVIEW if k % 20 == 0 else State.TRANSLATED
        units.append(Unit(f"{article}:{k + 1}.1", vi, en, state, 0.5 + (k % 50) / 100, "1-1",
                          article, [f"corpus/{article}/vi.txt:{k + 1}"],
                          fingerprint=fingerprint(en, state)))
    store = Store(units, "vi", "en", article, {"PO-Revision-Date": "2024-11-12 00:00+0000"})
    return get_format("po").dumps(store)


def build(folder: Path, units: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for file_no in range(units // PER_FILE):
        path = folder / f"bench-{file_no:05d}.po"
        if not path.exists():
            path.write_bytes(po_bytes(file_no))


def measure(command: list[str], cpu: bool = False) -> tuple[float, ...]:
    """Wall seconds and peak RSS (MiB) of *command*, run in a fresh process, and with
    *cpu* the CPU seconds of it and its worker processes (steadier than wall time on a
    machine others use)."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.PIPE, text=True); "
             "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(time.perf_counter() - t, u.ru_maxrss / 1024, u.ru_utime + u.ru_stime); "
             "sys.exit(r.returncode and print(r.stderr[-2000:], file=sys.stderr) or "
             "r.returncode)")
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True,
                         text=True)
    if out.returncode:
        sys.exit(f"failed: {' '.join(command)}\n{out.stderr}")
    seconds, rss, cpu_seconds = (float(v) for v in out.stdout.split())
    return (seconds, rss, cpu_seconds) if cpu else (seconds, rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--subset", type=int, help="units for the comparison (default: all)")
    parser.add_argument("--keep", help="folder for the synthetic store (kept between runs)")
    parser.add_argument("--qa-gate", action="store_true",
                        help="measure the QA gate's cost instead of comparing with po2tmx")
    parser.add_argument("--runs", type=int, default=2, help="runs of each gate level")
    args = parser.parse_args()
    args.subset = args.subset or args.units
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="l10nflow-bench-"))
    try:
        started = time.perf_counter()
        build(work / "all", args.units)
        subset = work / "subset"
        if not subset.exists():
            subset.mkdir()
            for path in sorted((work / "all").glob("*.po"))[: args.subset // PER_FILE]:
                shutil.copy(path, subset / path.name)
        print(f"synthetic store: {args.units:,} units in {args.units // PER_FILE} PO files "
              f"(built in {time.perf_counter() - started:.0f} s)")
        if args.qa_gate:
            qa_gate(work, args.units, args.runs)
            return
        l10n = [sys.executable, "-m", "l10nflow", "export", "tmx"]
        rows = []
        for label, units, command in (
            ("l10nflow export tmx", args.subset, [*l10n, str(subset), "-o",
                                                  str(work / "sub.tmx")]),
            ("po2tmx", args.subset, [shutil.which("po2tmx") or "po2tmx", "-l", "en",
                                     str(subset), str(work / "sub-ttk.tmx")]),
            ("l10nflow export tmx", args.units, [*l10n, str(work / "all"), "-o",
                                                 str(work / "all.tmx")]),
            ("l10nflow --no-dedupe", args.units, [*l10n, str(work / "all"), "-o",
                                                  str(work / "all-nd.tmx"), "--no-dedupe"]),
        ):
            seconds, rss = measure(command)
            rows.append((label, units, seconds, rss))
            print(f"{label:<22} {units:>10,} units {seconds:8.1f} s "
                  f"{units / seconds:10,.0f} units/s  peak RSS {rss:6.0f} MiB", flush=True)
        ours, theirs = rows[0], rows[1]
        print(f"speed-up over po2tmx on {args.subset:,} units: {theirs[2] / ours[2]:.1f}x; "
              f"peak RSS {ours[3]:.0f} MiB vs {theirs[3]:.0f} MiB")
        print(f"peak RSS for {args.subset:,} vs {args.units:,} units: "
              f"{rows[0][3]:.0f} vs {rows[2][3]:.0f} MiB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def qa_gate(work: Path, units: int, runs: int) -> None:
    """Export time and peak RSS with the QA gate off and at each level, alternating."""
    levels = ("none", "error", "warning")
    times: dict[str, list[float]] = {level: [] for level in levels}
    cpu: dict[str, list[float]] = {level: [] for level in levels}
    for run in range(runs):
        for level in levels:
            command = [sys.executable, "-m", "l10nflow", "export", "tmx", str(work / "all"),
                       "-o", str(work / f"qa-{level}.tmx"), "--qa", level]
            seconds, rss, cpu_seconds = measure(command, cpu=True)
            times[level].append(seconds)
            cpu[level].append(cpu_seconds)
            print(f"run {run + 1}: --qa {level:<8} {units:>10,} units {seconds:8.1f} s "
                  f"(CPU {cpu_seconds:6.1f} s) {units / seconds:10,.0f} units/s  "
                  f"peak RSS {rss:6.0f} MiB", flush=True)
    for name, figures in (("wall", times), ("CPU", cpu)):
        base = statistics.median(figures["none"])
        for level in levels[1:]:
            median = statistics.median(figures[level])
            print(f"--qa {level}: median {name} time {median:.1f} s against {base:.1f} s "
                  f"without the gate ({median / base:.1f}x, +{median - base:.1f} s)")
    written = {level: (work / f"qa-{level}.tmx").read_text(encoding="utf-8").count("<tu ")
               for level in levels}
    print("pairs written: " + ", ".join(f"--qa {k} {v:,}" for k, v in written.items()))


if __name__ == "__main__":
    main()
