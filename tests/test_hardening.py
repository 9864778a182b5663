"""Hostile and odd input gets a clear error (exit 2, the file named) or is handled, never a
traceback; each case reproduces a report of the hardening issue."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from l10nflow.cli import main

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def run(*args, cwd=None) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output + ("" if result.exception is None or isinstance(
        result.exception, SystemExit) else f"\nTraceback: {result.exception!r}")


def test_a_400_digit_number_is_no_traceback(tmp_path):
    path = tmp_path / "big.po"
    path.write_text(HEADER + f'msgid "Giá {"9" * 400} đồng"\nmsgstr "Price {"9" * 400} '
                    'dong"\n', "utf-8")
    code, output = run("check", path, "--fail-on", "never")
    assert code == 0 and "Traceback" not in output and "1 unit in 1 file" in output


def test_an_escaped_lone_surrogate_is_refused_with_the_line(tmp_path):
    path = tmp_path / "s.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "\\xed\\xa0\\x80"\n', "utf-8")
    for command in (("convert", path, tmp_path / "o.xlf"),
                    ("export", "tmx", path, "-o", tmp_path / "o.tmx")):
        code, output = run(*command)
        assert code == 2 and "s.po:6" in output and "Traceback" not in output


@pytest.mark.parametrize(("toml", "message"), [
    ("length-ratio = 3", "length-ratio must be two positive numbers"),
    ("length-ratio = [3, 1]", "length-ratio must be two positive numbers"),
    ('severity = "error"', "severity must be a table"),
    ("[severity]\nrepeated-word = 3", "severity of repeated-word"),
    ("names = 3", "names must be a list of strings"),
    ('glossaries = "terms.csv"', "glossaries must be a list of strings"),
    ('bundled-glossary = "no"', "bundled-glossary must be true or false"),
    ('disabel = ["length-ratio"]', "unknown setting(s): disabel"),
    ('disable = ["length-ratoi"]', "unknown check(s) length-ratoi"),
])
def test_wrong_settings_are_errors_naming_the_key(tmp_path, monkeypatch, toml, message):
    config = tmp_path / "l10nflow.toml"
    config.write_text(toml + "\n", "utf-8")
    store = tmp_path / "a.po"
    store.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n', "utf-8")
    code, output = run("check", store, "--config", config)
    assert code == 2, output
    assert message in output and "l10nflow.toml" in output and "Traceback" not in output


def test_bidi_isolates_are_reported(tmp_path):
    path = tmp_path / "b.po"
    path.write_text(HEADER + 'msgid "Ông Putin nói"\nmsgstr "Putin \u2066said\u2069"\n', "utf-8")
    code, output = run("check", path, "--enable", "invisible-characters", "--format", "json")
    assert code == 1 and "invisible-characters" in output and "2066" in output.upper()


def test_text_input_utf16_is_read_nul_and_legacy_bytes_refused(tmp_path):
    good = tmp_path / "u16.txt"
    good.write_bytes("Xin chào thế giới. Câu hai.\n".encode("utf-16"))
    code, output = run("segment", good)
    assert code == 0 and output.splitlines() == ["Xin chào thế giới.", "Câu hai."]
    nul = tmp_path / "nobom.txt"
    nul.write_bytes("Xin chao\n".encode("utf-16-le"))
    code, output = run("segment", nul)
    assert code == 2 and "NUL" in output and "nobom.txt:1" in output


def test_segment_stdin_refuses_cp1258_like_a_file(tmp_path):
    data = "Xin chào thế giới.\n".encode("cp1258", "l10nflow-tone-marks")
    result = CliRunner().invoke(main, ["segment", "-"], input=data)
    assert result.exit_code == 2 and "not valid UTF-8" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "{tmp}/x.po"], "corpus mode writes a folder"),
])
def test_corpus_mode_refuses_a_file_name(tmp_path, args, message):
    corpus = tmp_path / "corpus" / "a"
    corpus.mkdir(parents=True)
    (corpus / "vi.txt").write_text("Một câu.\n", "utf-8")
    (corpus / "en.txt").write_text("One sentence.\n", "utf-8")
    code, output = run("align", tmp_path / "corpus", *[a.format(tmp=tmp_path) for a in args])
    assert code == 2 and message in output
    assert not (tmp_path / "x.po").exists()


def test_align_output_extension_chooses_the_format(tmp_path):
    vi, en = tmp_path / "vi.txt", tmp_path / "en.txt"
    vi.write_text("Một câu.\n", "utf-8")
    en.write_text("One sentence.\n", "utf-8")
    out = tmp_path / "x.xlf"
    code, output = run("align", vi, en, "-o", out)
    assert code == 0, output
    assert out.read_text("utf-8").lstrip().startswith("<?xml")
    code, output = run("align", vi, en, "-o", tmp_path / "y.xlf", "--format", "po")
    assert code == 2 and "does not match" in output


@pytest.mark.parametrize(("meta", "ok"), [
    ('date = "2025-13-45"\n', False),
    ("date = 2024-11-12T08:30:00+07:00\n", True),
])
def test_meta_dates_are_checked_and_offsets_converted(tmp_path, meta, ok):
    corpus = tmp_path / "corpus" / "a"
    corpus.mkdir(parents=True)
    (corpus / "vi.txt").write_text("Một câu.\n", "utf-8")
    (corpus / "en.txt").write_text("One sentence.\n", "utf-8")
    (corpus / "meta.toml").write_text(meta, "utf-8")
    code, output = run("align", tmp_path / "corpus", "-o", tmp_path / "out")
    if not ok:
        assert code == 2 and "meta.toml" in output and "not a date" in output
        return
    assert code == 0, output
    text = (tmp_path / "out" / "en" / "a.po").read_text("utf-8")
    assert "PO-Revision-Date: 2024-11-12 01:30+0000" in text


def test_an_internal_error_exits_3_without_a_traceback(tmp_path, monkeypatch):
    import l10nflow.cli as cli

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")
    monkeypatch.setattr(cli, "read_store", broken)
    path = tmp_path / "a.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n', "utf-8")
    result = CliRunner().invoke(main, ["convert", str(path), str(tmp_path / "b.po")])
    assert result.exit_code == 3
    assert "internal error: RuntimeError: simulated bug" in result.output
    assert "Traceback" not in result.output


def test_colour_follows_no_color_and_the_option(tmp_path, monkeypatch):
    path = tmp_path / "a.po"
    path.write_text(HEADER + 'msgid "Kiev"\nmsgstr "Kiev"\n', "utf-8")
    always = CliRunner().invoke(main, ["check", str(path), "--color", "always"])
    assert "\x1b[" in always.output
    never = CliRunner().invoke(main, ["check", str(path), "--color", "never"])
    assert "\x1b[" not in never.output
    monkeypatch.setenv("NO_COLOR", "1")
    auto = CliRunner().invoke(main, ["check", str(path)])
    assert "\x1b[" not in auto.output


def test_check_to_a_file_still_prints_the_summary(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n', "utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0
    assert "1 unit in 1 file" in result.stderr


def test_an_unknown_id_to_ignore_is_warned_about(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(HEADER + '# l10nflow-ignore: term-deprecatd\nmsgid "Kiev"\n'
                    'msgstr "Kiev"\n', "utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--fail-on", "never"])
    assert "unknown check 'term-deprecatd'" in result.stderr
    assert "term-deprecated" in result.output        # the finding is not silenced


def test_a_baseline_holds_from_another_folder_and_after_keys_and_counts_change(
        tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    store = project / "a.po"
    entries = ['msgctxt "a:1.1"\nmsgid "Ông Kiev."\nmsgstr "Kiev."\n',
               'msgctxt "a:2.1"\nmsgid "Ông Anh Vũ nói."\nmsgstr "Anh Vu said."\n',
               'msgctxt "a:3.1"\nmsgid "Anh Vũ viết."\nmsgstr "Anh Vũ wrote."\n']
    store.write_text(HEADER + "\n".join(entries), "utf-8")
    baseline = project / "baseline.json"
    monkeypatch.chdir(project)
    code, output = run("check", "a.po", "--write-baseline", "baseline.json")
    assert code == 0
    # from another folder, with an absolute path; a paragraph inserted (keys move) and
    # another "Anh Vũ" added (the count in a message changes)
    monkeypatch.chdir(tmp_path)
    moved = [e.replace('"a:1.1"', '"a:2.1"').replace('"a:2.1"\nmsgid "Ông Anh', '"a:3.1"\n'
                                                                             'msgid "Ông Anh')
             for e in entries[:2]]
    store.write_text(HEADER + 'msgctxt "a:1.1"\nmsgid "Mới."\nmsgstr "New."\n\n'
                     + "\n".join(moved) + '\nmsgctxt "a:4.1"\nmsgid "Anh Vũ đọc."\n'
                     'msgstr "Anh Vũ read."\n', "utf-8")
    code, output = run("check", store.resolve(), "--baseline", baseline.resolve())
    assert code == 0, output
    assert "in the baseline" in output


def test_a_killed_runs_scratch_files_are_removed_by_the_next_run(tmp_path):
    import subprocess
    import sys
    # a process that has ended: its pid names "stale" scratch files
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    out = tmp_path / "out"
    out.mkdir()
    stale_file = out / f".tm.tmx.{dead}.abc123.tmp"
    stale_folder = out / f".l10nflow-export.{dead}.xyz"
    other = out / ".tm.tmx.notapid.tmp"             # not of our naming: left alone
    stale_file.write_text("half", "utf-8")
    stale_folder.mkdir()
    (stale_folder / "records.txt").write_text("x", "utf-8")
    other.write_text("keep", "utf-8")
    store = tmp_path / "a.po"
    store.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n', "utf-8")
    code, output = run("export", "tmx", store, "-o", out / "tm.tmx")
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == [".tm.tmx.notapid.tmp", "tm.tmx"]


def test_keep_going_aligns_the_good_articles_and_exits_2(tmp_path):
    corpus = tmp_path / "corpus"
    for name in ("a", "b", "c"):
        (corpus / name).mkdir(parents=True)
        (corpus / name / "vi.txt").write_text("Một câu.\n", "utf-8")
        (corpus / name / "en.txt").write_text("One sentence.\n", "utf-8")
    (corpus / "b" / "vi.txt").write_bytes("Một câu.\n".encode("cp1258", "l10nflow-tone-marks"))
    out = tmp_path / "out"
    code, output = run("align", corpus, "-o", out)
    assert code == 2 and "b/vi.txt" in output and not (out / "en" / "a.po").exists()
    code, output = run("align", corpus, "-o", out, "--keep-going")
    assert code == 2 and "b/vi.txt:1" in output and "1 article left out" in output
    assert sorted(p.name for p in (out / "en").glob("*.po")) == ["a.po", "c.po"]


def test_progress_lines_off_a_terminal():
    from l10nflow.cli import _ProgressLines
    lines = []
    import click
    original = click.echo
    try:
        click.echo = lambda message, err=False: lines.append(message)
        progress = _ProgressLines(steps=10, articles=5, interval=0.0)
        for _ in range(10):
            progress(1)
    finally:
        click.echo = original
    assert lines and lines[0].startswith("aligning 5 articles: 10%")
    assert len(lines) == 9                   # not after the last step


def test_references_with_spaces_read_back_whole(tmp_path, monkeypatch):
    corpus = tmp_path / "bài báo" / "Hà Nội 2024"
    corpus.mkdir(parents=True)
    (corpus / "vi.txt").write_text("Một câu.\n", "utf-8")
    (corpus / "en.txt").write_text("One sentence.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "a.po"
    code, output = run("align", "bài báo/Hà Nội 2024/vi.txt", "bài báo/Hà Nội 2024/en.txt",
                       "-o", out)
    assert code == 0, output
    assert "\u2068bài báo/Hà Nội 2024/vi.txt\u2069:1" in out.read_text("utf-8")
    from l10nflow.formats import read_store
    assert read_store(out).units[0].references == ["bài báo/Hà Nội 2024/vi.txt:1"]


def test_a_closed_pipe_ends_quietly():
    # `l10nflow checks | head -1`: the reader goes away; no "internal error"
    result = subprocess.run(f"{sys.executable} -m l10nflow checks | head -1", shell=True,
                            capture_output=True, text=True)
    assert result.stdout.count("\n") == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
