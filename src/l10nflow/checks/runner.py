"""Run the selected checks over stores, honouring suppressions and a baseline."""

from __future__ import annotations

import bisect
import gc
import itertools
import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from ..errors import InputError
from ..export import store_files
from ..formats import Piece, format_for_path
from ..fsutil import atomic_write_text, read_text
from ..model import Unit
from ..parallel import imap
from ..vietnamese import lowered
from .base import CHECKS, Check, Finding, Hint, Located, excerpt, texts
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
    warnings: list[str] = field(default_factory=list)   # e.g. an unknown id to ignore
    # the (source, target) language tags of the stores checked, one entry per pair
    languages: list[tuple[str, str]] = field(default_factory=list)


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


# Below these sizes a process pool costs more than it saves.
PARALLEL_MIN_BYTES = 2_000_000
PARALLEL_MIN_UNITS = 5000


@dataclass
class _PieceResult:
    """What reading and checking one piece of a file hands back: its language pair, the
    per-unit checks' findings, the units (the same model every check sees, without the
    reader's bookkeeping), the units that silence checks, the names found on the
    Vietnamese side, and each corpus-wide check's map of the piece."""

    path: Path
    languages: tuple[str, str]
    units: _UnitBatch
    findings: list[Finding]
    silenced: dict[str, set[str] | None]
    names: set[str]
    parts: dict[str, object]


def store_languages(store) -> tuple[str, str]:
    """(source, target) language tags of a store as its file says them: XLIFF's
    ``srcLang``/``trgLang`` (or ``source-language``/``target-language``) as written, else
    the store's (PO ``X-Source-Language`` or English by gettext's convention, and
    ``Language`` or the file name; TMX ``srclang``)."""
    tags = store.extra.get("xliff.langs")
    if isinstance(tags, (list, tuple)) and len(tags) == 2 and all(tags):
        return str(tags[0]), str(tags[1])
    return store.source_lang or "en", store.target_lang or "en"


def applicable(checks: list[Check], ctx: CheckContext) -> list[Check]:
    """The *checks* that apply to the language pair of *ctx*."""
    return [check for check in checks if check.languages.applies(*ctx.languages)]


def _check_piece(state: tuple, piece: Piece) -> _PieceResult:
    """Stage 1: read one piece of a file, run the per-unit checks that apply to its
    languages and map the piece for the corpus-wide ones (those that need the corpus
    names get the piece's own)."""
    unit_checks, corpus_checks, run_ctx = state
    store = format_for_path(piece.path).read_piece(piece)
    ctx = run_ctx.for_languages(*store_languages(store))
    unit_checks, corpus_checks = applicable(unit_checks, ctx), applicable(corpus_checks, ctx)
    # Obsolete units and text marked "do not translate" (XLIFF translate="no") are not
    # translations to check.
    units = _UnitBatch(unit for unit in store.units if not unit.obsolete and unit.translatable)
    items = _PieceUnits(Located(unit, piece.path) for unit in units)
    findings = unit_findings(items, unit_checks, ctx)
    names = ctx.names.in_texts(items.texts(ctx.name_side)) if corpus_checks else set()
    ctx.set_corpus_names(names)
    parts = {check.id: check.map_corpus(items, ctx) for check in corpus_checks}
    silenced = {}
    for item in items:
        ids = _suppressed_ids(item)
        if ids is None or ids:
            silenced[item.unit.key] = ids
    return _PieceResult(piece.path, ctx.tags, units, findings, silenced, names,
                        parts)


def _remap(state: tuple, task: tuple[str, int, int]) -> object:
    """Stage 2: map one slice again, for a check that needs the names of the whole
    corpus, which its piece did not all hold."""
    items, ctx = state
    check_id, start, stop = task
    return CHECKS[check_id].map_corpus(_Slice(items, start, stop), ctx)


