"""TMX: every language of a <tu> kept, inline codes as placeholders (and back as they were),
what other tools put on <tu>/<tuv> written back; one target language chosen on request.

Every TMX written here is validated against the TMX 1.4 DTD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import schemas
from l10nflow.cli import main
from l10nflow.errors import InputError
from l10nflow.export import ExportOptions, export
from l10nflow.formats import Store, get_format, read_store, write_store
from l10nflow.formats.tmx import TmxMarkup, select_target
from l10nflow.model import InlineCode, Previous, State, Unit

FOREIGN = Path(__file__).resolve().parent / "data" / "foreign"
TMX_FILES = sorted(p.name for p in FOREIGN.glob("*.tmx"))
MANIFEST = {e["file"]: e for e in json.loads((FOREIGN / "manifest.json")
                                             .read_text(encoding="utf-8"))["files"]}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TMX = get_format("tmx")


def dumps_valid(store: Store, tmp_path: Path, name: str = "out.tmx") -> bytes:
    """The store as TMX, checked against the DTD."""
    data = TMX.dumps(store)
    path = tmp_path / name
    path.write_bytes(data)
    schemas.assert_valid(schemas.tmx14(), path)
    return data


def inner(element: etree._Element) -> str:
    """An element's content as XML (its text and children, without its own tags)."""
    return (element.text or "") + "".join(
        etree.tostring(child, encoding="unicode") for child in element)


def tree(data: bytes) -> list[dict]:
    """What a TMX holds, per <tu>: attributes, notes, other tools' props, and per <tuv>
    its language, attributes, notes/props and the XML of its <seg>."""
    root = etree.fromstring(data)
    tus = []
    for tu in root.iter("tu"):
        tus.append({
            "attrs": dict(tu.attrib),
            "notes": [(n.text, dict(n.attrib)) for n in tu.findall("note")],
            "props": [(p.get("type"), p.text) for p in tu.findall("prop")
                      if not p.get("type", "").startswith("x-l10nflow-")],
            "tuvs": [(tuv.get(XML_LANG), {k: v for k, v in tuv.attrib.items() if k != XML_LANG},
                      [etree.tostring(c, encoding="unicode", with_tail=False)
                       for c in tuv if c.tag in ("note", "prop")],
                      inner(tuv.find("seg"))) for tuv in tu.findall("tuv")],
        })
    return tus


def fields(unit: Unit) -> tuple:
    return (unit.key, unit.source, unit.target, unit.other_targets, unit.codes, unit.notes,
            unit.state, unit.extra, unit.references, unit.comments, unit.fingerprint,
            unit.translatable, unit.file, unit.context, unit.flags, unit.previous,
            unit.source_plural, unit.target_plurals, unit.article, unit.bead,
            unit.confidence)


# --- several target languages ---------------------------------------------------------

def test_multilingual_tmx_keeps_every_language():
    store = read_store(FOREIGN / "multilingual-en-US.tmx")
    assert (store.source_lang, store.target_lang) == ("en", "es")
    assert store.extra["tmx.targets"] == ["es-ES", "fr-FR", "de-DE"]
    first, third, fourth = store.units[0], store.units[2], store.units[3]
    assert first.source == "The summit opens in Hanoi on Tuesday."
    assert first.target == "La cumbre se inaugura en Hanói el martes."
    assert first.other_targets == {"fr-FR": "Le sommet s'ouvre mardi à Hanoï.",
                                   "de-DE": "Der Gipfel beginnt am Dienstag in Hanoi."}
    assert list(third.other_targets) == ["fr-FR"]                 # press-3 has no de-DE
    # press-4: the source tuv is the second one
    assert fourth.source == "The final declaration was adopted unanimously."
    assert fourth.target == "La declaración final se aprobó por unanimidad."
    assert set(fourth.other_targets) == {"de-DE", "fr-FR"}
    entry = MANIFEST["multilingual-en-US.tmx"]
    for unit, expected in zip(store.units, entry["units"], strict=True):
        assert {"es-ES": unit.target, **unit.other_targets} == expected["target_text"]


