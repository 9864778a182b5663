"""`export --qa`: units the checks report are kept out of translation memories, and said so;
and exports label each side with the language the stores say it is in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import schemas
from l10nflow.cli import main
from l10nflow.export import ExportOptions, export
from l10nflow.formats import Store, get_format, write_store
from l10nflow.model import State, Unit, fingerprint

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

CLEAN = [
    ("Triều Tiên đã phóng 7 tên lửa.", "North Korea fired 7 missiles."),
    ("Nhật Bản và Hàn Quốc đã lên án vụ phóng.", "Japan and South Korea condemned the launch."),
    ("Giá dầu tăng lên 85 USD mỗi thùng.", "Oil prices rose to 85 USD a barrel."),
    ("Phái đoàn đã tới Kyiv hôm thứ Hai.", "The delegation arrived in Kyiv on Monday."),
]
# (source, target, the check that reports it at error level)
PLANTED = [
    ("Anh Vũ nói rằng mọi việc đều ổn.", "Anh VÅ© said everything was fine.", "mojibake"),
    ("Washington và Kyiv đã ký thỏa thuận.", "Washington and Kiev signed the agreement.",
     "term-deprecated"),
    ("Mỗi hộ phải nộp 1 triệu đồng.", "Each household must pay 1 billion VND.",
     "number-mismatch"),
]
WARNING = ("Số người tăng.", "The the number rose.", "repeated-word")


def unit(key: str, source: str, target: str, notes: tuple[str, ...] = ()) -> Unit:
    return Unit(key, source, target, State.TRANSLATED, 0.9, "1-1", "a", notes=list(notes),
                fingerprint=fingerprint(target, State.TRANSLATED))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    pairs = [(s, t) for s, t in CLEAN] + [(s, t) for s, t, _ in PLANTED] + [WARNING[:2]]
    path = tmp_path / "locales" / "en" / "a.po"
    write_store(Store([unit(f"a:{n}.1", s, t) for n, (s, t) in enumerate(pairs, 1)],
                      "vi", "en", "a"), path)
    return path


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)          # no project configuration from above
    return CliRunner()


def pairs_in(tmx: Path) -> list[tuple[str, str]]:
    root = etree.parse(str(tmx)).getroot()
    return [tuple(tuv.findtext("seg") for tuv in tu.findall("tuv")) for tu in root.iter("tu")]


def test_default_gate_leaves_out_the_planted_errors(store, tmp_path):
    out = tmp_path / "tm.tmx"
    report = export([store], out, "tmx")
    schemas.assert_valid(schemas.tmx14(), out)
    written = pairs_in(out)
    assert written == [*CLEAN, WARNING[:2]]           # clean and warning-level units kept
    assert report.qa_left_out == 3
    assert report.qa_by_check == {check: 1 for _, _, check in PLANTED}
    assert report.written == 5 and report.filtered == 0 and report.duplicates == 0


def test_qa_none_keeps_everything(store, tmp_path):
    out = tmp_path / "tm.tmx"
    report = export([store], out, "tmx", ExportOptions(qa="none"))
    schemas.assert_valid(schemas.tmx14(), out)
    assert len(pairs_in(out)) == 8
    assert {(s, t) for s, t, _ in PLANTED} <= set(pairs_in(out))
    assert report.qa_left_out == 0 and not report.qa_by_check


def test_qa_warning_also_leaves_out_warnings(store, tmp_path):
    out = tmp_path / "tm.tmx"
    report = export([store], out, "tmx", ExportOptions(qa="warning"))
    assert pairs_in(out) == CLEAN
    assert report.qa_by_check == {"mojibake": 1, "term-deprecated": 1, "number-mismatch": 1,
                                  "repeated-word": 1}


@pytest.mark.parametrize("gate", [[], ["--qa", "error"]])
def test_cli_prints_how_many_and_why(runner, store, tmp_path, gate):
    result = runner.invoke(main, ["export", "tmx", str(store), "-o", "tm.tmx", *gate])
    assert result.exit_code == 0, result.output
    assert "wrote 5 (left out 0 by the filters, 3 by the QA gate, merged 0 duplicates)" \
        in result.output
    line = next(x for x in result.output.splitlines() if x.startswith("QA gate"))
    assert pairs_in(tmp_path / "tm.tmx") == [*CLEAN, WARNING[:2]]
    assert "left out 3 units with findings at or above error" in line
    assert re.findall(r"([\w-]+) (\d+)(?=,| \()", line.split(": ", 1)[1]) == [
        ("mojibake", "1"), ("number-mismatch", "1"), ("term-deprecated", "1")]
    schemas.assert_valid(schemas.tmx14(), tmp_path / "tm.tmx")
    result = runner.invoke(main, ["export", "tmx", str(store), "-o", "all.tmx",
                                  "--qa", "none"])
    assert result.exit_code == 0 and "QA gate" not in result.output
    assert "wrote 8 (left out 0 by the filters, merged 0 duplicates)" in result.output
    assert len(pairs_in(tmp_path / "all.tmx")) == 8


def test_the_gate_counts_units_not_findings_and_only_those_the_filters_kept(tmp_path):
    both = ("Anh Vũ nộp 1 triệu đồng.", "Anh VÅ© paid 1 billion VND.")   # two errors
    units = [unit("a:1.1", *both), unit("a:2.1", *CLEAN[0]),
             unit("a:3.1", *PLANTED[0][:2])]
    units[2].state = State.NEEDS_REVIEW         # left out by the filters already
    path = tmp_path / "a.po"
    write_store(Store(units, "vi", "en", "a"), path)
    report = export([path], tmp_path / "tm.tsv", "tsv")
    assert (report.filtered, report.qa_left_out, report.written) == (1, 1, 1)
    assert report.qa_by_check == {"mojibake": 1, "number-mismatch": 1}


def test_a_unit_excused_in_the_file_is_exported(tmp_path):
    path = tmp_path / "a.po"
    write_store(Store([unit("a:1.1", *PLANTED[1][:2], notes=("l10nflow-ignore: "
                                                            "term-deprecated",)),
                       unit("a:2.1", *PLANTED[2][:2])], "vi", "en", "a"), path)
    report = export([path], tmp_path / "tm.tmx", "tmx")
    assert pairs_in(tmp_path / "tm.tmx") == [PLANTED[1][:2]]
    assert report.qa_by_check == {"number-mismatch": 1}


def test_the_gate_follows_the_configured_severity(runner, store, tmp_path):
    (tmp_path / "l10nflow.toml").write_text('[severity]\nmojibake = "warning"\n'
                                            'repeated-word = "error"\n', "utf-8")
    result = runner.invoke(main, ["export", "jsonl", str(store), "-o", "tm.jsonl"])
    assert result.exit_code == 0, result.output
    kept = [json.loads(line)["target"] for line in
            (tmp_path / "tm.jsonl").read_text("utf-8").splitlines()]
    assert PLANTED[0][1] in kept and WARNING[1] not in kept
    assert "repeated-word 1" in result.output and "mojibake" not in result.output


def test_same_output_in_parallel(tmp_path):
    folder = tmp_path / "locales"
    for number in range(6):
        units = [unit(f"f{number}:{k}.1", s, t) for k, (s, t) in
                 enumerate([*CLEAN, *(p[:2] for p in PLANTED)], 1)]
        write_store(Store(units, "vi", "en", f"f{number}"), folder / f"f{number}.po")
    one = export([folder], tmp_path / "one.tmx", "tmx", jobs=1)
    two = export([folder], tmp_path / "two.tmx", "tmx", jobs=2)
    assert (tmp_path / "one.tmx").read_bytes() == (tmp_path / "two.tmx").read_bytes()
    assert one.qa_left_out == two.qa_left_out == 3 * 6
    assert two.qa_by_check == {check: 6 for _, _, check in PLANTED}


# --- languages come from the stores ------------------------------------------------------

GIT_VI_PO = """\
# Vietnamese translations for Git package.
msgid ""
msgstr ""
"Project-Id-Version: git v2.45.0\\n"
"Report-Msgid-Bugs-To: Git Mailing List <git@vger.kernel.org>\\n"
"PO-Revision-Date: 2024-04-20 09:39+0700\\n"
"Language-Team: Vietnamese\\n"
"Language: vi\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#: builtin/add.c:51
msgid "could not read index"
msgstr "không thể đọc bảng mục lục"

