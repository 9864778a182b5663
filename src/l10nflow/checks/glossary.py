"""Glossaries: TBX (v2 ``martif`` and v3, DCA or DCT style) and CSV.

A glossary is a list of concepts; each concept has terms per language with an
administrative status (``preferred``, ``admitted``, ``deprecated``, ``superseded``).  The
checks use it three ways: a deprecated or superseded target term is reported with the
preferred one; a source term whose concept has a preferred target term requires one of the
concept's accepted target terms in the translation; a source term left in the target
(``NSND``) is an untranslated title.

CSV glossaries have a header row with the columns ``concept,lang,term,status,note``
(``status`` and ``note`` may be empty; rows with the same ``concept`` form one concept).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..formats.xmlsafe import parse_xml
from ..fsutil import read_text
from ..vietnamese import lowered

__all__ = ["Concept", "Glossary", "Term", "default_glossary", "load_glossary", "tag_matches"]

STATUSES = ("preferred", "admitted", "deprecated", "superseded")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_NAMESPACES = ("urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0", "")


@dataclass
class Term:
    text: str
    lang: str
    status: str | None = None
    note: str | None = None

    @property
    def accepted(self) -> bool:
        return self.status in (None, "preferred", "admitted")


def _subtags(tag: str) -> tuple[str, str | None]:
    """(primary language, region or None) of a tag: ``pt-BR`` -> ("pt", "br"); scripts
    and variants are not compared."""
    parts = tag.replace("_", "-").lower().split("-")
    region = next((p for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    return parts[0], region


def tag_matches(term_lang: str, store_lang: str) -> bool:
    """Whether a glossary term tagged *term_lang* is for a store in *store_lang*: the
    same primary subtag, and the same region when both name one (``es`` terms serve
    ``es-MX``; ``es-ES`` terms do not serve ``es-MX``)."""
    term, store = _subtags(term_lang), _subtags(store_lang)
    return term[0] == store[0] and (term[1] is None or store[1] is None or term[1] == store[1])


@dataclass
class Concept:
    id: str
    terms: list[Term] = field(default_factory=list)

    def in_lang(self, lang: str) -> list[Term]:
        """The terms for language tag *lang* (see :func:`tag_matches`)."""
        return [t for t in self.terms if tag_matches(t.lang, lang)]

    def preferred(self, lang: str) -> Term | None:
        terms = self.in_lang(lang)
        return next((t for t in terms if t.status == "preferred"),
                    next((t for t in terms if t.accepted), None))


def _status(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower()
    for status in STATUSES:
        if value.startswith(status):
            return status
    return None


@dataclass
class Glossary:
    concepts: list[Concept] = field(default_factory=list)

    def __add__(self, other: Glossary) -> Glossary:
        return Glossary(self.concepts + other.concepts)


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _parse_tbx(root, path: Path | None) -> Glossary:
    """TBX v3 (conceptEntry/langSec/termSec) or v2 (termEntry/langSet/tig|ntig)."""
    glossary = Glossary()
    entries = [e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")]
    for number, entry in enumerate(entries, start=1):
        concept = Concept(entry.get("id") or f"c{number}")
        for lang_sec in (e for e in entry if _local(e.tag) in ("langSec", "langSet")):
            lang = lang_sec.get(XML_LANG) or lang_sec.get("lang") or ""
            for term_sec in lang_sec.iter():
                if _local(term_sec.tag) not in ("termSec", "tig", "ntig"):
                    continue
                term = next((e for e in term_sec.iter() if _local(e.tag) == "term"), None)
                if term is None or not (term.text or "").strip():
                    continue
                status = note = None
                for element in term_sec.iter():
                    name = _local(element.tag)
                    dca = name == "termNote" and element.get("type") == "administrativeStatus"
                    if dca or name == "administrativeStatus":     # DCA or DCT style
                        status = _status(element.text)
                    elif name == "note" and element.text:
                        note = element.text.strip()
                concept.terms.append(Term("".join(term.itertext()).strip(), lang, status, note))
        if concept.terms:
            glossary.concepts.append(concept)
    if not glossary.concepts:
        raise InputError("TBX file holds no terms", path,
                         hint="expected conceptEntry/langSec/termSec (TBX v3) or "
                              "termEntry/langSet/tig (TBX v2)")
    return glossary


def _parse_csv(text: str, path: Path | None) -> Glossary:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"concept", "lang", "term"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(f"CSV glossary lacks column(s) {', '.join(sorted(missing))}", path, 1,
                         hint="the header row is: concept,lang,term,status,note")
    concepts: dict[str, Concept] = {}
    for row in reader:
        if not (row.get("term") or "").strip():
            continue
        status = row.get("status") or None
        if status and _status(status) is None:
            raise InputError(f"unknown status {status!r}; use {', '.join(STATUSES)}", path,
                             reader.line_num)
        concept = concepts.setdefault(row["concept"], Concept(row["concept"]))
        concept.terms.append(Term(row["term"].strip(), row["lang"].strip(), _status(status),
                                  (row.get("note") or "").strip() or None))
    return Glossary(list(concepts.values()))


def load_glossary(path: str | Path) -> Glossary:
    """Read a TBX or CSV glossary; errors name the file and line."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _parse_csv(read_text(path), path)
    if not path.is_file():
        raise InputError("glossary not found", path)
    root = parse_xml(path.read_bytes(), path, "TBX glossary")
    if _local(root.tag) not in ("tbx", "martif"):
        raise InputError(f"not a TBX document (root element {_local(root.tag)!r})", path,
                         root.sourceline)
    return _parse_tbx(root, path)


@cache
def default_glossary() -> Glossary:
    """The news glossary shipped with l10nflow (``data/glossary-news.tbx``)."""
    resource = resources.files("l10nflow").joinpath("data/glossary-news.tbx")
    root = parse_xml(resource.read_bytes(), None, "bundled glossary")
    return _parse_tbx(root, None)


# --- matching ----------------------------------------------------------------------------

_SUFFIX = r"(?:'s|’s|s|es|n|ns|an|ans)?"


@cache
def term_pattern(term: str) -> re.Pattern[str]:
    """Find *term* as whole words, tolerant of plural/possessive/demonym endings.

    Terms with a capital letter match case-sensitively ("Kiev", not "kiev"); lower-case
    terms are matched against lowered text, so they match in any case.  Spaces in a term
    match any white space.  The check for a word start comes after the first character:
    a pattern that starts with a look-behind is tried at every position, ten times slower.
    """
    body = r"\s+".join(re.escape(w) for w in term.split())
    first = re.escape(term.strip()[0])
    rest = body[len(first):]
    return re.compile(rf"{first}(?<!\w.){rest}{_SUFFIX}(?!\w)")


def find_term(term: str, text: str) -> str | None:
    """*term* as written in *text* (with its ending), or None."""
    cased = any(c.isupper() for c in term)
    match = term_pattern(term if cased else term.lower()).search(text if cased else
                                                                 lowered(text))
    return text[match.start():match.end()] if match else None
