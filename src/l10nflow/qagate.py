"""What the QA checks say about stores, for the commands that act on it: the gate that
keeps units with findings out of a translation-memory export, and ``stats``.

:func:`qa_findings` is the one place these commands call the check framework, so that a
change in how checks are run touches this module only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import CHECKS, CheckConfig, Finding, Severity, load_config, run_checks
from .choices import QA_LEVELS

__all__ = ["QA_LEVELS", "QaGate", "build_gate", "qa_findings", "reasons_line"]


def qa_findings(files: Sequence[Path], config: CheckConfig | None = None,
                at_least: Severity = Severity.INFO, jobs: int = 1) -> list[Finding]:
    """The findings of the configured checks on *files* at or above *at_least*, after
    the units' own suppressions (``l10nflow-ignore``).

    Checks that cannot report at *at_least* (their configured severity is lower) are
    not run: a gate at ``error`` costs only the error checks.
    """
    config = config or load_config()
    selected = [i for i in config.selected()
                if config.severity.get(i, CHECKS[i].severity) >= at_least]
    if not selected:
        return []
    run = run_checks(list(files), replace(config, enable=selected), jobs=jobs)
    return [f for f in run.findings if f.severity >= at_least]


@dataclass
class QaGate:
    """The units a TM export leaves out: per file (as named in the export's file list),
    (unit key, source text) -> the ids of the checks that reported it.  The source text
    tells apart two units of a file with one key (a PO entry whose msgid is another's
    msgctxt)."""

    level: Severity
    blocked: dict[str, dict[tuple[str, str], frozenset[str]]] = field(default_factory=dict)

    def reasons(self, path: Path, key: str, source: str) -> frozenset[str] | None:
        """The check ids that keep the unit (*key*, *source*) of *path* out, or None."""
        units = self.blocked.get(str(path))
        return units.get((key, source)) if units else None


def build_gate(files: Sequence[Path], level: str, config: CheckConfig | None = None,
               jobs: int = 1) -> QaGate | None:
    """The gate for ``export --qa LEVEL`` over *files* (None for ``none``)."""
    if level == "none":
        return None
    severity = Severity.parse(level)
    by_unit: dict[str, dict[tuple[str, str], set[str]]] = {}
    for finding in qa_findings(files, config, severity, jobs):
        by_unit.setdefault(str(finding.path), {}) \
            .setdefault((finding.unit, finding.source), set()).add(finding.check)
    return QaGate(severity, {path: {key: frozenset(ids) for key, ids in units.items()}
                             for path, units in by_unit.items()})


def reasons_line(by_check: Counter[str]) -> str:
    """``mojibake 2, number-mismatch 1`` (most frequent first, then by id)."""
    return ", ".join(f"{check} {count}" for check, count in
                     sorted(by_check.items(), key=lambda item: (-item[1], item[0])))
