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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError, OutputError
from .formats import FORMATS, Store, format_for_path, read_store
from .formats.tmx import TmxMarkup, tmx_date
from .fsutil import atomic_output, remove_stale, scratch_name
from .model import State, Unit
from .parallel import imap, stable_hash

__all__ = ["EXPORT_FORMATS", "ExportOptions", "ExportReport", "export", "iter_stores"]

EXPORT_FORMATS = ("tmx", "tsv", "csv", "jsonl", "moses")


@dataclass(frozen=True)
class ExportOptions:
    """Which units go into an export.

    ``exclude_fuzzy`` drops pairs still marked for review; ``only_reviewed`` keeps only
    pairs a human reviewed or signed off; ``include_unmatched`` keeps 1-0 and 0-1 text
    (off by default: a memory of half-pairs misleads MT training); ``swap`` writes an
    en->vi memory.
    """

    min_confidence: float | None = None
    exclude_fuzzy: bool = True
    only_reviewed: bool = False
    include_unmatched: bool = False
    dedupe: bool = True
    swap: bool = False

    def keep(self, unit: Unit) -> bool:
        if unit.obsolete or not unit.translatable:    # translate="no": not a translation
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
    filtered: int = 0


def store_files(paths: Sequence[str | Path]) -> list[Path]:
    """The store files named, or found (sorted) under the folders named."""
    extensions = tuple(ext for fmt in FORMATS.values() for ext in fmt.extensions
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


def _file_records(shared: tuple[ExportOptions, _Renderer], path: Path
                  ) -> tuple[list[tuple[int, str]], int]:
    """(pair hash, rendered record) for the kept units of one file, and units read."""
    options, renderer = shared
    store = read_store(path)
    date = tmx_date(store.metadata.get("PO-Revision-Date"))
    count = COUNT if options.dedupe else None
    return ([(_pair_hash(u), renderer.render(u, date, count)) for u in _units(store, options)],
            len(store.units))


def _records(files: list[Path], options: ExportOptions, renderer: _Renderer, jobs: int,
             report: ExportReport) -> Iterator[tuple[int, str]]:
    """Records of all files in order, read by up to *jobs* processes.

    At most two files per process are in flight, so memory stays bounded when
    reading outruns writing.
    """
    workers = jobs if len(files) >= 4 else 1     # a pool costs more than a few files
    for records, read in imap(_file_records, files, workers, shared=(options, renderer)):
        report.files += 1
        report.read += read
        report.filtered += read - len(records)
        yield from records


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
           target_lang: str | None = None, jobs: int = 1) -> ExportReport:
    """Export the units of the stores under *paths* to *output* in *fmt*.

    For ``moses`` *output* is a prefix: ``OUT.vi`` and ``OUT.en`` are written.  ``jobs``
    processes read the stores; the output is the same for any number.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    files = store_files(paths)
    if not files:
        raise InputError("no PO or XLIFF files found", paths[0] if paths else None,
                         hint="give store files or folders such as locales/")
    if source_lang is None or target_lang is None:
        first_source, first_target = format_for_path(files[0]).languages(files[0])
        source_lang = source_lang or first_source
        target_lang = target_lang or first_target
    if options.swap:
        source_lang, target_lang = target_lang, source_lang
    report = ExportReport()
    renderer = _RENDERERS[fmt](source_lang, target_lang)
    records = _records(files, options, renderer, jobs, report)
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
    report.duplicates = report.read - report.filtered - report.written
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
