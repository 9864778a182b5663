"""XLIFF stores, for CAT tools (memoQ, Trados, OmegaT, Okapi, Weblate...).

Read: XLIFF 1.1 and 1.2, and 2.0, 2.1 and 2.2 (the version comes from the namespace and
``@version``, never from the file name).  Written: 1.2 (``.xlf``, valid against the strict
schema) and 2.0 (``.xliff``, valid against the core schema and its modules).

What a file holds is kept:

* every ``<file>`` (units remember theirs; ids need only be unique within a file);
* groups (their id path), ``translate="no"`` on a file, group, unit or inline ``<mrk>``;
* each ``<segment>`` of an XLIFF 2 unit as a unit of its own (with its ``state``), and
  the ``<ignorable>`` text between them; a multi-segment unit is written back as one;
* inline codes as typed placeholders (:mod:`l10nflow.formats.inline`), written back as
  they were; control characters XML cannot hold as ``<cp>`` (2.x) or a ``<ph>`` (1.2);
* the format's own states (``needs-l10n``, ``state-qualifier``, ``subState``) beside the
  l10nflow state, attributes and elements l10nflow does not model (``resname``,
  ``<alt-trans>``, other tools' namespaces), each kept in ``unit.extra`` and re-emitted;
* PO data (msgctxt, previous msgid, flags, plurals, the header) in standard extension
  points: a ``<context-group name="x-l10nflow">`` (1.2) or the metadata module (2.x),
  plural forms as a ``<group>`` of ``restype="x-gettext-plurals"`` (1.2) or
  ``type="l10nflow:plurals"`` (2.x).

Aligned stores hold one ``<file>`` per article (``original`` = the article id), a group
per source paragraph, and one unit per pair whose id is the unit key; the aligner's data
travels in notes with the same text as in PO (``bead 2-1, confidence 0.912, fingerprint
…``).  State mapping (also in the README):

==============  ==============  =============================  ==========================
l10nflow        PO              XLIFF 1.2                      XLIFF 2.0
==============  ==============  =============================  ==========================
new             empty msgstr    no <target>                    initial, no <target>
needs-review    fuzzy           needs-review-translation       initial + subState
                                                               l10nflow:needs-review
translated      (no flag)       translated                     translated
reviewed        flag reviewed   signed-off, approved="yes"     reviewed
final           flag final      final, approved="yes"          final
obsolete        #~ entry        unit in group l10nflow-obsolete, translate="no"
==============  ==============  =============================  ==========================
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from babel.core import get_global
from lxml import etree

from .. import __version__
from ..errors import InputError
from ..model import State, Unit
from .base import (
    Store,
    StoreFormat,
    apply_carried,
    carried,
    dump_carried,
    load_carried,
    machine_note,
    notes_in_xml,
    parse_machine_note,
    parse_target_only_note,
    po_context,
    register,
    split_target_only,
    target_only_note,
)
from .inline import CodeReader, foreign_markup, write_inline
from .po_grammar import PoEntry, parse_entries, render_entry
from .xmlsafe import parse_xml

__all__ = ["Xliff12Format", "Xliff20Format", "region_code"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OBSOLETE_GROUP = "l10nflow-obsolete"
_PARAGRAPH = re.compile(r":(?:[a-z]{2,3})?(\d+)\.\d+$")
_NMTOKEN_BAD = re.compile(r"[^\w.:-]")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _elements(parent: etree._Element):
    """The child elements of *parent*, without comments and processing instructions."""
    return parent.iterchildren(etree.Element)


def region_code(lang: str) -> str:
    """``vi`` -> ``vi-VN``, ``en`` -> ``en-US`` (Babel's likely subtags); others as given."""
    if "-" in lang or "_" in lang:
        return lang.replace("_", "-")
    likely = get_global("likely_subtags").get(lang.lower())
    if likely:
        parts = likely.split("_")
        if len(parts) == 3:
            return f"{lang}-{parts[2]}"
    return lang


def iso_date(po_date: str | None) -> str | None:
    """``2024-11-12 00:00+0000`` -> ``2024-11-12T00:00:00Z`` (xsd:dateTime)."""
    if not po_date or not re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d", po_date):
        return None
    return f"{po_date[:10]}T{po_date[11:16]}:00Z"


def po_date(iso: str | None) -> str | None:
    """``2024-11-12T00:00:00Z`` -> ``2024-11-12 00:00+0000``."""
    if not iso or not re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", iso):
        return None
    return f"{iso[:10]} {iso[11:16]}+0000"


_REVISION = "revision-date "
_PO_HEADER = "l10nflow-po-header"       # note holding a PO header, as PO text
_FILE_ATTRS = "l10nflow-file-attributes"  # 1.2 note: other tools' <file> attributes
_CARRY = "x-l10nflow"                    # 1.2 context-group / 2.x metaGroup of carried data
_PLURALS_12 = "x-gettext-plurals"
_PLURALS_2 = "l10nflow:plurals"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
NAMESPACES_1 = {"urn:oasis:names:tc:xliff:document:1.1": "1.1",
                "urn:oasis:names:tc:xliff:document:1.2": "1.2"}
NAMESPACES_2 = {"urn:oasis:names:tc:xliff:document:2.0": "2.0",
                "urn:oasis:names:tc:xliff:document:2.1": "2.1",
                "urn:oasis:names:tc:xliff:document:2.2": "2.2"}


def base_code(lang: str | None, default: str) -> str:
    return (lang or default).split("-")[0].split("_")[0].lower() or default


def _lang_tag(code: str, store: Store, index: int) -> str:
    """The language tag to write: the one the file was read with when it still fits."""
    tags = store.extra.get("xliff.langs")
    if isinstance(tags, (list, tuple)) and tags[index] and \
            base_code(tags[index], "") == code.split("-")[0].lower():
        return str(tags[index])
    return region_code(code)


def _paragraph_of(unit: Unit) -> str | None:
    match = _PARAGRAPH.search(unit.key)
    return f"p{match.group(1)}" if match else None


def _machine_notes(unit: Unit, before: list[Unit], after: list[Unit], article: str | None
                   ) -> list[str]:
    notes = [n for n in [machine_note(unit)] if n]
    notes += [target_only_note(u, article, True) for u in before]
    notes += [target_only_note(u, article) for u in after]
    return notes


def _ref_parts(ref: str) -> tuple[str, str | None]:
    path, _, line = ref.rpartition(":")
    return (path, line) if path and line.isdigit() else (ref, None)


def _read_notes(unit: Unit, machine: list[str], human: list[str], other: list[str],
                article: str | None) -> list[Unit]:
    """Apply machine notes to *unit*; return [target-only before..., unit, after...]."""
    before, after = [], []
    for text in machine:
        if unit.bead is None and parse_machine_note(text, unit):
            continue
        only = parse_target_only_note(text, article, unit.line, unit.obsolete)
        if only:
            (before if only[1] else after).append(only[0])
        else:
            unit.comments.append(text)
    unit.notes.extend(human)
    unit.comments.extend(other)
    return [*before, unit, *after]


_WRITTEN_NS = {"urn:oasis:names:tc:xliff:document:1.1": "urn:oasis:names:tc:xliff:document:1.2",
               "urn:oasis:names:tc:xliff:document:2.1": "urn:oasis:names:tc:xliff:document:2.0",
               "urn:oasis:names:tc:xliff:document:2.2": "urn:oasis:names:tc:xliff:document:2.0"}


def _raw(element: etree._Element) -> str:
    """An element as XML text, without its tail, in the namespace l10nflow writes (a 1.1
    element is kept as 1.2, a 2.1/2.2 one as 2.0)."""
    tail, element.tail = element.tail, None
    try:
        xml = etree.tostring(element, encoding="unicode")
    finally:
        element.tail = tail
    for old, new in _WRITTEN_NS.items():
        if old in xml:
            xml = xml.replace(f'"{old}"', f'"{new}"')
    return xml


def _unraw(xml: str) -> etree._Element:
    return etree.fromstring(xml)


def _attrs(element: etree._Element, skip: set[str]) -> dict[str, str]:
    return {k: v for k, v in element.attrib.items() if k not in skip}


def _set_attrs(element: etree._Element, attrs: dict[str, str]) -> None:
    for key, value in attrs.items():
        element.set(key, value)


# Attributes the XLIFF 1.2 schema allows on <tool> (Xcode adds build-num, which it
# does not); other tools' namespaces are not allowed either under the strict schema.
_TOOL_ATTRS = {"tool-id", "tool-name", "tool-version", "tool-company"}


def _schema_safe(element: etree._Element, q) -> etree._Element:
    """A header child as the strict 1.2 schema accepts it: a <tool> keeps only its
    schema attributes (the original travels in the file-attributes note)."""
    if element.tag == q("tool"):
        for name in list(element.attrib):
            if name not in _TOOL_ATTRS:
                del element.attrib[name]
    return element


def _header_text(store: Store) -> str | None:
    """The PO header of a store read from PO, as PO text, to carry in XLIFF."""
    header = store.extra.get("po.header")
    if not isinstance(header, PoEntry) or "X-L10nflow-Data" in store.metadata:
        return None               # no PO header of its own: one l10nflow made on the way
    from .po import _update_header
    if store.metadata != store.extra.get("po.metadata"):
        header = replace(header, msgstr=_update_header(header.msgstr or "", store.metadata,
                                                       None))
    # joined with the file's own line ends, so PO -> XLIFF -> PO keeps CRLF (XML keeps a
    # CR written as &#13;)
    return str(store.extra.get("po.newline", "\n")).join(render_entry(header))


def _take_header(store: Store, text: str) -> None:
    """Read back a PO header carried by :func:`_header_text`."""
    from .po import header_fields
    try:
        entries, lines, _ = parse_entries(text)
    except InputError:
        return
    if "\r\n" in text:
        store.extra["po.newline"] = "\r\n"
    elif "\r" in text:
        store.extra["po.newline"] = "\r"
    if entries and entries[0].is_header:
        header = entries[0]
        store.extra["po.header"] = header
        store.extra["po.header_lines"] = lines[header.raw[0]:header.raw[1]]
        store.metadata = header_fields(header.msgstr or "")
        store.extra["po.metadata"] = dict(store.metadata)


class _Layout:
    """Opens and closes ``<group>`` elements as units go by, from each unit's group path.

    A unit read from XLIFF keeps the path of group ids it stood in; an aligned unit gets
    its paragraph (``p3``).  A group id met again later gets a fresh id (ids must stay
    unique in a file).
    """

    def __init__(self, fmt: _XliffBase, container: etree._Element) -> None:
        self.fmt = fmt
        self.stack: list[tuple[str, etree._Element]] = [("", container)]
        self.used: set[str] = set()

    def parent_for(self, path: list[tuple[str, dict[str, str]]]) -> etree._Element:
        depth = 0
        while depth < len(path) and depth + 1 < len(self.stack) and \
                self.stack[depth + 1][0] == path[depth][0]:
            depth += 1
        del self.stack[depth + 1:]
        for group_id, attrs in path[depth:]:
            fresh = self.fmt.group_id(group_id)
            number = 1
            while fresh in self.used:
                number += 1
                fresh = f"{group_id}_{number}"
            self.used.add(fresh)
            element = etree.SubElement(self.stack[-1][1], self.fmt.q("group"), id=fresh)
            attrs = dict(attrs)
            children = json.loads(attrs.pop(_CHILDREN, "[]"))
            _set_attrs(element, attrs)
            for xml in children:               # notes and the like come before the units
                element.append(_unraw(xml))
            self.stack.append((group_id, element))
        return self.stack[-1][1]


def _group_path(unit: Unit, family: str) -> list[tuple[str, dict[str, str]]]:
    if unit.obsolete:
        return [(OBSOLETE_GROUP, {"translate": "no"})]
    stored = unit.extra.get(f"{family}.groups")
    if stored is not None:
        return [(str(g), dict(a)) for g, a in json.loads(stored)]
    other = unit.extra.get("xliff2.groups" if family == "xliff1" else "xliff1.groups")
    if other is not None:            # groups of the other XLIFF version: their ids only
        return [(str(g), {}) for g, _ in json.loads(other)]
    paragraph = _paragraph_of(unit)
    return [(paragraph, {})] if paragraph else []


def _files(units: list[Unit], default: str) -> list[tuple[str, list[Unit]]]:
    """Units by the ``<file>`` they belong to, files in order of first appearance (one
    empty file for a store without units: XLIFF needs a ``<file>``)."""
    order: dict[str, list[Unit]] = {}
    for unit in units:
        order.setdefault(unit.file if unit.file is not None else default, []).append(unit)
    return list(order.items()) or [(default, [])]


class _XliffBase(StoreFormat):
    namespace: str
    family: str

    def q(self, tag: str) -> str:
        return f"{{{self.namespace}}}{tag}"

    def group_id(self, wanted: str) -> str:
        """A group id this version accepts (2.x: a non-empty NMTOKEN)."""
        if self.family == "xliff2":
            return _NMTOKEN_BAD.sub("_", wanted) or "g"
        return _XML_BAD.sub("_", wanted) or "g"

    def dumps(self, store: Store) -> bytes:
        root = self.build(store)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                              pretty_print=True)

    def build(self, store: Store) -> etree._Element:
        raise NotImplementedError

    def loads(self, data: bytes, path: Path | None = None) -> Store:
        """Read XLIFF of any version: the file's namespace decides, not its name."""
        root = parse_xml(data, path, "XLIFF file")
        namespace = etree.QName(root).namespace
        if etree.QName(root).localname == "xliff":
            if namespace in NAMESPACES_1:
                return XLIFF12.read_root(root, path, namespace)
            if namespace in NAMESPACES_2:
                return XLIFF20.read_root(root, path, namespace)
        raise InputError(f"not an XLIFF 1.1, 1.2 or 2.x document (root element "
                         f"{etree.QName(root).localname!r} in namespace "
                         f"{namespace!r})", path, root.sourceline,
                         hint="l10nflow reads the OASIS namespaces "
                              "urn:oasis:names:tc:xliff:document:1.1, 1.2, 2.0 and 2.2")

    def read_root(self, root: etree._Element, path: Path | None, namespace: str) -> Store:
        raise NotImplementedError

    def _file_elements(self, root: etree._Element, namespace: str, path: Path | None
                       ) -> list[etree._Element]:
        files = root.findall(f"{{{namespace}}}file")
        if not files:
            raise InputError("XLIFF file has no <file> element", path, root.sourceline)
        return files

    @staticmethod
    def _file_label(wanted: str, taken: dict) -> str:
        label, number = wanted, 1
        while label in taken:
            number += 1
            label = f"{wanted}#{number}"
        return label

    def _read_unit(self, element, article, q, file, label, path) -> list[Unit]:
        raise NotImplementedError

    def _read_units(self, store: Store, container, unit_tag: str,
                    plurals: tuple[str, str], q, file, label: str, path) -> None:
        """Read every unit under *container* into *store*; the units of a plural group
        (its attribute *plurals* = (name, value)) become one plural unit."""
        for element in container.iter(unit_tag):
            parent = element.getparent()
            if parent.tag == q("group") and parent.get(plurals[0]) == plurals[1]:
                if element is parent.find(unit_tag):
                    forms = [self._read_unit(e, store.article, q, file, label, path)
                             for e in parent.findall(unit_tag)]
                    store.units.extend(_join_plural(forms))
                continue
            store.units.extend(self._read_unit(element, store.article, q, file, label, path))

    def _finish(self, store: Store, infos: dict[str, dict]) -> Store:
        """Keep the <file> details; units of a one-file document need no file label."""
        store.extra[f"{self.family}.files"] = infos
        if len(infos) == 1:
            for unit in store.units:
                unit.file = None
        return store

    def _layout_units(self, store: Store, units: list[Unit]
                      ) -> Iterator[tuple[list[tuple[str, dict[str, str]]], Unit, list, list]]:
        """(group path, unit, target-only before, target-only after) in file order."""
        live = [u for u in units if not u.obsolete]
        obsolete = [u for u in units if u.obsolete and not u.target_only]
        seen_paragraphs: set[str] = set()
        current: str | None = None
        for unit, before, after in split_target_only(live) if live else []:
            path = _group_path(unit, self.family)
            if not any(k.endswith(".groups") for k in unit.extra) and path:
                paragraph = path[0][0]
                if paragraph in seen_paragraphs and paragraph != current:
                    path = []          # a paragraph that comes back out of order
                seen_paragraphs.add(paragraph)
                current = paragraph
            yield path, unit, before, after
        for unit in obsolete:
            yield _group_path(unit, self.family), unit, [], []


