"""Exports for CAT and MT tools: TMX 1.4b, TSV, CSV, JSONL and Moses parallel text.

Stores are read one file at a time and units are written as they come, so memory stays
flat however large the collection.  De-duplication keeps the first occurrence of each
(source, target) pair and counts the others; the counts live in a temporary SQLite
table on disk, not in memory.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .formats import FORMATS, Store, read_store
from .formats.tmx import TmxWriter, tmx_date
from .model import State, Unit

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
        if unit.obsolete:
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


def iter_stores(paths: Sequence[str | Path]) -> Iterator[tuple[Path, Store]]:
    """Read every store file named, or found (sorted) under the folders named."""
    extensions = tuple(ext for fmt in FORMATS.values() for ext in fmt.extensions
                       if fmt.name != "tmx")
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.name.lower().endswith(extensions))
            for file in found:
                yield file, read_store(file)
        elif path.is_file():
            yield path, read_store(path)
        else:
            raise InputError("no such file or folder", path)


def _units(stores: Iterable[tuple[Path, Store]], options: ExportOptions,
           report: ExportReport) -> Iterator[tuple[Unit, Store]]:
    for _, store in stores:
        report.files += 1
        for unit in store.units:
            report.read += 1
            if not options.keep(unit):
                report.filtered += 1
                continue
            if unit.article is None:
                unit.article = store.article
            if options.swap:
                unit = replace(unit, source=unit.target, target=unit.source)
            yield unit, store


class _Deduper:
    """First occurrence of each pair, with its count, via a temporary SQLite table."""

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="l10nflow-dedupe-", suffix=".sqlite")
        os.close(handle)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE pairs (hash BLOB PRIMARY KEY, seq INTEGER, n INTEGER,"
                        " unit TEXT, date TEXT)")

    def add_all(self, items: Iterable[tuple[Unit, Store]]) -> int:
        added = 0
        batch = []
        for seq, (unit, store) in enumerate(items):
            digest = hashlib.blake2b(f"{unit.source}\x00{unit.target}".encode(),
                                     digest_size=16).digest()
            batch.append((digest, seq, _pack(unit),
                          tmx_date(store.metadata.get("PO-Revision-Date"))))
            added += 1
            if len(batch) >= 5000:
                self._flush(batch)
        self._flush(batch)
        return added

    def _flush(self, batch: list) -> None:
        self.db.executemany(
            "INSERT INTO pairs VALUES (?, ?, 1, ?, ?) "
            "ON CONFLICT(hash) DO UPDATE SET n = n + 1", batch)
        batch.clear()

    def __iter__(self) -> Iterator[tuple[Unit, int, str | None]]:
        for text, count, date in self.db.execute("SELECT unit, n, date FROM pairs ORDER BY seq"):
            yield _unpack(text), count, date

    def close(self) -> None:
        self.db.close()
        os.unlink(self.path)


def _pack(unit: Unit) -> str:
    return json.dumps([unit.key, unit.source, unit.target, unit.state.value, unit.confidence,
                       unit.bead, unit.article, unit.notes], ensure_ascii=False)


def _unpack(text: str) -> Unit:
    key, source, target, state, confidence, bead, article, notes = json.loads(text)
    return Unit(key, source, target, State(state), confidence, bead, article, notes=notes)


@contextmanager
def _atomic_output(path: Path, mode: str = "wb"):
    """Write to a temporary file beside *path*, renamed over it only when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, mode, **({} if "b" in mode else {"encoding": "utf-8",
                                                                "newline": ""})) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def export(paths: Sequence[str | Path], output: str | Path, fmt: str,
           options: ExportOptions = ExportOptions(), source_lang: str | None = None,
           target_lang: str | None = None) -> ExportReport:
    """Export the units of the stores under *paths* to *output* in *fmt*.

    For ``moses`` *output* is a prefix: ``OUT.vi`` and ``OUT.en`` are written.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    report = ExportReport()
    stores = iter_stores(paths)
    first = next(stores, None)
    if first is None:
        raise InputError("no PO or XLIFF files found", paths[0] if paths else None,
                         hint="give store files or folders such as locales/")
    src = source_lang or first[1].source_lang
    tgt = target_lang or first[1].target_lang
    if options.swap:
        src, tgt = tgt, src

    def all_stores() -> Iterator[tuple[Path, Store]]:
        yield first
        yield from stores

    items = _units(all_stores(), options, report)
    with ExitStack() as stack:
        if options.dedupe:
            deduper = _Deduper()
            stack.callback(deduper.close)
            deduper.add_all(items)
            rows: Iterable[tuple[Unit, int | None, str | None]] = deduper
        else:
            rows = ((u, None, tmx_date(s.metadata.get("PO-Revision-Date"))) for u, s in items)
        _WRITERS[fmt](Path(output), rows, src, tgt, report)
    report.duplicates = report.read - report.filtered - report.written
    return report


def _write_tmx(output: Path, rows, src: str, tgt: str, report: ExportReport) -> None:
    with _atomic_output(output) as out, TmxWriter(out, src, tgt) as writer:
        for unit, count, date in rows:
            writer.write(unit, occurrences=count, date=date)
            report.written += 1


_COLUMNS = ["source", "target", "article", "key", "bead", "confidence", "state", "occurrences"]


def _row(unit: Unit, count: int | None) -> list[str]:
    return [unit.source, unit.target, unit.article or "", unit.key, unit.bead or "",
            f"{unit.confidence:.3f}" if unit.confidence is not None else "",
            unit.state.value, str(count or 1)]


def _write_tsv(output: Path, rows, src: str, tgt: str, report: ExportReport) -> None:
    with _atomic_output(output, "w") as out:
        out.write("\t".join(_COLUMNS) + "\n")
        for unit, count, _ in rows:
            out.write("\t".join(_clean(v) for v in _row(unit, count)) + "\n")
            report.written += 1


def _write_csv(output: Path, rows, src: str, tgt: str, report: ExportReport) -> None:
    with _atomic_output(output, "w") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_COLUMNS)
        for unit, count, _ in rows:
            writer.writerow(_row(unit, count))
            report.written += 1


def _write_jsonl(output: Path, rows, src: str, tgt: str, report: ExportReport) -> None:
    with _atomic_output(output, "w") as out:
        for unit, count, _ in rows:
            record = {"source": unit.source, "target": unit.target, "source_lang": src,
                      "target_lang": tgt, "article": unit.article, "key": unit.key,
                      "bead": unit.bead, "confidence": unit.confidence,
                      "state": unit.state.value, "occurrences": count or 1}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            report.written += 1


def _write_moses(output: Path, rows, src: str, tgt: str, report: ExportReport) -> None:
    base = src.split("-")[0]
    other = tgt.split("-")[0]
    source_path = output.with_name(f"{output.name}.{base}")
    target_path = output.with_name(f"{output.name}.{other}")
    with _atomic_output(source_path, "w") as out_src, _atomic_output(target_path, "w") as out_tgt:
        for unit, _, _ in rows:
            out_src.write(_one_line(unit.source) + "\n")
            out_tgt.write(_one_line(unit.target) + "\n")
            report.written += 1


def _clean(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())


_WRITERS = {"tmx": _write_tmx, "tsv": _write_tsv, "csv": _write_csv, "jsonl": _write_jsonl,
            "moses": _write_moses}
