"""Exports for CAT and MT tools: TMX 1.4b, TSV, CSV, JSONL and Moses parallel text.

Stores are read one file at a time and units are written as they come, so memory stays
flat however large the collection.  De-duplication keeps the first occurrence of each
(source, target) pair and counts the others; the counts live in a temporary SQLite
table on disk, not in memory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .choices import DEFAULT_QA, EXPORT_FORMATS
from .errors import InputError, OutputError
from .formats import Store, all_formats, format_for_path, read_store
from .formats.tmx import TmxMarkup, tmx_date
from .formats.xliff import region_code
from .fsutil import atomic_output, remove_stale, scratch_name
from .furniture import KINDS as FURNITURE_KINDS
from .model import State, Unit
from .parallel import imap, stable_hash

if TYPE_CHECKING:
    from .checks import CheckConfig
    from .qagate import QaGate

__all__ = ["DEFAULT_QA", "EXPORT_FORMATS", "ExportOptions", "ExportReport", "export", "iter_stores"]


@dataclass(frozen=True)
class ExportOptions:
    """Which units go into an export.

    ``exclude_fuzzy`` drops pairs still marked for review; ``only_reviewed`` keeps only
    pairs a human reviewed or signed off; ``include_unmatched`` keeps 1-0 and 0-1 text
    (off by default: a memory of half-pairs misleads MT training); ``swap`` writes an
    en->vi memory; ``qa`` leaves out units with QA findings at or above that severity
    (``error``, ``warning``; ``none`` runs no checks); ``include_furniture`` keeps
    newsroom furniture (bylines, captions, teasers: off by default, they are not
    translations anyone wants suggested).
    """

    min_confidence: float | None = None
    exclude_fuzzy: bool = True
    only_reviewed: bool = False
    include_unmatched: bool = False
    dedupe: bool = True
    swap: bool = False
    qa: str = DEFAULT_QA
    include_furniture: bool = False

    def keep(self, unit: Unit) -> bool:
        if unit.obsolete or not unit.translatable:    # translate="no": not a translation
            return False
        if unit.kind in FURNITURE_KINDS and not self.include_furniture:
            return False
        if not (unit.source and unit.target) and not self.include_unmatched:
            return False
        if self.exclude_fuzzy and unit.state is State.NEEDS_REVIEW:
            return False
        if self.only_reviewed and not unit.state.is_human:
            return False
        return not (self.min_confidence is not None and unit.confidence is not None
                    and unit.confidence < self.min_confidence)


@dataclass
class ExportReport:
    files: int = 0
    read: int = 0
    written: int = 0
    duplicates: int = 0
    filtered: int = 0           # left out by the options' filters
    qa_left_out: int = 0        # left out by the QA gate (units that passed the filters)
    qa_by_check: Counter[str] = field(default_factory=Counter)   # check id -> units


def store_files(paths: Sequence[str | Path]) -> list[Path]:
    """The store files named, or found (sorted) under the folders named."""
    extensions = tuple(ext for fmt in all_formats() for ext in fmt.extensions
                       if fmt.name != "tmx")
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.name.lower().endswith(extensions))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such file or folder", path)
    return files


def iter_stores(paths: Sequence[str | Path]) -> Iterator[tuple[Path, Store]]:
    """Read every store file named, or found (sorted) under the folders named."""
    for file in store_files(paths):
        yield file, read_store(file)


def _units(store: Store, options: ExportOptions) -> Iterator[Unit]:
    """The units of *store* that pass the filters."""
    for unit in store.units:
        if not options.keep(unit):
            continue
        if unit.article is None:
            unit.article = store.article
        if options.swap:
            unit = replace(unit, source=unit.target, target=unit.source)
        yield unit


def _pair_hash(unit: Unit) -> int:
    """64-bit hash of the pair, the same in every reader process (see
    :func:`l10nflow.parallel.stable_hash`)."""
    return stable_hash(unit.source, unit.target)


@dataclass
class _FileRecords:
    """What reading one file gives the export: (pair hash, rendered record) of each unit
    kept, how many units were read and how many passed the filters, what the QA gate
    left out of those (units per check id), and the file's (source, target) languages."""

    records: list[tuple[int, str]]
    read: int
    passed: int
    gated: int
    gated_by_check: Counter[str]
    languages: tuple[str, str]


