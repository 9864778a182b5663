"""The checks on English -> Vietnamese stores find every problem planted in the test set
(tests/data/checks-en-vi: wire copy and software strings), and nothing else."""

import re
import shutil

import pytest
from click.testing import CliRunner

from conftest import PROJECT
from l10nflow.checks import CheckConfig, run_checks
from l10nflow.cli import main
from l10nflow.formats import read_store

SET = PROJECT / "tests" / "data" / "checks-en-vi"


def planted():
    rows = []
    for line in (SET / "README.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].isdigit():
            continue
        number, stem, where, _, check = cells
        snippets = [re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), s)
                    for s in re.findall(r"`([^`]+)`", where)]
        rows.append((int(number), stem, snippets[:1], check.strip("`")))
    return rows


@pytest.fixture(scope="module")
def en_vi_run():
    run = run_checks([SET], CheckConfig())
    units = {(p.stem, u.key): u for p in SET.glob("*.po") for u in read_store(p).units}
    return run, units


def _holds(unit, snippet):
    text = unit.source + "\n" + unit.target + "".join("\n" + t for t in unit.target_plurals)
    return snippet in text or snippet.replace("\\n", "\n") in text


def test_the_planted_list_is_complete():
    rows = planted()
    assert [r[0] for r in rows] == list(range(1, 29))
    assert all(r[2] for r in rows)


def test_the_store_says_english_to_vietnamese(en_vi_run):
    run, _ = en_vi_run
    assert run.languages == [("en", "vi")]


@pytest.mark.parametrize("row", planted(), ids=lambda r: f"{r[0]}-{r[3]}")
def test_every_planted_problem_is_found(en_vi_run, row):
    run, units = en_vi_run
    _, stem, snippets, check = row
    for snippet in snippets:
        hits = [f for f in run.findings if f.check == check and f.path.stem == stem
                and _holds(units[(stem, f.unit)], snippet)]
        assert hits, f"{check} did not report {snippet!r} in {stem}"
        assert all(f.line and f.message for f in hits)


def test_no_finding_on_clean_units(en_vi_run):
    run, units = en_vi_run
    rows = planted()
    stray = [f"{f.path.name}:{f.line} {f.check}: {f.message}" for f in run.findings
             if not any(stem == f.path.stem and all(_holds(units[(stem, f.unit)], s)
                                                    for s in snippets)
                        for _, stem, snippets, _ in rows)]
    assert stray == []


def test_nothing_vietnamese_specific_runs_on_the_english_side(en_vi_run):
    run, _ = en_vi_run
    assert not [f for f in run.findings if f.check in ("untranslated-vietnamese",
                                                       "name-diacritics")]


def test_parallel_run_gives_the_same_findings(en_vi_run, monkeypatch, tmp_path):
    """One unit model: pieces in two processes find what one process does."""
    from l10nflow.checks import runner
    run, _ = en_vi_run
    for name in ("wire.po", "software.po"):
        shutil.copy(SET / name, tmp_path / name)
    monkeypatch.setattr(runner, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(runner, "PARALLEL_MIN_UNITS", 0)
    parallel = run_checks([tmp_path], CheckConfig(), jobs=2)
    def plain(findings):
        return [{**f.as_dict(), "file": f.path.name,
                 "related": [(p.name, n, u) for p, n, u in f.related]} for f in findings]
    assert plain(parallel.findings) == plain(run.findings)


def test_cli_languages_override_the_store(tmp_path):
    """Told the file is Vietnamese -> English, the Vietnamese-source checks run on it."""
    shutil.copy(SET / "wire.po", tmp_path / "wire.po")
    runner = CliRunner()
    told = runner.invoke(main, ["check", str(tmp_path), "--format", "json", "--source-lang",
                                "vi", "--target-lang", "en", "--fail-on", "never"])
    assert told.exit_code == 0, told.output
    assert '"untranslated-vietnamese"' in told.output
    own = runner.invoke(main, ["check", str(tmp_path), "--format", "json", "--fail-on",
                               "never"])
    assert '"untranslated-vietnamese"' not in own.output
    bad = runner.invoke(main, ["check", str(tmp_path), "--target-lang", "viet nam"])
    assert bad.exit_code == 2 and "--target-lang must be a language tag" in bad.output
