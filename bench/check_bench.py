"""QA check speed: l10nflow check against translate-toolkit's pofilter on one big PO.

Builds one PO file of N units (default 200,000) by repeating the bundled corpus's
aligned units with renumbered keys and a unit number appended to both sides ("... Mã
tin 1234." / "... Story code 1234."), so every text is distinct (no check can profit
from repeats) while the planted problems repeat, then measures the wall time of

* ``l10nflow check FILE --format json`` (every check), and
* ``pofilter FILE OUT`` (translate-toolkit's default checks),

each in its own process, and prints units per second and the ratio.

Usage: python bench/check_bench.py [--units 200000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from _shared import PROJECT
from l10nflow.formats import Store, get_format, read_store


def build(path: Path, units: int) -> None:
    base = []
    for file in sorted((PROJECT / "locales" / "en").glob("*.po")):
        base += [u for u in read_store(file).units if u.source and not u.obsolete]
    out = []
    while len(out) < units:
        for unit in base:
            if len(out) >= units:
                break
            n = len(out)
            out.append(replace(unit, key=f"{unit.key}#{n}",
                               source=f"{unit.source} Mã tin {n}.",
                               target=f"{unit.target} Story code {n}."))
    path.write_bytes(get_format("po").dumps(Store(out, "vi", "en", "bench")))


def timed(command: list[str], ok: tuple[int, ...]) -> float:
    """Wall time of *command*; a failed run (an exit status not in *ok*) stops the bench
    rather than print a meaningless figure."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        sys.exit(f"{command[0]} failed (exit {done.returncode}):\n"
                 f"{done.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--keep", help="folder for the generated PO (kept between runs)")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="l10nflow-check-"))
    work.mkdir(parents=True, exist_ok=True)
    po = work / f"bench-{args.units}.po"
    try:
        if not po.exists():
            build(po, args.units)
        findings_file = work / "findings.json"
        findings_file.unlink(missing_ok=True)
        ours = timed([sys.executable, "-m", "l10nflow", "check", str(po), "--format", "json",
                      "-o", str(findings_file), "--fail-on", "never"], ok=(0,))
        findings = len(json.loads(findings_file.read_text("utf-8")))
        print(f"l10nflow check  {args.units:>9,} units {ours:7.1f} s "
              f"{args.units / ours:9,.0f} units/s  ({findings:,} findings, all checks)")
        pofilter = shutil.which("pofilter")
        if pofilter is None:
            print("pofilter not installed (pip install translate-toolkit): no comparison")
            return
        # pofilter exits 0 whether or not its checks fail.
        theirs = timed([pofilter, str(po), str(work / "pofilter-out.po")], ok=(0,))
        print(f"pofilter        {args.units:>9,} units {theirs:7.1f} s "
              f"{args.units / theirs:9,.0f} units/s  (default checks)")
        print(f"l10nflow is {theirs / ours:.1f}x faster than pofilter")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