def test_select_target_makes_another_language_the_target(tmp_path):
    store = read_store(FOREIGN / "multilingual-en-US.tmx")
    german = select_target(store, "de")
    assert german.target_lang == "de" and german.source_lang == "en"
    first, third = german.units[0], german.units[2]
    assert first.target == "Der Gipfel beginnt am Dienstag in Hanoi."
    assert first.other_targets == {"es-ES": "La cumbre se inaugura en Hanói el martes.",
                                   "fr-FR": "Le sommet s'ouvre mardi à Hanoï."}
    assert third.target == "" and third.state is State.NEW        # no German for press-3
    assert set(third.other_targets) == {"es-ES", "fr-FR"}
    # the store given is left as it was
    assert store.units[0].target.startswith("La cumbre") and store.target_lang == "es"
    # written back, the file still holds every language, in the order it had
    data = dumps_valid(german, tmp_path)
    assert tree(data) == tree((FOREIGN / "multilingual-en-US.tmx").read_bytes())
    # to PO: one target language, German
    write_store(german, tmp_path / "de.po")
    po = read_store(tmp_path / "de.po")
    assert [u.target for u in po.units] == [u.target for u in german.units]


@pytest.mark.parametrize(("asked", "tag"), [("fr", "fr-FR"), ("FR-fr", "fr-FR"),
                                            ("fr_FR", "fr-FR"), ("es-ES", "es-ES")])
def test_select_target_matches_language_and_region(asked, tag):
    original = read_store(FOREIGN / "multilingual-en-US.tmx")
    store = select_target(original, asked)
    assert store.extra["tmx.langs"][1] == tag
    first = original.units[0]
    assert store.units[0].target == first.other_targets.get(tag, first.target)


@pytest.mark.parametrize("asked", ["it", "es-MX", "en"])
def test_select_target_names_the_languages_of_the_file(asked):
    store = read_store(FOREIGN / "multilingual-en-US.tmx")
    with pytest.raises(InputError) as info:
        select_target(store, asked)
    message = str(info.value)
    assert repr(asked) in message and "es-ES, fr-FR, de-DE" in message


def test_convert_with_target_lang(tmp_path):
    out = tmp_path / "fr.po"
    result = CliRunner().invoke(main, ["convert", str(FOREIGN / "multilingual-en-US.tmx"),
                                       str(out), "--target-lang", "fr"])
    assert result.exit_code == 0, result.output
    assert read_store(out).units[0].target == "Le sommet s'ouvre mardi à Hanoï."
    result = CliRunner().invoke(main, ["convert", str(FOREIGN / "multilingual-en-US.tmx"),
                                       str(tmp_path / "x.po"), "--target-lang", "pt"])
    assert result.exit_code == 2 and "es-ES, fr-FR, de-DE" in result.output
    assert "Traceback" not in result.output


def test_codes_that_differ_between_languages_survive(tmp_path):
    path = tmp_path / "codes.tmx"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="en" datatype="html"/><body>
<tu tuid="a">
<tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept><ph
 x="3">&lt;br/&gt;</ph></seg></tuv>
<tuv xml:lang="es"><seg>Pulse <bpt i="1">&lt;b&gt;</bpt>Guardar<ept i="1">&lt;/b&gt;</ept><ph
 x="3">&lt;br/&gt;</ph></seg></tuv>
<tuv xml:lang="fr"><seg>Appuyez sur <bpt i="1">&lt;strong&gt;</bpt>Enregistrer<ept
 i="1">&lt;/strong&gt;</ept><ph x="9">&lt;hr/&gt;</ph></seg></tuv>
