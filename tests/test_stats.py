"""`l10nflow stats`: units and words by state, bead types, low-confidence pairs and findings,
per file and in total; the counts agree with msgfmt --statistics, with polib and with
`l10nflow check`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10nflow.cli import main
from l10nflow.formats import Store, get_format, write_store
from l10nflow.model import State, Unit, fingerprint
from l10nflow.stats import collect_stats, words

# A catalogue in the shape gettext's tools leave it (msginit header, msgmerge's fuzzy
# entries with previous msgids, plurals, c-format flags, obsolete entries); the test
# has msgcat write it again, so what is counted is a file gettext itself wrote.
GETTEXT_PO = r"""# Vietnamese translations for demo package.
# Copyright (C) 2024 Free Software Foundation, Inc.
#
msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\n"
"Report-Msgid-Bugs-To: bugs@example.org\n"
"POT-Creation-Date: 2024-04-19 17:50+0700\n"
"PO-Revision-Date: 2024-04-20 09:39+0700\n"
"Last-Translator: Trần Ngọc Quân <vnwildman@gmail.com>\n"
"Language-Team: Vietnamese <translation-team-vi@lists.sourceforge.net>\n"
"Language: vi\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: src/main.c:41
#, c-format
msgid "could not open '%s' for reading"
msgstr "không thể mở '%s' để đọc"

#: src/main.c:52
msgid ""
"This is a long message that gettext wraps over several lines because it is "
"longer than the page is wide."
msgstr ""
"Đây là một thông điệp dài mà gettext ngắt thành nhiều dòng vì nó dài hơn "
"chiều rộng của trang."

#: src/main.c:60
#, fuzzy, c-format
#| msgid "removed %s"
msgid "removed file %s"
msgstr "đã xóa %s"

#: src/main.c:71
#, c-format
msgid "%d file changed"
msgid_plural "%d files changed"
msgstr[0] "%d tập tin đã thay đổi"

#: src/main.c:80
msgid "untranslated message here"
msgstr ""

#: src/main.c:81
#, fuzzy
msgid "fuzzy but empty"
msgstr ""

#: src/main.c:90
msgid "Usage: demo [OPTION]... FILE"
msgstr "Cách dùng: demo [TÙY_CHỌN]… TẬP_TIN"