def unit_findings(items: Sequence[Located], checks: list[Check], ctx: CheckContext
                  ) -> list[Finding]:
    """What the per-unit *checks* find in *items*.  A check with hints looks only at the
    units its hints pick -- always: found by one scan over all the units' texts, or,
    where a hint picks most units anyway, tested unit by unit."""
    joined = _JoinedTexts(items)
    sample = _JoinedTexts(items[:_SAMPLE])
    every_unit: list[Check] = []
    unit_by_unit: list[tuple[Check, tuple[tuple[str, re.Pattern[str], bool], ...]]] = []
    findings: list[Finding] = []
    for check in checks:
        hints = check.hints(ctx)
        if not hints:
            every_unit.append(check)
        # A hint that picks most units (digits, in a text full of numbers) saves nothing
        # as a joined scan: it is tested unit by unit below.
        elif len(items) > 2 * _SAMPLE and \
                len(sample.units_matching(hints)) > _SAMPLE // 2:
            unit_by_unit.append((check, tuple((h.side, h.pattern, h.lowered) for h in hints)))
        else:
            for index in sorted(joined.units_matching(hints)):
                findings.extend(check.check_unit(items[index], ctx))
    for item in items:
        for check in every_unit:
            findings.extend(check.check_unit(item, ctx))
        for check, hints in unit_by_unit:
            if _hinted(item.unit, hints):
                findings.extend(check.check_unit(item, ctx))
    return findings


def _hinted(unit: Unit, hints: tuple[tuple[str, re.Pattern[str], bool], ...]) -> bool:
    """Whether one of *hints* (side, pattern, lowered) matches *unit*: what the joined
    scan tests, for one unit."""
    for side, pattern, lower in hints:
        text = (unit.source if side == "source" else unit.target) or ""
        if pattern.search(lowered(text) if lower else text):
            return True
    return False


_SAMPLE = 200


class _JoinedTexts:
    """The sources, or the targets, of many units joined by line breaks into one text
    (lowered on request), so that a hint is one regex scan instead of one per unit.
    A match that runs over a line break only picks a unit too many, which is harmless."""

    def __init__(self, items: Sequence[Located]) -> None:
        self.items = items
        self._joined: dict[tuple[str, bool], str] = {}
        self._starts: dict[str, list[int]] = {}
        self._matches: dict[tuple, set[int]] = {}

    def _side(self, side: str) -> list[str]:
        return texts(self.items, side)

    def _text(self, side: str, lower: bool) -> str:
        if (side, lower) not in self._joined:
            if lower:
                text = self._text(side, False).lower()
                if len(text) != len(self._text(side, False)):
                    text = "\n".join(lowered(t) for t in self._side(side))
            else:
                parts = self._side(side)
                text = "\n".join(parts)
                self._starts[side] = [0, *itertools.accumulate(len(t) + 1 for t in parts)]
            self._joined[side, lower] = text
        return self._joined[side, lower]

    def units_matching(self, hints: tuple[Hint, ...]) -> set[int]:
        found: set[int] = set()
        for hint in hints:
            # Checks may share a hint ("%" for printf and Python placeholders): each is
            # scanned for once.
            key = (hint.side, hint.lowered, hint.pattern)
            if key not in self._matches:
                self._matches[key] = self._scan(hint)
            found |= self._matches[key]
        return found

    def _scan(self, hint: Hint) -> set[int]:
        found: set[int] = set()
        text = self._text(hint.side, hint.lowered)
        starts = self._starts[hint.side]
        position = 0
        while (match := hint.pattern.search(text, position)) is not None:
            index = bisect.bisect_right(starts, match.start()) - 1
            found.add(index)
            position = starts[index + 1]        # on to the next unit
        return found


class _PieceUnits(list):
    """The units of one piece; the checks' scans and maps ask for their texts often."""

    def __init__(self, items) -> None:
        super().__init__(items)
        self._texts: dict[str, list[str]] = {}

    def texts(self, side: str) -> list[str]:
        if side not in self._texts:
            self._texts[side] = [getattr(item.unit, side) or "" for item in self]
        return self._texts[side]


class _Slice(Sequence[Located]):
    """Units start..stop of a run's units, indexed from 0."""

    def __init__(self, items: _Units, start: int, stop: int) -> None:
        self.units, self.start, self.stop = items, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    def __getitem__(self, index: int) -> Located:
        return self.units[self.start + index]

    def texts(self, side: str) -> list[str]:
        return self.units.texts(side)[self.start:self.stop]


