import csv
import itertools
import json
import subprocess

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import CORPUS
from l10nflow.cli import main
from l10nflow.errors import InputError
from l10nflow.export import ExportOptions, export
from l10nflow.formats import Store, get_format, read_store, write_store
from l10nflow.model import State, Unit, fingerprint
from schemas import assert_valid, tmx14, xliff12, xliff20

XLIFF12 = "{urn:oasis:names:tc:xliff:document:1.2}"
XLIFF20 = "{urn:oasis:names:tc:xliff:document:2.0}"


def every_state_store() -> Store:
    def unit(n, source, target, state, bead="1-1", conf=0.9, **kw):
        return Unit(f"art:{n}.1", source, target, state, conf, bead, "art",
                    [f"corpus/art/vi.txt:{n}"], fingerprint=fingerprint(target, state), **kw)

    units = [
        Unit("art:en1.1", "", "Anh Vũ |", State.TRANSLATED, 0.8, "0-1", "art"),
        unit(1, "Một.", "One.", State.TRANSLATED),
        unit(2, "Hai.", "Two?", State.NEEDS_REVIEW, conf=0.4),
        unit(3, "Ba.", "", State.NEW, bead="1-0"),
        unit(4, "Bốn.", "Four.", State.REVIEWED, notes=["checked by the desk"]),
        unit(5, "Năm.", "Five.", State.FINAL),
        Unit("art:en6.1", "", "RELATED NEWS", State.TRANSLATED, 0.7, "0-1", "art"),
        unit(7, "Bảy cũ.", "Seven (old).", State.TRANSLATED, obsolete=True),
    ]
    return Store(units, "vi", "en", "art", {"PO-Revision-Date": "2024-11-12 00:00+0000"})


def comparable(store: Store):
    return [(u.key, u.source, u.target, u.state, u.bead, u.confidence, u.fingerprint,
             u.references, u.notes, u.obsolete) for u in store.units]


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_round_trip_po_xliff_po_keeps_every_unit(tmp_path, fmt):
    original = every_state_store()
    po, xlf, back = tmp_path / "a.po", tmp_path / f"a.{fmt}", tmp_path / "b.po"
    get_format("po").write(original, po)
    get_format(fmt).write(read_store(po), xlf)
    get_format("po").write(get_format(fmt).read(xlf), back)
    assert comparable(read_store(back)) == comparable(read_store(po))
    # obsolete (#~) entries keep their comments and aligner data too
    assert comparable(read_store(po)) == comparable(original)


def test_xliff12_state_mapping(tmp_path):
    path = tmp_path / "a.xlf"
    get_format("xliff").write(every_state_store(), path)
    root = etree.parse(str(path)).getroot()
    units = {u.get("id"): u for u in root.iter(f"{XLIFF12}trans-unit")}

    def state(key):
        target = units[key].find(f"{XLIFF12}target")
        return None if target is None else target.get("state"), units[key].get("approved")

    assert state("art:1.1") == ("translated", None)
    assert state("art:2.1") == ("needs-review-translation", None)
    assert state("art:3.1") == (None, None)
    assert state("art:4.1") == ("signed-off", "yes")
    assert state("art:5.1") == ("final", "yes")
    obsolete = root.find(f".//{XLIFF12}group[@id='l10nflow-obsolete']")
    assert obsolete.get("translate") == "no"
    assert obsolete.find(f"{XLIFF12}trans-unit").get("id") == "art:7.1"
    assert [g.get("id") for g in root.iter(f"{XLIFF12}group")][:2] == ["p1", "p2"]
    first = units["art:1.1"]
    assert first.find(f"{XLIFF12}context-group/{XLIFF12}context").text == "corpus/art/vi.txt"
    notes = [n.text for n in first.iter(f"{XLIFF12}note")]
    assert any(n.startswith("target-only-before en1.1") for n in notes)