</tu></body></tmx>""", "utf-8")
    store = read_store(path)
    unit = store.units[0]
    assert unit.source == "Press ⟦bpt1⟧Save⟦ept1⟧⟦ph2⟧"
    assert unit.target == "Pulse ⟦bpt1⟧Guardar⟦ept1⟧⟦ph2⟧"
    assert unit.other_targets == {"fr": "Appuyez sur ⟦bpt1⟧Enregistrer⟦ept1⟧⟦ph3⟧"}
    assert tree(dumps_valid(store, tmp_path)) == tree(path.read_bytes())
    french = select_target(store, "fr")
    assert french.units[0].codes["t:bpt1"].xml == '<bpt i="1">&lt;strong&gt;</bpt>'
    assert tree(dumps_valid(french, tmp_path, "fr.tmx")) == tree(path.read_bytes())
    again = select_target(TMX.loads(TMX.dumps(french)), "es")
    assert fields(again.units[0])[1:5] == fields(unit)[1:5]


# --- source language ---------------------------------------------------------------------

def test_all_languages_header_and_tu_srclang():
    store = read_store(FOREIGN / "all-languages.tmx")
    entry = MANIFEST["all-languages.tmx"]
    assert [u.source for u in store.units] == [u["source_text"] for u in entry["units"]]
    assert (store.source_lang, store.target_lang) == ("vi", "en")
    assert store.extra["tmx.targets"] == ["en-US", "vi-VN"]
    airport, schools = store.units[1], store.units[3]
    assert airport.source == "Noi Bai airport has reopened."            # tu srclang en-US
    assert airport.target == ""                                          # no other en-US
    assert airport.other_targets == {"vi-VN": "Sân bay Nội Bài hoạt động trở lại."}
    assert schools.source == "Schools reopen on Monday."                 # the first tuv
    assert schools.other_targets == {"vi-VN": "Trường học mở cửa lại vào thứ Hai."}


def test_source_is_kept_when_converted_through_po(tmp_path):
    store = read_store(FOREIGN / "all-languages.tmx")
    write_store(store, tmp_path / "a.po")
    back = TMX.loads(dumps_valid(read_store(tmp_path / "a.po"), tmp_path))
    assert [(u.source, u.target, u.other_targets) for u in back.units] == \
        [(u.source, u.target, u.other_targets) for u in store.units]


# --- TMX -> TMX --------------------------------------------------------------------------

@pytest.mark.parametrize("name", TMX_FILES)
def test_tmx_to_tmx_keeps_everything(name, tmp_path):
    original = (FOREIGN / name).read_bytes()
    store = TMX.loads(original)
    data = dumps_valid(store, tmp_path)
    assert tree(data) == tree(original)
    header, before = etree.fromstring(data).find("header"), etree.fromstring(original) \
        .find("header")
    ignore = {"creationtool", "creationtoolversion"}
    assert {k: v for k, v in header.attrib.items() if k not in ignore} == \
        {k: v for k, v in before.attrib.items() if k not in ignore}
    assert [etree.tostring(c, with_tail=False) for c in header] == \
        [etree.tostring(c, with_tail=False) for c in before]
    again = TMX.loads(data)
    assert [fields(u) for u in again.units] == [fields(u) for u in store.units]
    assert TMX.dumps(again) == data


def test_props_notes_and_attributes_are_kept():
    store = read_store(FOREIGN / "props-notes-en-vi.tmx")
    first, second, fourth = store.units[0], store.units[1], store.units[3]
    assert first.notes == ["Headline style: no final full stop."]
    assert fourth.notes == ['Tên riêng: giữ nguyên "Quốc hội".',
                            "Second note: check with the politics editor."]
    assert first.extra["tmx.tu@usagecount"] == "3"
    assert first.extra["tmx.tu@creationid"] == "TINTUC\\linh"
    assert json.loads(first.extra["tmx.props"])[3] == \
        '<prop type="x-ConfirmationLevel">ApprovedSignOff</prop>'
    assert json.loads(second.extra["tmx.tuv-meta@vi-VN"]) == ["<note>Giữ đơn vị °C.</note>"]
    omegat = read_store(FOREIGN / "omegat-project-level2-en-vi.tmx").units[0]
    assert json.loads(omegat.extra["tmx.tuv@vi"])["changeid"] == "linh"


@pytest.mark.parametrize("via", ["po", "xliff", "xliff2"])
@pytest.mark.parametrize("name", ["inline-codes-vi-en.tmx", "multilingual-en-US.tmx",
                                  "props-notes-en-vi.tmx", "omegat-project-level2-en-vi.tmx",
                                  "trados2007-utf16-vi-en.tmx"])
def test_tmx_through_other_formats_and_back(name, via, tmp_path):
    original = (FOREIGN / name).read_bytes()
    store = TMX.loads(original)
    fmt = get_format(via)
    middle = fmt.loads(fmt.dumps(store))
    back = TMX.loads(dumps_valid(middle, tmp_path))
    keep = ("key", "source", "target", "other_targets", "codes", "state", "extra")
    assert [[getattr(u, k) for k in keep] for u in back.units] == \
        [[getattr(u, k) for k in keep] for u in store.units]
    segs = [[tuv[3] for tuv in tu["tuvs"]] for tu in tree(original)]
    assert [[tuv[3] for tuv in tu["tuvs"]] for tu in tree(TMX.dumps(back))] == segs


# --- inline codes ------------------------------------------------------------------------

def test_inline_codes_become_tokens():
    store = read_store(FOREIGN / "inline-codes-vi-en.tmx")
    texts = [(u.source, u.target) for u in store.units]
    assert texts == [
        ("Giá xăng ⟦bpt1⟧tăng 3%⟦ept1⟧ trong tháng Mười.",
         "Petrol prices ⟦bpt1⟧rose 3%⟦ept1⟧ in October."),
        ("Xem biểu đồ⟦ph1⟧ bên dưới.", "See the chart⟦ph1⟧ below."),
        ("⟦it1⟧Theo Reuters, giá dầu giảm.", "⟦it1⟧Oil prices fell, Reuters reported."),
        ("Thuật ngữ ⟦hi1⟧lạm phát lõi⟦/hi1⟧ được định nghĩa ở phụ lục.",
         "The term ⟦hi1⟧core inflation⟦/hi1⟧ is defined in the appendix."),
        ("⟦bpt1⟧Kinh tế⟦ept1⟧ | ⟦bpt2⟧Thế giới⟦ept2⟧",
         "⟦bpt1⟧Economy⟦ept1⟧ | ⟦bpt2⟧World⟦ept2⟧"),
        ("Bản tin kết thúc.⟦it1⟧", "End of bulletin.⟦it1⟧"),
        ("Cập nhật lúc ⟦ut1⟧ hôm nay.", "Updated at ⟦ut1⟧ today."),
    ]
    first = store.units[0].codes
    assert first == {"bpt1": InlineCode("open", "tmx", '<bpt i="1" type="bold">&lt;b&gt;</bpt>'),
                     "ept1": InlineCode("close", "tmx", '<ept i="1">&lt;/b&gt;</ept>')}
    assert store.units[2].codes["it1"].role == "open"
    assert store.units[5].codes["it1"].role == "close"
    assert store.units[3].codes["hi1"] == InlineCode("open", "tmx", '<hi type="x-term"/>')


def test_inline_codes_round_trip_exactly(tmp_path):
    original = (FOREIGN / "inline-codes-vi-en.tmx").read_bytes()
    data = dumps_valid(read_store(FOREIGN / "inline-codes-vi-en.tmx"), tmp_path)
    before = [inner(s) for s in etree.fromstring(original).iter("seg")]
    after = [inner(s) for s in etree.fromstring(data).iter("seg")]
    assert after == before
    assert '<bpt i="1" type="bold">&lt;b&gt;</bpt>tăng 3%<ept i="1">&lt;/b&gt;</ept>' \
        in after[0]


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="news.html" source-language="vi" target-language="en" datatype="html">
<body>
<trans-unit id="1"><source>Giá <g id="1" ctype="bold">xăng</g> tăng<x id="2"
 ctype="lb"/> mạnh.</source>
<target>Petrol <g id="1" ctype="bold">prices</g> rose<x id="2" ctype="lb"/> sharply.</target>
</trans-unit>
<trans-unit id="2"><source><it id="3" pos="open">&lt;i&gt;</it>Mở đầu <g id="4"><g
 id="5">lồng</g></g></source>
<target><it id="3" pos="open">&lt;i&gt;</it>Opening <g id="4"><g id="5">nested</g></g></target>
</trans-unit>
<trans-unit id="3"><source>Kết thúc<it id="6" pos="close">&lt;/i&gt;</it></source>
<target>The end<it id="6" pos="close">&lt;/i&gt;</it></target></trans-unit>
<trans-unit id="4" translate="no"><source>Hà Nội</source><target>Hà Nội</target></trans-unit>
</body></file></xliff>
"""