# In a group's kept attributes, this key holds the group's own children other than units
# and groups (its notes, metadata...), as XML; the writer puts them back.
_CHILDREN = "{urn:l10nflow}children"


def _groups_of(element: etree._Element, stop: etree._Element, q) -> list:
    """The group path of *element* up to *stop*: [(id, attributes), ...]."""
    path = []
    content = {q("group"), q("unit"), q("trans-unit"), q("bin-unit")}
    for ancestor in element.iterancestors():
        if ancestor is stop:
            break
        if ancestor.tag == q("group"):
            attrs = _attrs(ancestor, {"id"})
            children = [_raw(child) for child in ancestor
                        if isinstance(child.tag, str) and child.tag not in content
                        and etree.QName(child).namespace == etree.QName(ancestor).namespace]
            if children:
                attrs[_CHILDREN] = json.dumps(children, ensure_ascii=False)
            path.append((ancestor.get("id") or "", attrs))
    return list(reversed(path))


def _stored_groups(element: etree._Element, file: etree._Element, q,
                   foreign_attributes: bool) -> str | None:
    """The group path of a unit to keep (JSON), or None when there is none to keep: no
    group, or only the paragraph group l10nflow itself writes (``p3``).  Without
    *foreign_attributes* (XLIFF 1.2, whose strict schema refuses them) other tools'
    attributes are left out."""
    groups = [(group_id, attrs if foreign_attributes else
               {k: v for k, v in attrs.items() if not k.startswith("{") or k == _CHILDREN})
              for group_id, attrs in _groups_of(element, file, q)
              if group_id != OBSOLETE_GROUP]
    if not groups or (len(groups) == 1 and re.fullmatch(r"p\d+", groups[0][0])
                      and not groups[0][1]):
        return None
    return json.dumps(groups, ensure_ascii=False)


