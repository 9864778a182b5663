"""The failures the faithful-stores issue listed, each reproduced as it was reported."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10nflow.cli import main
from l10nflow.formats import read_store, write_store
from l10nflow.model import State

HEADER = ('msgid ""\nmsgstr ""\n"Language: vi\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X20 = "urn:oasis:names:tc:xliff:document:2.0"


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*map(str, args)])
    return result.exit_code, result.output


def msgfmt_ok(path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        check = subprocess.run([msgfmt, "-o", "/dev/null", str(path)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stderr


def test_convert_po_to_po_invents_no_msgctxt_even_where_one_equals_the_msgid(tmp_path):
    source = tmp_path / "in.po"
    source.write_text(HEADER + 'msgid "Open"\nmsgstr "Mở"\n\n'
                      'msgctxt "Open"\nmsgid "Open"\nmsgstr "Mở ra"\n', "utf-8")
    out = tmp_path / "out.po"
    assert run("convert", source, out)[0] == 0
    assert out.read_bytes() == source.read_bytes()
    msgfmt_ok(out)
    back = tmp_path / "back.po"
    assert run("convert", source, tmp_path / "mid.xlf")[0] == 0
    assert run("convert", tmp_path / "mid.xlf", back)[0] == 0
    msgfmt_ok(back)                                   # no duplicate definitions
    units = read_store(back).units
    assert [(u.context, u.source, u.target) for u in units] == [
        (None, "Open", "Mở"), ("Open", "Open", "Mở ra")]


def test_classic_mac_line_ends_are_read(tmp_path):
    path = tmp_path / "cr.po"
    path.write_bytes((HEADER + 'msgid "a"\nmsgstr "b"\n').replace("\n", "\r").encode())
    units = read_store(path).units
    assert [(u.source, u.target) for u in units] == [("a", "b")]
    out = tmp_path / "out.po"
    assert run("convert", path, out)[0] == 0
    assert out.read_bytes() == path.read_bytes()       # line ends kept


def test_keyword_and_strings_on_one_line_and_tab_after_keyword(tmp_path):
    path = tmp_path / "odd.po"
    path.write_text(HEADER + 'msgid\t"Hello, " "world"\nmsgstr "Xin chào, " "thế giới"\n',
                    "utf-8")
    msgfmt_ok(path)
    unit = read_store(path).units[0]
    assert (unit.source, unit.target) == ("Hello, world", "Xin chào, thế giới")


def test_check_reads_a_vi_po_with_plurals_and_obsolete_previous_fields(tmp_path):
    path = tmp_path / "vi.po"
    path.write_text(HEADER + '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\n'
                    'msgstr[0] "%d tập tin"\n\n#~| msgid "Old"\n#~ msgid "Older"\n'
                    '#~ msgstr "Cũ hơn"\n', "utf-8")
    code, output = run("check", path, "--format", "json", "--fail-on", "never")
    assert code == 0, output
    assert "Traceback" not in output


XLIFF12_STATES = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="{X12}" version="1.2">
  <file original="a" source-language="en" target-language="vi" datatype="plaintext">
    <body>
      <trans-unit id="1"><source>Open</source>
        <target state="needs-translation">Open</target></trans-unit>
      <trans-unit id="2" translate="no"><source>Kiev</source><target>Kiev</target></trans-unit>
      <trans-unit id="3"><source>Close</source>
        <target state="needs-l10n">Đóng</target></trans-unit>
    </body>
  </file>
</xliff>
"""


def test_needs_translation_is_not_translated_and_native_states_come_back(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF12_STATES, "utf-8")
    units = {u.key: u for u in read_store(path).units}
    assert units["1"].state is State.NEEDS_REVIEW          # a copy that needs translating
    po = tmp_path / "a.po"
    assert run("convert", path, po)[0] == 0
    assert "#, fuzzy" in po.read_text("utf-8")
    back = tmp_path / "back.xlf"
    assert run("convert", po, back)[0] == 0
    text = back.read_text("utf-8")
    assert 'state="needs-translation"' in text and 'state="needs-l10n"' in text
    assert 'translate="no"' in text


def test_translate_no_is_honoured_by_check_and_export(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF12_STATES, "utf-8")
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target,status\nKiev,Kiev,deprecated\nKyiv,Kyiv,preferred\n",
                        "utf-8")
    code, output = run("check", path, "--format", "json", "--fail-on", "never")
    assert code == 0, output
    findings = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert not [f for f in findings if f.get("key") == "2" or f.get("unit") == "2"]
    out = tmp_path / "tm.tsv"
    # --qa none: untranslated-vietnamese reports 'Đóng' in this en->vi file (issue 12's
    # languages per check will stop it), and this test is about translate="no"
    code, output = run("export", "tsv", path, "-o", out, "--include-fuzzy", "--qa", "none")
    assert code == 0, output
    assert "Kiev" not in out.read_text("utf-8") and "Đóng" in out.read_text("utf-8")


XLIFF20_SEGMENTS = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="{X20}" version="2.0" srcLang="vi" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment id="s1" state="final"><source>Câu một.</source><target>One.</target></segment>
      <ignorable><source> </source><target> </target></ignorable>
      <segment id="s2"><source>Câu hai.</source></segment>
    </unit>
  </file>