def _map(function, tasks: list, jobs: int, state: tuple) -> list:
    """*function(state, task)* over *tasks*, in order, in up to *jobs* processes that
    share *state* (see :mod:`l10nflow.parallel`)."""
    return list(imap(function, tasks, jobs, shared=state))


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
               baseline: tuple[set[str], Path] | None = None, jobs: int = 1) -> CheckRun:
    """Run the checks *config* selects over the PO, XLIFF and TMX files in *paths*: the
    one entry point (``check``, and any command that wants findings, call it).

    Each store is checked in its own languages (from the file, unless *config* sets
    ``source_lang``/``target_lang``); a check runs only on the pairs it declares.
    Files (or pieces of a large PO) are shared out to *jobs* processes when the input is
    large; each is read, checked unit by unit, searched for names and mapped for every
    corpus-wide check.  The parent reduces the maps per language pair, after mapping
    again the pieces that lacked some of the corpus names a check needs.  The findings
    are the same for any *jobs*.
    """
    with _without_gc():
        return _run_checks(paths, config, baseline, jobs)


def _run_checks(paths: Sequence[str | Path], config: CheckConfig,
                baseline: tuple[set[str], Path] | None, jobs: int) -> CheckRun:
    # every store format l10nflow reads (SDLXLIFF and memoQ's .mqxliff are XLIFF; a TMX
    # named on the command line is checked too)
    files = store_files(paths)
    if not files:
        raise InputError("no PO or XLIFF files to check", paths[0] if paths else None,
                         hint="give files or folders, e.g. `l10nflow check locales`")
    run = CheckRun(files=len(files), checks=config.selected())
    checks = [CHECKS[i] for i in run.checks]
    ctx = CheckContext(config)
    if jobs > 1 and sum(f.stat().st_size for f in files) < PARALLEL_MIN_BYTES:
        jobs = 1
    pieces = [piece for path in files for piece in
              format_for_path(path).pieces(path, 3 * jobs if jobs > 1 else 1)]
    corpus_checks = [c for c in checks if c.corpus_wide]
    unit_checks = [c for c in checks if not c.corpus_wide]
    results = _map(_check_piece, pieces, jobs, (unit_checks, corpus_checks, ctx))

    findings: list[Finding] = []
    silenced: dict[tuple[str, str], set[str] | None] = {}
    by_pair: dict[tuple[str, str], list[_PieceResult]] = {}
    for result in results:
        findings += result.findings
        silenced.update(((str(result.path), key), ids) for key, ids in result.silenced.items())
        by_pair.setdefault(result.languages, []).append(result)
        run.units += len(result.units)
    for (path, key), ids in sorted(silenced.items(), key=lambda item: item[0]):
        for unknown in sorted((ids or set()) - set(CHECKS)):
            run.warnings.append(f"{path}: unit {key}: l10nflow-ignore names an unknown "
                                f"check {unknown!r} (`l10nflow checks` lists them)")
    run.languages = sorted(by_pair)
    for pair, group in by_pair.items():
        pair_ctx = ctx.for_languages(*pair)
        pair_checks = applicable(corpus_checks, pair_ctx)
        if pair_checks:
            findings += _corpus_findings(pair_checks, group, pair_ctx, jobs)

    for finding in findings:
        ids = silenced.get((str(finding.path), finding.unit), set())
        if ids is None or finding.check in ids:
            run.suppressed += 1
        elif baseline and finding.fingerprint(baseline[1]) in baseline[0]:
            run.baselined += 1
        else:
            run.findings.append(finding)
    run.findings.sort(key=lambda f: (str(f.path), f.line or 0, f.check, f.message))
    return run


# What a unit carries to the corpus stage from another process: the fields checks read
# (texts, state, notes, flags, plural forms, codes), not what only writing the file back
# needs (references, other tools' comments, the reader's bookkeeping).  Lists and dicts,
# nearly always empty, travel as None when empty.
_SCALARS = ("key", "source", "target", "line", "state", "confidence", "bead", "article",
            "source_plural", "translatable")
_COLLECTIONS = ("notes", "flags", "target_plurals", "codes")


class _UnitBatch(list):
    """The units of one piece as the parent gets them: the units themselves in one
    process; passed to another process, as columns of the fields checks read (a fraction
    of the cost of pickling each unit), built back into units on demand."""

    def __reduce__(self):
        return _ColumnUnits, ({f: list(map(attrgetter(f), self)) for f in _SCALARS},
                              {f: [v or None for v in map(attrgetter(f), self)]
                               for f in _COLLECTIONS})

    def column(self, field: str) -> list:
        return list(map(attrgetter(field), self))


