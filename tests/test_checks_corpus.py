"""The QA checks find every problem planted in the bundled corpus, and nothing else."""

import re

import pytest
from click.testing import CliRunner

from conftest import CORPUS
from l10nflow.checks import CheckConfig, run_checks
from l10nflow.cli import main
from l10nflow.formats import read_store


def planted():
    rows = []
    for line in (CORPUS / "README.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].isdigit():
            continue
        number, article, where, _, check = cells
        snippets = [s.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
                    if "\\u" in s else s for s in re.findall(r"`([^`]+)`", where)]
        rows.append((int(number), article.split()[0], snippets, check.strip("`")))
    return rows


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("locales")
    result = CliRunner().invoke(main, ["align", str(CORPUS), "-o", str(out), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    run = run_checks([out], CheckConfig())
    units = {(str(p), u.key): u for p in (out / "en").glob("*.po") for u in read_store(p).units}
    return run, units


def test_the_planted_list_is_complete():
    rows = planted()
    assert [r[0] for r in rows] == list(range(1, 22))
    assert all(r[2] for r in rows)


@pytest.mark.parametrize("row", planted(), ids=lambda r: f"{r[0]}-{r[3]}")
def test_every_planted_problem_is_found(corpus_run, row):
    run, units = corpus_run
    _, article, snippets, check = row
    for snippet in snippets:
        hits = [f for f in run.findings if f.check == check and article in f.path.name
                and snippet in (units[(str(f.path), f.unit)].source + "\n"
                                + units[(str(f.path), f.unit)].target)]
        assert hits, f"{check} did not report {snippet!r} in {article}"
        assert all(f.line and f.message for f in hits)


def test_no_finding_on_clean_units(corpus_run):
    run, units = corpus_run
    rows = planted()
    stray = []
    for finding in run.findings:
        unit = units[(str(finding.path), finding.unit)]
        text = unit.source + "\n" + unit.target
        if not any(article in finding.path.name and any(s in text for s in snippets)
                   for _, article, snippets, _ in rows):
            stray.append(f"{finding.path.name}:{finding.line} {finding.check}: "
                         f"{finding.message}")
    assert stray == []


def test_parallel_run_gives_the_same_findings(corpus_run, tmp_path, monkeypatch):
    """Pieces of files and slices of units in two processes find what one process does."""
    from l10nflow.checks import runner
    from l10nflow.formats import po
    run, _ = corpus_run
    locales = run.findings[0].path.parent
    monkeypatch.setattr(runner, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(runner, "PARALLEL_MIN_UNITS", 0)
    monkeypatch.setattr(po, "_MIN_PIECE", 2000)
    assert len(po.PoFormat().pieces(sorted(locales.glob("*.po"))[0], 6)) > 1
    parallel = run_checks([locales], CheckConfig(), jobs=2)
    assert [f.as_dict() for f in parallel.findings] == [f.as_dict() for f in run.findings]
    assert (parallel.units, parallel.suppressed) == (run.units, run.suppressed)
