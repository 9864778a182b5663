"""Reporters: findings as text, JSON, JUnit XML, SARIF 2.1.0 or GitHub annotations.

Reporters are separate from the checks: each takes the run's findings (and the checks
that ran) and returns the text to print.
"""

from __future__ import annotations

import json
from collections import defaultdict

from lxml import etree

from .. import __version__
from ..wording import counted
from .base import CHECKS, Finding, Severity, excerpt
from .runner import CheckRun

__all__ = ["REPORTERS", "render"]

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def text(run: CheckRun, colour: bool = False) -> str:
    import click
    lines: list[str] = []
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in run.findings:
        by_file[str(finding.path)].append(finding)
    for path, findings in by_file.items():
        lines.append(click.style(path, bold=True) if colour else path)
        for f in findings:
            severity = str(f.severity)
            if colour:
                severity = click.style(severity, fg=_COLOURS[f.severity])
            lines.append(f"  {f.line or '-'}: {severity} [{f.check}] {f.message}")
            lines.append(f"      unit {excerpt(f.unit, 200)}")
            if f.suggestion:
                lines.append(f"      write: {f.suggestion}")
            for other_path, other_line, other_unit in f.related:
                lines.append(f"      see {other_path}:{other_line or '-'} ({other_unit})")
        lines.append("")
    lines.append(summary_line(run))
    return "\n".join(lines) + "\n"


def summary_line(run: CheckRun) -> str:
    """One line of counts: ``3 findings: 1 error, 1 warning, 1 info; 97 units in ...``."""
    counts = {s: sum(1 for f in run.findings if f.severity == s) for s in Severity}
    summary = (f"{counted(len(run.findings), 'finding')}: "
               f"{counted(counts[Severity.ERROR], 'error')}, "
               f"{counted(counts[Severity.WARNING], 'warning')}, {counts[Severity.INFO]} info; "
               f"{counted(run.units, 'unit')} in {counted(run.files, 'file')}, "
               f"{counted(len(run.checks), 'check')}")
    if run.suppressed or run.baselined:
        summary += f"; {run.suppressed} suppressed in the files, {run.baselined} in the baseline"
    return summary


def as_json(run: CheckRun, colour: bool = False) -> str:
    """A JSON list with one finding per line: easy to grep and diff.  Each line is what
    ``json.dumps(finding.as_dict(), ensure_ascii=False)`` writes, put together from the
    C string encoder (calling dumps per finding costs more than the encoding)."""
    if not run.findings:
        return "[]\n"
    return "[\n" + ",\n".join(map(_json_line, run.findings)) + "\n]\n"


_quote = json.encoder.encode_basestring        # the C implementation where there is one


def _json_value(value: str | int | None) -> str:
    return "null" if value is None else str(value) if isinstance(value, int) else _quote(value)


def _json_line(finding: Finding) -> str:
    related = json.dumps(finding.as_dict()["related"], ensure_ascii=False) \
        if finding.related else "[]"
    return (f'{{"check": {_quote(finding.check)}, "severity": {_quote(str(finding.severity))}'
            f', "file": {_quote(str(finding.path))}, "line": {_json_value(finding.line)}'
            f', "unit": {_quote(excerpt(finding.unit))}'
            f', "source": {_quote(excerpt(finding.source))}'
            f', "target": {_quote(excerpt(finding.target))}'
            f', "message": {_quote(finding.message)}'
            f', "suggestion": {_json_value(finding.suggestion)}, "related": {related}}}')


def junit(run: CheckRun, colour: bool = False) -> str:
    """One testsuite, one testcase per check that ran; its findings are its failures."""
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for finding in run.findings:
        by_check[finding.check].append(finding)
    failed = sum(1 for c in run.checks if by_check.get(c))
    suites = etree.Element("testsuites", name="l10nflow check", tests=str(len(run.checks)),
                           failures=str(failed), errors="0")
    suite = etree.SubElement(suites, "testsuite", name="l10nflow", tests=str(len(run.checks)),
                             failures=str(failed), errors="0", skipped="0")
    for check_id in run.checks:
        case = etree.SubElement(suite, "testcase", classname="l10nflow.checks", name=check_id)
        findings = by_check.get(check_id)
        if findings:
            failure = etree.SubElement(case, "failure", type=check_id,
                                       message=counted(len(findings), "finding"))
            failure.text = "\n".join(f"{f.path}:{f.line or '-'}: {f.severity}: {f.message}"
                                     + (f" (write: {f.suggestion})" if f.suggestion else "")
                                     for f in findings)
    return etree.tostring(suites, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True).decode("utf-8")


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif(run: CheckRun, colour: bool = False) -> str:
    rules = []
    for check_id in run.checks:
        check = CHECKS[check_id]
        rules.append({
            "id": check_id, "name": check_id,
            "shortDescription": {"text": check.description},
            "fullDescription": {"text": f"{check.description} Example: {check.example}"},
            "help": {"text": f"Example: {check.example}"},
            "defaultConfiguration": {"level": _SARIF_LEVEL[check.severity]},
        })
    index = {check_id: i for i, check_id in enumerate(run.checks)}
    results = []
    for f in run.findings:
        region = {"startLine": f.line} if f.line else {}
        location = {"physicalLocation": {"artifactLocation": {"uri": f.path.as_posix()}}}
        if region:
            location["physicalLocation"]["region"] = region
        location["logicalLocations"] = [{"name": excerpt(f.unit), "kind": "member"}]
        message = f.message + (f" Write: {f.suggestion}" if f.suggestion else "")
        result = {"ruleId": f.check, "ruleIndex": index[f.check],
                  "level": _SARIF_LEVEL[f.severity], "message": {"text": message},
                  "locations": [location],
                  "partialFingerprints": {"l10nflow/v2": f.fingerprint()}}
        if f.related:
            result["relatedLocations"] = [
                {"id": n, "physicalLocation": {"artifactLocation": {"uri": p.as_posix()},
                                               **({"region": {"startLine": line}} if line else {})},
                 "message": {"text": f"unit {unit}"}}
                for n, (p, line, unit) in enumerate(f.related)]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "l10nflow", "version": __version__,
                                      "informationUri": "https://pypi.org/project/l10nflow/",
                                      "rules": rules}},
                  "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(run: CheckRun, colour: bool = False) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for f in run.findings:
        props = f"file={_escape_property(f.path.as_posix())}"
        if f.line:
            props += f",line={f.line}"
        props += f",title={_escape_property(f.check)}"
        message = f.message + (f" — write: {f.suggestion}" if f.suggestion else "")
        lines.append(f"::{level[f.severity]} {props}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


REPORTERS = {"text": text, "json": as_json, "junit": junit, "sarif": sarif, "github": github}


def render(run: CheckRun, fmt: str, colour: bool = False) -> str:
    return REPORTERS[fmt](run, colour)
