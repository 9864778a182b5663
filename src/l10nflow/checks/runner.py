"""Run the selected checks over stores, honouring suppressions and a baseline."""

from __future__ import annotations

import gc
import json
import multiprocessing
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..export import store_files
from ..formats import read_store
from ..fsutil import atomic_write_text, read_text
from .base import CHECKS, Finding, Located
from .context import CheckConfig, CheckContext

__all__ = ["CheckRun", "load_baseline", "run_checks", "write_baseline"]

_IGNORE = re.compile(r"l10nflow-ignore(?::\s*(?P<ids>[\w\s,-]+))?")


@dataclass
class CheckRun:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    units: int = 0
    suppressed: int = 0
    baselined: int = 0
    checks: list[str] = field(default_factory=list)


def _suppressed_ids(located: Located) -> set[str] | None:
    """Check ids a unit silences: a translator note ``l10nflow-ignore: id, id`` or a PO
    flag ``l10nflow-ignore-<id>``; ``l10nflow-ignore`` alone silences every check."""
    ids: set[str] = set()
    for note in located.unit.notes:
        for match in _IGNORE.finditer(note):
            if not match.group("ids"):
                return None
            ids.update(i.strip() for i in match.group("ids").replace(",", " ").split())
    for flag in located.unit.flags:
        if flag == "l10nflow-ignore":
            return None
        if flag.startswith("l10nflow-ignore-"):
            ids.add(flag[len("l10nflow-ignore-"):])
    return ids


# Below this many units a process pool costs more than it saves.
PARALLEL_MIN = 5000
_JOB: tuple[list[Located], list, CheckContext] | None = None


def _task(task: tuple) -> list[Finding]:
    """One piece of work: per-unit checks over a slice, or one corpus-wide check."""
    items, checks, ctx = _JOB
    if task[0] == "corpus":
        return list(CHECKS[task[1]].check_corpus(items, ctx))
    out: list[Finding] = []
    unit_checks = [c for c in checks if not c.corpus_wide]
    for item in items[task[1]:task[2]]:
        for check in unit_checks:
            out.extend(check.check_unit(item, ctx))
    return out


def _all_findings(items: list[Located], checks: list, ctx: CheckContext, jobs: int
                  ) -> list[Finding]:
    """Every check's findings; large stores are shared out to *jobs* forked processes
    (slices of units for the per-unit checks, one task per corpus-wide check).  The
    result is the same in any case: the caller sorts it."""
    global _JOB
    _JOB = (items, checks, ctx)
    corpus = [("corpus", c.id) for c in checks if c.corpus_wide]
    try:
        if jobs <= 1 or len(items) < PARALLEL_MIN:
            tasks = [("units", 0, len(items)), *corpus]
            return [f for task in tasks for f in _task(task)]
        size = -(-len(items) // (jobs * 4))
        tasks = corpus + [("units", start, min(start + size, len(items)))
                          for start in range(0, len(items), size)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return [f for part in pool.imap_unordered(_task, tasks) for f in part]
    finally:
        _JOB = None


@contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cycle collector: a run builds millions of small objects that live to its
    end, and collecting them over and over took more than half of reading a large PO.
    Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_checks(paths: Sequence[str | Path], config: CheckConfig,
               baseline: set[str] | None = None, jobs: int = 1) -> CheckRun:
    with _without_gc():
        return _run_checks(paths, config, baseline, jobs)


def _run_checks(paths: Sequence[str | Path], config: CheckConfig,
                baseline: set[str] | None, jobs: int) -> CheckRun:
    files = [p for p in store_files(paths) if p.suffix.lower() in (".po", ".xlf", ".xliff",
                                                                    ".xlf2", ".pot")]
    if not files:
        raise InputError("no PO or XLIFF files to check", paths[0] if paths else None,
                         hint="give files or folders, e.g. `l10nflow check locales`")
    run = CheckRun(files=len(files), checks=config.selected())
    items = [Located(unit, path) for path in files for unit in read_store(path).units
             if not unit.obsolete]
    run.units = len(items)
    ctx = CheckContext(config)
    ctx.sources = [i.unit.source for i in items if i.unit.source]
    checks = [CHECKS[i] for i in run.checks]
    try:
        findings = _all_findings(items, checks, ctx, jobs)
    finally:
        _clear_caches()
    silenced = {id(i.unit): _suppressed_ids(i) for i in items}
    by_unit = {(str(i.path), i.unit.key): id(i.unit) for i in items}
    for finding in findings:
        ids = silenced.get(by_unit.get((str(finding.path), finding.unit)), set())
        if ids is None or finding.check in ids:
            run.suppressed += 1
        elif baseline and finding.fingerprint() in baseline:
            run.baselined += 1
        else:
            run.findings.append(finding)
    run.findings.sort(key=lambda f: (str(f.path), f.line or 0, f.check, f.message))
    return run


def _clear_caches() -> None:
    """Text-keyed caches live for one run; drop them so memory does not accumulate."""
    from .. import vietnamese
    from . import names, numbers
    for function in (names.source_names, numbers._numbers, vietnamese._dates,
                     vietnamese.extract_times):
        function.cache_clear()


def load_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(read_text(path))
        return {f"{e['check']}\x1f{e['file']}\x1f{e['unit']}\x1f{e['message']}"
                for e in data["findings"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"not an l10nflow baseline file ({exc})", path,
                         hint="write one with `l10nflow check --write-baseline FILE`") from None


def write_baseline(path: Path, findings: list[Finding]) -> None:
    entries = [{"check": f.check, "file": f.path.as_posix(), "unit": f.unit,
                "message": f.message} for f in findings]
    atomic_write_text(path, json.dumps({"version": 1, "findings": entries},
                                       ensure_ascii=False, indent=1) + "\n")
