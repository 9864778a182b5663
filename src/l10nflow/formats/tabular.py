"""TSV as a store: one unit per line, for spreadsheets and quick scripts.

Columns (a header line names them): key, source, target, state, bead, confidence,
article.  Tabs, line breaks and backslashes inside text are written as ``\\t``, ``\\n``,
``\\r``, ``\\\\``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import State, Unit
from .base import Limits, Store, StoreFormat, count_lost, register

__all__ = ["TsvFormat"]

COLUMNS = ["key", "source", "target", "state", "bead", "confidence", "article"]
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") \
        .replace("\r", "\\r")


def unescape(text: str) -> str:
    out, chars = [], iter(text)
    for char in chars:
        out.append(_ESCAPES.get(next(chars, ""), "\\") if char == "\\" else char)
    return "".join(out)


class TsvFormat(StoreFormat):
    name = "tsv"
    extensions = (".tsv",)

    def limits(self, store: Store) -> Limits:
        limits = super().limits(store)
        obsolete = sum(1 for u in store.units if u.obsolete)
        if obsolete:
            limits.dropped.append((obsolete, "obsolete (TSV has no obsolete rows)"))
        units = [u for u in store.units if not u.obsolete]
        lost = limits.lost
        count_lost(lost, units, lambda u: u.is_plural, "plural forms (only the first kept)")
        count_lost(lost, units, lambda u: u.context is not None and u.context != u.key,
                   "a PO msgctxt other than the key")
        count_lost(lost, units, lambda u: u.notes or u.comments, "notes and comments")
        count_lost(lost, units, lambda u: u.references, "source references")
        count_lost(lost, units, lambda u: u.flags, "flags (c-format, ...)")
        count_lost(lost, units, lambda u: u.previous, "the previous source (#|)")
        count_lost(lost, units, lambda u: u.codes, "inline-code markup (placeholders stay)")
        count_lost(lost, units, lambda u: not u.translatable, '"do not translate"')
        count_lost(lost, units, lambda u: u.other_targets, "other target languages")
        count_lost(lost, units, lambda u: u.extra, "format details (XLIFF states, ...)")
        if store.extra.get("po.header"):
            lost.append("the PO header")
        return limits

    def dumps(self, store: Store) -> bytes:
        lines = ["\t".join(COLUMNS)]
        for unit in store.units:
            if unit.obsolete:
                continue
            lines.append("\t".join(escape(v) for v in (
                unit.key, unit.source, unit.target, unit.state.value, unit.bead or "",
                f"{unit.confidence:.3f}" if unit.confidence is not None else "",
                unit.article or store.article or "")))
        return ("\n".join(lines) + "\n").encode("utf-8")

    def loads(self, data: bytes, path: Path | None = None) -> Store:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError("TSV file is not valid UTF-8", path,
                             data[:exc.start].count(b"\n") + 1) from None
        lines = text.split("\n")
        header = lines[0].rstrip("\r").split("\t") if lines else []
        missing = [c for c in ("source", "target") if c not in header]
        if missing:
            raise InputError(f"TSV header lacks column(s) {', '.join(missing)}", path, 1,
                             hint=f"the first line names the columns: {' '.join(COLUMNS)}")
        store = Store([])
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            cells = [unescape(c) for c in line.rstrip("\r").split("\t")]
            if len(cells) != len(header):
                raise InputError(f"expected {len(header)} tab-separated fields, found "
                                 f"{len(cells)}", path, number)
            row = dict(zip(header, cells, strict=True))
            unit = Unit(key=row.get("key") or f"row{number}", source=row["source"],
                        target=row["target"], article=row.get("article") or None,
                        bead=row.get("bead") or None, line=number)
            try:
                unit.state = State(row["state"]) if row.get("state") else (
                    State.TRANSLATED if unit.target else State.NEW)
                if row.get("confidence"):
                    unit.confidence = float(row["confidence"])
            except ValueError as exc:
                raise InputError(f"bad value: {exc}", path, number) from None
            store.units.append(unit)
        articles = {u.article for u in store.units if u.article}
        store.article = next(iter(articles)) if len(articles) == 1 else None
        return store


TSV = register(TsvFormat())