def test_xliff20_state_mapping(tmp_path):
    path = tmp_path / "a.xliff"
    get_format("xliff2").write(every_state_store(), path)
    root = etree.parse(str(path)).getroot()
    assert (root.get("srcLang"), root.get("trgLang")) == ("vi-VN", "en-US")
    segments = {u.get("id"): u.find(f"{XLIFF20}segment") for u in root.iter(f"{XLIFF20}unit")}
    assert segments["art:1.1"].get("state") == "translated"
    assert (segments["art:2.1"].get("state"), segments["art:2.1"].get("subState")) == (
        "initial", "l10nflow:needs-review")
    assert segments["art:3.1"].get("state") == "initial"
    assert segments["art:3.1"].find(f"{XLIFF20}target") is None
    assert segments["art:4.1"].get("state") == "reviewed"
    assert segments["art:5.1"].get("state") == "final"


def test_states_read_from_foreign_xliff(tmp_path):
    path = tmp_path / "x.xlf"
    path.write_text(f"""<?xml version="1.0"?>
<xliff xmlns="{XLIFF12[1:-1]}" version="1.2"><file original="x" source-language="vi"
 target-language="en" datatype="plaintext"><body>
<trans-unit id="a"><source>A</source><target state="needs-translation"/></trans-unit>
<trans-unit id="b"><source>B</source><target state="translated">b</target></trans-unit>
<trans-unit id="c" approved="yes"><source>C</source><target>c</target></trans-unit>
<trans-unit id="d"><source>D</source><target state="signed-off">d</target>
 <note>please check</note></trans-unit>
</body></file></xliff>""", "utf-8")
    units = {u.key: u for u in read_store(path).units}
    assert units["a"].state is State.NEW
    assert units["b"].state is State.TRANSLATED
    assert units["c"].state is State.FINAL
    assert units["d"].state is State.REVIEWED and units["d"].notes == ["please check"]
    assert all(u.human_edited for u in (units["b"], units["c"]))   # not made by l10nflow


@pytest.fixture(scope="module")
def aligned_locales(tmp_path_factory):
    out = tmp_path_factory.mktemp("locales")
    runner = CliRunner()
    for fmt in ("po", "xliff", "xliff2"):
        result = runner.invoke(main, ["align", str(CORPUS), "-o", str(out), "--format", fmt,
                                      "-q", "--jobs", "1"])
        assert result.exit_code == 0, result.output
    return out / "en"


def test_aligned_xliff12_validates_against_strict_schema(aligned_locales, tmp_path):
    files = sorted(aligned_locales.glob("*.xlf"))
    assert len(files) >= 10
    for path in files:
        assert_valid(xliff12(), path)
    extra = tmp_path / "states.xlf"
    get_format("xliff").write(every_state_store(), extra)
    assert_valid(xliff12(), extra)


def test_aligned_xliff20_validates_against_core_and_modules(aligned_locales, tmp_path):
    files = sorted(aligned_locales.glob("*.xliff"))
    assert len(files) >= 10
    for path in files:
        assert_valid(xliff20(), path)
    extra = tmp_path / "states.xliff"
    get_format("xliff2").write(every_state_store(), extra)
    assert_valid(xliff20(), extra)


def test_schema_validators_reject_invalid_samples():
    from conftest import shared_path
    for validator, sample in ((xliff12(), ("xliff-1.2", "sample-invalid.xlf")),
                              (xliff20(), ("xliff-2.0", "sample-invalid.xlf")),
                              (tmx14(), ("tmx-1.4b", "sample-invalid.tmx"))):
        doc = etree.parse(str(shared_path("schemas", *sample)))
        assert not validator.validate(doc)


def test_export_tmx_validates_and_has_header_props_and_counts(aligned_locales, tmp_path):
    out = tmp_path / "memory.tmx"
    report = export([aligned_locales / f for f in sorted(p.name for p in aligned_locales.glob(
        "*.po"))], out, "tmx", ExportOptions(qa="none"))   # planted errors too
    assert_valid(tmx14(), out)
    root = etree.parse(str(out)).getroot()
    header = root.find("header")
    assert header.attrib == {
        "creationtool": "l10nflow", "creationtoolversion": header.get("creationtoolversion"),
        "segtype": "sentence", "o-tmf": "l10nflow", "adminlang": "en-US", "srclang": "vi-VN",
        "datatype": "plaintext"}
    tus = root.findall("body/tu")
    assert len(tus) == report.written > 80
    props = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert set(props) == {"x-l10nflow-article", "x-l10nflow-bead", "x-l10nflow-confidence",
                          "x-l10nflow-state", "x-l10nflow-occurrences"}
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tus[0]
             .findall("tuv")]
    assert langs == ["vi-VN", "en-US"]
    assert tus[0].get("creationdate", "").endswith("T000000Z")
    # the byline "Anh Vũ" / "Anh Vũ" occurs in several articles: one tu, counted
    counted = [t for t in tus if int(t.find("prop[@type='x-l10nflow-occurrences']").text) > 1]
    assert counted and report.duplicates >= 1