def test_xliff_codes_through_tmx_and_back(tmp_path):
    source = tmp_path / "in.xlf"
    source.write_text(XLIFF12, "utf-8")
    schemas.assert_valid(schemas.xliff12(), source)
    runner = CliRunner()
    memory = tmp_path / "m.tmx"
    result = runner.invoke(main, ["convert", str(source), str(memory)])
    assert result.exit_code == 0, result.output
    schemas.assert_valid(schemas.tmx14(), memory)
    segs = [inner(s) for s in etree.parse(str(memory)).iter("seg")]
    assert segs[0] == 'Giá <bpt i="1" x="1"/>xăng<ept i="1"/> tăng<ph x="2"/> mạnh.'
    assert segs[2] == '<it pos="begin" x="1"/>Mở đầu <bpt i="2" x="2"/><bpt i="3" x="3"/>' \
                      'lồng<ept i="3"/><ept i="2"/>'
    assert segs[4] == 'Kết thúc<it pos="end" x="1"/>'
    back = tmp_path / "back.xlf"
    result = runner.invoke(main, ["convert", str(memory), str(back)])
    assert result.exit_code == 0, result.output
    schemas.assert_valid(schemas.xliff12(), back)
    before, after = read_store(source).units, read_store(back).units
    assert [(u.key, u.source, u.target, u.codes, u.translatable, u.file) for u in after] == \
        [(u.key, u.source, u.target, u.codes, u.translatable, u.file) for u in before]
    assert after[0].source == "Giá ⟦g1⟧xăng⟦/g1⟧ tăng⟦x2⟧ mạnh."
    # the XLIFF elements come back as they were
    xml = back.read_text("utf-8")
    assert '<g id="1" ctype="bold">xăng</g>' in xml and '<x id="2" ctype="lb"/>' in xml


