"""Build manifest.json for the foreign XLIFF/TMX files in this folder (and validate them).

    python3 tests/data/foreign/make_manifest.py            # write manifest.json
    python3 tests/data/foreign/make_manifest.py --check    # exit 1 if manifest.json is stale

The manifest says what each file holds, computed with lxml so that it is exact: one entry
per XLIFF <trans-unit>/<unit> or TMX <tu>, with its plain text (every inline code removed,
the text inside paired codes kept), the number of inline codes in the source, the state
the format itself gives, and the translate flag after inheritance.  Validation results
against the official schemas in ../shared/schemas are stored beside each file's entry.

Rules used for the plain text (also in the manifest's "rules"):
- removed with their content: XLIFF 1.x x, bx, ex, ph, bpt, ept, it (and any sub inside);
  XLIFF 2.x ph, sc, ec, sm, em; TMX ph, bpt, ept, it, ut.
- kept (their text stays, the tags go): XLIFF 1.x g, mrk; XLIFF 2.x pc, mrk; TMX hi.
- XLIFF 2.x <cp hex="000C"/> is the character it stands for (U+000C), not a code.
- XLIFF 2.x unit text: the sources of its <segment>s and <ignorable>s concatenated in
  document order, nothing added between them.  Target: the same with targets; an
  <ignorable> without <target> contributes its source, a <segment> without one nothing;
  null when no segment has a target.
- segment_sources (XLIFF 2.x): each <segment>'s source text alone, ignorables left out.
- codes_source counts elements; a pair (g, pc, mrk, hi; bpt+ept by i/id/rid; bx+ex by rid;
  sc+ec and sm+em by startRef, also across the segments of one unit) counts once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE.parents[2].parent / "shared" / "schemas"   # <project>/../shared/schemas

NS = {
    "xliff-1.1": "urn:oasis:names:tc:xliff:document:1.1",
    "xliff-1.2": "urn:oasis:names:tc:xliff:document:1.2",
    "xliff-2.0": "urn:oasis:names:tc:xliff:document:2.0",
    "xliff-2.1": "urn:oasis:names:tc:xliff:document:2.0",
    "xliff-2.2": "urn:oasis:names:tc:xliff:document:2.2",
}
XML = "http://www.w3.org/XML/1998/namespace"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MQ = "MQXliff"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"

# file -> (tool whose output it imitates, format, notes)
FILES: dict[str, tuple[str, str, str]] = {
    "okapi-rainbow-en-vi.xlf": (
        "Okapi Rainbow (XLIFF filter writer, <g>/<x/> notation, segmented)", "xliff-1.2",
        "okp: extension attributes on <file>; <seg-source> with <mrk mtype=\"seg\">; "
        "targets segmented with the same mrk; <bx/>/<ex/> pair (rid) split over two "
        "segments; nested <g>; translate=\"no\" unit without target; xml:space=\"preserve\" "
        "with runs of spaces; resname; unit 8 has no target."),
    "okapi-alttrans-vi-en.xlf": (
        "Okapi Rainbow (code-content notation, after a leveraging step)", "xliff-1.2",
        "<bpt>/<ept> and <ph>/<it> carrying native HTML code; <alt-trans> matches with "
        "their own <source>/<target> (a reader must not take those for the unit's); "
        "state + state-qualifier; <context-group>; <note annotates>."),
    "omegat-target-en-vi.xlf": (
        "OmegaT 6 target document of an Okapi-prepared XLIFF", "xliff-1.2",
        "<group>s with resname; no state attributes; unit 4 was left untranslated so "
        "OmegaT wrote the source text into <target>."),
    "memoq-vi-en.mqxliff": (
        "memoQ 9 bilingual export (.mqxliff)", "xliff-1.2",
        "mq: attributes (status, percent, segmentguid, timestamps, locked); <bpt>/<ept> "
        "with {} native data; <ph> for a non-breaking space and a catalog placeholder; "
        "<mq:minorversions>/<mq:historical-unit> and <mq:insertedmatch> contain nested "
        "XLIFF <source>/<target>; empty <target> for NotStarted. tool_state = mq:status."),
    "trados-en-vi.sdlxliff": (
        "Trados Studio 2022 (SDLXLIFF)", "xliff-1.2",
        "sdl: namespace; header with file-info/tag-defs in the SDL namespace; one <group> "
        "per paragraph with <sdl:cxts>; <seg-source>/<target> segmented with <mrk "
        "mtype=\"seg\">, unit 2 holds two segments with different confirmation levels; "
        "<mrk mtype=\"x-sdl-comment\"> inside a target segment; structure unit "
        "translate=\"no\" holding only <x/>; empty target segment. tool_state = the "
        "sdl:seg conf values (one per segment)."),
    "weblate-symfony-en-vi.xlf": (
        "Symfony XliffFileDumper layout, edited in Weblate", "xliff-1.2",
        "<tool tool-id=\"symfony\">; short hash ids with resname = the message; ICU "
        "plural as plain text; Weblate states translated / needs-translation / "
        "needs-review-translation / final, approved=\"yes\"; notes; &amp; in text."),
    "qt-linguist-en-vi.xlf": (
        "Qt Linguist lconvert (XLIFF writer of Qt's linguist tools)", "xliff-1.2",
        "trolltech namespace declared; <file> with no <header>; context <group "
        "restype=\"x-trolltech-linguist-context\">; plural <group "
        "restype=\"x-gettext-plurals\"> whose second form has no target; form feed "
        "written as <ph ctype=\"x-ch-ff\">\\f</ph> (ids ph1/ph2 as Qt's counter gives "
        "them); approved=\"yes\" for finished, state=\"needs-review-translation\" for "
        "unfinished; obsolete message translate=\"no\" in a second <file>; msgctxt "
        "context-group; developer/translator notes."),
    "xcode-multi-file-vi.xliff": (
        "Xcode 15 localization export (.xcloc Localized Contents/vi.xliff)", "xliff-1.2",
        "four <file>s; trans-unit ids repeat across files (CFBundleDisplayName, Cancel); "
        "xml:space=\"preserve\" on every unit; no state attributes; one unit without "
        "target; xsi:schemaLocation."),
    "states-all-vi-en.xlf": (
        "XLIFF 1.2 specification state lists (review export of a newsroom CAT tool)",
        "xliff-1.2",
        "every 1.2 state value once, in spec order, with state-qualifier values; "
        "approved=\"yes\"/\"no\"; <target state=\"new\"/> empty; a group translate=\"no\" "
        "whose unit inherits it; xml:space=\"preserve\" unit with leading/trailing/double "
        "spaces and a newline."),
    "translate-toolkit-po2xliff-en-vi.xlf": (
        "translate-toolkit 3.20.4 po2xliff (real output, generated from a PO file)",
        "xliff-1.1",
        "XLIFF 1.1 namespace and version=\"1.1\"; gettext header unit "
        "restype=\"x-gettext-domain-header\"; <group restype=\"x-gettext-plurals\"> with "
        "ids 4[0]/4[1] (the vi PO has one plural form, so 4[1] has an empty target); "
        "approved; state needs-translation for a fuzzy entry; po-reference and po-entry "
        "context-groups; two spaces kept under xml:space=\"preserve\"."),
    "oasis-suite-20-vi-en.xlf": (
        "OASIS XLIFF 2 TC test suite style (core/valid)", "xliff-2.0",
        "three <file>s (f2 translate=\"no\"); unit ids repeat across files; units with "
        "several <segment>s and <ignorable>s (u1: ignorable space, f3/u1: ignorable "
        "newline and a first segment without target, u10: a segment ending in a space "
        "and no ignorable); <originalData>/<data>; <pc>, <ph>; <sc>/<ec> paired across "
        "two segments (u3) and isolated (u4, u5); <mrk translate=\"no\">; translate=\"no\" "
        "on unit, group and file; notes on file, group, unit; state "
        "initial/translated/reviewed/final, subState; <cp hex=\"000C\"/> (u9)."),
    "angular-xlf2-en-vi.xlf": (
        "Angular ng extract-i18n --format=xlf2, translated in a CAT tool", "xliff-2.0",
        "file id ngi18n; custom and numeric message ids; notes "
        "description/meaning/location; <ph equiv=\"INTERPOLATION\" disp=\"{{ … }}\"/>, "
        "LINE_BREAK ph, <pc equivStart=\"START_BOLD_TEXT\">; ICU container unit (only a "
        "<ph equiv=\"ICU\"/>, so empty plain text) and the ICU body unit; states "
        "final/translated/initial; last unit untranslated."),
    "openxliff-20-modules-vi-en.xlf": (
        "Maxprograms OpenXLIFF Filters 3 (XLIFF 2.0 with modules)", "xliff-2.0",
        "<skeleton href>; mda:metadata; mtc:matches with their own <source>/<target> "
        "(not the unit's); <originalData> holding WordprocessingML; <pc> with "
        "dataRefStart/End; <ph dataRef>; states final/translated/reviewed/initial."),
    "its-21-en-vi.xlf": (
        "OASIS XLIFF 2.1 ITS module (test-suite style)", "xliff-2.1",
        "version=\"2.1\" in the 2.0 namespace; its:version on <xliff>, itsm:domains on "
        "<file>; <mrk type=\"its:generic\"> with itsm:lang, its:locQualityIssue*, "
        "its:taIdentRef, its:revPerson; <mrk type=\"term\" its:termConfidence>; <mrk "
        "translate=\"no\">; two segments with different states; translate=\"no\" unit."),
    "xliff22-core-en-vi.xlf": (
        "XLIFF 2.2 Part 1 Core (CS01, 13 March 2025) as its test suite writes it",
        "xliff-2.2",
        "namespace urn:oasis:names:tc:xliff:document:2.2 and version=\"2.2\" (see "
        "README); <ph dataRef>, <pc type=\"fmt\" subType=\"xlf:b\">, <mrk "
        "type=\"comment\" value>; subState; group translate=\"no\"."),
    "multilingual-en-US.tmx": (
        "Okapi TMX writer, multilingual export", "tmx",
        "srclang en-US; tuvs en-US, es-ES, fr-FR, de-DE; press-3 lacks de-DE; in press-4 "
        "the source tuv is not the first one; <prop type=\"Txt::FileName\">."),
    "inline-codes-vi-en.tmx": (
        "TMX 1.4b inline markup as CAT tools export HTML content", "tmx",
        "<bpt>/<ept> (i, x, type), <ph type=\"image\">, <it pos=\"begin\"/\"end\">, "
        "<hi type=\"x-term\"> (text kept), <ut> (deprecated in 1.4 but in the DTD); "
        "DOCTYPE tmx14.dtd."),
    "omegat-project-level2-en-vi.tmx": (
        "OmegaT 6 project export TM (project-level2.tmx, TMXWriter2 level 2)", "tmx",
        "OmegaT tags <g0>/<x1/> written as <bpt i=\"0\" x=\"0\">/<ept i=\"0\">, "
        "<ph x=\"1\">, <it pos=\"begin\"> for an unpaired tag; \"Default translations\" "
        "and \"Alternative translations\" comments; alternative with tuid and "
        "file/id props; changeid/changedate on the target tuv; <note>; tu without tuid."),
    "all-languages.tmx": (
        "TMX 1.4b specification sample header (XYZTool) with srclang=\"*all*\"", "tmx",
        "header srclang=\"*all*\"; tu-level srclang on two tus (0002's source en-US is "
        "the second tuv); en-GB and en-US both present; for tus without srclang the "
        "manifest takes the first tuv as source."),
    "props-notes-en-vi.tmx": (
        "Trados Studio TMX export (SDL TM8 props), with review notes", "tmx",
        "header <note> and x- <prop>s; tu props (x-Context, x-Origin, "
        "x-ConfirmationLevel, x-Domain:MultiplePicklist); tu-level and tuv-level "
        "<note>/<prop>; two notes on one tu; usagecount/lastusagedate; whitespace around "
        "<seg> from pretty-printing (not inside it)."),
    "trados2007-utf16-vi-en.tmx": (
        "SDL Trados 2007 Translator's Workbench TMX export", "tmx",
        "UTF-16 little-endian with BOM, encoding=\"UTF-16LE\" declared, CRLF line ends; "
        "TW4Win 2.0 Format header with RTF props; srclang VI-VN and EN-GB in upper case; "
        "RTF native code in <bpt>/<ept> and <ph type=\"fnote\">."),
}

CODE_1 = {"x", "bx", "ex", "ph", "bpt", "ept", "it"}          # removed with content (1.x)
KEEP_1 = {"g", "mrk"}
CODE_2 = {"ph", "sc", "ec", "sm", "em"}
KEEP_2 = {"pc", "mrk"}
CODE_TMX = {"ph", "bpt", "ept", "it", "ut"}
KEEP_TMX = {"hi"}


def local(el) -> str:
    return etree.QName(el).localname


def plain(el, keep: set[str], code: set[str], cp: bool = False) -> str:
    """Text of *el* with inline codes removed and paired codes' content kept."""
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):        # comment / processing instruction
            parts.append(child.tail or "")
            continue
        name = local(child)
        if cp and name == "cp":
            parts.append(chr(int(child.get("hex"), 16)))
        elif name in keep:
            parts.append(plain(child, keep, code, cp))
        elif name not in code:
            raise ValueError(f"unexpected inline element {child.tag} at line {child.sourceline}")
        parts.append(child.tail or "")
    return "".join(parts)


