"""Every command that writes, under every output fault: the output path is a folder, a
file stands where a folder should be, the folder is read-only (injected: CI runs as root,
where permission bits do not stop writes), and the file-size limit.  Each gives exit 2, a
message naming the path, the old output intact and no file left behind."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10nflow.cli import main

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
OLD_PO = HEADER + 'msgid "old"\nmsgstr "output"\n'   # an earlier output, to merge into


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    (folder / "corpus" / "a").mkdir(parents=True)
    (folder / "corpus" / "a" / "vi.txt").write_text("Một câu dài. " * 200 + "\n", "utf-8")
    (folder / "corpus" / "a" / "en.txt").write_text("One long sentence. " * 200 + "\n",
                                                    "utf-8")
    store = folder / "a.po"
    # a deprecated term in each: check has findings to report
    store.write_text(HEADER + "".join(f'msgid "Câu số {n} ở Kiev."\nmsgstr "Sentence {n} in '
                                      f'Kiev."\n\n' for n in range(300)), "utf-8")
    return folder


# command -> (arguments with {OUT} for the output path, what OUT is: a file or a folder)
COMMANDS = {
    "align-pair": (["align", "{IN}/corpus/a/vi.txt", "{IN}/corpus/a/en.txt", "-o", "{OUT}"],
                   "out.po"),
    "convert": (["convert", "{IN}/a.po", "{OUT}"], "out.xlf"),
    "export-tmx": (["export", "tmx", "{IN}/a.po", "-o", "{OUT}"], "out.tmx"),
    "export-csv": (["export", "csv", "{IN}/a.po", "-o", "{OUT}"], "out.csv"),
    "check-report": (["check", "{IN}/a.po", "--format", "json", "--fail-on", "never", "-o",
                      "{OUT}"], "out.json"),
    "check-baseline": (["check", "{IN}/a.po", "--write-baseline", "{OUT}"], "base.json"),
}


def args_for(name: str, inputs: Path, out: Path) -> list[str]:
    return [a.replace("{IN}", str(inputs)).replace("{OUT}", str(out))
            for a in COMMANDS[name][0]]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name", COMMANDS)
def test_output_path_is_a_folder(name, inputs, tmp_path):
    out = tmp_path / "outdir"
    out.mkdir()
    result = CliRunner().invoke(main, args_for(name, inputs, out))
    assert result.exit_code == 2, result.output
    assert "outdir" in result.output and "Traceback" not in result.output
    assert files_in(out) == []


@pytest.mark.parametrize("name", COMMANDS)
def test_a_file_where_a_folder_should_be(name, inputs, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", "utf-8")
    out = blocker / COMMANDS[name][1]
    result = CliRunner().invoke(main, args_for(name, inputs, out))
    assert result.exit_code == 2, result.output
    assert "blocker" in result.output and "Traceback" not in result.output
    assert blocker.read_text("utf-8") == "not a folder"


@pytest.mark.parametrize("name", COMMANDS)
def test_read_only_folder(name, inputs, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / COMMANDS[name][1]
    old = OLD_PO if out.suffix == ".po" else "old output\n"
    out.write_text(old, "utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(os, "replace", refuse)
    result = CliRunner().invoke(main, args_for(name, inputs, out))
    assert result.exit_code == 2, result.output
    assert str(out) in result.output and "permission denied" in result.output
    assert out.read_text("utf-8") == old
    assert files_in(folder) == [out.name]


def _small_file_limit() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))


@pytest.mark.parametrize("name", COMMANDS)
def test_file_size_limit(name, inputs, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / COMMANDS[name][1]
    old = OLD_PO if out.suffix == ".po" else "old output\n"
    out.write_text(old, "utf-8")
    run = subprocess.run([sys.executable, "-m", "l10nflow", *args_for(name, inputs, out)],
                         capture_output=True, text=True, preexec_fn=_small_file_limit,
                         timeout=120)
    assert run.returncode == 2, run.stderr
    assert str(out) in run.stderr and "Traceback" not in run.stderr
    assert out.read_text("utf-8") == old
    assert files_in(folder) == [out.name]
