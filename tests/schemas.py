"""Validators built from the official schemas in ../shared/schemas (tests skip without it).

Offline, following ../shared/schemas/README.md: XLIFF 1.2's import of the W3C xml.xsd is
resolved to the local copy; XLIFF 2.0 is validated against the core and every module
listed in its OASIS catalog; TMX against the 1.4 DTD; TBX against the v3 RELAX NG.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from conftest import shared_path

XS = "http://www.w3.org/2001/XMLSchema"
CATALOG = "urn:oasis:names:tc:entity:xmlns:xml:catalog"


class _LocalXmlXsd(etree.Resolver):
    def __init__(self, local: str) -> None:
        super().__init__()
        self.local = local

    def resolve(self, url, pubid, context):
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(self.local, context)
        return None


@cache
def xliff12() -> etree.XMLSchema:
    folder = shared_path("schemas", "xliff-1.2")
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlXsd(str(folder / "xml.xsd")))
    return etree.XMLSchema(etree.parse(str(folder / "xliff-core-1.2-strict.xsd"), parser))


@cache
def xliff20() -> etree.XMLSchema:
    folder = shared_path("schemas", "xliff-2.0")
    wrapper = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS})
    for entry in etree.parse(str(folder / "catalog.xml")).iterfind(f"{{{CATALOG}}}uri"):
        etree.SubElement(wrapper, f"{{{XS}}}import", namespace=entry.get("name"),
                         schemaLocation=entry.get("uri"))
    doc = etree.fromstring(etree.tostring(wrapper), base_url=(folder / "wrapper.xsd").as_uri())
    return etree.XMLSchema(etree.ElementTree(doc))


@cache
def tmx14() -> etree.DTD:
    return etree.DTD(str(shared_path("schemas", "tmx-1.4b", "tmx14.dtd")))


@cache
def tbx3() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(shared_path("schemas", "tbx-v3",
                                                     "TBXcoreStructV03.rng"))))


def assert_valid(validator, path) -> None:
    doc = etree.parse(str(path), etree.XMLParser(no_network=True))
    assert validator.validate(doc), f"{path}: {validator.error_log}"