def count_codes(containers) -> int:
    """Inline codes in *containers* (one unit's sources), a pair counting once."""
    count = 0
    opened: dict[tuple[str, str], int] = {}     # (kind, key) -> open count
    for container in containers:
        for el in container.iterdescendants():
            if not isinstance(el.tag, str):
                continue
            name = local(el)
            if name in {"g", "pc", "mrk", "hi", "x", "ph", "it", "ut"}:
                count += 1
            elif name in {"bpt", "bx"}:
                count += 1
                key = el.get("rid") or el.get("i") or el.get("id")
                opened[(name, key)] = opened.get((name, key), 0) + 1
            elif name in {"ept", "ex"}:
                start = "bpt" if name == "ept" else "bx"
                key = el.get("rid") or el.get("i") or el.get("id")
                if opened.get((start, key)):
                    opened[(start, key)] -= 1
                else:
                    count += 1
            elif name in {"sc", "sm"}:
                count += 1
                if el.get("isolated") != "yes":
                    opened[(name, el.get("id"))] = 1
            elif name in {"ec", "em"}:
                start = "sc" if name == "ec" else "sm"
                key = el.get("startRef")
                if el.get("isolated") != "yes" and opened.get((start, key)):
                    opened[(start, key)] = 0
                else:
                    count += 1
    return count


