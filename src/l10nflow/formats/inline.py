"""Inline codes: XML markup inside a segment, kept as typed placeholders in the unit's text.

XLIFF and TMX segments hold more than text: formatting (``<g>``, ``<pc>``, ``<hi>``),
placeholders for native code (``<x/>``, ``<ph>``, ``<bpt>``/``<ept>``, ``<sc>``/``<ec>``,
``<it>``) and annotations (``<mrk>``).  A unit's ``source`` and ``target`` stay plain
strings for every stage (segmenting, aligning, checking, PO); each code stands in them as a
**placeholder token** and the code itself is kept in ``unit.codes``:

==========================  =============================================
token                       stands for
==========================  =============================================
``⟦x1⟧`` ``⟦ph2⟧`` ...      a standalone code (the element's name + a number)
``⟦g1⟧text⟦/g1⟧``           a paired code around text (``g``, ``pc``, ``mrk``, ``hi``)
``⟦bpt3⟧``, ``⟦ept3⟧``      the two halves of a split pair, each on its own
==========================  =============================================

The number identifies a code within the unit: the same code in source and target has the
same token, so a check can compare them and a translator can move them.  In PO files the
tokens stand in ``msgid``/``msgstr`` and the codes travel in the entry's
``#. l10nflow-data:`` note (see :func:`~l10nflow.formats.base.data_note`).  Text that
itself contains ``⟦`` in a unit with codes is refused (it would be ambiguous).

Writing back to the format a code came from reproduces the element exactly; writing to
another format maps it by role (standalone, open, close) to that format's generic element
and drops the native data, which ``convert`` reports.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from lxml import etree

from ..errors import InputError
from ..model import InlineCode

__all__ = ["TOKEN", "CodeReader", "codes_lost", "foreign_markup", "plain_text",
           "write_inline"]


def foreign_markup(code: InlineCode) -> bool:
    """Whether a code's XML uses another tool's namespace (XLIFF 1.2's strict schema
    refuses those, so such a code is written generically and carried)."""
    return "xmlns:" in code.xml

TOKEN = re.compile(r"⟦(/?)([a-z]+)(\d+)⟧")

# Paired elements: their content is text, the element itself is an open/close pair.
PAIRED = {"g", "pc", "mrk", "hi"}
# Control characters XML 1.0 cannot hold.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CP_TYPE = "x-l10nflow-cp"       # XLIFF 1.2 ctype / TMX type of a <ph> holding one

_ROLES = {"bx": "open", "ex": "close", "bpt": "open", "ept": "close", "sc": "open",
          "ec": "close", "sm": "open", "em": "close"}


def plain_text(text: str) -> str:
    """*text* without its placeholder tokens (the words a reader sees)."""
    return TOKEN.sub("", text) if "⟦" in text else text


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _bare_xml(element: etree._Element, keep_content: bool, namespace: str | None) -> str:
    # Only the namespaces the element itself uses are declared (not every one in scope).
    nsmap = {None: namespace} if namespace else None
    copy = etree.Element(element.tag, dict(element.attrib), nsmap=nsmap)
    if keep_content:
        copy.text = element.text
        for child in element:
            copy.append(_deepcopy_without_tail(child))
        etree.cleanup_namespaces(copy)
    xml = etree.tostring(copy, encoding="unicode")
    if namespace:
        xml = xml.replace(f' xmlns="{namespace}"', "", 1)
    return xml


def _deepcopy_without_tail(element: etree._Element) -> etree._Element:
    clone = copy.deepcopy(element)
    clone.tail = None
    return clone


class CodeReader:
    """Reads the inline content of the segments of one unit into text with tokens.

    One reader serves the source and the target of a unit, so the same code gets the
    same token on both sides.  ``family`` names the format (``xliff1``, ``xliff2``,
    ``tmx``); ``namespace`` is the format's XML namespace (None for TMX).
    """

    def __init__(self, family: str, namespace: str | None, path=None,
                 preset: set[str] | frozenset[str] = frozenset()) -> None:
        self.family = family
        self.namespace = namespace
        self.path = path
        # Tokens of codes carried from another format: a generic element whose id is
        # such a token (l10nflow wrote it so) keeps that token, so text round-trips.
        self.preset = preset
        self.codes: dict[str, InlineCode] = {}
        self._numbers: dict[tuple[str, str], int] = {}
        self._ordinals: dict[tuple[str, str], int] = {}

    def read(self, element: etree._Element | None, side: str = "source") -> str:
        if element is None:
            return ""
        self._ordinals = {}
        parts: list[str] = []
        self._content(element, parts, side)
        text = "".join(parts)
        return text

    def _number(self, name: str, element: etree._Element, side: str) -> int:
        ident = element.get("id") or element.get("i") or element.get("x") \
            or element.get("startRef")
        if ident is None or (name in ("ph", "ut", "it") and self.family == "tmx"
                             and element.get("x") is None):
            ordinal_key = (side, name)
            self._ordinals[ordinal_key] = self._ordinals.get(ordinal_key, 0) + 1
            ident = f"#{self._ordinals[ordinal_key]}"
        # a split pair (bpt/ept, sc/ec, bx/ex) shares one number
        pair = {"ept": "bpt", "ec": "sc", "ex": "bx", "em": "sm"}.get(name, name)
        key = (pair, ident)
        if key not in self._numbers:
            number = len(self._numbers) + 1
            while f"{name}{number}" in self.preset:     # a carried code's token
                number += 1
            self._numbers[key] = number
        return self._numbers[key]

    def _text(self, text: str | None, parts: list[str]) -> None:
        if text:
            if "⟦" in text and TOKEN.search(text):
                raise InputError(f"segment text holds {TOKEN.search(text).group()!r}, which "
                                 "l10nflow uses for inline-code placeholders", self.path,
                                 hint="this text cannot be converted unambiguously")
            parts.append(text)

    def _content(self, element: etree._Element, parts: list[str], side: str) -> None:
        self._text(element.text, parts)
        for child in element:
            if not isinstance(child.tag, str):        # a comment or processing instruction
                self._text(child.tail, parts)
                continue
            self._code(child, parts, side)
            self._text(child.tail, parts)

    def _code(self, child: etree._Element, parts: list[str], side: str) -> None:
        name = _local(child)
        if name == "cp" and self.family == "xliff2" and child.get("hex"):
            parts.append(chr(int(child.get("hex"), 16)))
            return
        if name == "ph" and (child.get("ctype") == CP_TYPE or child.get("type") == CP_TYPE):
            parts.append(chr(int((child.text or "0").strip(), 16)))
            return
        ident = child.get("id") or ""
        if ident in self.preset or (ident[:1] == "e" and ident[1:] in self.preset):
            token = ident if ident in self.preset else ident[1:]
            name = TOKEN.fullmatch(f"⟦{token}⟧").group(2)
            # it takes a number as it did when first read, so later codes keep theirs
            self._numbers.setdefault(("preset", token), len(self._numbers) + 1)
        else:
            number = self._number(name, child, side)
            token = f"{name}{number}"
        prefix = "t:" if side == "target" else ""
        if token in self.preset and child.get("id") == token and \
                etree.QName(child).localname in ("g", "pc"):
            parts.append(f"⟦{token}⟧")
            self._content(child, parts, side)
            parts.append(f"⟦/{token}⟧")
            return
        if token in self.preset:
            parts.append(f"⟦{token}⟧")
            return
        if name in PAIRED:
            self._remember(prefix + token, InlineCode(
                "open", self.family, _bare_xml(child, False, self.namespace)))
            parts.append(f"⟦{token}⟧")
            self._content(child, parts, side)
            parts.append(f"⟦/{token}⟧")
            return
        role = _ROLES.get(name, "standalone")
        if name == "it":
            role = "open" if child.get("pos") in ("begin", "open") else "close"
        self._remember(prefix + token, InlineCode(role, self.family,
                                                  _bare_xml(child, True, self.namespace)))
        parts.append(f"⟦{token}⟧")

    def _remember(self, key: str, code: InlineCode) -> None:
        base = key[2:] if key.startswith("t:") else key
        if key.startswith("t:") and self.codes.get(base) == code:
            return                       # the target's code is the source's
        self.codes[key] = code


def codes_lost(codes: dict[str, InlineCode], family: str) -> int:
    """How many codes lose their native data when written to *family*."""
    return sum(1 for code in codes.values() if code.family != family and code.xml)


def write_inline(parent: etree._Element, text: str, codes: dict[str, InlineCode],
                 family: str, namespace: str | None, side: str = "source",
                 generic: Callable[[str, str, bool], etree._Element] | None = None,
                 native: Callable[[InlineCode], bool] = lambda code: True) -> None:
    """Fill *parent* with *text*, its tokens turned back into elements.

    A code of *family* is put back as read (if *native* allows); others become
    *generic(role, token, paired_here)* elements of the format being written, whose id is
    the token, so that reading them back gives the same text.  Control characters XML cannot
    hold become the format's escape (XLIFF 2 ``<cp>``, a ``<ph>`` elsewhere).
    """
    stack = [parent]
    last: etree._Element | None = None      # the element whose tail takes the next text

    def put_text(value: str) -> None:
        nonlocal last
        for piece in _split_controls(value):
            if isinstance(piece, str):
                if last is None:
                    stack[-1].text = (stack[-1].text or "") + piece
                else:
                    last.tail = (last.tail or "") + piece
            else:
                element = _control_element(piece, family, namespace)
                stack[-1].append(element)
                last = element

    # An empty text (not None) keeps a pretty-printing serializer from indenting inside an
    # element whose content is only codes, which would add text that is not there.
    parent.text = parent.text or ""
    if not codes or "⟦" not in text:
        put_text(text)
        return
    position = 0
    closes = {m.group(2) + m.group(3) for m in TOKEN.finditer(text) if m.group(1)}
    for match in TOKEN.finditer(text):
        put_text(text[position:match.start()])
        position = match.end()
        closing, name, number = match.group(1), match.group(2), match.group(3)
        token = name + number
        code = codes.get(f"t:{token}" if side == "target" else token) or codes.get(token)
        if code is None:
            put_text(match.group())        # not a code of this unit: plain text
            continue
        if closing:
            if len(stack) > 1:
                last = stack.pop()
            continue
        paired_here = name in PAIRED and token in closes
        if code.family == family and native(code):
            element = _parse_code(code.xml, namespace)
        else:
            element = generic(code.role, token, paired_here) if generic else \
                etree.Element("ph")
        stack[-1].append(element)
        if paired_here:
            element.text = ""
            for child in list(element):
                element.remove(child)
            stack.append(element)
            last = None
        else:
            last = element
    put_text(text[position:])


def _parse_code(xml: str, namespace: str | None) -> etree._Element:
    wrapper = f'<w xmlns="{namespace}">{xml}</w>' if namespace else f"<w>{xml}</w>"
    element = etree.fromstring(wrapper)[0]
    element.tail = None
    return element


def _split_controls(text: str) -> list[str | int]:
    if not CONTROL.search(text):
        return [text]
    out: list[str | int] = []
    position = 0
    for match in CONTROL.finditer(text):
        if match.start() > position:
            out.append(text[position:match.start()])
        out.append(ord(match.group()))
        position = match.end()
    if position < len(text):
        out.append(text[position:])
    return out


def _control_element(code: int, family: str, namespace: str | None) -> etree._Element:
    q = (lambda tag: f"{{{namespace}}}{tag}") if namespace else (lambda tag: tag)
    if family == "xliff2":
        return etree.Element(q("cp"), hex=f"{code:04X}")
    if family == "xliff1":
        element = etree.Element(q("ph"), id=f"cp{code:04X}", ctype=CP_TYPE)
    else:
        element = etree.Element(q("ph"), type=CP_TYPE)
    element.text = f"{code:04X}"
    return element