def _file_records(shared: tuple[ExportOptions, _Renderer, QaGate | None], path: Path
                  ) -> _FileRecords:
    options, renderer, gate = shared
    store = read_store(path)
    date = tmx_date(store.metadata.get("PO-Revision-Date"))
    count = COUNT if options.dedupe else None
    records: list[tuple[int, str]] = []
    by_check: Counter[str] = Counter()
    passed = gated = 0
    for unit in _units(store, options):
        passed += 1
        reasons = None if gate is None else \
            gate.reasons(path, unit.key, unit.target if options.swap else unit.source)
        if reasons:
            gated += 1
            by_check.update(reasons)
            continue
        records.append((_pair_hash(unit), renderer.render(unit, date, count)))
    return _FileRecords(records, len(store.units), passed, gated, by_check,
                        (store.source_lang, store.target_lang))


def _records(files: list[Path], options: ExportOptions, renderer: _Renderer, jobs: int,
             report: ExportReport, gate: QaGate | None, languages: _Languages
             ) -> Iterator[tuple[int, str]]:
    """Records of all files in order, read by up to *jobs* processes.

    At most two files per process are in flight, so memory stays bounded when
    reading outruns writing.
    """
    workers = jobs if len(files) >= 4 else 1     # a pool costs more than a few files
    for path, result in zip(files, imap(_file_records, files, workers,
                                        shared=(options, renderer, gate)), strict=True):
        languages.agree(path, result.languages)
        report.files += 1
        report.read += result.read
        report.filtered += result.read - result.passed
        report.qa_left_out += result.gated
        report.qa_by_check.update(result.gated_by_check)
        yield from result.records


class _Languages:
    """The languages an export labels its sides with: those given, else the first
    file's.  Every file must hold the same pair (a memory has one), unless both sides
    were given, which then label every file."""

    def __init__(self, files: list[Path], source: str | None, target: str | None) -> None:
        self.given = (source, target)
        if source is None or target is None:
            first_source, first_target = format_for_path(files[0]).languages(files[0])
            source, target = source or first_source, target or first_target
        self.first = files[0]
        self.source, self.target = source, target

    def agree(self, path: Path, found: tuple[str, str]) -> None:
        for side, given, expected, actual in zip(("source", "target"), self.given,
                                                  (self.source, self.target), found,
                                                  strict=True):
            if given is None and _tag(actual) != _tag(expected):
                raise InputError(
                    f"its {side} language is {actual}, but {self.first} (the first file "
                    f"of this export) says {expected}: a memory holds one language pair",
                    path, hint="export each language pair on its own, or say which "
                               "languages to write with --source-lang/--target-lang")


def _tag(lang: str) -> str:
    """``vi``, ``vi_VN``, ``VI-vn`` -> ``vi-vn``: one spelling of a language to compare."""
    return region_code(lang).lower()


# In a rendered record this character stands for the occurrence count, filled in once
# de-duplication has counted every pair.  Unit text never holds it (see _plain).
COUNT = "\x00"


_SCRATCH = ".l10nflow-export."