def _set_translate(element: etree._Element, translatable: bool) -> None:
    """``translate`` on a unit where what it would inherit says otherwise."""
    inherited = True
    for node in element.iterancestors():
        if node.get("translate") is not None and node.get("id") != OBSOLETE_GROUP:
            inherited = node.get("translate") != "no"
            break
    if translatable != inherited:
        element.set("translate", "yes" if translatable else "no")


def _translatable(element: etree._Element, stop: etree._Element) -> bool:
    for node in (element, *element.iterancestors()):
        if node.get("id") == OBSOLETE_GROUP:
            continue                     # our obsolete group says nothing of its units
        value = node.get("translate")
        if value is not None:
            return value != "no"
        if node is stop:
            break
    return True


class Xliff12Format(_XliffBase):
    """OASIS XLIFF 1.2 (validates against the strict schema); reads 1.1 too."""

    name = "xliff"
    extensions = (".xlf", ".sdlxliff", ".mqxliff")
    namespace = "urn:oasis:names:tc:xliff:document:1.2"
    family = "xliff1"
    _STATES: ClassVar[dict[State, str]] = {
        State.NEEDS_REVIEW: "needs-review-translation", State.TRANSLATED: "translated",
        State.REVIEWED: "signed-off", State.FINAL: "final"}
    _FROM_STATE: ClassVar[dict[str, State]] = {
        "needs-review-translation": State.NEEDS_REVIEW, "needs-review-l10n": State.NEEDS_REVIEW,
        "needs-review-adaptation": State.NEEDS_REVIEW, "needs-translation": State.NEW,
        "needs-l10n": State.NEEDS_REVIEW, "needs-adaptation": State.NEEDS_REVIEW,
        "new": State.NEW, "translated": State.TRANSLATED, "signed-off": State.REVIEWED,
        "final": State.FINAL,
    }
    _UNIT_ATTRS: ClassVar[set[str]] = {"id", "translate", "approved"}

    def _state_of(self, state: str, has_target: bool) -> State | None:
        """The l10nflow state of a 1.2 ``state`` value (None if unknown)."""
        found = self._FROM_STATE.get(state)
        if found is State.NEW and has_target:
            return State.NEEDS_REVIEW        # a target that still needs translating
        return found
    _TARGET_ATTRS: ClassVar[set[str]] = {"state", XML_LANG}
    _MODELLED: ClassVar[set[str]] = {"source", "target", "note", "context-group"}

    # --- writing ----------------------------------------------------------------------

    def build(self, store: Store) -> etree._Element:
        src, tgt = _lang_tag(store.source_lang, store, 0), _lang_tag(store.target_lang,
                                                                      store, 1)
        root = etree.Element(self.q("xliff"), nsmap={None: self.namespace}, version="1.2")
        infos = store.extra.get("xliff1.files") or {}
        header_text = _header_text(store)
        for index, (label, units) in enumerate(_files(store.units, store.article or
                                                      "l10nflow")):
            info = infos.get(label, {}) if isinstance(infos, dict) else {}
            attrs = {"original": label.split("#")[0] if label in infos else label,
                     "source-language": src, "target-language": tgt,
                     "datatype": "plaintext", **info.get("attrs", {})}
            foreign: dict = {k: v for k, v in attrs.items() if k.startswith("{")}
            file = etree.SubElement(root, self.q("file"),
                                    {k: v for k, v in attrs.items() if k not in foreign})
            date = iso_date(store.metadata.get("PO-Revision-Date"))
            if date and "date" not in attrs:
                file.set("date", date)
            header = etree.SubElement(file, self.q("header"))
            originals = info.get("header", [])
            safe = [_schema_safe(_unraw(xml), self.q) for xml in originals]
            if [etree.tostring(e) for e in safe] != \
                    [etree.tostring(_unraw(xml)) for xml in originals]:
                foreign = {**foreign, "header": originals}     # the header as it was
            for element in safe:
                header.append(element)
            if not info.get("header"):
                etree.SubElement(header, self.q("tool"), {
                    "tool-id": "l10nflow", "tool-name": "l10nflow",
                    "tool-version": __version__})
            if header_text and index == 0:
                etree.SubElement(header, self.q("note"), {"from": _PO_HEADER}).text = \
                    header_text
            if foreign:
                etree.SubElement(header, self.q("note"), {"from": _FILE_ATTRS}).text = \
                    dump_carried(foreign)
            if len(header) == 0:
                file.remove(header)
            body = etree.SubElement(file, self.q("body"))
            layout = _Layout(self, body)
            ids: set[str] = set()
            for path, unit, before, after in self._layout_units(store, units):
                parent = layout.parent_for(path)
                self._unit(parent, unit, before, after, store.article, src, tgt, ids)
        return root

    def _fresh_id(self, wanted: str, ids: set[str]) -> str:
        wanted = _XML_BAD.sub("_", wanted)
        fresh, number = wanted or "u", 1
        while fresh in ids:
            number += 1
            fresh = f"{wanted}_{number}"
        ids.add(fresh)
        return fresh

    def _unit(self, parent, unit: Unit, before, after, article, src: str, tgt: str,
              ids: set[str]) -> None:
        if unit.is_plural:
            group_id = self._fresh_id(unit.key, ids)
            group = etree.SubElement(parent, self.q("group"), id=group_id,
                                     restype=_PLURALS_12)
            sources = [unit.source] + [unit.source_plural or ""] * len(unit.target_plurals)
            for index, (source, target) in enumerate(zip(sources, unit.targets, strict=True)):
                form = Unit(f"{unit.key}[{index}]", source, target, unit.state,
                            codes=unit.codes, translatable=unit.translatable)
                if index == 0:
                    form = replace(unit, key=form.key, source_plural=None, target_plurals=[],
                                   context=po_context(unit))
                self._trans_unit(group, form, before if index == 0 else [],
                                 after if index == 0 else [], article, src, tgt, ids,
                                 plural_of=unit if index == 0 else None)
            return
        self._trans_unit(parent, unit, before, after, article, src, tgt, ids)

    def _trans_unit(self, parent, unit: Unit, before, after, article, src: str, tgt: str,
                    ids: set[str], plural_of: Unit | None = None) -> None:
        unit_id = self._fresh_id(unit.key, ids)
        element = etree.SubElement(parent, self.q("trans-unit"), id=unit_id)
        own = {k[len("xliff1."):]: v for k, v in unit.extra.items()
               if k.startswith("xliff1.")}
        _set_attrs(element, {k[1:]: v for k, v in own.items()
                             if k.startswith("@") and not k.startswith("@{")})
        _set_translate(element, unit.translatable)
        if unit.state.is_human:
            element.set("approved", "yes")
        elif own.get("approved"):
            element.set("approved", own["approved"])
        source = etree.SubElement(element, self.q("source"), {XML_LANG: src})
        write_inline(source, unit.source, unit.codes, self.family, self.namespace, "source",
                     self._generic, _native_12)
        if own.get("seg-source"):
            element.append(_unraw(own["seg-source"]))
        if unit.target or unit.state is not State.NEW or own.get("target"):
            target = etree.SubElement(element, self.q("target"), {XML_LANG: tgt})
            write_inline(target, unit.target, unit.codes, self.family, self.namespace,
                         "target", self._generic, _native_12)
            _set_attrs(target, {k[len("target@"):]: v for k, v in own.items()
                                if k.startswith("target@") and not k.startswith("target@{")
                                and v != ""})
            native = own.get("target@state")
            if native == "" and unit.state is (State.TRANSLATED if unit.target else State.NEW):
                target.attrib.pop("state", None)     # the file had no state: none written
            elif native is None or self._state_of(native, bool(unit.target)) is not unit.state:
                if unit.state in self._STATES:
                    target.set("state", self._STATES[unit.state])
                elif "state" in target.attrib:
                    del target.attrib["state"]
        safe = notes_in_xml(unit)
        for ref in unit.references if safe else []:
            path, line = _ref_parts(ref)
            group = etree.SubElement(element, self.q("context-group"), purpose="location")
            etree.SubElement(group, self.q("context"), {"context-type": "sourcefile"}).text = path
            if line:
                etree.SubElement(group, self.q("context"),
                                 {"context-type": "linenumber"}).text = line
        data = _carried(unit, self.family, unit_id, plural_of)
        # The strict schema refuses other tools' namespaces: their attributes and
        # elements travel in the carried data and come back when l10nflow reads the file.
        foreign = {f"xliff1.{k}": v for k, v in own.items()
                   if k.startswith(("@{", "target@{", "keep-foreign"))}
        if foreign:
            data.setdefault("extra", {}).update(foreign)
        if data:
            group = etree.SubElement(element, self.q("context-group"), purpose="information")
            etree.SubElement(group, self.q("context"),
                             {"context-type": _CARRY}).text = dump_carried(data)
        for text in _machine_notes(unit, before, after, article):
            etree.SubElement(element, self.q("note"), {"from": "l10nflow"}).text = text
        for text in unit.comments if safe else []:
            etree.SubElement(element, self.q("note"), {"from": "developer"}).text = text
        senders = json.loads(own["notes-from"]) if own.get("notes-from") else []
        for index, text in enumerate(unit.notes if safe else []):
            sender = senders[index] if index < len(senders) else "translator"
            note = etree.SubElement(element, self.q("note"))
            if sender is not None:
                note.set("from", sender)
            note.text = text
        for xml in json.loads(own.get("keep", "[]")):
            element.append(_unraw(xml))

    def _generic(self, role: str, token: str, paired_here: bool) -> etree._Element:
        tag = "x" if role == "standalone" else ("g" if paired_here else
                                               "bx" if role == "open" else "ex")
        return etree.Element(self.q(tag), id=token)

    # --- reading ----------------------------------------------------------------------

    def read_root(self, root, path, namespace=None) -> Store:
        namespace = namespace or self.namespace
        q = lambda tag: f"{{{namespace}}}{tag}"          # noqa: E731
        files = self._file_elements(root, namespace, path)
        first = files[0]
        store = Store([], base_code(first.get("source-language"), "en"),
                      base_code(first.get("target-language"), "en"), first.get("original"))
        store.extra["xliff.langs"] = (first.get("source-language"),
                                      first.get("target-language"))
        store.extra["xliff.version"] = NAMESPACES_1[namespace]
        date = po_date(first.get("date"))
        if date:
            store.metadata["PO-Revision-Date"] = date
        infos: dict[str, dict] = {}
        for file in files:
            label = self._file_label(file.get("original") or "file", infos)
            header_xml = []
            file_attrs: dict[str, str] = {}
            header = file.find(q("header"))
            if header is not None:
                for child in _elements(header):
                    if child.tag == q("note") and child.get("from") == _PO_HEADER:
                        _take_header(store, child.text or "")
                    elif child.tag == q("note") and child.get("from") == _FILE_ATTRS:
                        file_attrs.update(load_carried(child.text or "") or {})
                    elif etree.QName(child).namespace == namespace:
                        header_xml.append(_raw(child))
            header_xml = file_attrs.pop("header", None) or header_xml
            infos[label] = {"attrs": {**_attrs(file, {"original", "source-language",
                                                      "target-language"}), **file_attrs},
                            "header": header_xml}
            body = file.find(q("body"))
            if body is None:
                continue
            self._read_units(store, body, q("trans-unit"), ("restype", _PLURALS_12), q, file,
                             label, path)
        return self._finish(store, infos)

    def _read_unit(self, element, article, q, file, label, path) -> list[Unit]:
        obsolete = any(a.tag == q("group") and a.get("id") == OBSOLETE_GROUP
                       for a in element.iterancestors())
        codes = CodeReader(self.family, etree.QName(element).namespace, path,
                           _preset_tokens(element.iterfind(f"{q('context-group')}/"
                                                           f"{q('context')}")))
        source = element.find(q("source"))
        target = element.find(q("target"))
        unit = Unit(key=element.get("id") or "", source=codes.read(source),
                    target=codes.read(target, "target"), article=article,
                    obsolete=obsolete, line=element.sourceline, file=label,
                    translatable=_translatable(element, file))
        unit.codes = codes.codes
        extra: dict[str, str] = {f"xliff1.@{k}": v for k, v in
                                 _attrs(element, self._UNIT_ATTRS).items()}
        if element.get("approved"):
            extra["xliff1.approved"] = element.get("approved")
        if target is not None:
            extra.update({f"xliff1.target@{k}": v
                          for k, v in _attrs(target, {XML_LANG}).items()})
        groups = _stored_groups(element, file, q, foreign_attributes=False)
        if groups:
            extra["xliff1.groups"] = groups
        state = target.get("state") if target is not None else None
        if state in self._FROM_STATE:
            unit.state = self._state_of(state, bool(unit.target))
        elif element.get("approved") == "yes":
            unit.state = State.FINAL
        else:
            unit.state = State.TRANSLATED if unit.target else State.NEW
        if not unit.target and unit.state is not State.NEEDS_REVIEW:
            unit.state = State.NEW
        if target is not None and unit.state is State.NEW:
            extra["xliff1.target"] = "yes"          # an empty <target> to write back
        if "xliff1.target@state" in extra and \
                extra["xliff1.target@state"] == self._STATES.get(unit.state):
            del extra["xliff1.target@state"]        # what the mapping writes anyway
        if target is not None and state is None and \
                unit.state is (State.TRANSLATED if unit.target else State.NEW):
            extra["xliff1.target@state"] = ""       # no state attribute: write none
        if extra.get("xliff1.approved") == "yes" and unit.state.is_human:
            del extra["xliff1.approved"]
        keep: list[str] = []
        keep_foreign: list[str] = []
        machine, human, other, senders = [], [], [], []
        for child in _elements(element):
            local = etree.QName(child).localname
            in_ns = etree.QName(child).namespace == etree.QName(element).namespace
            if in_ns and local == "context-group":
                self._read_context_group(child, unit, q, keep)
            elif in_ns and local == "note":
                sender = child.get("from")
                if sender == "l10nflow":
                    machine.append(child.text or "")
                elif sender == "developer":
                    other.append(child.text or "")
                else:
                    human.append(child.text or "")
                    senders.append(sender)
            elif in_ns and local == "seg-source":
                extra["xliff1.seg-source"] = _raw(child)
            elif not in_ns:
                keep_foreign.append(_raw(child))
            elif local not in ("source", "target"):
                keep.append(_raw(child))
        if keep:
            extra["xliff1.keep"] = json.dumps(keep, ensure_ascii=False)
        if keep_foreign:
            extra["xliff1.keep-foreign"] = json.dumps(keep_foreign, ensure_ascii=False)
        if any(s != "translator" for s in senders):
            extra["xliff1.notes-from"] = json.dumps(senders)
        unit.extra.update(extra)
        carried_data = unit.extra.pop("xliff1.carried", None)
        if carried_data:
            data = load_carried(carried_data) or {}
            if "plural" in data:
                unit.extra["plural"] = data.pop("plural")
            apply_carried(data, unit)
        if unit.context is None and "xliff1.context-set" not in unit.extra:
            unit.context = unit.key
        unit.extra.pop("xliff1.context-set", None)
        return _read_notes(unit, machine, human, other, article)

    def _read_context_group(self, group, unit: Unit, q, keep: list[str]) -> None:
        context = group.find(q("context"))
        if context is not None and context.get("context-type") == _CARRY and len(group) == 1:
            text = context.text
            data = load_carried(text or "")
            if data is not None:
                unit.extra["xliff1.carried"] = text
                if "context" in data:
                    unit.extra["xliff1.context-set"] = "1"
                return
        if group.get("purpose") == "location" and len(group.attrib) == 1:
            file = line = None
            for context in group.findall(q("context")):
                if context.get("context-type") == "sourcefile":
                    file = context.text or ""
                elif context.get("context-type") == "linenumber":
                    line = context.text
            if file is not None:
                unit.references.append(f"{file}:{line}" if line else file)
                return
        keep.append(_raw(group))


