import shutil
import subprocess
import sys

import polib
import pytest
from click.testing import CliRunner

from conftest import CORPUS, PAIRS
from l10nflow.cli import main

SEED = "2024-11-12-north-korea-ratifies-defense-treaty"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def test_align_corpus_writes_one_valid_po_per_article(runner, corpus, tmp_path, msgfmt):
    out = tmp_path / "locales"
    result = runner.invoke(main, ["align", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted((out / "en").glob("*.po"))
    assert len(files) == len(list(corpus.glob("*/vi.txt"))) >= 10
    for path in files:
        check = subprocess.run([msgfmt, "--check-format", "--check-header", "-o", "/dev/null",
                                str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    assert "articles:" in result.output and "segment pairs:" in result.output
    assert "pair types:" in result.output and "low-confidence pairs:" in result.output


def test_seed_article_pairs_are_right(runner, corpus, tmp_path):
    out = tmp_path / "locales"
    assert runner.invoke(main, ["align", str(corpus), "-o", str(out)]).exit_code == 0
    po = polib.pofile(str(out / "en" / f"{SEED}.po"))
    by_source = {e.msgid: e.msgstr for e in po}
    assert by_source["Triều Tiên phê chuẩn Hiệp ước phòng thủ chung với Nga"] == \
        "North Korea ratifies Mutual Defense Treaty with Russia"
    kcna = next(k for k in by_source if k.startswith("Ngày 12/11"))
    assert by_source[kcna].startswith("On November 12, the North Korean news agency KCNA")
    # the English-only byline and the RELATED NEWS block are kept, not lost
    text = (out / "en" / f"{SEED}.po").read_text("utf-8")
    assert "target-only" in text and "RELATED NEWS" in text
    assert text.count("Mai Thu Huyen talks about her time") == 1


def test_second_run_is_byte_identical(runner, corpus, tmp_path):
    out = tmp_path / "locales"
    runner.invoke(main, ["align", str(corpus), "-o", str(out), "-q"])
    first = {p.name: p.read_bytes() for p in (out / "en").iterdir()}
    runner.invoke(main, ["align", str(corpus), "-o", str(out), "-q"])
    assert {p.name: p.read_bytes() for p in (out / "en").iterdir()} == first


def test_align_pair_formats(runner, tmp_path):
    vi, en = tmp_path / "vi.txt", tmp_path / "en.txt"
    vi.write_text("\n\n".join(v for v, _ in PAIRS[:4]), "utf-8")
    en.write_text("\n\n".join(e for _, e in PAIRS[:4]) + "\n\nRELATED NEWS", "utf-8")
    beads = runner.invoke(main, ["align", str(vi), str(en), "--format", "beads"])
    assert beads.exit_code == 0
    assert beads.output.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[]:[4]"]
    tsv = runner.invoke(main, ["align", str(vi), str(en), "--format", "tsv"])
    rows = [dict(zip(["key", "source", "target", "state", "bead", "confidence", "article"],
                     line.split("\t"), strict=True)) for line in tsv.output.splitlines()]
    assert rows[0]["source"] == "source" and rows[0]["confidence"] == "confidence"
    assert (rows[1]["source"], rows[1]["target"], rows[1]["bead"]) == (*PAIRS[0], "1-1")
    assert (rows[-1]["source"], rows[-1]["target"], rows[-1]["bead"]) == (
        "", "RELATED NEWS", "0-1")
    assert 0 <= float(rows[1]["confidence"]) <= 1


def test_presegmented_keeps_lines_as_units(runner, tmp_path):
    vi, en = tmp_path / "vi.txt", tmp_path / "en.txt"
    vi.write_text("Một. Hai.\nBa.\n", "utf-8")
    en.write_text("One. Two.\nThree.\n", "utf-8")
    result = runner.invoke(main, ["align", str(vi), str(en), "--presegmented", "--format", "beads"])
    assert result.output.splitlines() == ["[0]:[0]", "[1]:[1]"]


def test_threshold_marks_low_confidence_pairs_fuzzy(runner, tmp_path):
    vi, en = tmp_path / "vi.txt", tmp_path / "en.txt"
    vi.write_text("\n\n".join(v for v, _ in PAIRS[:4]), "utf-8")
    en.write_text("\n\n".join(e for _, e in PAIRS[:4]), "utf-8")
    out = tmp_path / "a.po"
    runner.invoke(main, ["align", str(vi), str(en), "-o", str(out), "--threshold", "1.0"])
    assert all(e.fuzzy for e in polib.pofile(str(out)))
    runner.invoke(main, ["align", str(vi), str(en), "-o", str(out), "--threshold", "0"])
    assert not any(e.fuzzy for e in polib.pofile(str(out)))


def test_segment_command(runner, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Ông sống ở TP. Hồ Chí Minh. Ông có 10.000 cuốn sách.\n\nĐoạn hai.", "utf-8")
    result = runner.invoke(main, ["segment", "--lang", "vi", str(path)])
    assert result.exit_code == 0
    assert result.output == ("Ông sống ở TP. Hồ Chí Minh.\nÔng có 10.000 cuốn sách.\n\n"
                             "Đoạn hai.\n")


@pytest.mark.parametrize(("setup", "expected"), [
    ("missing", "file not found"),
    ("empty", "file is empty"),
    ("latin1", "not valid UTF-8"),
])
def test_bad_input_is_a_clear_error_without_traceback(runner, tmp_path, setup, expected):
    vi, en = tmp_path / "vi.txt", tmp_path / "en.txt"
    en.write_text("Hello.", "utf-8")
    if setup == "empty":
        vi.write_text("  \n", "utf-8")
    elif setup == "latin1":
        vi.write_bytes("Dòng một.\nHà Nội".encode()[:3] + "é".encode("latin-1"))
    result = runner.invoke(main, ["align", str(vi), str(en)])
    assert result.exit_code == 2
    assert expected in result.output
    assert str(vi) in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_non_utf8_error_names_the_line(runner, tmp_path):
    vi, en = tmp_path / "vi.txt", tmp_path / "en.txt"
    vi.write_bytes("Dòng một.\n\nDòng hai ".encode() + b"\xe9t\xe9.\n")
    en.write_text("Line one.", "utf-8")
    result = runner.invoke(main, ["align", str(vi), str(en)])
    assert f"{vi}:3:" in result.output and "hint:" in result.output


def test_corpus_without_articles_is_a_clear_error(runner, tmp_path):
    (tmp_path / "empty-corpus" / "not-an-article").mkdir(parents=True)
    (tmp_path / "empty-corpus" / "notes.txt").write_text("x", "utf-8")
    result = runner.invoke(main, ["align", str(tmp_path / "empty-corpus")])
    assert result.exit_code == 2
    assert "no articles found" in result.output
    assert "Traceback" not in result.output


def test_corpus_skips_incomplete_folders_with_a_notice(runner, corpus, tmp_path):
    (corpus / "half-article").mkdir()
    (corpus / "half-article" / "vi.txt").write_text("Chỉ có tiếng Việt.", "utf-8")
    result = runner.invoke(main, ["align", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "half-article: skipped, no en.txt" in result.output


def test_bad_meta_toml_names_file_and_line(runner, corpus, tmp_path):
    (corpus / SEED / "meta.toml").write_text('title = "x"\ndate = = 2\n', "utf-8")
    result = runner.invoke(main, ["align", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "meta.toml:2" in result.output


def test_help_on_every_command(runner):
    for command in ([], ["align"], ["segment"]):
        result = runner.invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "l10nflow", "--version"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "l10nflow" in result.stdout


def test_rerun_merges_and_keeps_a_translators_edit(runner, corpus, tmp_path):
    out = tmp_path / "locales"
    runner.invoke(main, ["align", str(corpus), "-o", str(out), "-q"])
    path = out / "en" / f"{SEED}.po"
    po = polib.pofile(str(path))
    po[0].msgstr = "North Korea ratifies mutual defence treaty with Russia"
    po.save()
    result = runner.invoke(main, ["align", str(corpus), "-o", str(out)])
    assert result.exit_code == 0
    assert "human kept 1," in result.output
    assert polib.pofile(str(path))[0].msgstr == \
        "North Korea ratifies mutual defence treaty with Russia"
    runner.invoke(main, ["align", str(corpus), "-o", str(out), "-q", "--force"])
    assert polib.pofile(str(path))[0].msgstr == \
        "North Korea ratifies Mutual Defense Treaty with Russia"


def test_progress_counts_reading_and_both_passes(corpus):
    from l10nflow.align import Aligner
    from l10nflow.corpus import align_articles, discover
    articles, _ = discover(corpus)
    steps = []
    for jobs in (1, 2):
        steps.clear()
        align_articles(articles, Aligner("vi", "en"), progress=steps.append, jobs=jobs)
        assert sum(steps) == len(articles) * 3


def test_align_says_which_stores_in_the_folder_it_will_not_merge_into(runner, corpus,
                                                                         tmp_path):
    """A new-user trial re-ran with --format xliff into a folder of PO stores: the .xlf
    files came out beside them without the translators' work, silently; and a store of
    an article taken out of the corpus stayed, unmentioned."""
    out = tmp_path / "locales"
    assert runner.invoke(main, ["align", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    quiet = runner.invoke(main, ["align", str(corpus), "-o", str(out), "-q"])
    assert "notice" not in quiet.output
    gone = sorted(p.name for p in corpus.iterdir() if p.is_dir())[0]
    shutil.rmtree(corpus / gone)
    result = runner.invoke(main, ["align", str(corpus), "-o", str(out), "-q",
                                  "--format", "xliff"])
    assert result.exit_code == 0, result.output
    articles = len([p for p in corpus.iterdir() if p.is_dir()])
    assert f"{articles} stores in another format" in result.output
    assert "l10nflow convert FILE OUT.xlf" in result.output
    assert f"no article in the corpus for {gone}.po: left as it is" in result.output
