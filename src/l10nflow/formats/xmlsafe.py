"""XML input that cannot hurt: no entities, no DTD loading, nothing from the network.

Translation files come from outside (a vendor, a CAT tool, a download).  A document
type declaration with entity declarations is how XXE (``<!ENTITY x SYSTEM
"file:///etc/passwd">``) and entity-expansion bombs ("billion laughs") work; l10nflow's
formats never need one, so any ``<!ENTITY`` is refused before parsing, and the parser
is told not to resolve entities, load DTDs or touch the network in any case.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..errors import InputError

__all__ = ["as_utf8", "parse_xml", "safe_parser"]

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def as_utf8(data: bytes) -> bytes:
    """UTF-16/32 input (Trados 2007 writes UTF-16LE with a BOM) as UTF-8, so that the
    entity check, which looks at bytes, sees a UTF-16 file's declarations too."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        encoding = "utf-32"
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif data[:4] == b"<\x00?\x00":
        encoding = "utf-16-le"
    elif data[:4] == b"\x00<\x00?":
        encoding = "utf-16-be"
    else:
        return data
    try:
        text = data.decode(encoding).lstrip("\ufeff")
        return _DECLARED_ENCODING.sub(r"\1\2UTF-8\2", text, count=1).encode("utf-8")
    except UnicodeError:
        return data


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=False)


def parse_xml(data: bytes, path: Path | None, what: str) -> etree._Element:
    """Parse *data* as XML or raise :class:`InputError` naming the file and line."""
    data = as_utf8(data)
    found = _ENTITY_DECLARATION.search(data)
    if found:
        line = data[:found.start()].count(b"\n") + 1
        raise InputError(f"{what} declares XML entities, which l10nflow refuses to expand "
                         "(external or recursive entities can read local files or exhaust "
                         "memory)", path, line,
                         hint="remove the <!DOCTYPE ...[ <!ENTITY ...> ]> block")
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        message = exc.msg or str(exc)
        message = re.sub(r", line \d+, column \d+$", "", message)
        raise InputError(f"{what} is not well-formed XML: {message}", path, exc.lineno,
                         hint="open it in an XML editor, or re-export it from its tool"
                         ) from None
