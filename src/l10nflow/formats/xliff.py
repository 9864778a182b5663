"""XLIFF 1.2 and 2.0 stores, for CAT tools (memoQ, Trados, OmegaT, Weblate...).

Both versions hold one ``<file>`` per article (``original`` = the article id), a group
per source paragraph, and one unit per aligned pair whose id is the unit key.  The
aligner's data travels in notes with the same text as in PO (``bead 2-1, confidence
0.912, fingerprint …``; ``target-only en12.1 (…): text``), so every format reads back to
the same units.  State mapping (also in the README):

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

import re
from collections.abc import Iterator
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
    machine_note,
    parse_machine_note,
    parse_target_only_note,
    register,
    split_target_only,
    target_only_note,
)
from .xmlsafe import parse_xml

__all__ = ["Xliff12Format", "Xliff20Format", "region_code"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OBSOLETE_GROUP = "l10nflow-obsolete"
_PARAGRAPH = re.compile(r":(?:[a-z]{2,3})?(\d+)\.\d+$")
_NMTOKEN_BAD = re.compile(r"[^\w.:-]")


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


def base_code(lang: str | None, default: str) -> str:
    return (lang or default).split("-")[0].split("_")[0].lower()


def _paragraph_of(unit: Unit) -> str | None:
    match = _PARAGRAPH.search(unit.key)
    return f"p{match.group(1)}" if match else None


def _grouped(units: list[Unit]) -> Iterator[tuple[str | None, list]]:
    """(group id, [(unit, before, after) ...]) runs of live units, then the obsolete ones."""
    live = [u for u in units if not u.obsolete]
    obsolete = [u for u in units if u.obsolete]
    current: str | None = None
    run: list = []
    seen: set[str] = set()
    for item in split_target_only(live) if live else []:
        group = _paragraph_of(item[0])
        if group in seen and group != current:
            group = None           # keep ids unique when paragraphs come back out of order
        if run and group != current:
            yield current, run
            run = []
        current = group
        if group:
            seen.add(group)
        run.append(item)
    if run:
        yield current, run
    if obsolete:
        yield OBSOLETE_GROUP, [(u, [], []) for u in obsolete if not u.target_only]


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


class _XliffBase(StoreFormat):
    namespace: str

    def q(self, tag: str) -> str:
        return f"{{{self.namespace}}}{tag}"

    def dumps(self, store: Store) -> bytes:
        root = self.build(store)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                              pretty_print=True)

    def build(self, store: Store) -> etree._Element:
        raise NotImplementedError

    def loads(self, data: bytes, path: Path | None = None) -> Store:
        """Read XLIFF of either version: the file's namespace decides, not its name."""
        root = parse_xml(data, path, "XLIFF file")
        for fmt in (XLIFF12, XLIFF20):
            if root.tag == fmt.q("xliff"):
                return fmt.read_root(root, path)
        raise InputError(f"not an XLIFF 1.2 or 2.0 document (root element "
                         f"{etree.QName(root).localname!r} in namespace "
                         f"{etree.QName(root).namespace!r})", path, root.sourceline)

    def read_root(self, root: etree._Element, path: Path | None) -> Store:
        raise NotImplementedError

    def _groups(self, container: etree._Element, units: list[Unit]
                ) -> Iterator[tuple[etree._Element, list]]:
        """Each run of :func:`_grouped` with the element its units go in: a ``<group>``
        per paragraph (``translate="no"`` for the obsolete ones), else *container*."""
        for group_id, items in _grouped(units):
            parent = container
            if group_id:
                parent = etree.SubElement(container, self.q("group"), id=group_id)
                if group_id == OBSOLETE_GROUP:
                    parent.set("translate", "no")
            yield parent, items

    def _files(self, root: etree._Element, path: Path | None) -> list[etree._Element]:
        files = root.findall(self.q("file"))
        if not files:
            raise InputError("XLIFF file has no <file> element", path, root.sourceline)
        return files