@pytest.mark.parametrize("name", ["okapi-rainbow-en-vi.xlf", "okapi-alttrans-vi-en.xlf",
                                  "memoq-vi-en.mqxliff", "qt-linguist-en-vi.xlf",
                                  "oasis-suite-20-vi-en.xlf", "angular-xlf2-en-vi.xlf"])
def test_foreign_xliff_through_tmx_keeps_tokens(name, tmp_path):
    store = read_store(FOREIGN / name)
    back = TMX.loads(dumps_valid(store, tmp_path))
    kept = [u for u in store.units if TMX.writes(u)]
    keep = ("key", "source", "target", "codes", "state", "translatable", "file", "notes")
    assert [[getattr(u, k) for k in keep] for u in back.units] == \
        [[getattr(u, k) for k in keep] for u in kept]
    suffix = ".xliff" if "xliff-2" in MANIFEST[name]["format"] else ".xlf"
    write_store(back, tmp_path / f"back{suffix}")
    again = read_store(tmp_path / f"back{suffix}").units
    assert [(u.source, u.target, u.codes) for u in again] == \
        [(u.source, u.target, u.codes) for u in kept]


def test_split_pair_of_another_format_in_one_segment(tmp_path):
    unit = Unit("k", "a ⟦sc1⟧b⟦ec1⟧ c", "A ⟦sc1⟧B⟦ec1⟧ C", codes={
        "sc1": InlineCode("open", "xliff2", '<sc id="1"/>'),
        "ec1": InlineCode("close", "xliff2", '<ec startRef="1"/>')})
    data = dumps_valid(Store([unit], "vi", "en"), tmp_path)
    assert inner(next(etree.fromstring(data).iter("seg"))) == \
        'a <bpt i="1" x="1"/>b<ept i="1"/> c'
    back = TMX.loads(data).units[0]
    assert (back.source, back.target, back.codes) == (unit.source, unit.target, unit.codes)