class _Deduper:
    """First occurrence of each pair, with its count, in flat memory.

    Pass one renders every unit into a spool file (each record after a line with its
    length, in input order: a record may hold line breaks, so lines cannot frame
    records) and counts pairs by an 8-byte hash in a temporary SQLite table.  Pass two
    walks the table's first occurrences in input order alongside the spool.  Both live
    on disk, so memory does not grow with the number of units.
    """

    def __init__(self, where: Path) -> None:
        """Scratch space goes in *where* (the output's folder, which has room for the
        output anyway), as ``.l10nflow-export.<pid>.<random>``; a killed run's folder is
        removed by the next export to the same place."""
        where.mkdir(parents=True, exist_ok=True)
        remove_stale(where, _SCRATCH)
        self.folder = tempfile.mkdtemp(prefix=scratch_name(_SCRATCH), dir=where)
        try:
            self.db = sqlite3.connect(os.path.join(self.folder, "pairs.sqlite"))
            self.db.execute("PRAGMA journal_mode=OFF")
            self.db.execute("PRAGMA synchronous=OFF")
            # A fixed page cache (32 MiB) keeps the random-order inserts off the disk for
            # about two million pairs; beyond that SQLite pages, and memory stays put.
            self.db.execute("PRAGMA cache_size=-32768")
            self.db.execute("CREATE TABLE pairs (hash INTEGER PRIMARY KEY, seq INTEGER, "
                            "n INTEGER)")
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.spool_path = os.path.join(self.folder, "records.txt")

    def add_all(self, records: Iterable[tuple[int, str]]) -> None:
        insert = ("INSERT INTO pairs VALUES (?, ?, 1) "
                  "ON CONFLICT(hash) DO UPDATE SET n = n + 1")
        batch: list[tuple[int, int]] = []
        lines: list[str] = []
        with open(self.spool_path, "w", encoding="utf-8", newline="\n") as spool:
            for seq, (digest, record) in enumerate(records):
                batch.append((digest, seq))
                lines.append(f"{len(record)}\n{record}")
                if len(batch) >= 20000:
                    self.db.executemany(insert, batch)
                    spool.write("".join(lines))
                    batch.clear()
                    lines.clear()
            self.db.executemany(insert, batch)
            spool.write("".join(lines))

    def __iter__(self) -> Iterator[str]:
        with open(self.spool_path, encoding="utf-8", newline="\n") as spool:
            position, record = -1, ""
            for seq, count in self.db.execute("SELECT seq, n FROM pairs ORDER BY seq"):
                while position < seq:
                    record = spool.read(int(spool.readline()))
                    position += 1
                yield record.replace(COUNT, str(count))

    def close(self) -> None:
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def export(paths: Sequence[str | Path], output: str | Path, fmt: str,
           options: ExportOptions = ExportOptions(), source_lang: str | None = None,
           target_lang: str | None = None, jobs: int = 1,
           check_config: CheckConfig | None = None) -> ExportReport:
    """Export the units of the stores under *paths* to *output* in *fmt*.

    For ``moses`` *output* is a prefix: ``OUT.vi`` and ``OUT.en`` are written.  ``jobs``
    processes read the stores; the output is the same for any number.  The sides are
    labelled with the stores' languages (PO ``Language`` and ``X-Source-Language``,
    XLIFF's language attributes) unless *source_lang*/*target_lang* say otherwise.
    Units with QA findings at or above ``options.qa`` are left out (the checks run
    with *check_config*, default: the project's configuration).
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    files = store_files(paths)
    if not files:
        raise InputError("no PO or XLIFF files found", paths[0] if paths else None,
                         hint="give store files or folders such as locales/")
    languages = _Languages(files, source_lang, target_lang)
    source_lang, target_lang = languages.source, languages.target
    if options.swap:
        source_lang, target_lang = target_lang, source_lang
    report = ExportReport()
    renderer = _RENDERERS[fmt](source_lang, target_lang)
    # imported here: the checks import this module (for store_files)
    from .qagate import build_gate
    qa_gate = build_gate(files, options.qa, check_config, jobs)
    records = _records(files, options, renderer, jobs, report, qa_gate, languages)
    with ExitStack() as stack:
        lines: Iterable[str]
        if options.dedupe:
            try:
                deduper = _Deduper(Path(output).parent)
                stack.callback(deduper.close)
                deduper.add_all(records)
            except (OSError, sqlite3.Error) as exc:   # scratch space beside the output
                raise OutputError(f"cannot write the scratch files beside the output: {exc}",
                                  output, hint="free some disk space, or check the "
                                               "folder") from None
            lines = deduper
        else:
            lines = (record for _, record in records)
        report.written = renderer.write(Path(output), lines)
    report.duplicates = report.read - report.filtered - report.qa_left_out - report.written
    return report


def _plain(text: str) -> str:
    return text.replace(COUNT, "\ufffd") if COUNT in text else text


class _Renderer:
    """Turns a unit into one line of output; ``write`` puts the lines in a file."""

    def __init__(self, source_lang: str, target_lang: str) -> None:
        self.source_lang, self.target_lang = source_lang, target_lang

    def render(self, unit: Unit, date: str | None, count: str | None) -> str:
        raise NotImplementedError

    def header(self) -> str:
        return ""

    def footer(self) -> str:
        return ""

    def write(self, output: Path, lines: Iterable[str]) -> int:
        written = 0
        with atomic_output(output) as out:
            out.write(self.header().encode("utf-8"))
            chunk: list[str] = []
            for line in lines:
                chunk.append(line)
                written += 1
                if len(chunk) >= 5000:
                    out.write("".join(chunk).encode("utf-8"))
                    chunk.clear()
            out.write(("".join(chunk) + self.footer()).encode("utf-8"))
        return written


class _Tmx(_Renderer):
    def __init__(self, source_lang: str, target_lang: str) -> None:
        super().__init__(source_lang, target_lang)
        self.tmx = TmxMarkup(source_lang, target_lang)

    def render(self, unit, date, count):
        return self.tmx.tu(unit, count, date)

    def header(self) -> str:
        return self.tmx.header()

    def footer(self) -> str:
        return self.tmx.footer()


_COLUMNS = ["source", "target", "article", "key", "bead", "confidence", "state", "occurrences"]


def _fields(unit: Unit, count: str | None) -> list[str]:
    return [_plain(unit.source), _plain(unit.target), unit.article or "", unit.key,
            unit.bead or "", f"{unit.confidence:.3f}" if unit.confidence is not None else "",
            unit.state.value, count or "1"]


class _Tsv(_Renderer):
    def header(self) -> str:
        return "\t".join(_COLUMNS) + "\n"

    def render(self, unit, date, count):
        return "\t".join(_clean(v) for v in _fields(unit, count)) + "\n"


class _Csv(_Renderer):
    def header(self) -> str:
        return ",".join(_COLUMNS) + "\r\n"

    def render(self, unit, date, count):
        out = io.StringIO()
        # CRLF line ends, as RFC 4180 has them: the writer then quotes a field with a raw CR
        # too (with "\n" it quoted only LF, and a reader split the row at the CR)
        csv.writer(out, lineterminator="\r\n").writerow(_fields(unit, count))
        return out.getvalue()


class _Jsonl(_Renderer):
    def render(self, unit, date, count):
        record = {"source": _plain(unit.source), "target": _plain(unit.target),
                  "source_lang": self.source_lang, "target_lang": self.target_lang,
                  "article": unit.article, "key": unit.key, "bead": unit.bead,
                  "confidence": unit.confidence, "state": unit.state.value,
                  "occurrences": 0}
        return json.dumps(record, ensure_ascii=False).replace(
            '"occurrences": 0}', f'"occurrences": {count or 1}}}') + "\n"


class _Moses(_Renderer):
    """Two line-aligned files, OUT.<source-lang> and OUT.<target-lang>."""

    def render(self, unit, date, count):
        return f"{_one_line(unit.source)}\x1f{_one_line(unit.target)}\n"

    def write(self, output: Path, lines: Iterable[str]) -> int:
        written = 0
        source_path = output.with_name(f"{output.name}.{self.source_lang.split('-')[0]}")
        target_path = output.with_name(f"{output.name}.{self.target_lang.split('-')[0]}")
        with atomic_output(source_path) as out_src, atomic_output(target_path) as out_tgt:
            for line in lines:
                source, _, target = line.partition("\x1f")
                out_src.write(f"{source}\n".encode())
                out_tgt.write(target.encode("utf-8"))
                written += 1
        return written


def _clean(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") \
        .replace("\r", "\\r")


def _one_line(text: str) -> str:
    return " ".join(_plain(text).replace("\x1f", " ").split())


_RENDERERS = {"tmx": _Tmx, "tsv": _Tsv, "csv": _Csv, "jsonl": _Jsonl, "moses": _Moses}