def make_store(tmp_path):
    units = [
        Unit("a:1.1", "Một.", "One.", State.TRANSLATED, 0.95, "1-1", "a"),
        Unit("a:2.1", "Hai.", "Two.", State.NEEDS_REVIEW, 0.5, "1-1", "a"),
        Unit("a:3.1", "Ba.", "Three.", State.REVIEWED, 0.65, "1-1", "a"),
        Unit("a:4.1", "Một.", "One.", State.TRANSLATED, 0.9, "1-1", "a"),
        Unit("a:5.1", "Năm.", "", State.NEW, 0.8, "1-0", "a"),
        Unit("a:en6.1", "", "RELATED NEWS", State.TRANSLATED, 0.9, "0-1", "a"),
    ]
    path = tmp_path / "a.po"
    write_store(Store(units, "vi", "en", "a"), path)
    return path


def tmx_pairs(path):
    root = etree.parse(str(path)).getroot()
    return [[seg.text or "" for seg in tu.iter("seg")] for tu in root.iter("tu")]


@pytest.mark.parametrize(("options", "expected"), [
    (ExportOptions(), [("Một.", "One."), ("Ba.", "Three.")]),
    (ExportOptions(exclude_fuzzy=False), [("Một.", "One."), ("Hai.", "Two."), ("Ba.", "Three.")]),
    (ExportOptions(only_reviewed=True), [("Ba.", "Three.")]),
    (ExportOptions(min_confidence=0.9), [("Một.", "One.")]),
    (ExportOptions(dedupe=False), [("Một.", "One."), ("Ba.", "Three."), ("Một.", "One.")]),
    (ExportOptions(include_unmatched=True),
     [("Một.", "One."), ("Ba.", "Three."), ("Năm.", ""), ("", "RELATED NEWS")]),
    (ExportOptions(swap=True), [("One.", "Một."), ("Three.", "Ba.")]),
])
def test_export_filters(tmp_path, options, expected):
    out = tmp_path / "m.tmx"
    export([make_store(tmp_path)], out, "tmx", options)
    assert tmx_pairs(out) == [list(p) for p in expected]
    assert_valid(tmx14(), out)


def test_swap_changes_languages(tmp_path):
    out = tmp_path / "m.tmx"
    export([make_store(tmp_path)], out, "tmx", ExportOptions(swap=True))
    assert etree.parse(str(out)).getroot().find("header").get("srclang") == "en-US"


def test_export_tsv_csv_jsonl_moses(tmp_path):
    store = make_store(tmp_path)
    export([store], tmp_path / "m.tsv", "tsv")
    lines = (tmp_path / "m.tsv").read_text("utf-8").splitlines()
    assert lines[0].split("\t")[:3] == ["source", "target", "article"]
    assert lines[1].split("\t")[:2] == ["Một.", "One."] and lines[1].split("\t")[-1] == "2"
    export([store], tmp_path / "m.csv", "csv")
    rows = list(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")))
    assert [(r["source"], r["target"], r["occurrences"]) for r in rows] == [
        ("Một.", "One.", "2"), ("Ba.", "Three.", "1")]
    export([store], tmp_path / "m.jsonl", "jsonl")
    records = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text("utf-8").splitlines()]
    assert records[1] == {"source": "Ba.", "target": "Three.", "source_lang": "vi",
                          "target_lang": "en", "article": "a", "key": "a:3.1", "bead": "1-1",
                          "confidence": 0.65, "state": "reviewed", "occurrences": 1}
    export([store], tmp_path / "train", "moses")
    assert (tmp_path / "train.vi").read_text("utf-8") == "Một.\nBa.\n"
    assert (tmp_path / "train.en").read_text("utf-8") == "One.\nThree.\n"


