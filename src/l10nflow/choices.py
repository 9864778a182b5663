"""The values command-line options offer as choices, in a module that imports nothing.

:mod:`l10nflow.cli` declares every command's options when it is imported, before it
knows which command will run; taking the choices from here lets it do so without
importing the aligner, the checks or the exporter behind them.  The modules that
implement the choices take them from here as well, so each list exists once.
"""

from __future__ import annotations

__all__ = ["DEFAULT_QA", "EXPORT_FORMATS", "MERGEABLE", "OUTPUT_EXTENSIONS", "QA_LEVELS",
           "REPORTER_NAMES"]

# align --format -> file extension; beads is alignment output, the rest are stores.
OUTPUT_EXTENSIONS = {"po": "po", "xliff": "xlf", "xliff2": "xliff", "tsv": "tsv",
                     "beads": "beads"}
# The align formats that hold translators' work: merged into, not overwritten.
MERGEABLE = ("po", "xliff", "xliff2")

# export FORMAT
EXPORT_FORMATS = ("tmx", "tsv", "csv", "jsonl", "moses")

# The QA gate's default level (see README "The QA gate": what it costs at 1M units).
DEFAULT_QA = "error"

# The levels ``export --qa`` accepts; "none" turns the gate off.
QA_LEVELS = ("error", "warning", "none")

# check --format: the names of l10nflow.checks.reporters.REPORTERS (a test keeps the two
# equal; the reporters themselves need lxml and the check framework).
REPORTER_NAMES = ("text", "json", "junit", "sarif", "github")