def inherited_translate(el, stop: str) -> bool:
    """The translate flag of *el*, inherited from its ancestors up to and incl. *stop*."""
    node = el
    while node is not None:
        value = node.get("translate")
        if value in ("yes", "no"):
            return value == "yes"
        if local(node) == stop:
            break
        node = node.getparent()
    return True


def xliff1_units(root, ns: str) -> list[dict]:
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    units = []
    for file in root.iter(q("file")):
        for tu in file.iter(q("trans-unit")):
            source, target = tu.find(q("source")), tu.find(q("target"))
            plural_group = next((a for a in tu.iterancestors(q("group"))
                                 if a.get("restype") == "x-gettext-plurals"), None)
            unit = {
                "id": tu.get("id"), "file": file.get("original"), "segments": 1,
                "source_text": plain(source, KEEP_1, CODE_1),
                "target_text": None if target is None else plain(target, KEEP_1, CODE_1),
                "codes_source": count_codes([source]),
                "state": None if target is None else target.get("state"),
                "translate": inherited_translate(tu, "file"),
                "plural": plural_group is not None,
            }
            if plural_group is not None:     # which forms belong together
                unit["plural_group"] = plural_group.get("id") or f"line {plural_group.sourceline}"
            if tu.get("approved"):
                unit["approved"] = tu.get("approved") == "yes"
            if tu.get(f"{{{MQ}}}status"):
                unit["tool_state"] = tu.get(f"{{{MQ}}}status")
            confs = [s.get("conf") for s in tu.iter(f"{{{SDL}}}seg")]
            if confs:
                unit["tool_state"] = confs if len(confs) > 1 else confs[0]
            units.append(unit)
    return units


