"""QA checks for translation stores: names, terms, numbers, dates, Unicode and the classics.

>>> from l10nflow.checks import load_config, run_checks
>>> run = run_checks(["locales"], load_config())          # doctest: +SKIP
>>> [f.check for f in run.findings]                       # doctest: +SKIP
"""

from . import into_vietnamese, names, numbers, software, terms, text  # noqa: F401  (importing registers the checks)
from .base import CHECKS, Check, Finding, Severity
from .context import CheckConfig, CheckContext, load_config
from .runner import CheckRun, load_baseline, run_checks, write_baseline

__all__ = ["CHECKS", "Check", "CheckConfig", "CheckContext", "CheckRun", "Finding",
           "Severity", "load_baseline", "load_config", "run_checks", "write_baseline"]