def test_control_character_round_trips(tmp_path):
    unit = Unit("page", "Trang 1\fTrang 2", "Page 1\fPage 2\x01")
    data = dumps_valid(Store([unit], "vi", "en"), tmp_path)
    assert b'<ph type="x-l10nflow-cp">000C</ph>' in data
    back = TMX.loads(data).units[0]
    assert (back.source, back.target) == (unit.source, unit.target)
    # the export path too
    markup = TmxMarkup("vi", "en")
    path = tmp_path / "export.tmx"
    path.write_text(markup.header() + markup.tu(unit) + markup.footer(), "utf-8")
    schemas.assert_valid(schemas.tmx14(), path)
    assert TMX.read(path).units[0].source == unit.source


# --- encodings ---------------------------------------------------------------------------

def test_utf16_tmx_reads():
    store = read_store(FOREIGN / "trados2007-utf16-vi-en.tmx")
    assert store.extra["tmx.langs"] == ["VI-VN", "EN-GB"]
    assert (store.source_lang, store.target_lang) == ("vi", "en")
    assert store.units[0].source == "Chính phủ công bố gói hỗ trợ ⟦bpt1⟧50.000 tỷ đồng⟦ept1⟧."
    assert store.units[0].codes["bpt1"].xml == '<bpt i="1">{\\b </bpt>'
    assert store.units[2].target == "Details are in the appendix⟦ph1⟧."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_32_with_or_without_bom(encoding):
    text = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n<tmx version="1.4">'
            '<header srclang="vi"/><body><tu><tuv xml:lang="vi"><seg>Xin chào</seg></tuv>'
            '<tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>')
    store = TMX.loads(text.encode(encoding))
    assert [(u.source, u.target) for u in store.units] == [("Xin chào", "Hello")]


def test_utf16_entities_are_refused():
    text = ('\ufeff<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tmx [<!ENTITY a "b">]>'
            '<tmx version="1.4"><header srclang="vi"/><body/></tmx>')
    with pytest.raises(InputError, match="declares XML entities"):
        TMX.loads(text.encode("utf-16-le"))


# --- l10nflow's own data -----------------------------------------------------------------

def full_unit() -> Unit:
    return Unit("a:1.1", "Một ⟦x1⟧ngày.", "One ⟦x1⟧day.", State.REVIEWED, 0.912, "1-1", "a",
                references=["vi.txt:3"], notes=["check the date"], comments=["dev note"],
                fingerprint="0123456789ab", flags=["c-format"], context="ctx",
                previous=Previous("Một.", None, None), codes={
                    "x1": InlineCode("standalone", "xliff1", '<x id="1"/>')},
                translatable=False, file="news.html", other_targets={"fr-FR": "Un ⟦x1⟧jour."},
                extra={"xliff1.approved": "yes"})


def test_what_tmx_has_no_place_for_is_carried(tmp_path):
    unit = full_unit()
    plural = Unit("p", "%d ngày", "%d day", source_plural="%d ngày",
                  target_plurals=["%d days"])
    data = dumps_valid(Store([unit, plural], "vi", "en"), tmp_path)
    back = TMX.loads(data).units
    assert fields(back[0]) == fields(unit)
    assert (back[1].source_plural, back[1].target_plurals) == ("%d ngày", ["%d days"])


def test_select_target_in_a_store_from_po(tmp_path):
    write_store(Store([full_unit()], "vi", "en"), tmp_path / "a.po")
    french = select_target(read_store(tmp_path / "a.po"), "fr")
    unit = french.units[0]
    assert (french.target_lang, unit.target, unit.other_targets) == \
        ("fr", "Un ⟦x1⟧jour.", {"en-US": "One ⟦x1⟧day."})
    with pytest.raises(InputError, match="fr-FR, en-US"):
        select_target(french, "de")


def test_plain_units_take_the_text_path(tmp_path):
    unit = Unit("a:1.1", "Một.", "One.", State.TRANSLATED, 0.9, "1-1", "a",
                references=["vi.txt:1"], fingerprint="0123456789ab", context="a:1.1")
    data = dumps_valid(Store([unit], "vi", "en"), tmp_path).decode()
    assert 'x-l10nflow-data' not in data
    assert '<prop type="x-l10nflow-reference">vi.txt:1</prop>' in data
    back = TMX.loads(data.encode()).units[0]
    assert (back.references, back.fingerprint, back.bead, back.confidence) == \
        (["vi.txt:1"], "0123456789ab", "1-1", 0.9)


