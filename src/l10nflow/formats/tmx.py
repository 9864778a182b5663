"""TMX 1.4b translation memories: a store format (for ``convert``) and a streaming writer
(for ``export tmx``, where memory must stay flat for millions of units).

Each pair is a ``<tu tuid="KEY">`` with two ``<tuv xml:lang>`` (``vi-VN``, ``en-US``) and
props: ``x-l10nflow-article``, ``x-l10nflow-bead``, ``x-l10nflow-confidence``,
``x-l10nflow-state`` and, after de-duplication, ``x-l10nflow-occurrences``.

Reading (:class:`TmxFormat`) keeps every language of a ``<tu>``: the source is the tuv in
the ``<tu srclang>``, else the header's ``srclang``, else (``*all*``) the first tuv; the
store's target language is the first other language in document order, and the other
languages go to ``unit.other_targets`` (keyed by their tag as written; the list is in
``store.extra["tmx.targets"]``, and :func:`select_target` makes another one the target).
Inline codes (``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<hi>``, ``<ut>``) become
placeholder tokens (see :mod:`l10nflow.formats.inline`), the same token for the same code
in every language.  What other tools put on a ``<tu>`` or ``<tuv>`` (attributes, props,
notes) is kept in ``unit.extra`` under ``tmx.`` keys and written back.

Writing a store that did not come from TMX uses the text-building :class:`TmxMarkup` for
plain units; a unit with inline codes, other languages or details to keep is built with
lxml.  Codes of other formats become generic TMX elements (``<ph x>``, ``<bpt i x>`` …
``<ept i>``, ``<it pos>``) and their markup travels, with what TMX has no place for, as
JSON in a ``<prop type="x-l10nflow-data">`` (see :func:`l10nflow.formats.base.carried`).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from .. import __version__
from ..errors import InputError
from ..model import InlineCode, State, Unit
from .base import (
    Limits,
    Store,
    StoreFormat,
    apply_carried,
    carried,
    dump_carried,
    load_carried,
    notes_in_xml,
    register,
)
from .inline import PAIRED, TOKEN, CodeReader, write_inline
from .xliff import XML_LANG, base_code, region_code
from .xmlsafe import parse_xml, safe_parser

__all__ = ["TmxFormat", "TmxMarkup", "TmxWriter", "select_target", "tmx_date"]

PROP = "x-l10nflow-"
DATA = PROP + "data"            # the prop holding carried data (JSON)

# unit.extra keys of what a TMX <tu> holds beyond the unit's fields
TU_ATTR = "tmx.tu@"             # + attribute name: an attribute of the <tu>
TUV_ATTRS = "tmx.tuv@"          # + language tag: the <tuv>'s other attributes (JSON)
TUV_META = "tmx.tuv-meta@"      # + language tag: the <tuv>'s <note>s and <prop>s (JSON, XML)
CODES_OF = "tmx.codes@"         # + language tag: codes that differ in that language (JSON)
PROPS = "tmx.props"             # the <tu>'s other <prop>s (JSON list of XML)
NOTE_ATTRS = "tmx.note-attrs"   # attributes of the <tu>'s <note>s (JSON list)
ORDER = "tmx.order"             # language tags in document order, when not the usual
SOURCE_TAG = "tmx.source-lang"  # the source tuv's tag, when not the store's
TARGET_TAG = "tmx.target-lang"  # the target tuv's tag, when spelt unlike the store's
NO_TUID = "tmx.no-tuid"         # the <tu> had no tuid (the key was made up)
NO_STATE = "tmx.no-state"       # the <tu> had no state prop
MORE = "tmx.more"               # further <tuv>s of a language already taken (JSON, XML)
_COUNT = "l10nflow-occurrences"   # stands for the count until a <tu> is text
_SINGLE = {PROP + name for name in ("article", "bead", "kind", "confidence", "state",
                                     "fingerprint")}

_HEADER_DEFAULTS = {"creationtool": "l10nflow", "creationtoolversion": __version__,
                    "segtype": "sentence", "o-tmf": "l10nflow", "adminlang": "en-US",
                    "srclang": "", "datatype": "plaintext"}


def tmx_date(value: str | None) -> str | None:
    """``2024-11-12 14:25+0700`` (a PO date) -> ``20241112T072500Z`` (TMX dates are UTC);
    None if unusable."""
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::\d\d)?"
                     r"\s*(?:([+-])(\d\d):?(\d\d)|Z)?)?", value.strip())
    if not match:
        return None
    year, month, day, hour, minute, sign, off_h, off_m = match.groups()
    try:
        stamp = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return None
    if sign:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        stamp = stamp - offset if sign == "+" else stamp + offset
    return stamp.strftime("%Y%m%dT%H%M%SZ")


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ESCAPE = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escaped(value: str) -> str:
    """*value* with ``&``, ``<``, ``>`` and CR as references (a raw CR would read back
    as LF)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def _text(value: str) -> str:
    """Escape character data; characters XML 1.0 cannot hold become U+FFFD."""
    if not _NEEDS_ESCAPE.search(value):
        return value
    return _INVALID_XML.sub("\ufffd", _escaped(value))


