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

__all__ = ["parse_xml", "safe_parser"]

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=False)


def parse_xml(data: bytes, path: Path | None, what: str) -> etree._Element:
    """Parse *data* as XML or raise :class:`InputError` naming the file and line."""
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