#~ msgid "an old message"
#~ msgstr "một thông điệp cũ"
"""

STATISTICS = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


@pytest.fixture
def gettext_po(tmp_path, msgfmt) -> Path:
    """The catalogue as msgcat writes it."""
    source = tmp_path / "in.po"
    source.write_text(GETTEXT_PO, "utf-8")
    path = tmp_path / "vi.po"
    subprocess.run([shutil.which("msgcat") or "msgcat", str(source), "-o", str(path)],
                   check=True)
    source.unlink()
    return path


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def stats_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(main, ["stats", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_counts_agree_with_msgfmt_statistics(runner, gettext_po, msgfmt):
    run = subprocess.run([msgfmt, "--statistics", "-o", "/dev/null", str(gettext_po)],
                         capture_output=True, text=True, check=True)
    theirs = {kind: int(n) for n, kind in STATISTICS.findall(run.stderr)}
    assert theirs == {"translated": 4, "fuzzy": 1, "untranslated": 2}   # as written above
    states = stats_json(runner, str(gettext_po), "--no-checks")["files"][0]["states"]
    ours = {name: value["units"] for name, value in states.items()}
    assert ours["translated"] + ours["reviewed"] == theirs["translated"]
    assert ours["fuzzy"] == theirs["fuzzy"]
    assert ours["untranslated"] == theirs["untranslated"]


def _polib_state(entry: polib.POEntry) -> str:
    """msgfmt's rule, from polib's fields: an empty first form is untranslated."""
    first = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
    if not first:
        return "untranslated"
    return "fuzzy" if entry.fuzzy else "translated"


def test_units_and_words_agree_with_polib(runner, gettext_po):
    expected = {s: {"units": 0, "source_words": 0, "target_words": 0}
                for s in ("translated", "reviewed", "fuzzy", "untranslated")}
    catalogue = polib.pofile(str(gettext_po))
    for entry in catalogue:
        if entry.obsolete:
            continue
        tally = expected[_polib_state(entry)]
        tally["units"] += 1
        tally["source_words"] += len(entry.msgid.split()) + len(entry.msgid_plural.split())
        targets = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        tally["target_words"] += sum(len(t.split()) for t in targets)
    data = stats_json(runner, str(gettext_po), "--no-checks")
    assert data["files"][0]["states"] == expected
    assert expected["translated"] == {"units": 4, "source_words": 36, "target_words": 37}
    assert data["files"][0]["obsolete"] == len(catalogue.obsolete_entries()) == 1
    assert data["files"][0]["total"]["units"] == 7
    assert data["total"]["states"] == expected and data["total"]["files"] == 1


def unit(key, source, target, state=State.TRANSLATED, confidence=0.9, bead="1-1"):
    return Unit(key, source, target, state, confidence, bead, "a",
                fingerprint=fingerprint(target, state))


@pytest.fixture
def aligned(tmp_path) -> Path:
    """A store as align writes it, with every state, bead type and a target-only line."""
    path = tmp_path / "locales" / "en" / "a.po"
    units = [
        unit("a:1.1", "Hôm nay trời đẹp.", "The weather is fine today."),
        unit("a:2.1", "Giá 1 triệu đồng.", "It costs 1 billion VND."),          # error
        unit("a:3.1", "Số người tăng. Ai cũng vui.", "The the number rose.", bead="2-1",
             confidence=0.55, state=State.NEEDS_REVIEW),                       # warning
        unit("a:4.1", "Ông Nam phát biểu.", "Mr Nam spoke.", state=State.REVIEWED,
             confidence=0.62),
        unit("a:5.1", "Câu không có bản dịch.", "", state=State.NEW, bead="1-0",
             confidence=0.3),
        unit("a:en6.1", "", "RELATED NEWS", bead="0-1", confidence=0.8),
        unit("a:7.1", "Kết thúc.", "The end.", state=State.FINAL),
    ]
    write_store(Store(units, "vi", "en", "a"), path)
    return path


def test_an_aligned_store(runner, aligned):
    data = stats_json(runner, str(aligned))["files"][0]
    assert data["states"] == {
        "translated": {"units": 2, "source_words": 4 + 4, "target_words": 5 + 5},
        "reviewed": {"units": 2, "source_words": 4 + 2, "target_words": 3 + 2},
        "fuzzy": {"units": 1, "source_words": 6, "target_words": 4},
        "untranslated": {"units": 1, "source_words": 5, "target_words": 0},
    }
    assert data["beads"] == {"1-1": 4, "2-1": 1, "1-0": 1, "0-1": 1}
    # below 0.7 with text on both sides: the 2-1 (0.55) and the reviewed pair (0.62);
    # not the 1-0 pair, which has no target
    assert data["low_confidence"] == 2
    assert stats_json(runner, str(aligned), "--threshold", "0.6")["files"][0][
        "low_confidence"] == 1


def test_findings_agree_with_check(runner, aligned):
    result = runner.invoke(main, ["check", str(aligned), "--format", "json",
                                  "--fail-on", "never"])
    severities = [f["severity"] for f in json.loads(result.stdout)]
    expected = {s: severities.count(s) for s in ("error", "warning", "info")}
    assert expected["error"] >= 1 and expected["warning"] >= 1
    data = stats_json(runner, str(aligned))
    assert data["files"][0]["findings"] == expected == data["total"]["findings"]
    assert stats_json(runner, str(aligned), "--no-checks")["files"][0]["findings"] is None


def test_text_report(runner, aligned, tmp_path):
    second = tmp_path / "locales" / "en" / "b.po"
    write_store(Store([unit("b:1.1", "Một hai ba.", "One two three.")], "vi", "en", "b"),
                second)
    result = runner.invoke(main, ["stats"])              # default: locales/
    assert result.exit_code == 0, result.output
    blocks = result.stdout.split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == ["locales/en/a.po", "locales/en/b.po",
                                                   "total (2 files)"]
    total = blocks[2].splitlines()
    assert re.fullmatch(r"\s+translated\s+3 \( 43%\)\s+11\s+13", total[2])
    assert re.fullmatch(r"\s+total\s+7\s+28\s+22", total[6])
    assert "bead types: 1-1 5, 2-1 1, 1-0 1, 0-1 1" in blocks[2]
    assert "low-confidence pairs: 2 (confidence < 0.70)" in blocks[2]
    assert re.search(r"findings: \d+ errors?, \d+ warnings?, \d+ info", blocks[2])


def test_xliff_and_tmx_count_the_same(runner, gettext_po, tmp_path):
    po = stats_json(runner, str(gettext_po), "--no-checks")["files"][0]
    for fmt, name in (("xliff", "vi.xlf"), ("xliff2", "vi.xliff")):
        assert runner.invoke(main, ["convert", str(gettext_po), name]).exit_code == 0
        other = stats_json(runner, name, "--no-checks")["files"][0]
        assert other["states"] == po["states"], fmt
    # l10nflow's TMX carries each unit's state in a prop
    assert runner.invoke(main, ["convert", str(gettext_po), "vi.tmx"]).exit_code == 0
    assert stats_json(runner, "vi.tmx", "--no-checks")["files"][0]["states"] == po["states"]


def test_a_bad_file_is_an_error_with_its_line(runner, aligned, tmp_path):
    bad = tmp_path / "locales" / "en" / "bad.po"
    bad.write_text('msgid "x"\nmsgstr "y\n', "utf-8")
    result = runner.invoke(main, ["stats", "locales"])
    assert result.exit_code == 2
    assert "error: locales/en/bad.po:2: end-of-file within string" in result.output
    assert "Traceback" not in result.output and "locales/en/a.po" not in result.stdout
    result = runner.invoke(main, ["stats", "locales", "--keep-going", "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [f["file"] for f in data["files"]] == ["locales/en/a.po"]
    assert data["errors"] == [{"file": "locales/en/bad.po", "line": 2,
                               "message": "end-of-file within string"}]
    assert "1 file left out; the others were counted" in result.output
    assert runner.invoke(main, ["stats", "missing"]).exit_code == 2


def test_parallel_gives_the_same_figures(tmp_path, aligned):
    for number in range(5):
        path = tmp_path / "locales" / "en" / f"x{number}.po"
        shutil.copy(aligned, path)
    one = collect_stats([tmp_path / "locales"], jobs=1)
    two = collect_stats([tmp_path / "locales"], jobs=2)
    assert one.as_dict() == two.as_dict()
    assert one.total.total.units == 6 * 6 and one.total.files == 6


@pytest.mark.parametrize(("text", "count"), [("", 0), ("  a  b\tc\n", 3),
                                             ("⟦g1⟧bold⟦/g1⟧ and ⟦x2⟧", 2),
                                             ("Hà Nội, 12/11", 3)])
def test_words(text, count):
    assert words(text) == count


def test_help_says_what_it_counts(runner):
    result = runner.invoke(main, ["stats", "--help"])
    assert "translated + reviewed" in result.output and "--no-checks" in result.output


def test_xliff_state_vocabulary(tmp_path):
    path = tmp_path / "a.xlf"
    get_format("xliff").write(Store([
        unit("a:1.1", "Một.", "One.", state=State.FINAL),
        unit("a:2.1", "Hai.", "Two.", state=State.NEEDS_REVIEW),
        unit("a:3.1", "Ba.", "", state=State.NEW),
    ], "vi", "en", "a"), path)
    states = collect_stats([path], checks=False).files[0].states
    assert {k: v.units for k, v in states.items()} == {"translated": 0, "reviewed": 1,
                                                       "fuzzy": 1, "untranslated": 1}


def test_stats_count_moved_pairs_and_furniture(tmp_path):
    def unit(key, source, target, kind, bead="1-1"):
        return Unit(key, source, target, State.TRANSLATED, 0.9, bead, "a", kind=kind,
                    fingerprint=fingerprint(target, State.TRANSLATED))

    path = tmp_path / "a.po"
    write_store(Store([unit("a:1.1", "Một.", "One.", None),
                       unit("a:2.1", "Hai.", "Two.", "moved"),
                       unit("a:en1.1", "", "By Đức Trung", "byline", "0-1"),
                       unit("a:3.1", "Anh Vũ", "Anh Vũ", "byline")], "vi", "en", "a"), path)
    data = stats_json(CliRunner(), str(path), "--no-checks")["files"][0]
    assert data["kinds"] == {"byline": 2, "moved": 1}
    text = CliRunner().invoke(main, ["stats", str(path), "--no-checks"]).output
    assert "moved pairs: 1; furniture: byline 2" in text