def _seg_text(value: str) -> str | None:
    """Escaped text of a segment; None if it holds characters XML cannot (those are
    written as ``<ph>`` elements, by the lxml path)."""
    if not _NEEDS_ESCAPE.search(value):
        return value
    if _INVALID_XML.search(value):
        return None
    return _escaped(value)


def _attr(value: str) -> str:
    """An attribute value; line breaks and tabs as references, which XML would otherwise
    read back as spaces."""
    value = _text(value).replace('"', "&quot;")
    if "\n" in value or "\t" in value:
        value = value.replace("\n", "&#10;").replace("\t", "&#9;")
    return value


def _raw(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", with_tail=False)


def _unraw(xml: str) -> etree._Element | None:
    try:
        element = etree.fromstring(xml, safe_parser())
    except etree.XMLSyntaxError:
        return None
    element.tail = None
    return element


def _json_list(value: str | None) -> list:
    try:
        data = json.loads(value) if value else []
    except ValueError:
        return []
    return data if isinstance(data, list) else []


def _json_dict(value: str | None) -> dict:
    try:
        data = json.loads(value) if value else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _dump_codes(codes: dict[str, InlineCode]) -> str:
    return json.dumps({k: [c.role, c.family, c.xml] for k, c in codes.items()},
                      ensure_ascii=False, sort_keys=True)


def _load_codes(value: str | None) -> dict[str, InlineCode]:
    return {str(k): InlineCode(str(v[0]), str(v[1]), str(v[2]))
            for k, v in _json_dict(value).items() if isinstance(v, list) and len(v) == 3}


def _tag_key(tag: str) -> str:
    return tag.replace("_", "-").lower()


def _same_lang(a: str, b: str) -> bool:
    return a.lower().split("-")[0] == b.lower().split("-")[0]


def _own_tag(tag: str, store_tag: str) -> bool:
    """Whether a unit keeps its tuv's language *tag*: when it is not the store's, or not
    the one a writer would make of its language (``vi`` for ``vi-VN``, ``VI-VN``), which
    a conversion through PO or XLIFF would lose."""
    return tag != store_tag or tag != region_code(base_code(tag, tag))


def _default_state(unit: Unit) -> State:
    return State.TRANSLATED if unit.target else State.NEW


# --- writing ----------------------------------------------------------------------------

class _Generic:
    """Numbers for the generic TMX elements of one unit's codes of other formats, and the
    map from those numbers back to the tokens (carried, so reading gives the same text)."""

    def __init__(self, codes: dict[str, InlineCode]) -> None:
        used = [int(n) for code in codes.values() if code.family == "tmx"
                for n in re.findall(r'\b[ix]="(\d+)"', code.xml)]
        self.next = max(used, default=0) + 1
        self.numbers: dict[str, int] = {}
        self.ids: dict[str, str] = {}

    def number(self, token: str) -> int:
        if token not in self.numbers:
            self.numbers[token] = self.next
            self.next += 1
        return self.numbers[token]

    def write(self, seg: etree._Element, text: str, codes: dict[str, InlineCode],
              side: str) -> None:
        """Fill *seg* with *text*: tmx codes as read, others as generic elements."""
        if not codes or "⟦" not in text:
            write_inline(seg, text, codes, "tmx", None, side)
            return

        def code_of(token: str) -> InlineCode | None:
            return (codes.get(f"t:{token}") if side == "target" else None) or codes.get(token)

        # split pairs (bx/ex, sc/ec, bpt/ept of XLIFF) whose halves are both in this text
        waiting: dict[str, str] = {}
        partner: dict[str, str] = {}
        for match in TOKEN.finditer(text):
            if match.group(1):
                continue
            token, number = match.group(2) + match.group(3), match.group(3)
            code = code_of(token)
            if code is None or code.family == "tmx" or match.group(2) in PAIRED:
                continue
            if code.role == "open":
                waiting[number] = token
            elif code.role == "close" and number in waiting:
                opener = waiting.pop(number)
                partner[opener], partner[token] = token, opener
        pairs: list[etree._Element] = []

        def generic(role: str, token: str, paired_here: bool) -> etree._Element:
            if role == "standalone":
                n = str(self.number(token))
                self.ids[n] = token
                return etree.Element("ph", x=n)
            if paired_here or (role == "open" and token in partner):
                n = str(self.number(token))
                self.ids[n] = token
                self.ids["/" + n] = "/" + token if paired_here else partner[token]
                element = etree.Element("bpt", i=n, x=n)
                if paired_here:
                    pairs.append(element)
                return element
            if role == "close" and token in partner:
                return etree.Element("ept", i=str(self.number(partner[token])))
            n = str(self.number(token))
            self.ids[n] = token
            return etree.Element("it", pos="begin" if role == "open" else "end", x=n)

        write_inline(seg, text, codes, "tmx", None, side, generic)
        for element in pairs:
            _unwrap(element)


def _unwrap(bpt: etree._Element) -> None:
    """``<bpt>text<x/></bpt>tail`` (how write_inline fills a paired code) ->
    ``<bpt/>text<x/><ept/>tail``: in TMX the paired text stands between the halves."""
    parent = bpt.getparent()
    index = parent.index(bpt)
    tail, bpt.tail, bpt.text = bpt.tail, bpt.text, None
    children = list(bpt)
    for offset, child in enumerate(children, start=1):
        parent.insert(index + offset, child)
    ept = etree.Element("ept", i=bpt.get("i"))
    ept.tail = tail
    parent.insert(index + len(children) + 1, ept)


def _dump_data(data: dict) -> str:
    # json leaves U+FFFE/U+FFFF as they are, and XML cannot hold them
    return dump_carried(data).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


class TmxMarkup:
    """The text of a TMX document's parts: header, one ``<tu>`` per unit, footer.

    The markup is made directly rather than through lxml's incremental writer:
    building an element tree per ``<tu>`` cost 17 µs a unit, most of an export's time;
    every file written is checked against the TMX 1.4 DTD in the tests.  Only a unit
    with inline codes or control characters (and, for :class:`TmxFormat`, one with other
    languages or details of another TMX to keep) is built with lxml.

    *header* and *header_xml*: the attributes and children (XML) of the header of the TMX
    file a store came from, written back.
    """

    def __init__(self, source_lang: str, target_lang: str,
                 creation_date: str | None = None, *, header: dict | None = None,
                 header_xml: list | None = None) -> None:
        self.source = region_code(source_lang)
        self.target = region_code(target_lang)
        self.creation_date = creation_date
        self.header_attrs = header
        self.header_xml = header_xml or []

    def header(self) -> str:
        start = ("<?xml version='1.0' encoding='UTF-8'?>\n"
                 '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n')
        if self.header_attrs is not None:
            return start + "  " + self._kept_header() + "\n  <body>\n"
        header = {"creationtool": "l10nflow", "creationtoolversion": __version__,
                  "segtype": "sentence", "o-tmf": "l10nflow", "adminlang": "en-US",
                  "srclang": self.source, "datatype": "plaintext"}
        if self.creation_date:
            header["creationdate"] = self.creation_date
        attrs = " ".join(f'{k}="{_attr(v)}"' for k, v in header.items())
        return start + f"  <header {attrs}/>\n  <body>\n"

    def srclang(self) -> str:
        """The header's srclang: the kept one (``*all*`` too) when it still fits."""
        srclang = str((self.header_attrs or {}).get("srclang", ""))
        if srclang == "*all*" or (srclang and _same_lang(srclang, self.source)):
            return srclang
        return self.source

    def _kept_header(self) -> str:
        attrs = {str(k): str(v) for k, v in self.header_attrs.items()}
        attrs["srclang"] = self.srclang()
        attrs["creationtool"], attrs["creationtoolversion"] = "l10nflow", __version__
        for name, value in _HEADER_DEFAULTS.items():
            attrs.setdefault(name, value)
        if self.creation_date:
            attrs.setdefault("creationdate", self.creation_date)
        if attrs.get("segtype") not in ("block", "paragraph", "sentence", "phrase"):
            attrs["segtype"] = "sentence"
        header = etree.Element("header", attrs)
        for xml in self.header_xml:
            child = _unraw(str(xml))
            if child is not None:
                header.append(child)
        return etree.tostring(header, encoding="unicode")

    @staticmethod
    def footer() -> str:
        return "  </body>\n</tmx>\n"

    @staticmethod
    def plain(unit: Unit) -> bool:
        """Whether the text path can write *unit*'s pair (no codes, no control chars)."""
        return not unit.codes and not _INVALID_XML.search(unit.source) \
            and not _INVALID_XML.search(unit.target) and not _INVALID_XML.search(unit.key)

    def tu(self, unit: Unit, occurrences: str | None = None, date: str | None = None, *,
           keep: bool = False) -> str:
        """One ``<tu>`` as text (a line); *occurrences* goes into its count prop.  *keep*:
        also the fingerprint, references and comments (``convert``; an export leaves
        them out)."""
        source, target = _seg_text(unit.source), _seg_text(unit.target)
        if unit.codes or source is None or target is None:
            return self.element_tu(unit, date, occurrences, full=False)
        parts = [f'    <tu tuid="{_attr(unit.key)}"']
        if date:
            parts.append(f' creationdate="{date}"')
        parts.append(">")
        if unit.article:
            parts.append(f'<prop type="{PROP}article">{_text(unit.article)}</prop>')
        if unit.bead:
            parts.append(f'<prop type="{PROP}bead">{unit.bead}</prop>')
        if unit.kind:
            parts.append(f'<prop type="{PROP}kind">{unit.kind}</prop>')
        if unit.confidence is not None:
            parts.append(f'<prop type="{PROP}confidence">{unit.confidence:.3f}</prop>')
        parts.append(f'<prop type="{PROP}state">{unit.state.value}</prop>')
        if keep:
            if unit.fingerprint:
                parts.append(f'<prop type="{PROP}fingerprint">{_text(unit.fingerprint)}</prop>')
            for ref in unit.references:
                parts.append(f'<prop type="{PROP}reference">{_text(ref)}</prop>')
            for comment in unit.comments:
                parts.append(f'<prop type="{PROP}comment">{_text(comment)}</prop>')
        if occurrences:
            parts.append(f'<prop type="{PROP}occurrences">{occurrences}</prop>')
        for note in unit.notes:
            parts.append(f"<note>{_text(note)}</note>")
        parts += [f'<tuv xml:lang="{self.source}"><seg>', source, "</seg></tuv>",
                  f'<tuv xml:lang="{self.target}"><seg>', target, "</seg></tuv></tu>\n"]
        return "".join(parts)

    def element_tu(self, unit: Unit, date: str | None = None,
                   occurrences: str | None = None, full: bool = True,
                   data: dict | None = None) -> str:
        """One ``<tu>`` built with lxml, as text.  *full*: every language and the TMX
        details kept in ``unit.extra`` (``convert``); else the pair only (``export``)."""
        extra = unit.extra if full else {}
        tu = etree.Element("tu")
        tuid = _INVALID_XML.sub("\ufffd", unit.key)
        if extra.get(NO_TUID) != "1" or tuid != unit.key:
            tu.set("tuid", tuid)
        for key, value in extra.items():
            if key.startswith(TU_ATTR):
                tu.set(key[len(TU_ATTR):], value)
        if date and "creationdate" not in tu.attrib and \
                not any(key.startswith("tmx.") for key in extra):
            tu.set("creationdate", date)        # not for a tu read from a TMX without one
        if data is None:
            data = _unit_data(unit, tuid) if full else {}
        if not full:
            codes = {k: [c.role, c.family, c.xml] for k, c in unit.codes.items()
                     if c.family != "tmx"}
            if codes:
                data["codes"] = codes
        safe = notes_in_xml(unit)
        note_attrs = _json_list(extra.get(NOTE_ATTRS))
        if len(note_attrs) != len(unit.notes):
            note_attrs = []
        for index, text in enumerate(unit.notes if safe else []):
            attrs = note_attrs[index] if note_attrs and isinstance(note_attrs[index], dict) \
                else {}
            etree.SubElement(tu, "note", {str(k): str(v) for k, v in attrs.items()}).text = \
                _INVALID_XML.sub("\ufffd", text)
        for xml in _json_list(extra.get(PROPS)):
            prop = _unraw(str(xml))
            if prop is not None:
                tu.append(prop)

        def prop(kind: str, text: str) -> etree._Element:
            element = etree.SubElement(tu, "prop", type=PROP + kind)
            element.text = text
            return element

        if unit.article:
            prop("article", _INVALID_XML.sub("\ufffd", unit.article))
        if unit.bead:
            prop("bead", unit.bead)
        if unit.kind:
            prop("kind", unit.kind)
        if unit.confidence is not None:
            prop("confidence", f"{unit.confidence:.3f}")
        if not full or extra.get(NO_STATE) != "1" or unit.state is not _default_state(unit):
            prop("state", unit.state.value)
        if full and unit.fingerprint:
            prop("fingerprint", _INVALID_XML.sub("\ufffd", unit.fingerprint))
        for ref in unit.references if full and "references" not in data else []:
            prop("reference", ref)
        for comment in unit.comments if full and "comments" not in data else []:
            prop("comment", comment)
        if occurrences:
            # export's count placeholder is a control character: put in after serialising
            prop("occurrences", _COUNT)
        holder = prop("data", "")
        generic = _Generic(unit.codes)
        languages = self._languages(unit, full)
        if "srclang" not in tu.attrib:
            # a reader must find the source without the unit's extra data
            tags = [tag for tag, *_ in languages]
            source = next(i for i, (*_, side) in enumerate(languages) if side == "source")
            if _source_index(tags, None, self.srclang()) != source:
                tu.set("srclang", tags[source])
        for tag, text, codes, side in languages:
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: tag})
            for name, value in _json_dict(extra.get(TUV_ATTRS + tag)).items():
                tuv.set(str(name), str(value))
            for xml in _json_list(extra.get(TUV_META + tag)):
                child = _unraw(str(xml))
                if child is not None:
                    tuv.append(child)
            generic.write(etree.SubElement(tuv, "seg"), text, codes, side)
        for xml in _json_list(extra.get(MORE)):
            child = _unraw(str(xml))
            if child is not None:
                tu.append(child)
        if generic.ids:
            data["ids"] = generic.ids
        if data:
            holder.text = _dump_data(data)
        else:
            tu.remove(holder)
        text = etree.tostring(tu, encoding="unicode")
        if occurrences:
            text = text.replace(f'<prop type="{PROP}occurrences">{_COUNT}</prop>',
                                f'<prop type="{PROP}occurrences">{occurrences}</prop>', 1)
        return "    " + text + "\n"

    def _languages(self, unit: Unit, full: bool
                   ) -> list[tuple[str, str, dict[str, InlineCode], str]]:
        """(tag, text, codes, side) of each <tuv> to write, in order."""
        if not full:
            return [(self.source, unit.source, unit.codes, "source"),
                    (self.target, unit.target, unit.codes, "target")]
        source = unit.extra.get(SOURCE_TAG) or self.source
        target = unit.extra.get(TARGET_TAG) or self.target
        order = [str(t) for t in _json_list(unit.extra.get(ORDER))]
        entries = {source: (unit.source, unit.codes, "source")}
        if (unit.target or target in order) and target not in entries:
            entries[target] = (unit.target, unit.codes, "target")
        for tag, text in unit.other_targets.items():
            if tag not in entries:
                entries[tag] = (text, _codes_of(unit, tag), "target")
        tags = [t for t in order if t in entries] + [t for t in entries if t not in order]
        return [(tag, *entries[tag]) for tag in tags]