def test_convert_reads_tmx_back(tmp_path, msgfmt):
    memory = tmp_path / "m.tmx"
    export([make_store(tmp_path)], memory, "tmx", ExportOptions(exclude_fuzzy=False))
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(memory), str(tmp_path / "back.po")])
    assert result.exit_code == 0, result.output
    units = read_store(tmp_path / "back.po").units
    assert [(u.key, u.source, u.target, u.state) for u in units] == [
        ("a:1.1", "Một.", "One.", State.TRANSLATED), ("a:2.1", "Hai.", "Two.",
                                                     State.NEEDS_REVIEW),
        ("a:3.1", "Ba.", "Three.", State.REVIEWED)]
    check = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(tmp_path / "back.po")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    xlf = runner.invoke(main, ["convert", str(memory), str(tmp_path / "back.txt"),
                               "--to", "xliff2"])
    assert xlf.exit_code == 0
    assert_valid(xliff20(), tmp_path / "back.txt")


def test_convert_needs_a_known_format(tmp_path):
    path = make_store(tmp_path)
    result = CliRunner().invoke(main, ["convert", str(path), str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "cannot tell the format" in result.output


@pytest.mark.parametrize(("name", "content", "line", "message"), [
    ("bad.xlf", '<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n', 4,
     "not well-formed"),
    ("bad.tmx", '<?xml version="1.0"?>\n<tmx version="1.4"><header/>\n</tmx>\n', 2,
     "needs a <header> and a <body>"),
    ("bad.po", 'msgid ""\nmsgstr ""\n\nmsgid "a\nmsgstr "b"\n', 4, "end-of-line within string"),
    ("bad.xliff", '<?xml version="1.0"?>\n<doc/>\n', 2, "not an XLIFF"),
])
def test_malformed_input_names_file_and_line(tmp_path, name, content, line, message):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(InputError) as info:
        read_store(path)
    assert info.value.line == line and message in str(info.value)
    result = CliRunner().invoke(main, ["convert", str(path), str(tmp_path / "out.po")])
    assert result.exit_code == 2 and f"{path}:{line}:" in result.output
    assert "Traceback" not in result.output


def test_xxe_is_refused_and_reads_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", "utf-8")
    path = tmp_path / "xxe.xlf"
    path.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE xliff [ <!ENTITY xxe SYSTEM "{secret.as_uri()}"> ]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x"
 source-language="vi" datatype="plaintext"><body><trans-unit id="a"><source>&xxe;</source>
</trans-unit></body></file></xliff>""", "utf-8")
    result = CliRunner().invoke(main, ["convert", str(path), str(tmp_path / "out.po")])
    assert result.exit_code == 2
    assert "declares XML entities" in result.output and f"{path}:2:" in result.output
    assert "TOP-SECRET" not in result.output and not (tmp_path / "out.po").exists()


def test_entity_expansion_bomb_is_refused(tmp_path):
    levels = "".join(f'<!ENTITY l{i} "{"&l" + str(i - 1) + ";" * 1 if i else "lol"}'
                     f'{("&l" + str(i - 1) + ";") * 9 if i else ""}">' for i in range(10))
    path = tmp_path / "bomb.tmx"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE tmx [{levels}]>\n<tmx version="1.4">'
                    f'<header srclang="vi"/><body><tu><tuv xml:lang="vi"><seg>&l9;</seg></tuv>'
                    f'</tu></body></tmx>', "utf-8")
    with pytest.raises(InputError, match="declares XML entities"):
        read_store(path)


def test_writes_are_atomic(tmp_path, monkeypatch):
    path = make_store(tmp_path)
    before = path.read_bytes()
    fmt = get_format("po")

    def broken(store):
        raise KeyboardInterrupt

    monkeypatch.setattr(fmt, "dumps", broken)
    with pytest.raises(KeyboardInterrupt):
        fmt.write(Store([]), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_po_with_review_flags_passes_msgfmt(tmp_path, msgfmt):
    path = tmp_path / "s.po"
    get_format("po").write(every_state_store(), path)
    entries = {e.msgctxt: e for e in polib.pofile(str(path))}
    assert "reviewed" in entries["art:4.1"].flags and "final" in entries["art:5.1"].flags
    check = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stderr


def many_units_store(count: int) -> Store:
    units = [Unit(f"art:{n}.1", f"Câu số {n} có \"ngoặc\" và\\ dấu.", f"Sentence {n}.",
                  State.NEEDS_REVIEW if n % 3 else State.TRANSLATED, 0.5, "1-1", "art",
                  [f"corpus/art/vi.txt:{n}"], notes=["note"] if n % 7 == 0 else [])
             for n in range(count)]
    return Store(units, "vi", "en", "art", {"PO-Revision-Date": "2024-11-12 00:00+0000"})


def test_po_pieces_read_like_the_whole_file(tmp_path, monkeypatch):
    from l10nflow.formats import po
    monkeypatch.setattr(po, "_MIN_PIECE", 1000)
    path = tmp_path / "big.po"
    write_store(many_units_store(300), path)
    fmt = get_format("po")
    pieces = fmt.pieces(path, 5)
    assert len(pieces) == 5 and pieces[0].start == 0 and pieces[-1].end is None
    assert all(a.end == b.start for a, b in itertools.pairwise(pieces))
    parts = [fmt.read_piece(p) for p in pieces]
    whole = read_store(path)
    assert [u for part in parts for u in part.units] == whole.units    # lines included
    assert all(p.article == "art" and p.target_lang == "en" for p in parts)


def test_po_piece_reports_the_line_in_the_whole_file(tmp_path, monkeypatch):
    from l10nflow.formats import po
    monkeypatch.setattr(po, "_MIN_PIECE", 1000)
    path = tmp_path / "big.po"
    write_store(many_units_store(300), path)
    lines = path.read_text("utf-8").split("\n")
    bad = max(i for i, line in enumerate(lines) if line.startswith("msgstr"))
    lines[bad] = 'msgstr "unclosed'
    path.write_text("\n".join(lines), "utf-8")
    last = get_format("po").pieces(path, 4)[-1]
    with pytest.raises(InputError) as info:
        get_format("po").read_piece(last)
    assert info.value.line == bad + 1 and "of-file within string" in str(info.value)


def test_a_utf16_xliff_declaring_entities_is_refused_like_its_utf8_copy(tmp_path):
    xml = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM '
           '"file:///etc/passwd">]>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
           'version="1.2"><file original="a" source-language="vi" datatype="plaintext">'
           '<body><trans-unit id="1"><source>&x;</source></trans-unit></body></file>'
           '</xliff>\n')
    for encoding in ("utf-16", "utf-8"):
        path = tmp_path / f"{encoding}.xlf"
        path.write_bytes(xml.replace("UTF-16", encoding.upper()).encode(encoding))
        with pytest.raises(InputError) as info:
            read_store(path)
        assert "entities" in str(info.value)


@pytest.mark.parametrize("fmt", ["tmx", "tsv", "csv", "jsonl"])
def test_export_of_texts_with_line_breaks_writes_every_unit(tmp_path, fmt):
    units = [Unit(f"a:{n}.1", f"Dòng {n}\nhai", f"Line {n}\ntwo\r\n", State.TRANSLATED, 0.9,
                  "1-1", "a") for n in range(12)]
    units.append(Unit("a:12.1", "Dòng 0\nhai", "Line 0\ntwo\r\n", State.TRANSLATED, 0.9, "1-1",
                      "a"))                                  # a duplicate of the first
    store = tmp_path / "a.po"
    write_store(Store(units, "vi", "en", "a"), store)
    out = tmp_path / f"tm.{fmt}"
    # --qa none: the checks report the CR (invisible-characters); the point is the export
    report = export([store], out, fmt, ExportOptions(qa="none"))
    assert (report.written, report.duplicates) == (12, 1)
    if fmt == "tmx":
        tus = etree.parse(str(out)).getroot().findall("body/tu")
        assert len(tus) == 12
        assert tus[11].findall("tuv/seg")[1].text == "Line 11\ntwo\r\n"
    elif fmt == "jsonl":
        assert len(out.read_text("utf-8").splitlines()) == 12


def test_every_format_comes_from_the_module_the_registry_names():
    from l10nflow.formats import FORMAT_MODULES, FORMATS, base

    for name, module in FORMAT_MODULES.items():
        fmt = get_format(name)
        assert fmt.name == name
        assert type(fmt).__module__ == f"l10nflow.formats.{module}"
    # nothing registers a format the registry does not list
    assert set(base.FORMATS) == set(FORMAT_MODULES) == set(FORMATS)
    assert list(FORMATS) == list(FORMAT_MODULES)
