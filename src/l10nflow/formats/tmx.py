"""TMX 1.4b translation memories: a store format (for ``convert``) and a streaming writer
(for ``export tmx``, where memory must stay flat for millions of units).

Each pair is a ``<tu tuid="KEY">`` with two ``<tuv xml:lang>`` (``vi-VN``, ``en-US``) and
props: ``x-l10nflow-article``, ``x-l10nflow-bead``, ``x-l10nflow-confidence``,
``x-l10nflow-state`` and, after de-duplication, ``x-l10nflow-occurrences``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from .. import __version__
from ..errors import InputError
from ..model import State, Unit
from .base import Store, StoreFormat, register
from .xliff import XML_LANG, base_code, region_code
from .xmlsafe import parse_xml

__all__ = ["TmxFormat", "TmxMarkup", "TmxWriter", "tmx_date"]

PROP = "x-l10nflow-"


def tmx_date(value: str | None) -> str | None:
    """``2024-11-12 00:00+0000`` (a PO date) -> ``20241112T000000Z``; None if unusable."""
    if not value or len(value) < 10 or not value[:4].isdigit():
        return None
    digits = value[:16].replace("-", "").replace(":", "").replace(" ", "T")
    if len(digits) == 8:
        digits += "T0000"
    return digits[:13] + "00Z" if len(digits) >= 13 else None


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    """Escape character data; characters XML 1.0 cannot hold become U+FFFD."""
    if not _NEEDS_ESCAPE.search(value):
        return value
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return _INVALID_XML.sub("\ufffd", value)


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


class TmxMarkup:
    """The text of a TMX document's parts: header, one ``<tu>`` per unit, footer.

    The markup is made directly rather than through lxml's incremental writer:
    building an element tree per ``<tu>`` cost 17 µs a unit, most of an export's time;
    every file written is checked against the TMX 1.4 DTD in the tests.
    """

    def __init__(self, source_lang: str, target_lang: str,
                 creation_date: str | None = None) -> None:
        self.source = region_code(source_lang)
        self.target = region_code(target_lang)
        self.creation_date = creation_date

    def header(self) -> str:
        header = {"creationtool": "l10nflow", "creationtoolversion": __version__,
                  "segtype": "sentence", "o-tmf": "l10nflow", "adminlang": "en-US",
                  "srclang": self.source, "datatype": "plaintext"}
        if self.creation_date:
            header["creationdate"] = self.creation_date
        attrs = " ".join(f'{k}="{_attr(v)}"' for k, v in header.items())
        return ("<?xml version='1.0' encoding='UTF-8'?>\n"
                '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
                f"  <header {attrs}/>\n  <body>\n")

    @staticmethod
    def footer() -> str:
        return "  </body>\n</tmx>\n"

    def tu(self, unit: Unit, occurrences: str | None = None, date: str | None = None) -> str:
        """One ``<tu>`` as text (a line); *occurrences* goes into its count prop."""
        parts = [f'    <tu tuid="{_attr(unit.key)}"']
        if date:
            parts.append(f' creationdate="{date}"')
        parts.append(">")
        if unit.article:
            parts.append(f'<prop type="{PROP}article">{_text(unit.article)}</prop>')
        if unit.bead:
            parts.append(f'<prop type="{PROP}bead">{unit.bead}</prop>')
        if unit.confidence is not None:
            parts.append(f'<prop type="{PROP}confidence">{unit.confidence:.3f}</prop>')
        parts.append(f'<prop type="{PROP}state">{unit.state.value}</prop>')
        if occurrences:
            parts.append(f'<prop type="{PROP}occurrences">{occurrences}</prop>')
        for note in unit.notes:
            parts.append(f"<note>{_text(note)}</note>")
        parts += [f'<tuv xml:lang="{self.source}"><seg>', _text(unit.source), "</seg></tuv>",
                  f'<tuv xml:lang="{self.target}"><seg>', _text(unit.target),
                  "</seg></tuv></tu>\n"]
        return "".join(parts)



class TmxWriter(TmxMarkup):
    """Write TMX to a binary stream incrementally, so memory stays flat.

    >>> with open("memory.tmx", "wb") as out, TmxWriter(out, "vi", "en") as tmx:  # doctest: +SKIP
    ...     tmx.write(unit)
    """

    def __init__(self, stream: BinaryIO, source_lang: str, target_lang: str,
                 creation_date: str | None = None) -> None:
        super().__init__(source_lang, target_lang, creation_date)
        self.stream = stream
        self.count = 0
        self._buffer: list[str] = []

    def __enter__(self) -> TmxWriter:
        self._buffer.append(self.header())
        return self

    def write(self, unit: Unit, occurrences: int | None = None, date: str | None = None
              ) -> None:
        self._buffer.append(self.tu(unit, str(occurrences) if occurrences else None, date))
        self.count += 1
        if len(self._buffer) >= 2000:
            self._flush()

    def _flush(self) -> None:
        self.stream.write("".join(self._buffer).encode("utf-8"))
        self._buffer.clear()

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self._buffer.append(self.footer())
        self._flush()


class TmxFormat(StoreFormat):
    """TMX 1.4b as a store: every ``<tu>`` with both languages becomes a unit."""

    name = "tmx"
    extensions = (".tmx",)

    def dumps(self, store: Store) -> bytes:
        out = io.BytesIO()
        date = tmx_date(store.metadata.get("PO-Revision-Date"))
        with TmxWriter(out, store.source_lang, store.target_lang, date) as writer:
            for unit in store.units:
                if unit.source and unit.target and not unit.obsolete:
                    writer.write(unit, date=date)
        return out.getvalue()

    def loads(self, data: bytes, path: Path | None = None) -> Store:
        root = parse_xml(data, path, "TMX file")
        if root.tag != "tmx":
            raise InputError(f"not a TMX document (root element {root.tag!r})", path,
                             root.sourceline)
        header = root.find("header")
        if header is None or root.find("body") is None:
            raise InputError("TMX file needs a <header> and a <body>", path, root.sourceline)
        source = header.get("srclang", "*all*")
        units = list(self._units(root.find("body"), source, path))
        langs = {lang for _, lang, _ in units}
        target = next(iter(sorted(langs)), "en")
        src_code = source if source != "*all*" else "vi"
        store = Store([u for u, _, _ in units], base_code(src_code, "vi"),
                      base_code(target, "en"))
        created = header.get("creationdate", "")
        if re.fullmatch(r"\d{8}T\d{6}Z", created):
            store.metadata["PO-Revision-Date"] = (
                f"{created[:4]}-{created[4:6]}-{created[6:8]} {created[9:11]}:{created[11:13]}"
                "+0000")
        articles = {u.article for u in store.units if u.article}
        store.article = next(iter(articles)) if len(articles) == 1 else None
        return store

    def _units(self, body, source: str, path) -> Iterable[tuple[Unit, str, int]]:
        for number, tu in enumerate(body.iterfind("tu"), start=1):
            variants = [(tuv.get(XML_LANG) or tuv.get("lang") or "",
                         "".join(tuv.find("seg").itertext()) if tuv.find("seg") is not None
                         else "") for tuv in tu.iterfind("tuv")]
            if len(variants) < 2:
                continue
            src = next((v for v in variants if _same_lang(v[0], source)), variants[0])
            tgt = next((v for v in variants if v is not src), None)
            props = {p.get("type", ""): p.text or "" for p in tu.iterfind("prop")}
            unit = Unit(key=tu.get("tuid") or f"tu{number}", source=src[1],
                        target=tgt[1], line=tu.sourceline,
                        article=props.get(PROP + "article") or None,
                        bead=props.get(PROP + "bead") or None,
                        notes=[n.text or "" for n in tu.iterfind("note")])
            if props.get(PROP + "confidence"):
                try:
                    unit.confidence = float(props[PROP + "confidence"])
                except ValueError:
                    raise InputError("x-l10nflow-confidence is not a number", path,
                                     tu.sourceline) from None
            try:
                unit.state = State(props.get(PROP + "state", "translated"))
            except ValueError:
                unit.state = State.TRANSLATED
            yield unit, tgt[0], number


def _same_lang(a: str, b: str) -> bool:
    return a.lower().split("-")[0] == b.lower().split("-")[0]


TMX = register(TmxFormat())