def _codes_of(unit: Unit, tag: str) -> dict[str, InlineCode]:
    """The codes to write the text of another target language *tag* with."""
    override = _load_codes(unit.extra.get(CODES_OF + tag))
    if not override:
        return unit.codes
    return {**unit.codes, **{f"t:{k}": v for k, v in override.items()}}


def _unit_data(unit: Unit, tuid: str | None = None) -> dict:
    """What a ``<tu>`` carries in its ``x-l10nflow-data`` prop for *unit* (before the
    generic codes' numbers are added)."""
    data = carried(unit, "tmx", tuid if tuid is not None and tuid != unit.key else None)
    if unit.source_plural is not None:
        data["plural"] = unit.source_plural
        data["plurals"] = list(unit.target_plurals)
    return data


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


# --- reading ----------------------------------------------------------------------------

class _Codes(CodeReader):
    """A TMX code reader that turns l10nflow's generic elements back into the tokens of
    the codes they stand for (*ids*: the ``x``, or ``/`` + the ``i`` of an ``<ept>``, ->
    token; carried in the tu's data)."""

    def __init__(self, path, ids: dict[str, str]) -> None:
        super().__init__("tmx", None, path)
        self.ids = ids

    def sibling(self) -> _Codes:
        """A reader for another language of the same tu: the same numbers, own codes."""
        other = _Codes(self.path, self.ids)
        other._numbers = self._numbers
        return other

    def _code(self, child, parts, side) -> None:
        if self.ids and child.text is None and not len(child):
            name = child.tag
            key = None
            if name == "ept":
                key = "/" + (child.get("i") or "")
            elif name in ("ph", "it") or (name == "bpt" and child.get("i") == child.get("x")):
                key = child.get("x")
            token = self.ids.get(key) if key else None
            if token and TOKEN.fullmatch(f"⟦{token}⟧"):
                parts.append(f"⟦{token}⟧")
                return
        super()._code(child, parts, side)