class _ColumnUnits(Sequence[Unit]):
    """Units as columns of their fields; a unit is built when first asked for."""

    def __init__(self, scalars: dict[str, list], collections: dict[str, list]) -> None:
        self.scalars, self.collections = scalars, collections
        self._built: dict[int, Unit] = {}

    def __len__(self) -> int:
        return len(self.scalars["key"])

    def __getitem__(self, index: int) -> Unit:
        unit = self._built.get(index)
        if unit is None:
            fields = {f: column[index] for f, column in self.scalars.items()}
            fields.update((f, column[index]) for f, column in self.collections.items()
                          if column[index] is not None)
            unit = self._built[index] = Unit(**fields)
        return unit

    def column(self, field: str) -> list:
        return self.scalars[field]


class _Units(Sequence[Located]):
    """Every unit of one language pair of a run, as stage 1 handed them back, with their
    files; the corpus stage asks for units by index and for columns of texts."""

    def __init__(self) -> None:
        self.batches: list[tuple[int, Path, Sequence[Unit]]] = []
        self._starts: list[int] = []
        self._length = 0
        self._texts: dict[str, list[str]] = {}

    def add(self, result: _PieceResult) -> None:
        self._starts.append(self._length)
        self.batches.append((self._length, result.path, result.units))
        self._length += len(result.units)
        self._texts.clear()

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> Located:
        start, path, units = self.batches[bisect.bisect_right(self._starts, index) - 1]
        return Located(units[index - start], path)

    def texts(self, side: str) -> list[str]:
        if side not in self._texts:
            self._texts[side] = [text or "" for _, _, units in self.batches
                                 for text in units.column(side)]
        return self._texts[side]


def _corpus_findings(checks: list[Check], results: list[_PieceResult], ctx: CheckContext,
                     jobs: int) -> list[Finding]:
    """Reduce each corpus-wide check over the parts its pieces mapped (the pieces of one
    language pair), after mapping again (stage 2) the pieces that lacked some of the
    corpus names a check needs."""
    items = _Units()
    starts: list[int] = []
    names: set[str] = set()
    for result in results:
        starts.append(len(items))
        items.add(result)
        names |= result.names
    ctx.sources, ctx.targets = items.texts("source"), items.texts("target")
    ctx.set_corpus_names(names)
    stale = [(check.id, number) for check in checks if check.needs_corpus
             for number, result in enumerate(results) if result.names != names]
    tasks = [(check_id, starts[n], starts[n] + len(results[n].units)) for check_id, n in stale]
    if len(items) < PARALLEL_MIN_UNITS:
        jobs = 1
    for (check_id, number), part in zip(stale, _map(_remap, tasks, jobs, (items, ctx)),
                                        strict=True):
        results[number].parts[check_id] = part
    findings: list[Finding] = []
    for check in checks:
        parts = [(start, result.parts[check.id]) for start, result in
                 zip(starts, results, strict=True)]
        findings += check.reduce_corpus(parts, items, ctx)
    return findings


def load_baseline(path: Path) -> tuple[set[str], Path]:
    """The fingerprints a baseline file records, and the folder its paths are relative to
    (the baseline's own folder, so that it works from any working folder)."""
    try:
        data = json.loads(read_text(path))
        if data.get("version") != 2:
            raise ValueError("an older baseline format; write it again with "
                             "--write-baseline")
        return {e["fingerprint"] for e in data["findings"]}, path.parent
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"not an l10nflow baseline file ({exc})", path,
                         hint="write one with `l10nflow check --write-baseline FILE`") from None


def write_baseline(path: Path, findings: list[Finding]) -> None:
    """Record *findings*: each by its fingerprint, with where and what for a reader."""
    base = path.parent
    entries = [{"fingerprint": f.fingerprint(base), "check": f.check,
                "file": Path(os.path.relpath(f.path.resolve(), base.resolve())).as_posix(),
                "unit": excerpt(f.unit, 80), "message": f.message} for f in findings]
    atomic_write_text(path, json.dumps({"version": 2, "findings": entries},
                                       ensure_ascii=False, indent=1) + "\n")