class Xliff12Format(_XliffBase):
    """OASIS XLIFF 1.2 (validates against the strict schema)."""

    name = "xliff"
    extensions = (".xlf",)
    namespace = "urn:oasis:names:tc:xliff:document:1.2"
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

    def build(self, store: Store) -> etree._Element:
        src, tgt = region_code(store.source_lang), region_code(store.target_lang)
        root = etree.Element(self.q("xliff"), nsmap={None: self.namespace}, version="1.2")
        file = etree.SubElement(root, self.q("file"), {
            "original": store.article or "l10nflow", "source-language": src,
            "target-language": tgt, "datatype": "plaintext"})
        date = iso_date(store.metadata.get("PO-Revision-Date"))
        if date:
            file.set("date", date)
        header = etree.SubElement(file, self.q("header"))
        etree.SubElement(header, self.q("tool"), {
            "tool-id": "l10nflow", "tool-name": "l10nflow", "tool-version": __version__})
        body = etree.SubElement(file, self.q("body"))
        for parent, items in self._groups(body, store.units):
            for unit, before, after in items:
                self._unit(parent, unit, before, after, store.article, src, tgt)
        return root

    def _unit(self, parent, unit: Unit, before, after, article, src: str, tgt: str) -> None:
        element = etree.SubElement(parent, self.q("trans-unit"), id=unit.key)
        if unit.state.is_human:
            element.set("approved", "yes")
        source = etree.SubElement(element, self.q("source"), {XML_LANG: src})
        source.text = unit.source
        if unit.target or unit.state is not State.NEW:
            target = etree.SubElement(element, self.q("target"), {XML_LANG: tgt})
            target.text = unit.target
            if unit.state in self._STATES:
                target.set("state", self._STATES[unit.state])
        for ref in unit.references:
            path, line = _ref_parts(ref)
            group = etree.SubElement(element, self.q("context-group"), purpose="location")
            etree.SubElement(group, self.q("context"), {"context-type": "sourcefile"}).text = path
            if line:
                etree.SubElement(group, self.q("context"),
                                 {"context-type": "linenumber"}).text = line
        for text in _machine_notes(unit, before, after, article):
            etree.SubElement(element, self.q("note"), {"from": "l10nflow"}).text = text
        for text in unit.comments:
            etree.SubElement(element, self.q("note"), {"from": "developer"}).text = text
        for text in unit.notes:
            etree.SubElement(element, self.q("note"), {"from": "translator"}).text = text

    def read_root(self, root, path) -> Store:
        files = self._files(root, path)
        first = files[0]
        store = Store([], base_code(first.get("source-language"), "vi"),
                      base_code(first.get("target-language"), "en"), first.get("original"))
        date = po_date(first.get("date"))
        if date:
            store.metadata["PO-Revision-Date"] = date
        for file in files:
            for element in file.iter(self.q("trans-unit")):
                store.units.extend(self._read_unit(element, store.article))
        return store

    def _read_unit(self, element, article) -> list[Unit]:
        parent = element.getparent()
        obsolete = parent.tag == self.q("group") and parent.get("id") == OBSOLETE_GROUP
        source = element.find(self.q("source"))
        target = element.find(self.q("target"))
        unit = Unit(key=element.get("id"), source=_text(source), target=_text(target),
                    article=article, obsolete=obsolete, line=element.sourceline)
        state = target.get("state") if target is not None else None
        if state in self._FROM_STATE:
            unit.state = self._FROM_STATE[state]
        elif element.get("approved") == "yes":
            unit.state = State.FINAL
        else:
            unit.state = State.TRANSLATED if unit.target else State.NEW
        if not unit.target and unit.state is not State.NEEDS_REVIEW:
            unit.state = State.NEW
        for group in element.findall(self.q("context-group")):
            file = line = None
            for context in group.findall(self.q("context")):
                if context.get("context-type") == "sourcefile":
                    file = context.text or ""
                elif context.get("context-type") == "linenumber":
                    line = context.text
            if file is not None:
                unit.references.append(f"{file}:{line}" if line else file)
        machine, human, other = [], [], []
        for note in element.findall(self.q("note")):
            sender = note.get("from")
            (machine if sender == "l10nflow" else other if sender == "developer"
             else human).append(note.text or "")
        return _read_notes(unit, machine, human, other, article)