def _lang(tuv: etree._Element) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _source_index(tags: list[str], tu_srclang: str | None, header_srclang: str) -> int:
    """Which tuv is the source: the tu's srclang, else the header's, else (``*all*``)
    the first."""
    wanted = tu_srclang if tu_srclang and tu_srclang != "*all*" else header_srclang
    if not wanted or wanted == "*all*":
        return 0
    for index, tag in enumerate(tags):
        if _tag_key(tag) == _tag_key(wanted):
            return index
    for index, tag in enumerate(tags):
        if _same_lang(tag, wanted):
            return index
    return 0


class TmxFormat(StoreFormat):
    """TMX 1.4b as a store: every ``<tu>`` with at least two languages becomes a unit."""

    name = "tmx"
    extensions = (".tmx",)

    @staticmethod
    def writes(unit: Unit) -> bool:
        """Whether :meth:`dumps` writes *unit*: every live unit with a source (one not
        translated yet is a <tu> with the source <tuv> alone, as TMX allows)."""
        return not unit.obsolete and bool(unit.source)

    def limits(self, store: Store) -> Limits:
        limits = super().limits(store)
        obsolete = sum(1 for u in store.units if u.obsolete)
        if obsolete:
            limits.dropped.append((obsolete, "obsolete (TMX has no obsolete units)"))
        untranslated = sum(1 for u in store.units if not u.obsolete and not self.writes(u))
        if untranslated:
            limits.dropped.append((untranslated, "without source text (target-only text: "
                                                 "a TMX <tu> starts from its source)"))
        if store.extra.get("po.header"):
            limits.lost.append("the PO header")
        if any(store.extra.get(f"{family}.files") for family in ("xliff1", "xliff2")):
            limits.lost.append("the XLIFF <file> attributes and headers")
        return limits

    def dumps(self, store: Store) -> bytes:
        date = tmx_date(store.metadata.get("PO-Revision-Date"))
        source, target = _store_tags(store)
        header = store.extra.get("tmx.header")
        from_tmx = isinstance(header, dict)
        markup = TmxMarkup(source, target, date, header=header if from_tmx else None,
                           header_xml=store.extra.get("tmx.header-xml")
                           if isinstance(store.extra.get("tmx.header-xml"), list) else None)
        markup.source, markup.target = source, target      # as the file read had them
        out = io.StringIO()
        out.write(markup.header())
        for unit in store.units:
            if not self.writes(unit):
                continue
            data = _unit_data(unit, _INVALID_XML.sub("\ufffd", unit.key))
            if not from_tmx and not data and not unit.extra and not unit.other_targets \
                    and unit.target and markup.plain(unit):
                out.write(markup.tu(unit, date=date, keep=True))
            else:
                out.write(markup.element_tu(unit, None if from_tmx else date, data=data))
        out.write(markup.footer())
        return out.getvalue().encode("utf-8")

    def loads(self, data: bytes, path: Path | None = None) -> Store:
        root = parse_xml(data, path, "TMX file")
        if root.tag != "tmx":
            raise InputError(f"not a TMX document (root element {root.tag!r})", path,
                             root.sourceline)
        header = root.find("header")
        body = root.find("body")
        if header is None or body is None:
            raise InputError("TMX file needs a <header> and a <body>", path, root.sourceline)
        header_src = header.get("srclang", "*all*")
        # first pass: which tuv is each tu's source, and the target languages in order
        tus: list[tuple[int, etree._Element, list[etree._Element], int]] = []
        targets: dict[str, str] = {}            # lower-case tag -> tag as first written
        for number, tu in enumerate(body.iterfind("tu"), start=1):
            tuvs = list(tu.iterfind("tuv"))
            if not tuvs:
                continue
            tags = [_lang(tuv) for tuv in tuvs]
            index = _source_index(tags, tu.get("srclang"), header_src)
            tus.append((number, tu, tuvs, index))
            for position, tag in enumerate(tags):
                if position != index:
                    targets.setdefault(_tag_key(tag), tag)
        source_tag = _lang(tus[0][2][tus[0][3]]) if tus else (
            header_src if header_src != "*all*" else "vi")
        target_tag = next(iter(targets.values()), "en")
        units = [self._unit(number, tu, tuvs, index, source_tag, target_tag, path)
                 for number, tu, tuvs, index in tus]
        store = Store(units, base_code(source_tag, "vi"), base_code(target_tag, "en"))
        store.extra["tmx.langs"] = [source_tag, target_tag]
        store.extra["tmx.targets"] = list(targets.values())
        store.extra["tmx.header"] = dict(header.attrib)
        store.extra["tmx.header-xml"] = [_raw(c) for c in header if isinstance(c.tag, str)]
        created = header.get("creationdate", "")
        if re.fullmatch(r"\d{8}T\d{6}Z", created):
            store.metadata["PO-Revision-Date"] = (
                f"{created[:4]}-{created[4:6]}-{created[6:8]} {created[9:11]}:{created[11:13]}"
                "+0000")
        articles = {u.article for u in store.units if u.article}
        store.article = next(iter(articles)) if len(articles) == 1 else None
        return store

    def _unit(self, number: int, tu: etree._Element, tuvs: list[etree._Element],
              index: int, store_source: str, store_target: str, path) -> Unit:
        extra: dict[str, str] = {}
        if tu.get("tuid") is None:
            extra[NO_TUID] = "1"
        for name, value in tu.attrib.items():
            if name != "tuid":
                extra[TU_ATTR + name] = value
        props: dict[str, str] = {}
        references: list[str] = []
        comments: list[str] = []
        kept_props: list[str] = []
        notes: list[str] = []
        note_attrs: list[dict[str, str]] = []
        data: dict | None = None
        for child in tu:
            if child.tag == "note":
                notes.append(child.text or "")
                note_attrs.append(dict(child.attrib))
            elif child.tag == "prop":
                kind = child.get("type", "")
                if kind == DATA and data is None and len(child.attrib) == 1:
                    data = load_carried(child.text or "")
                    if data is not None:
                        continue
                if kind in _SINGLE and kind not in props and len(child.attrib) == 1:
                    props[kind] = child.text or ""
                elif kind == PROP + "reference" and len(child.attrib) == 1:
                    references.append(child.text or "")
                elif kind == PROP + "comment" and len(child.attrib) == 1:
                    comments.append(child.text or "")
                else:
                    kept_props.append(_raw(child))
        if kept_props:
            extra[PROPS] = json.dumps(kept_props, ensure_ascii=False)
        if any(note_attrs):
            extra[NOTE_ATTRS] = json.dumps(note_attrs, ensure_ascii=False)
        ids = data.get("ids") if data else None
        ids = {str(k): str(v) for k, v in ids.items()} if isinstance(ids, dict) else {}

        reader = _Codes(path, ids)
        tags = [_lang(tuv) for tuv in tuvs]
        source_tag = tags[index]
        source = reader.read(tuvs[index].find("seg"), "source")
        rest = [i for i in range(len(tuvs)) if i != index]
        main = next((i for i in rest if _tag_key(tags[i]) == _tag_key(store_target)
                     and _tag_key(tags[i]) != _tag_key(source_tag)), None)
        target = reader.read(tuvs[main].find("seg"), "target") if main is not None else ""
        unit = Unit(key=tu.get("tuid") or f"tu{number}", source=source, target=target,
                    line=tu.sourceline, notes=notes, references=references,
                    comments=comments)
        taken = {_tag_key(source_tag)} | ({_tag_key(tags[main])} if main is not None else set())
        more: list[int] = []
        for i in rest:
            if i == main:
                continue
            if _tag_key(tags[i]) in taken:
                more.append(i)
                continue
            taken.add(_tag_key(tags[i]))
            other = reader.sibling()
            unit.other_targets[tags[i]] = other.read(tuvs[i].find("seg"), "target")
            differ = {}
            for key, code in other.codes.items():
                token = key.removeprefix("t:")
                if (reader.codes.get(f"t:{token}") or reader.codes.get(token)) != code:
                    differ[token] = code
            if differ:
                extra[CODES_OF + tags[i]] = _dump_codes(differ)
        unit.codes = reader.codes
        if more:
            extra[MORE] = json.dumps([_raw(tuvs[i]) for i in more], ensure_ascii=False)
        written = [i for i in range(len(tuvs)) if i not in more]
        for i in written:
            attrs = {k: v for k, v in tuvs[i].attrib.items() if k != XML_LANG}
            if attrs:
                extra[TUV_ATTRS + tags[i]] = json.dumps(attrs, ensure_ascii=False)
            meta = [_raw(c) for c in tuvs[i] if isinstance(c.tag, str) and c.tag != "seg"]
            if meta:
                extra[TUV_META + tags[i]] = json.dumps(meta, ensure_ascii=False)
        if _own_tag(source_tag, store_source):
            extra[SOURCE_TAG] = source_tag
        if main is not None and _own_tag(tags[main], store_target):
            extra[TARGET_TAG] = tags[main]
        order = [tags[i] for i in written]
        usual = [source_tag] + ([tags[main]] if main is not None and target else []) + \
            list(unit.other_targets)
        if order != usual or list(unit.other_targets) != sorted(unit.other_targets):
            # (PO and XLIFF carry other_targets as JSON with sorted keys)
            extra[ORDER] = json.dumps(order, ensure_ascii=False)

        unit.article = props.get(PROP + "article") or None
        unit.fingerprint = props.get(PROP + "fingerprint") or None
        unit.bead = props.get(PROP + "bead") or None
        unit.kind = props.get(PROP + "kind") or None
        if props.get(PROP + "confidence"):
            try:
                unit.confidence = float(props[PROP + "confidence"])
            except ValueError:
                raise InputError("x-l10nflow-confidence is not a number", path,
                                 tu.sourceline) from None
        if PROP + "state" in props:
            try:
                unit.state = State(props[PROP + "state"])
            except ValueError:
                unit.state = State.TRANSLATED
        else:
            unit.state = _default_state(unit)
            extra[NO_STATE] = "1"
        unit.extra.update(extra)
        if data:
            data.pop("ids", None)
            if isinstance(data.get("plural"), str):
                unit.source_plural = data.pop("plural")
                unit.target_plurals = [str(t) for t in data.pop("plurals", [])]
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                apply_carried(data, unit)     # not l10nflow's data after all
        return unit