class Xliff20Format(_XliffBase):
    """OASIS XLIFF 2.0 core (validates against the core schema and modules); reads 2.1
    and 2.2."""

    name = "xliff2"
    extensions = (".xliff", ".xlf2")
    namespace = "urn:oasis:names:tc:xliff:document:2.0"
    family = "xliff2"
    _STATES: ClassVar[dict[State, str]] = {State.NEW: "initial", State.NEEDS_REVIEW: "initial",
               State.TRANSLATED: "translated", State.REVIEWED: "reviewed",
               State.FINAL: "final"}
    _NEEDS_REVIEW = "l10nflow:needs-review"

    # --- writing ----------------------------------------------------------------------

    def build(self, store: Store) -> etree._Element:
        root = etree.Element(self.q("xliff"), nsmap={None: self.namespace, "mda": MDA},
                             version="2.0", srcLang=_lang_tag(store.source_lang, store, 0),
                             trgLang=_lang_tag(store.target_lang, store, 1))
        _set_attrs(root, store.extra.get("xliff.root") or {})
        infos = store.extra.get("xliff2.files") or {}
        header_text = _header_text(store)
        file_ids: set[str] = set()
        for index, (label, units) in enumerate(_files(store.units, store.article or
                                                      "l10nflow")):
            info = infos.get(label, {}) if isinstance(infos, dict) else {}
            file_id = self._nmtoken(info.get("id", f"f{index + 1}"), file_ids)
            attrs = {"original": label} if label not in infos else {}
            attrs.update(info.get("attrs", {}))
            file = etree.SubElement(root, self.q("file"), id=file_id)
            _set_attrs(file, attrs)
            for xml in info.get("before", []):
                file.append(_unraw(xml))
            notes = []
            if store.metadata.get("PO-Revision-Date") and index == 0 and not header_text:
                notes.append(("l10nflow", _REVISION + store.metadata["PO-Revision-Date"]))
            if header_text and index == 0:
                notes.append((_PO_HEADER, header_text))
            if notes or info.get("notes"):
                holder = etree.SubElement(file, self.q("notes"))
                for xml in info.get("notes", []):
                    holder.append(_unraw(xml))
                for category, text in notes:
                    etree.SubElement(holder, self.q("note"), category=category).text = text
            layout = _Layout(self, file)
            ids: set[str] = set()
            pending: list = []
            for item in self._layout_units(store, units):
                if pending and not self._same_unit(pending[-1][1], item[1]):
                    self._unit(layout, pending, store.article, ids)
                    pending = []
                pending.append(item)
            if pending:
                self._unit(layout, pending, store.article, ids)
            if not units:                 # a 2.0 <file> needs a unit or a group
                etree.SubElement(file, self.q("group"), id="empty")
        return root

    @staticmethod
    def _same_unit(a: Unit, b: Unit) -> bool:
        return "xliff2.unit" in a.extra and a.extra.get("xliff2.unit") == \
            b.extra.get("xliff2.unit") and "xliff2.segment" in b.extra and \
            a.obsolete == b.obsolete

    @staticmethod
    def _nmtoken(wanted: str, used: set[str]) -> str:
        fresh = _NMTOKEN_BAD.sub("_", wanted) or "u"
        base, number = fresh, 1
        while fresh in used:
            number += 1
            fresh = f"{base}_{number}"
        used.add(fresh)
        return fresh

    def _unit(self, layout: _Layout, items: list, article, used: set[str]) -> None:
        path, unit, before, after = items[0]
        parent = layout.parent_for(path)
        if unit.is_plural:
            group = etree.SubElement(parent, self.q("group"),
                                     id=self._nmtoken(unit.key, used), type=_PLURALS_2)
            sources = [unit.source] + [unit.source_plural or ""] * len(unit.target_plurals)
            for index, (source, target) in enumerate(zip(sources, unit.targets, strict=True)):
                if index == 0:
                    form = replace(unit, key=f"{unit.key}[0]", source_plural=None,
                                   target_plurals=[], context=po_context(unit))
                    self._one_unit(group, [(path, form, before, after)], article, used,
                                   unit)
                else:
                    form = Unit(f"{unit.key}[{index}]", source, target, unit.state,
                                codes=unit.codes, translatable=unit.translatable)
                    self._one_unit(group, [(path, form, [], [])], article, used, None)
            return
        self._one_unit(parent, items, article, used, None)

    def _one_unit(self, parent, items: list, article, used: set[str],
                  plural_of: Unit | None) -> None:
        first = items[0][1]
        wanted = first.extra.get("xliff2.unit", first.key)
        unit_id = self._nmtoken(wanted, used)
        element = etree.SubElement(parent, self.q("unit"), id=unit_id)
        own = {k[len("xliff2."):]: v for k, v in first.extra.items()
               if k.startswith("xliff2.")}
        _set_attrs(element, {k[1:]: v for k, v in own.items() if k.startswith("@")})
        _set_translate(element, first.translatable)
        data = _carried(first, self.family, unit_id if len(items) == 1 else first.key,
                        plural_of)
        notes = [("l10nflow", t) for _, u, b, a in items
                 for t in _machine_notes(u, b, a, article)]
        if notes_in_xml(first):
            notes += [("location", ref) for ref in first.references]
            notes += [("developer", t) for t in first.comments]
            categories = json.loads(own["notes-category"]) if own.get("notes-category") \
                else []
            notes += [(categories[i] if i < len(categories) else None, t)
                      for i, t in enumerate(first.notes)]
        if data or own.get("metadata"):
            metadata = etree.SubElement(element, f"{{{MDA}}}metadata")
            for xml in json.loads(own.get("metadata", "[]")):
                metadata.append(_unraw(xml))
            if data:
                group = etree.SubElement(metadata, f"{{{MDA}}}metaGroup", category=_CARRY)
                etree.SubElement(group, f"{{{MDA}}}meta", type="data").text = \
                    dump_carried(data)
        for xml in json.loads(own.get("keep-before", "[]")):
            element.append(_unraw(xml))
        if notes:
            holder = etree.SubElement(element, self.q("notes"))
            for category, text in notes:
                note = etree.SubElement(holder, self.q("note"))
                if category is not None:
                    note.set("category", category)
                note.text = text
        if own.get("originalData"):
            element.append(_unraw(own["originalData"]))
        for _, unit, _, _ in items:
            self._segment(element, unit)
        trailing = first.extra.get("xliff2.ignorable-after") if len(items) == 1 else \
            items[-1][1].extra.get("xliff2.ignorable-after")
        if trailing:
            self._ignorable(element, trailing, items[-1][1])
        for xml in json.loads(own.get("keep", "[]")):
            element.append(_unraw(xml))

    def _ignorable(self, element, stored: str, unit: Unit) -> None:
        source, target = json.loads(stored)
        ignorable = etree.SubElement(element, self.q("ignorable"))
        write_inline(etree.SubElement(ignorable, self.q("source")), source, unit.codes,
                     self.family, self.namespace, "source", self._generic)
        if target is not None:
            write_inline(etree.SubElement(ignorable, self.q("target")), target, unit.codes,
                         self.family, self.namespace, "target", self._generic)

    def _segment(self, element, unit: Unit) -> None:
        before = unit.extra.get("xliff2.ignorable-before")
        if before:
            self._ignorable(element, before, unit)
        segment = etree.SubElement(element, self.q("segment"))
        if unit.extra.get("xliff2.segment"):
            segment.set("id", unit.extra["xliff2.segment"])
        native = unit.extra.get("xliff2.state")
        sub_state = unit.extra.get("xliff2.subState")
        if native is not None and self._from_state(native or None, sub_state,
                                                   bool(unit.target)) is unit.state:
            if native:
                segment.set("state", native)
            if sub_state:
                segment.set("subState", sub_state)
        else:
            segment.set("state", self._STATES[unit.state])
            if unit.state is State.NEEDS_REVIEW:
                segment.set("subState", self._NEEDS_REVIEW)
        for key, value in unit.extra.items():
            if key.startswith("xliff2.segment@"):
                segment.set(key[len("xliff2.segment@"):], value)
        source = etree.SubElement(segment, self.q("source"))
        write_inline(source, unit.source, unit.codes, self.family, self.namespace, "source",
                     self._generic)
        for key, value in unit.extra.items():
            if key.startswith("xliff2.source@"):
                source.set(key[len("xliff2.source@"):], value)
        if unit.target or unit.state is not State.NEW or "xliff2.target" in unit.extra:
            target = etree.SubElement(segment, self.q("target"))
            write_inline(target, unit.target, unit.codes, self.family, self.namespace,
                         "target", self._generic)
            for key, value in unit.extra.items():
                if key.startswith("xliff2.target@"):
                    target.set(key[len("xliff2.target@"):], value)

    def _generic(self, role: str, token: str, paired_here: bool) -> etree._Element:
        if role == "standalone":
            return etree.Element(self.q("ph"), id=token)
        if paired_here:
            return etree.Element(self.q("pc"), id=token)
        if role == "open":
            return etree.Element(self.q("sc"), id=token, isolated="yes")
        return etree.Element(self.q("ec"), id=token, isolated="yes")

    # --- reading ----------------------------------------------------------------------

    def _from_state(self, state: str | None, sub_state: str | None, has_target: bool
                    ) -> State:
        if sub_state == self._NEEDS_REVIEW:
            return State.NEEDS_REVIEW
        if state == "final":
            return State.FINAL
        if state == "reviewed":
            return State.REVIEWED
        if has_target and state == "translated":
            return State.TRANSLATED
        if has_target and state is None:
            return State.TRANSLATED
        if has_target:
            return State.NEEDS_REVIEW        # "initial" with a target: not yet confirmed
        return State.NEW

    def read_root(self, root, path, namespace=None) -> Store:
        namespace = namespace or self.namespace
        q = lambda tag: f"{{{namespace}}}{tag}"          # noqa: E731
        files = self._file_elements(root, namespace, path)
        store = Store([], base_code(root.get("srcLang"), "en"),
                      base_code(root.get("trgLang"), "en"), files[0].get("original"))
        store.extra["xliff.langs"] = (root.get("srcLang"), root.get("trgLang"))
        other = _attrs(root, {"version", "srcLang", "trgLang"})
        if other:
            store.extra["xliff.root"] = other       # other tools' attributes on <xliff>
        store.extra["xliff.version"] = root.get("version") or NAMESPACES_2[namespace]
        infos: dict[str, dict] = {}
        for file in files:
            label = self._file_label(file.get("original") or file.get("id") or "file",
                                     infos)
            info: dict = {"id": file.get("id"), "attrs": _attrs(file, {"id"}),
                          "notes": [], "before": []}
            for child in _elements(file):
                if child.tag == q("notes"):
                    for note in _elements(child):
                        category, text = note.get("category"), note.text or ""
                        if category == _PO_HEADER:
                            _take_header(store, text)
                        elif category == "l10nflow" and text.startswith(_REVISION):
                            store.metadata["PO-Revision-Date"] = text[len(_REVISION):]
                        else:
                            info["notes"].append(_raw(note))
                elif child.tag not in (q("unit"), q("group")):
                    info["before"].append(_raw(child))
            infos[label] = info
            self._read_units(store, file, q("unit"), ("type", _PLURALS_2), q, file, label,
                             path)
        return self._finish(store, infos)

    def _read_unit(self, element, article, q, file, label, path) -> list[Unit]:
        obsolete = any(a.tag == q("group") and a.get("id") == OBSOLETE_GROUP
                       for a in element.iterancestors())
        namespace = etree.QName(element).namespace
        codes = CodeReader(self.family, namespace, path, _preset_tokens(
            element.iterfind(f"{{{MDA}}}metadata/{{{MDA}}}metaGroup/{{{MDA}}}meta")))
        unit_extra: dict[str, str] = {f"xliff2.@{k}": v for k, v in
                                      _attrs(element, {"id", "translate"}).items()}
        groups = _stored_groups(element, file, q, foreign_attributes=True)
        if groups:
            unit_extra["xliff2.groups"] = groups
        translatable = _translatable(element, file)
        machine, human, other, categories, references = [], [], [], [], []
        keep, keep_before, metadata = [], [], []
        carried_data = None
        parts: list[tuple[str, etree._Element]] = []
        for child in _elements(element):
            if child.tag == q("notes"):
                for note in _elements(child):
                    category, text = note.get("category"), note.text or ""
                    if category == "location":
                        references.append(text)
                    elif category == "l10nflow":
                        machine.append(text)
                    elif category == "developer":
                        other.append(text)
                    else:
                        human.append(text)
                        categories.append(category)
            elif child.tag in (q("segment"), q("ignorable")):
                parts.append((etree.QName(child).localname, child))
            elif child.tag == q("originalData"):
                unit_extra["xliff2.originalData"] = _raw(child)
            elif child.tag == f"{{{MDA}}}metadata":
                for group in child:
                    if isinstance(group.tag, str) and group.get("category") == _CARRY:
                        meta = group.find(f"{{{MDA}}}meta")
                        carried_data = meta.text if meta is not None else None
                    elif isinstance(group.tag, str):
                        metadata.append(_raw(group))
            elif parts:
                keep.append(_raw(child))
            else:
                keep_before.append(_raw(child))
        if metadata:
            unit_extra["xliff2.metadata"] = json.dumps(metadata, ensure_ascii=False)
        if keep:
            unit_extra["xliff2.keep"] = json.dumps(keep, ensure_ascii=False)
        if keep_before:
            unit_extra["xliff2.keep-before"] = json.dumps(keep_before, ensure_ascii=False)
        if any(c is not None for c in categories):
            unit_extra["xliff2.notes-category"] = json.dumps(categories)
        segments = [child for kind, child in parts if kind == "segment"]
        several = len(segments) > 1
        units: list[Unit] = []
        pending_ignorable: str | None = None
        for kind, child in parts:
            source = codes.read(child.find(q("source")))
            target_element = child.find(q("target"))
            target = codes.read(target_element, "target")
            if kind == "ignorable":
                value = json.dumps([source, target if target_element is not None else None],
                                   ensure_ascii=False)
                if units:
                    units[-1].extra["xliff2.ignorable-after"] = value
                    pending_ignorable = value
                else:
                    pending_ignorable = value
                continue
            unit = Unit(key=element.get("id") or "", source=source, target=target,
                        article=article, obsolete=obsolete, line=child.sourceline,
                        file=label, translatable=translatable)
            unit.state = self._from_state(child.get("state"), child.get("subState"),
                                          bool(target))
            for key, value in _attrs(child, {"id", "state", "subState"}).items():
                unit.extra[f"xliff2.segment@{key}"] = value
            written_sub = self._NEEDS_REVIEW if unit.state is State.NEEDS_REVIEW else None
            if (child.get("state", ""), child.get("subState")) != \
                    (self._STATES[unit.state], written_sub):
                # kept only where the mapping would write something else
                unit.extra["xliff2.state"] = child.get("state", "")
                if child.get("subState"):
                    unit.extra["xliff2.subState"] = child.get("subState")
            source_element = child.find(q("source"))
            for key, value in (source_element.attrib.items()
                               if source_element is not None else ()):
                unit.extra[f"xliff2.source@{key}"] = value
            if target_element is not None:
                if unit.state is State.NEW:
                    unit.extra["xliff2.target"] = "yes"
                for key, value in target_element.attrib.items():
                    unit.extra[f"xliff2.target@{key}"] = value
            if several:
                unit.key = f"{element.get('id')}#{child.get('id') or len(units) + 1}"
                unit.extra["xliff2.unit"] = element.get("id") or ""
                unit.extra["xliff2.segment"] = child.get("id") or ""
            elif child.get("id"):
                unit.extra["xliff2.segment"] = child.get("id")
            if pending_ignorable is not None:
                if units:
                    del units[-1].extra["xliff2.ignorable-after"]
                unit.extra["xliff2.ignorable-before"] = pending_ignorable
                pending_ignorable = None
            units.append(unit)
        if not units:                          # a unit with no segment cannot be valid
            raise InputError("XLIFF unit has no <segment>", path, element.sourceline)
        first = units[0]
        first.extra.update(unit_extra)
        first.references = references
        for unit in units:
            unit.codes = codes.codes
        if carried_data:
            data = load_carried(carried_data) or {}
            if "plural" in data:
                first.extra["plural"] = str(data.pop("plural"))
            apply_carried(data, first)
            if "context" not in data:
                first.context = first.key
        else:
            for unit in units:
                unit.context = unit.key
        for unit in units[1:]:
            unit.context = unit.key
        result = _read_notes(first, machine, human, other, article)
        return result + units[1:]