#: builtin/add.c:60
#, c-format
msgid "unexpected diff status %c"
msgstr "trạng thái lệnh diff không như mong đợi %c"
"""


def tmx_languages(path: Path) -> tuple[str, set[tuple[str, ...]]]:
    root = etree.parse(str(path)).getroot()
    return (root.find("header").get("srclang"),
            {tuple(tuv.get(XML_LANG) for tuv in tu.findall("tuv")) for tu in root.iter("tu")})


def test_a_gettext_po_is_english_to_its_language(runner, tmp_path):
    (tmp_path / "vi.po").write_text(GIT_VI_PO, "utf-8")
    result = runner.invoke(main, ["export", "tmx", "vi.po", "-o", "git.tmx", "--qa", "none"])
    assert result.exit_code == 0, result.output
    assert tmx_languages(tmp_path / "git.tmx") == ("en-US", {("en-US", "vi-VN")})
    tus = pairs_in(tmp_path / "git.tmx")
    assert tus[0] == ("could not read index", "không thể đọc bảng mục lục")
    schemas.assert_valid(schemas.tmx14(), tmp_path / "git.tmx")
    # jsonl and moses name the languages too
    assert runner.invoke(main, ["export", "jsonl", "vi.po", "-o", "git.jsonl", "--qa",
                                "none"]).exit_code == 0
    record = json.loads((tmp_path / "git.jsonl").read_text("utf-8").splitlines()[0])
    assert (record["source_lang"], record["target_lang"]) == ("en", "vi")
    assert runner.invoke(main, ["export", "moses", "vi.po", "-o", "git", "--qa",
                                "none"]).exit_code == 0
    assert (tmp_path / "git.vi").read_text("utf-8").startswith("không thể")
    assert (tmp_path / "git.en").read_text("utf-8").startswith("could not")


def test_a_gettext_po_with_a_source_language_header(runner, tmp_path):
    text = GIT_VI_PO.replace('"Language: vi\\n"', '"Language: vi\\n"\n'
                                                   '"X-Source-Language: fr\\n"')
    (tmp_path / "vi.po").write_text(text, "utf-8")
    assert runner.invoke(main, ["export", "tmx", "vi.po", "-o", "o.tmx",
                                "--qa", "none"]).exit_code == 0
    assert tmx_languages(tmp_path / "o.tmx") == ("fr-FR", {("fr-FR", "vi-VN")})


def test_l10nflow_stores_say_their_source(store, tmp_path):
    export([store], tmp_path / "o.tmx", "tmx", ExportOptions(qa="none"))
    assert tmx_languages(tmp_path / "o.tmx") == ("vi-VN", {("vi-VN", "en-US")})
    export([store], tmp_path / "s.tmx", "tmx", ExportOptions(qa="none", swap=True))
    assert tmx_languages(tmp_path / "s.tmx") == ("en-US", {("en-US", "vi-VN")})


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_xliff_languages(fmt, tmp_path):
    path = tmp_path / ("a.xlf" if fmt == "xliff" else "a.xliff")
    get_format(fmt).write(Store([unit("a:1.1", "Hello world.", "Hola mundo.")], "en", "es",
                                "a"), path)
    text = path.read_text("utf-8")
    assert ('source-language="en' in text) if fmt == "xliff" else ('srcLang="en' in text)
    export([path], tmp_path / "o.tmx", "tmx", ExportOptions(qa="none"))
    assert tmx_languages(tmp_path / "o.tmx") == ("en-US", {("en-US", "es-ES")})


def test_tmx_srclang_is_the_source(tmp_path):
    tmx = tmp_path / "in.tmx"
    get_format("tmx").write(Store([unit("a:1.1", "Hello world.", "Xin chào thế giới.")],
                                  "en", "vi", "a"), tmx)
    assert 'srclang="en-US"' in tmx.read_text("utf-8")
    export([tmx], tmp_path / "o.tmx", "tmx", ExportOptions(qa="none"))
    assert tmx_languages(tmp_path / "o.tmx") == ("en-US", {("en-US", "vi-VN")})


def test_languages_given_on_the_command_line_win(runner, tmp_path):
    (tmp_path / "vi.po").write_text(GIT_VI_PO, "utf-8")
    result = runner.invoke(main, ["export", "tmx", "vi.po", "-o", "o.tmx", "--qa", "none",
                                  "--source-lang", "en-GB", "--target-lang", "vi"])
    assert result.exit_code == 0, result.output
    assert tmx_languages(tmp_path / "o.tmx") == ("en-GB", {("en-GB", "vi-VN")})


def test_stores_of_different_language_pairs_are_refused(runner, store, tmp_path):
    (tmp_path / "locales" / "vi.po").write_text(GIT_VI_PO, "utf-8")
    result = runner.invoke(main, ["export", "tmx", "locales", "-o", "o.tmx", "--qa", "none"])
    assert result.exit_code == 2
    assert "error: locales/vi.po: its source language is en, but locales/en/a.po" \
        in result.output
    assert "--source-lang/--target-lang" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o.tmx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".l10nflow")] == []
    # both sides given: the user says what every file holds
    result = runner.invoke(main, ["export", "tmx", "locales", "-o", "o.tmx", "--qa", "none",
                                  "--source-lang", "vi", "--target-lang", "en"])
    assert result.exit_code == 0, result.output


def test_units_sharing_a_key_are_told_apart_and_swap_is_gated_too(tmp_path):
    path = tmp_path / "vi.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: vi\\n"\n'
                    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgctxt "Giá"\nmsgid "Giá 1 triệu đồng."\nmsgstr "It costs 1 billion VND."\n\n'
                    'msgid "Giá"\nmsgstr "Price"\n', "utf-8")
    for swap in (False, True):
        report = export([path], tmp_path / "tm.tsv", "tsv", ExportOptions(swap=swap))
        rows = (tmp_path / "tm.tsv").read_text("utf-8").splitlines()[1:]
        assert [r.split("\t")[:2] for r in rows] == [["Price", "Giá"] if swap else
                                                     ["Giá", "Price"]]
        assert report.qa_by_check == {"number-mismatch": 1}