def _store_tags(store: Store) -> tuple[str, str]:
    """The source and target tags to write: those of the file read, when they fit."""
    result = []
    for index, code in enumerate((store.source_lang, store.target_lang)):
        tag = None
        for name in ("tmx.langs", "xliff.langs"):
            tags = store.extra.get(name)
            if isinstance(tags, (list, tuple)) and len(tags) == 2 and tags[index] and \
                    base_code(str(tags[index]), "") == base_code(code, code):
                tag = str(tags[index])
                break
        result.append(tag or region_code(code))
    return result[0], result[1]


# --- choosing the target language -------------------------------------------------------

def _matches(wanted: str, tag: str) -> bool:
    """``es`` matches ``es-ES`` and ``es-MX``; ``es-ES`` only ``es-ES`` (and ``es-Latn-ES``
    …): the primary subtag and, when asked for, the region."""
    want = _tag_key(wanted).split("-")
    have = _tag_key(tag).split("-")
    if want == have:
        return True
    if want[0] != have[0]:
        return False
    region = [p for p in want[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())]
    if not region:
        return len(want) == 1
    return region[0] in have[1:]


def _target_tags(store: Store) -> list[str]:
    tags = store.extra.get("tmx.targets")
    if isinstance(tags, list) and tags:
        return [str(t) for t in tags]
    found: dict[str, str] = {}
    _, target = _store_tags(store)
    if any(u.target for u in store.units):
        found[_tag_key(target)] = target
    for unit in store.units:
        for tag in unit.other_targets:
            found.setdefault(_tag_key(tag), tag)
    return list(found.values())