def test_po_to_tmx_to_po(tmp_path):
    units = [full_unit(), Unit("b", "Hai.", "Two.", State.NEEDS_REVIEW, 0.4, "1-1", "a")]
    write_store(Store(units, "vi", "en", "a"), tmp_path / "a.po")
    po = read_store(tmp_path / "a.po")
    memory = tmp_path / "a.tmx"
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "a.po"), str(memory)])
    assert result.exit_code == 0, result.output
    schemas.assert_valid(schemas.tmx14(), memory)
    write_store(read_store(memory), tmp_path / "back.po")
    back = read_store(tmp_path / "back.po")
    assert [fields(u) for u in back.units] == [fields(u) for u in po.units]


def test_tmx_says_what_it_leaves_out(tmp_path):
    units = [Unit("a", "Một.", "One."), Unit("b", "Hai.", "", State.NEW),
             Unit("c", "Ba.", "Three.", obsolete=True),
             Unit("d", "", "RELATED NEWS", bead="0-1")]
    write_store(Store(units, "vi", "en"), tmp_path / "a.po")
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "a.po"),
                                       str(tmp_path / "a.tmx")])
    assert result.exit_code == 0, result.output
    assert "wrote 2 units" in result.output         # an untranslated unit: source alone
    assert "left out 1 unit: obsolete" in result.output
    assert "left out 1 unit: without source text" in result.output
    back = read_store(tmp_path / "a.tmx").units
    assert [(u.source, u.target) for u in back] == [("Một.", "One."), ("Hai.", "")]


def test_export_writes_codes_as_tmx_elements(tmp_path):
    unit = Unit("a:1.1", "Giá ⟦g1⟧xăng⟦/g1⟧.", "Petrol ⟦g1⟧prices⟦/g1⟧.", article="a",
                codes={"g1": InlineCode("open", "xliff1", '<g id="1"/>')})
    path = tmp_path / "a.xlf"
    write_store(Store([unit], "vi", "en", "a"), path)
    out = tmp_path / "m.tmx"
    export([path], out, "tmx", ExportOptions())
    schemas.assert_valid(schemas.tmx14(), out)
    segs = [inner(s) for s in etree.parse(str(out)).iter("seg")]
    assert segs == ['Giá <bpt i="1" x="1"/>xăng<ept i="1"/>.',
                    'Petrol <bpt i="1" x="1"/>prices<ept i="1"/>.']
    assert TMX.read(out).units[0].source == unit.source


def test_exported_memory_reads_and_writes_back(tmp_path):
    units = [Unit("a:1.1", "Một.", "One.", State.TRANSLATED, 0.95, "1-1", "a"),
             Unit("a:2.1", "Hai.", "Two.", State.REVIEWED, 0.65, "1-1", "a")]
    write_store(Store(units, "vi", "en", "a"), tmp_path / "a.po")
    out = tmp_path / "m.tmx"
    export([tmp_path / "a.po"], out, "tmx", ExportOptions())
    store = read_store(out)
    assert [(u.key, u.source, u.target, u.state, u.bead, u.confidence) for u in store.units] \
        == [(u.key, u.source, u.target, u.state, u.bead, u.confidence) for u in units]
    data = dumps_valid(store, tmp_path)
    assert tree(data) == tree(out.read_bytes())


def test_a_multilingual_tmx_needs_target_lang_for_po(tmp_path):
    source = Path(__file__).parent / "data" / "foreign" / "multilingual-en-US.tmx"
    result = CliRunner().invoke(main, ["convert", str(source), str(tmp_path / "x.po")])
    assert result.exit_code == 2 and "--target-lang" in result.output
    assert "es-ES" in result.output and "de-DE" in result.output
    assert not (tmp_path / "x.po").exists()
    kept = tmp_path / "same.tmx"
    assert CliRunner().invoke(main, ["convert", str(source), str(kept)]).exit_code == 0
    assert {"es-ES", "fr-FR", "de-DE"} <= set(read_store(kept).units[0].other_targets) | {
        read_store(kept).extra["tmx.langs"][1]}
