"""The command line imports only what the command being run needs.

Start-up time is mostly import time (every module is compiled when no bytecode is
cached), so these tests guard which modules a command imports, not the seconds: the
aligner must not pay for the checks, the exporter or lxml, nor --help for any of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import l10nflow
from conftest import PAIRS

SRC = Path(l10nflow.__file__).resolve().parents[1]

# Run in a fresh interpreter: the test process has imported everything already.
SCRIPT = """
import json, sys
from l10nflow.cli import main
try:
    main(sys.argv[1:], prog_name="l10nflow")
except SystemExit:
    pass
print("\\n" + json.dumps(sorted(sys.modules)))
"""

# Machinery of the other commands, and the libraries only they need.
NOT_FOR_ALIGN = ("l10nflow.checks", "l10nflow.export", "l10nflow.review", "l10nflow.stats",
                 "l10nflow.qagate", "lxml")
# What no --help needs: the aligner (and numpy) included.
NOT_FOR_HELP = (*NOT_FOR_ALIGN, "l10nflow.align", "l10nflow.corpus", "numpy", "babel")


def imported(*args: str) -> set[str]:
    """The modules imported by ``l10nflow ARGS`` in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True,
                          text=True, env=env, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def loaded(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.startswith(tuple(p + "." for p in packages))
                  or m in packages)


def test_importing_the_cli_imports_no_command_machinery():
    assert loaded(imported(), NOT_FOR_HELP) == []


@pytest.mark.parametrize("command", ["align", "check", "export", "stats", "convert",
                                     "review", "segment", "checks"])
def test_help_imports_no_command_machinery(command):
    assert loaded(imported(command, "--help"), NOT_FOR_HELP) == []


def test_align_imports_neither_checks_nor_export_nor_lxml(tmp_path):
    (tmp_path / "vi.txt").write_text("\n\n".join(vi for vi, _ in PAIRS) + "\n", "utf-8")
    (tmp_path / "en.txt").write_text("\n\n".join(en for _, en in PAIRS) + "\n", "utf-8")
    for fmt in ("po", "beads"):
        modules = imported("align", str(tmp_path / "vi.txt"), str(tmp_path / "en.txt"),
                           "-o", str(tmp_path / f"out.{fmt}"), "-q")
        assert (tmp_path / f"out.{fmt}").is_file()
        assert "l10nflow.align" in modules
        assert loaded(modules, NOT_FOR_ALIGN) == [], fmt


def test_the_option_choices_name_what_the_modules_implement():
    from l10nflow.checks.reporters import REPORTERS
    from l10nflow.choices import REPORTER_NAMES

    assert tuple(REPORTERS) == REPORTER_NAMES