def xliff2_units(root, ns: str) -> list[dict]:
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    units = []
    for file in root.iter(q("file")):
        for u in file.iter(q("unit")):
            parts = [c for c in u if c.tag in (q("segment"), q("ignorable"))]
            segments = [c for c in parts if c.tag == q("segment")]
            sources = [c.find(q("source")) for c in parts]
            source = "".join(plain(s, KEEP_2, CODE_2, cp=True) for s in sources)
            target_parts, any_target = [], False
            for c in parts:
                t = c.find(q("target"))
                if t is not None:
                    target_parts.append(plain(t, KEEP_2, CODE_2, cp=True))
                    any_target = any_target or c.tag == q("segment")
                elif c.tag == q("ignorable"):
                    target_parts.append(plain(c.find(q("source")), KEEP_2, CODE_2, cp=True))
            states = [s.get("state") for s in segments]
            units.append({
                "id": u.get("id"), "file": file.get("id"), "segments": len(segments),
                "source_text": source,
                "target_text": "".join(target_parts) if any_target else None,
                "codes_source": count_codes(sources),
                "state": states[0] if len(set(states)) == 1 else states,
                "translate": inherited_translate(u, "file"),
                "plural": False,
                # each <segment>'s source on its own, for readers that make a unit of each
                "segment_sources": [plain(s.find(q("source")), KEEP_2, CODE_2, cp=True)
                                    for s in segments],
            })
    return units