class Xliff20Format(_XliffBase):
    """OASIS XLIFF 2.0 core (validates against the core schema)."""

    name = "xliff2"
    extensions = (".xliff", ".xlf2")
    namespace = "urn:oasis:names:tc:xliff:document:2.0"
    _STATES: ClassVar[dict[State, str]] = {State.NEW: "initial", State.NEEDS_REVIEW: "initial",
               State.TRANSLATED: "translated", State.REVIEWED: "reviewed",
               State.FINAL: "final"}
    _NEEDS_REVIEW = "l10nflow:needs-review"

    def build(self, store: Store) -> etree._Element:
        root = etree.Element(self.q("xliff"), nsmap={None: self.namespace}, version="2.0",
                             srcLang=region_code(store.source_lang),
                             trgLang=region_code(store.target_lang))
        file = etree.SubElement(root, self.q("file"), id="f1",
                                original=store.article or "l10nflow")
        if store.metadata.get("PO-Revision-Date"):
            notes = etree.SubElement(file, self.q("notes"))
            etree.SubElement(notes, self.q("note"), category="l10nflow").text = (
                _REVISION + store.metadata["PO-Revision-Date"])
        used: set[str] = set()
        for parent, items in self._groups(file, store.units):
            for unit, before, after in items:
                self._unit(parent, unit, before, after, store.article, used)
        return root

    def _unit(self, parent, unit: Unit, before, after, article, used: set[str]) -> None:
        unit_id = _NMTOKEN_BAD.sub("_", unit.key) or "u"
        while unit_id in used:
            unit_id += "_"
        used.add(unit_id)
        element = etree.SubElement(parent, self.q("unit"), id=unit_id)
        if unit_id != unit.key:
            element.set("name", unit.key)
        notes = [("l10nflow", t) for t in _machine_notes(unit, before, after, article)]
        notes += [("location", ref) for ref in unit.references]
        notes += [("developer", t) for t in unit.comments]
        notes += [("translator", t) for t in unit.notes]
        if notes:
            holder = etree.SubElement(element, self.q("notes"))
            for category, text in notes:
                etree.SubElement(holder, self.q("note"), category=category).text = text
        segment = etree.SubElement(element, self.q("segment"), state=self._STATES[unit.state])
        if unit.state is State.NEEDS_REVIEW:
            segment.set("subState", self._NEEDS_REVIEW)
        etree.SubElement(segment, self.q("source")).text = unit.source
        if unit.target or unit.state is not State.NEW:
            etree.SubElement(segment, self.q("target")).text = unit.target

    def read_root(self, root, path) -> Store:
        files = self._files(root, path)
        store = Store([], base_code(root.get("srcLang"), "vi"),
                      base_code(root.get("trgLang"), "en"), files[0].get("original"))
        for note in files[0].iterfind(f"{self.q('notes')}/{self.q('note')}"):
            if note.get("category") == "l10nflow" and (note.text or "").startswith(_REVISION):
                store.metadata["PO-Revision-Date"] = note.text[len(_REVISION):]
        for file in files:
            for element in file.iter(self.q("unit")):
                store.units.extend(self._read_unit(element, store.article))
        return store

    def _read_unit(self, element, article) -> list[Unit]:
        obsolete = any(a.tag == self.q("group") and a.get("id") == OBSOLETE_GROUP
                       for a in element.iterancestors())
        segments = element.findall(self.q("segment"))
        sources = [_text(s.find(self.q("source"))) for s in segments]
        targets = [_text(s.find(self.q("target"))) for s in segments]
        unit = Unit(key=element.get("name") or element.get("id"), source=" ".join(sources),
                    target=" ".join(t for t in targets if t), article=article,
                    obsolete=obsolete, line=element.sourceline)
        state = segments[0].get("state") if segments else None
        sub_state = segments[0].get("subState") if segments else None
        if sub_state == self._NEEDS_REVIEW:
            unit.state = State.NEEDS_REVIEW
        elif state == "final":
            unit.state = State.FINAL
        elif state == "reviewed":
            unit.state = State.REVIEWED
        elif unit.target and state != "initial":
            unit.state = State.TRANSLATED
        elif unit.target:
            unit.state = State.NEEDS_REVIEW
        else:
            unit.state = State.NEW
        machine, human, other = [], [], []
        for note in element.iterfind(f"{self.q('notes')}/{self.q('note')}"):
            category, text = note.get("category"), note.text or ""
            if category == "location":
                unit.references.append(text)
            elif category == "l10nflow":
                machine.append(text)
            elif category == "developer":
                other.append(text)
            else:
                human.append(text)
        return _read_notes(unit, machine, human, other, article)


def _text(element) -> str:
    """All text of an element, inline markup flattened (``<ph>``, ``<g>``, ``<pc>``...)."""
    if element is None:
        return ""
    return "".join(element.itertext())


XLIFF12 = register(Xliff12Format())
XLIFF20 = register(Xliff20Format())
