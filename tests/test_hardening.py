"""Hostile and odd input gets a clear error (exit 2, the file named) or is handled, never a
traceback; each case reproduces a report of the hardening issue."""

from __future__ import annotations

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