</xliff>
"""


def test_a_partly_translated_unit_stays_partly_translated(tmp_path):
    path = tmp_path / "a.xliff"
    path.write_text(XLIFF20_SEGMENTS, "utf-8")
    units = read_store(path).units
    assert [(u.source, u.target, u.state) for u in units] == [
        ("Câu một.", "One.", State.FINAL), ("Câu hai.", "", State.NEW)]
    out = tmp_path / "out.xliff"
    write_store(read_store(path), out)
    again = read_store(out).units
    assert [(u.key, u.state) for u in again] == [(u.key, u.state) for u in units]
    assert out.read_text("utf-8").count("<unit ") == 1      # still one unit, two segments


def test_a_control_character_survives_xliff(tmp_path):
    path = tmp_path / "ff.po"
    path.write_text(HEADER + 'msgid "Page\\fbreak"\nmsgstr "Trang\\fngắt"\n', "utf-8")
    for suffix in (".xlf", ".xliff"):
        mid, back = tmp_path / f"mid{suffix}", tmp_path / f"back{suffix}.po"
        code, output = run("convert", path, mid)
        assert code == 0 and "Traceback" not in output, output
        assert run("convert", mid, back)[0] == 0
        assert read_store(back).units[0].target == "Trang\fngắt"


@pytest.mark.parametrize("suffix", [".xlf", ".xliff"])
def test_multi_file_xliff_keeps_its_files_and_validates(tmp_path, suffix):
    from schemas import assert_valid, xliff12, xliff20
    source = Path(__file__).parent / "data" / "foreign" / "xcode-multi-file-vi.xliff"
    out = tmp_path / f"out{suffix}"
    assert run("convert", source, out)[0] == 0
    assert_valid(xliff12() if suffix == ".xlf" else xliff20(), out)
    files = {u.file for u in read_store(out).units}
    assert len(files) == len({u.file for u in read_store(source).units}) > 1


OKAPI_LIKE = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="{X20}" xmlns:my="urn:example:my" version="2.0" srcLang="en" trgLang="fr"
       my:ext="1">
  <file id="f1" original="myfile" translate="no">
    <unit id="tu1" translate="yes">
      <segment state="translated" subState="my:state">
        <source xml:space="preserve">Hello  world</source><target>Bonjour</target>
      </segment>
    </unit>
    <unit id="tu2"><segment><source>Code</source></segment></unit>
  </file>
</xliff>
"""


@pytest.mark.parametrize("via", [None, ".po", ".xlf"])
def test_xliff2_details_survive_conversion(tmp_path, via):
    from lxml import etree

    from schemas import assert_valid, xliff20
    source = tmp_path / "in.xliff"
    source.write_text(OKAPI_LIKE, "utf-8")
    current = source
    if via:
        current = tmp_path / f"mid{via}"
        assert run("convert", source, current)[0] == 0
    out = tmp_path / "out.xliff"
    assert run("convert", current, out)[0] == 0
    assert_valid(xliff20(), out)
    units = {u.key: u for u in read_store(out).units}
    assert units["tu1"].translatable and not units["tu2"].translatable
    root = etree.parse(str(out)).getroot()
    ns = {"x": X20}
    assert root.find("x:file", ns).get("original") == "myfile"
    segment = root.find(".//x:unit[@id='tu1']/x:segment", ns)
    assert segment.get("subState") == "my:state"
    space = "{http://www.w3.org/XML/1998/namespace}space"
    assert segment.find("x:source", ns).get(space) == "preserve"
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "fr")
    if via != ".xlf":                   # XLIFF 1.2's strict schema has no room for it
        assert root.get("{urn:example:my}ext") == "1"


def test_xliff12_target_without_state_gets_none_added(tmp_path):
    source = tmp_path / "in.xlf"
    source.write_text(XLIFF12_STATES.replace('<trans-unit id="3">', '<trans-unit id="4"><source>'
                                             'Save</source><target>Lưu</target></trans-unit>'
                                             '<trans-unit id="3">'), "utf-8")
    for via in (None, ".po"):
        current = source
        if via:
            current = tmp_path / f"mid{via}"
            assert run("convert", source, current)[0] == 0
        out = tmp_path / f"out{via or ''}.xlf"
        assert run("convert", current, out)[0] == 0
        unit = out.read_text("utf-8").split('id="4"')[1].split("</trans-unit>")[0]
        assert "Lưu</target>" in unit and "state=" not in unit


@pytest.mark.parametrize("suffix", [".xlf", ".xliff"])
def test_crlf_po_keeps_its_line_ends_through_xliff(tmp_path, suffix):
    source = Path(__file__).parent / "data" / "po-valid" / "crlf-windows.po"
    mid, back = tmp_path / f"mid{suffix}", tmp_path / "back.po"
    assert run("convert", source, mid)[0] == 0
    assert run("convert", mid, back)[0] == 0
    data = back.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == source.read_bytes().count(b"\r\n")


def test_xliff2_group_notes_are_kept(tmp_path):
    from schemas import assert_valid, xliff20
    source = tmp_path / "in.xliff"
    source.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="{X20}" version="2.0" srcLang="en" trgLang="vi">
  <file id="f1">
    <group id="g1" name="menu">
      <notes><note id="n1">Keep these short.</note></notes>
      <unit id="u1"><segment><source>Open</source><target>Mở</target></segment></unit>
    </group>
  </file>
</xliff>
""", "utf-8")
    for via in (None, ".po"):
        current = source
        if via:
            current = tmp_path / f"mid{via}"
            assert run("convert", source, current)[0] == 0
        out = tmp_path / f"out{via or ''}.xliff"
        assert run("convert", current, out)[0] == 0
        assert_valid(xliff20(), out)
        text = out.read_text("utf-8")
        assert "Keep these short." in text and 'name="menu"' in text
