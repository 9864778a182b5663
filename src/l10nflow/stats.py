"""How far the translation of stores has come: units and words by state, bead types,
low-confidence pairs and QA findings, per file and in total (like ``pocount`` and
``msgfmt --statistics``).

States are disjoint, so they add up to the total:

* ``translated``: a target, not marked for review, not reviewed by a person;
* ``reviewed``: a target a person reviewed or signed off (PO ``reviewed``/``final``
  flags, XLIFF ``signed-off``/``final``...);
* ``fuzzy``: a target marked for review (PO ``#, fuzzy``, XLIFF ``needs-review-*``);
* ``untranslated``: no target -- as ``msgfmt`` counts, an empty first form (``msgstr``,
  ``msgstr[0]``), even on a fuzzy entry.

``msgfmt --statistics`` calls translated + reviewed "translated messages".  Obsolete
units are not counted (only reported), nor is target-only text (0-1 beads, kept as notes
on PO entries): it shows among the bead types.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .checks import CheckConfig, Severity
from .errors import InputError, L10nflowError
from .export import store_files
from .formats import read_store
from .formats.inline import TOKEN
from .model import State, Unit
from .parallel import imap
from .qagate import qa_findings
from .wording import counted

__all__ = ["STATES", "FileStats", "StatsRun", "Tally", "collect_stats", "state_of", "words"]

STATES = ("translated", "reviewed", "fuzzy", "untranslated")
SEVERITIES = ("error", "warning", "info")


def words(text: str) -> int:
    """Words as ``wc -w`` counts them: runs of non-space characters (inline-code
    placeholders such as ``⟦x1⟧`` are markup, not words)."""
    if "⟦" in text:
        text = TOKEN.sub(" ", text)
    return len(text.split())


def state_of(unit: Unit) -> str:
    """The unit's state for statistics (see the module's docstring)."""
    if unit.state is State.NEW or not unit.target:
        return "untranslated"
    if unit.state is State.NEEDS_REVIEW:
        return "fuzzy"
    return "reviewed" if unit.state.is_human else "translated"


@dataclass
class Tally:
    units: int = 0
    source_words: int = 0
    target_words: int = 0

    def __iadd__(self, other: Tally) -> Tally:
        self.units += other.units
        self.source_words += other.source_words
        self.target_words += other.target_words
        return self

    def as_dict(self) -> dict[str, int]:
        return {"units": self.units, "source_words": self.source_words,
                "target_words": self.target_words}


@dataclass
class FileStats:
    """The figures of one file, or (``files`` > 1) the sum of several."""

    path: Path | None
    states: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in STATES})
    beads: Counter[str] = field(default_factory=Counter)
    # what the aligner labelled: "moved" pairs and furniture kinds (byline, caption, ...)
    kinds: Counter[str] = field(default_factory=Counter)
    low_confidence: int = 0
    obsolete: int = 0
    findings: Counter[str] | None = None       # severity -> count; None: not checked
    files: int = 1

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.states.values():
            total += tally
        return total

    def add(self, other: FileStats) -> None:
        for state in STATES:
            self.states[state] += other.states[state]
        self.beads.update(other.beads)
        self.kinds.update(other.kinds)
        self.low_confidence += other.low_confidence
        self.obsolete += other.obsolete
        if other.findings is not None:
            self.findings = (self.findings or Counter()) + other.findings

    def as_dict(self) -> dict:
        data: dict = {"file": str(self.path)} if self.path is not None else \
            {"files": self.files}
        data.update({
            "states": {state: self.states[state].as_dict() for state in STATES},
            "total": self.total.as_dict(),
            "beads": dict(sorted(self.beads.items(), key=_bead_order)),
            "kinds": dict(sorted(self.kinds.items())),
            "low_confidence": self.low_confidence,
            "obsolete": self.obsolete,
            "findings": None if self.findings is None else
            {s: self.findings.get(s, 0) for s in SEVERITIES},
        })
        return data


def _bead_order(item: tuple[str, int]) -> tuple[int, int, int, str]:
    """1-1, 2-1, 1-2, 2-2, ... 1-0, 0-1 (as align's summary): by size, the unmatched
    last (and anything else another tool wrote after them)."""
    match = re.fullmatch(r"(\d+)-(\d+)", item[0])
    if match is None:
        return (2, 0, 0, item[0])
    src, tgt = int(match[1]), int(match[2])
    return (1 if src == 0 or tgt == 0 else 0, src + tgt, -src, "")


def file_stats(path: Path, threshold: float) -> FileStats:
    """The figures of the store file *path* (its QA findings are added later)."""
    stats = FileStats(path)
    for unit in read_store(path).units:
        if unit.obsolete:
            stats.obsolete += 1
            continue
        if unit.bead:
            stats.beads[unit.bead] += 1
        if unit.kind:
            stats.kinds[unit.kind] += 1
        if unit.target_only:
            continue
        tally = stats.states[state_of(unit)]
        tally.units += 1
        tally.source_words += words(unit.source) + words(unit.source_plural or "")
        tally.target_words += sum(words(t) for t in unit.targets)
        if unit.source and unit.target and unit.confidence is not None \
                and unit.confidence < threshold:
            stats.low_confidence += 1
    return stats


@dataclass
class StatsRun:
    files: list[FileStats]
    total: FileStats
    threshold: float
    errors: list[L10nflowError] = field(default_factory=list)   # files left out

    def as_dict(self) -> dict:
        return {"files": [f.as_dict() for f in self.files], "total": self.total.as_dict(),
                "threshold": self.threshold,
                "errors": [{"file": str(e.path) if e.path else None, "line": e.line,
                            "message": e.message} for e in self.errors]}


def _read(threshold: float, path: Path) -> FileStats | tuple[str, int | None, str | None]:
    """A file's figures, or what was wrong with it (as plain values: an exception with
    its file and line would not come back whole from a worker process)."""
    try:
        return file_stats(path, threshold)
    except L10nflowError as exc:
        return (exc.message, exc.line, exc.hint)


def collect_stats(paths: Sequence[str | Path], threshold: float = 0.7,
                  check_config: CheckConfig | None = None, checks: bool = True,
                  jobs: int = 1, keep_going: bool = False) -> StatsRun:
    """The figures of the store files under *paths*, per file and in total.

    A file that cannot be read stops the run with its error, as in ``check``; with
    *keep_going* it is listed in ``errors`` and the others are counted.  *checks*:
    count the QA findings by severity too (the checks run over the readable files).
    """
    files = store_files(paths)
    if not files:
        raise InputError("no PO or XLIFF files found", paths[0] if paths else None,
                         hint="give store files or folders, e.g. `l10nflow stats locales`")
    run = StatsRun([], FileStats(None, files=0), threshold)
    workers = jobs if len(files) >= 4 else 1
    for path, result in zip(files, imap(_read, files, workers, shared=threshold),
                            strict=True):
        if isinstance(result, FileStats):
            run.files.append(result)
            continue
        error = InputError(result[0], path, result[1], result[2])
        if not keep_going:
            raise error
        run.errors.append(error)
    if checks and run.files:
        by_file: dict[str, Counter[str]] = {str(f.path): Counter() for f in run.files}
        for finding in qa_findings([f.path for f in run.files], check_config,
                                   Severity.INFO, jobs):
            by_file[str(finding.path)][str(finding.severity)] += 1
        for stats in run.files:
            stats.findings = by_file[str(stats.path)]
    for stats in run.files:
        run.total.add(stats)
        run.total.files += 1
    if checks and run.total.findings is None:
        run.total.findings = Counter()
    return run


def render_text(run: StatsRun) -> str:
    """The report as text: a block per file (when there are several), then the total."""
    blocks = [_block(str(f.path), f, run.threshold) for f in run.files]
    if len(run.files) != 1:
        blocks.append(_block(f"total ({len(run.files)} files)", run.total, run.threshold))
    return "\n".join(blocks)


def _block(title: str, stats: FileStats, threshold: float) -> str:
    total = stats.total
    lines = [title, f"  {'state':<14}{'units':>8}{'':>7}{'source words':>14}"
                    f"{'target words':>14}"]
    for name, tally in (*stats.states.items(), ("total", total)):
        share = f"({100 * tally.units / total.units:3.0f}%)" if total.units and \
            name != "total" else ""
        lines.append(f"  {name:<14}{tally.units:>8} {share:>6}{tally.source_words:>14}"
                     f"{tally.target_words:>14}")
    beads = ", ".join(f"{kind} {count}" for kind, count in
                      sorted(stats.beads.items(), key=_bead_order)) or "none recorded"
    lines.append(f"  bead types: {beads}")
    if stats.kinds:
        moved = stats.kinds.get("moved", 0)
        furniture = ", ".join(f"{kind} {count}" for kind, count in sorted(stats.kinds.items())
                              if kind != "moved") or "none"
        lines.append(f"  moved pairs: {moved}; furniture: {furniture}")
    lines.append(f"  low-confidence pairs: {stats.low_confidence} "
                 f"(confidence < {threshold:.2f})")
    if stats.obsolete:
        lines.append(f"  obsolete units (not counted): {stats.obsolete}")
    if stats.findings is not None:
        errors, warnings, info = (stats.findings.get(s, 0) for s in SEVERITIES)
        lines.append(f"  findings: {counted(errors, 'error')}, "
                     f"{counted(warnings, 'warning')}, {info} info")
    return "\n".join(lines) + "\n"