def _lang_match(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def tmx_units(root) -> tuple[list[dict], str, list[str]]:
    header = root.find("header")
    srclang = header.get("srclang")
    units, targets = [], []
    for tu in root.find("body").iterfind("tu"):
        tuvs = [(tuv.get(f"{{{XML}}}lang") or tuv.get("lang"), tuv.find("seg"))
                for tuv in tu.iterfind("tuv")]
        lang = tu.get("srclang") or srclang
        if lang == "*all*":
            lang = tuvs[0][0]
        src = next((t for t in tuvs if _lang_match(t[0], lang)), None)
        if src is None:
            raise ValueError(f"tu at line {tu.sourceline}: no tuv in {lang}")
        others = {t[0]: plain(t[1], KEEP_TMX, CODE_TMX) for t in tuvs if t is not src}
        targets += [t for t in others if t not in targets]
        units.append({
            "id": tu.get("tuid"), "file": None, "segments": 1,
            "source_lang": src[0],
            "source_text": plain(src[1], KEEP_TMX, CODE_TMX),
            "target_text": others or None,
            "codes_source": count_codes([src[1]]),
            "state": None, "translate": True, "plural": False,
        })
    if srclang == "*all*":      # any language may be the source: list them all
        targets = []
        for tuv in root.find("body").iter("tuv"):
            lang = tuv.get(f"{{{XML}}}lang") or tuv.get("lang")
            if lang not in targets:
                targets.append(lang)
    else:
        targets = [t for t in targets if not _lang_match(t, srclang)]
    return units, srclang, targets


def describe(name: str) -> dict:
    tool, fmt, notes = FILES[name]
    root = etree.parse(str(HERE / name), etree.XMLParser(no_network=True)).getroot()
    if fmt == "tmx":
        assert root.tag == "tmx", name
        units, source, targets = tmx_units(root)
        files = 0
    else:
        ns = NS[fmt]
        assert root.tag == f"{{{ns}}}xliff", (name, root.tag)
        assert root.get("version") == fmt.split("-")[1], (name, root.get("version"))
        file_els = root.findall(f"{{{ns}}}file")
        files = len(file_els)
        if fmt.startswith("xliff-1"):
            units = xliff1_units(root, ns)
            source = file_els[0].get("source-language")
            targets = sorted({f.get("target-language") for f in file_els
                              if f.get("target-language")})
        else:
            units = xliff2_units(root, ns)
            source, targets = root.get("srcLang"), [root.get("trgLang")]
    return {"file": name, "tool": tool, "format": fmt, "source_lang": source,
            "target_langs": targets, "files": files, "units": units, "notes": notes}


# --- validation against ../shared/schemas ------------------------------------------------

XS = "http://www.w3.org/2001/XMLSchema"
CATALOG = "urn:oasis:names:tc:entity:xmlns:xml:catalog"


class _LocalXmlXsd(etree.Resolver):
    def resolve(self, url, pubid, context):
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(SCHEMAS / "xliff-1.2" / "xml.xsd"), context)
        return None


def _xliff12(kind: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlXsd())
    path = SCHEMAS / "xliff-1.2" / f"xliff-core-1.2-{kind}.xsd"
    return etree.XMLSchema(etree.parse(str(path), parser))


def _xliff2(version: str) -> etree.XMLSchema:
    folder = SCHEMAS / f"xliff-{version}"
    wrapper = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS})
    for entry in etree.parse(str(folder / "catalog.xml")).iterfind(f"{{{CATALOG}}}uri"):
        etree.SubElement(wrapper, f"{{{XS}}}import", namespace=entry.get("name"),
                         schemaLocation=entry.get("uri"))
    doc = etree.fromstring(etree.tostring(wrapper), base_url=(folder / "wrapper.xsd").as_uri())
    return etree.XMLSchema(etree.ElementTree(doc))