def select_target(store: Store, lang: str) -> Store:
    """A store whose target language is *lang* (``de`` matches ``de-DE``): each unit's
    target is its text in that language, and the previous target goes to
    ``other_targets``.  :class:`InputError` names the file's languages when *lang* is
    not one of them."""
    languages = _target_tags(store)
    tag = next((t for t in languages if _tag_key(t) == _tag_key(lang)), None) or \
        next((t for t in languages if _matches(lang, t)), None)
    if tag is None:
        raise InputError(f"no target language {lang!r} in this file; its target languages: "
                         f"{', '.join(languages) or 'none'}",
                         hint="say one of them as the target language")
    source_tag, old_tag = _store_tags(store)
    if _tag_key(tag) == _tag_key(old_tag):
        return store
    result = replace(store, units=[_switch(u, source_tag, old_tag, tag) for u in store.units],
                     target_lang=base_code(tag, store.target_lang),
                     metadata=dict(store.metadata), extra=dict(store.extra))
    result.extra["tmx.langs"] = [source_tag, tag]
    return result


def _switch(unit: Unit, store_source: str, store_old: str, new: str) -> Unit:
    """*unit* with its text in language *new* as target."""
    extra = dict(unit.extra)
    source_tag = extra.get(SOURCE_TAG) or store_source
    old = extra.pop(TARGET_TAG, None) or store_old
    order = [str(t) for t in _json_list(extra.get(ORDER))]
    had_old = bool(unit.target) or old in order
    texts: dict[str, str] = {}
    if had_old and _tag_key(old) != _tag_key(source_tag):
        texts[old] = unit.target
    texts.update(unit.other_targets)
    if not order:
        order = [source_tag, *texts]
    found = next((t for t in texts if _tag_key(t) == _tag_key(new)), None)
    # the codes each language's text is written with, before the switch
    used: dict[str, dict[str, InlineCode]] = {}
    if unit.codes or any(k.startswith(CODES_OF) for k in extra):
        for tag, text in texts.items():
            codes = unit.codes if tag == old else _codes_of(unit, tag)
            used[tag] = {}
            for match in TOKEN.finditer(text):
                token = match.group(2) + match.group(3)
                code = codes.get(f"t:{token}") or codes.get(token)
                if code is not None:
                    used[tag][token] = code
    new_codes = {k: v for k, v in unit.codes.items() if not k.startswith("t:")}
    for token, code in used.get(found, {}).items():
        if new_codes.get(token) != code:
            new_codes[f"t:{token}"] = code
    extra = {k: v for k, v in extra.items() if not k.startswith(CODES_OF)}
    for tag, codes in used.items():
        if tag == found:
            continue
        differ = {t: c for t, c in codes.items()
                  if (new_codes.get(f"t:{t}") or new_codes.get(t)) != c}
        if differ:
            extra[CODES_OF + tag] = _dump_codes(differ)
    target = texts.pop(found, "") if found is not None else ""
    if found is not None and _own_tag(found, new):
        extra[TARGET_TAG] = found
    extra[ORDER] = json.dumps(order, ensure_ascii=False)
    state = unit.state
    if not target:
        state = State.NEW
    elif state is State.NEW:
        state = State.TRANSLATED
    return replace(unit, target=target, other_targets=texts, codes=new_codes, extra=extra,
                   state=state, notes=list(unit.notes), references=list(unit.references),
                   comments=list(unit.comments), flags=list(unit.flags),
                   target_plurals=list(unit.target_plurals))


TMX = register(TmxFormat())