def _preset_tokens(holders) -> set[str]:
    """Tokens of the codes carried in a unit's data (see CodeReader.preset)."""
    for holder in holders:
        if holder.get("context-type", _CARRY) == _CARRY and holder.get("type", "data") == \
                "data" and (holder.text or "").startswith("{"):
            data = load_carried(holder.text or "") or {}
            return {name.removeprefix("t:") for name in data.get("codes", {})}
    return set()


def _native_12(code) -> bool:
    return not foreign_markup(code)


def _carried(unit: Unit, family: str, written_id: str, plural_of: Unit | None) -> dict:
    """What an XLIFF unit carries; for the first form of a plural, the plural unit's data
    (its key and context, not the form's) and its msgid_plural."""
    if plural_of is not None:
        data = carried(plural_of, family, plural_of.key)
        if written_id != f"{plural_of.key}[0]":
            data["key"] = plural_of.key
        data["plural"] = plural_of.source_plural
    else:
        data = carried(unit, family, written_id)
    data.pop("file", None)              # the <file> element says it
    return data


def _join_plural(forms: list[list[Unit]]) -> list[Unit]:
    """One plural unit from the units of a plural group (form 0 first)."""
    units = [u for form in forms for u in form if not u.target_only]
    first = units[0]
    first.target_plurals = [u.target for u in units[1:]]
    first.source_plural = first.extra.pop("plural", None) or (
        units[1].source if len(units) > 1 else first.source)
    if first.key.endswith("[0]"):
        first.key = first.key[:-3]
        if first.context is not None and first.context.endswith("[0]"):
            first.context = first.key
    for form in units[1:]:
        first.codes.update(form.codes)
    for name in ("xliff1.groups", "xliff2.groups"):
        groups = json.loads(first.extra.get(name, "[]"))[:-1]
        if groups:
            first.extra[name] = json.dumps(groups)
        else:
            first.extra.pop(name, None)
    return list(forms[0])


XLIFF12 = register(Xliff12Format())
XLIFF20 = register(Xliff20Format())
