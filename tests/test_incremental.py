"""Incremental corpus runs: the learned model is kept beside the stores, unchanged
articles are skipped, and --relearn gives exactly what a fresh run gives."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from conftest import CORPUS
from l10nflow.cli import main
from l10nflow.incremental import STATE_FILE


def align(corpus, out, *extra):
    result = CliRunner().invoke(main, ["align", str(corpus), "-o", str(out), "--jobs", "1",
                                       *extra])
    assert result.exit_code == 0, result.output + str(result.exception)
    return result


def files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def copy_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return corpus


def add_article(corpus, name="zz-added"):
    source = corpus / "2025-02-13-arsenal-four-points-ahead-man-city"
    (corpus / name).mkdir()
    for lang in ("vi", "en"):
        text = (source / f"{lang}.txt").read_text("utf-8")
        (corpus / name / f"{lang}.txt").write_text(text + "\nThêm một câu.\n" if lang == "vi"
                                                   else text + "\nOne more sentence.\n",
                                                   "utf-8")


def test_a_rerun_over_an_unchanged_corpus_skips_every_article(tmp_path, monkeypatch):
    corpus, out = copy_corpus(tmp_path), tmp_path / "out"
    align(corpus, out)
    first = files(out / "en")
    assert STATE_FILE in first

    def not_needed(*args, **kwargs):
        raise AssertionError("nothing to align: the lexicon need not be parsed")

    monkeypatch.setattr("l10nflow.align.lexicon.load_lexicons", not_needed)
    result = align(corpus, out)
    assert "unchanged, skipped:    10 articles" in result.stderr
    assert files(out / "en") == first, "same inputs and state give byte-identical files"


def test_adding_an_article_does_not_move_the_old_ones(tmp_path):
    corpus, out = copy_corpus(tmp_path), tmp_path / "out"
    align(corpus, out)
    before = files(out / "en")
    add_article(corpus)
    result = align(corpus, out)
    assert "articles:              1" in result.stderr
    after = files(out / "en")
    assert "zz-added.po" in after
    assert {k: v for k, v in after.items() if k.endswith(".po") and k != "zz-added.po"} == \
        {k: v for k, v in before.items() if k.endswith(".po")}


def test_relearn_gives_exactly_what_a_fresh_run_gives(tmp_path):
    corpus, out, fresh = copy_corpus(tmp_path), tmp_path / "out", tmp_path / "fresh"
    align(corpus, out)
    add_article(corpus)
    align(corpus, out)               # the added article, aligned with the saved model
    align(corpus, out, "--relearn", "--force")
    align(corpus, fresh)
    assert files(out / "en") == files(fresh / "en")


def test_a_changed_article_or_a_deleted_store_is_aligned_again(tmp_path):
    corpus, out = copy_corpus(tmp_path), tmp_path / "out"
    align(corpus, out)
    article = corpus / "2025-02-10-quang-tri-sidewalk-fee-returned"
    (article / "en.txt").write_text((article / "en.txt").read_text("utf-8")
                                    + "\nA correction was added.\n", "utf-8")
    (out / "en" / "2024-11-05-north-korea-missile-before-us-election.po").unlink()
    result = align(corpus, out)
    assert "articles:              2" in result.stderr
    assert "unchanged, skipped:    8 articles" in result.stderr
    assert "A correction was added." in \
        (out / "en" / "2025-02-10-quang-tri-sidewalk-fee-returned.po").read_text("utf-8")
    assert (out / "en" / "2024-11-05-north-korea-missile-before-us-election.po").is_file()


def test_other_settings_mean_a_fresh_run(tmp_path):
    corpus, out = copy_corpus(tmp_path), tmp_path / "out"
    align(corpus, out)
    result = align(corpus, out, "--threshold", "0.9")
    assert "articles:              10" in result.stderr
    assert "skipped" not in result.stderr


def test_an_unreadable_state_is_reported_and_ignored(tmp_path):
    corpus, out = copy_corpus(tmp_path), tmp_path / "out"
    align(corpus, out)
    expected = files(out / "en")
    (out / "en" / STATE_FILE).write_text("{not json", "utf-8")
    result = align(corpus, out)
    assert "cannot be read" in result.stderr and "Traceback" not in result.output
    assert "articles:              10" in result.stderr
    assert files(out / "en") == expected