def _result(validator, doc) -> str:
    if validator.validate(doc):
        return "valid"
    err = validator.error_log[0]
    return f"invalid (line {err.line}: {err.message})"


def _strip_extensions(doc, ns: str):
    """A copy of *doc* without elements and attributes from other namespaces."""
    doc = etree.ElementTree(etree.fromstring(etree.tostring(doc)))
    for el in list(doc.iter()):
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).namespace != ns:
            el.getparent().remove(el)
            continue
        for attr in list(el.attrib):
            space = etree.QName(attr).namespace
            if space not in (None, XML, XSI):
                del el.attrib[attr]
    return doc


def validate(entry: dict) -> dict:
    if not SCHEMAS.is_dir():
        return {"skipped": f"{SCHEMAS} not found"}
    path, fmt = HERE / entry["file"], entry["format"]
    doc = etree.parse(str(path), etree.XMLParser(no_network=True))
    if fmt == "tmx":
        return {"tmx14.dtd": _result(etree.DTD(str(SCHEMAS / "tmx-1.4b" / "tmx14.dtd")), doc)}
    if fmt == "xliff-1.2":
        strict, transitional = _xliff12("strict"), _xliff12("transitional")
        out = {"xliff-1.2 strict": _result(strict, doc),
               "xliff-1.2 transitional": _result(transitional, doc)}
        if out["xliff-1.2 strict"] != "valid":
            out["xliff-1.2 strict, extensions stripped"] = _result(
                strict, _strip_extensions(doc, NS[fmt]))
        return out
    if fmt == "xliff-1.1":
        renamed = etree.tostring(doc).replace(NS["xliff-1.1"].encode(), NS["xliff-1.2"].encode())
        renamed_doc = etree.ElementTree(etree.fromstring(renamed))
        return {"xliff-1.1": "no 1.1 schema in ../shared/schemas",
                "informative: as 1.2 transitional after renaming the namespace":
                    _result(_xliff12("transitional"), renamed_doc)}
    if fmt in ("xliff-2.0", "xliff-2.1"):
        version = fmt.split("-")[1]
        return {f"xliff-{version} core+modules": _result(_xliff2(version), doc)}
    return {"xliff-2.2": "no 2.2 schema in ../shared/schemas (see README)",
            "informative: xliff-2.0 core with its namespace renamed to 2.2":
                _result(_xliff20_as_22(), doc)}


def _xliff20_as_22() -> etree.XMLSchema:
    """The 2.0 core schema, target namespace renamed to 2.2, parsed in memory (the files in
    ../shared are not touched).  The 2.2 core differs by allowing version 2.0/2.1/2.2 and
    an <mda:metadata> under <xliff>; this checks the structure only."""
    folder = SCHEMAS / "xliff-2.0"
    text = (folder / "xliff_core_2.0.xsd").read_bytes().replace(NS["xliff-2.0"].encode(),
                                                               NS["xliff-2.2"].encode())
    doc = etree.fromstring(text, base_url=(folder / "xliff_core_2.0.xsd").as_uri())
    return etree.XMLSchema(etree.ElementTree(doc))


RULES = __doc__.split("Rules used for the plain text (also in the manifest's \"rules\"):\n")[1]


def build() -> dict:
    entries = []
    for name in FILES:
        entry = describe(name)
        entry["validation"] = validate(entry)
        entries.append(entry)
    on_disk = sorted(p.name for p in HERE.iterdir()
                     if p.suffix not in (".py", ".md", ".json") and p.is_file())
    missing = sorted(set(on_disk) - set(FILES))
    if missing:
        raise SystemExit(f"files not described in FILES: {missing}")
    return {"description": "Foreign XLIFF/TMX files and what they hold; made by "
                           "make_manifest.py, see README.md.",
            "rules": " ".join(RULES.split()),
            "files": entries}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with manifest.json instead of writing it")
    args = parser.parse_args()
    manifest = build()
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    target = HERE / "manifest.json"
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print("manifest.json is stale: run make_manifest.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    for entry in manifest["files"]:
        print(f"{entry['file']:40} {entry['format']:10} {len(entry['units']):3} units  "
              + "; ".join(f"{k}: {v}" for k, v in entry["validation"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
