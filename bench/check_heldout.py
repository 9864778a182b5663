"""Judge the checks on the held-out English -> Vietnamese set (bench/heldout-en-vi).

The set was written before the checks for translations into Vietnamese were tuned and is
used only here: it prints how many of its planted problems ``l10nflow check`` finds (a
problem counts when its expected check reports the unit holding its text) and every
finding on a unit with no planted problem.  Nothing is asserted.

Usage: python bench/check_heldout.py
"""

from __future__ import annotations

import re

from _shared import PROJECT
from l10nflow.checks import CheckConfig, run_checks
from l10nflow.formats import read_store

SET = PROJECT / "bench" / "heldout-en-vi"


def planted() -> list[tuple[int, str, list[str], str]]:
    """(number, file stem, snippets, expected check) for each row of the README table."""
    rows = []
    for line in (SET / "README.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].isdigit():
            snippets = re.findall(r"`([^`]+)`", cells[2])
            rows.append((int(cells[0]), cells[1], snippets[:1], cells[4].strip("`")))
    return rows


def main() -> None:
    run = run_checks([SET], CheckConfig())
    units = {(p.stem, u.key): u for p in SET.glob("*.po") for u in read_store(p).units}
    rows = planted()
    found = 0
    planted_units = set()
    for number, stem, snippets, check in rows:
        holders = {key for (s, key), u in units.items()
                   if s == stem and all(x in u.source + "\n" + u.target for x in snippets)}
        planted_units |= {(stem, key) for key in holders}
        hit = any(f.check == check and f.path.stem == stem and f.unit in holders
                  for f in run.findings)
        found += hit
        print(f"{'found ' if hit else 'MISSED'} #{number:<3} {check:<22} {snippets[0]}")
    stray = [f for f in run.findings if (f.path.stem, f.unit) not in planted_units]
    for finding in stray:
        print(f"stray  {finding.path.name}:{finding.line} {finding.check}: {finding.message}")
    print(f"planted problems found: {found}/{len(rows)} (recall {found / len(rows):.2f}); "
          f"findings on clean units: {len(stray)} of {len(run.findings)} findings, "
          f"{run.units} units")


if __name__ == "__main__":
    main()
