"""Check configuration and the shared, precomputed knowledge the checks use.

Configuration lives in ``[tool.l10nflow]`` of ``pyproject.toml`` or at the top level of
``l10nflow.toml`` (the latter wins)::

    [tool.l10nflow]
    disable = ["length-ratio"]            # or enable = [...] to run only these
    glossaries = ["terms/house.tbx"]      # added to the bundled news glossary
    bundled-glossary = true
    names = ["Rustem Umerov"]             # extra names to check (besides those found)
    name-style = "either"                 # "folded" (Quang Tri), "diacritics" (Quảng Trị)
    tone-style = "new"                    # "old" (hòa, thủy) or "new" (hoà, thuỷ);
                                          # unset: the majority style of the corpus
    length-ratio = [0.5, 2.6]             # target/source length range
    [tool.l10nflow.severity]
    repeated-word = "error"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..align.lexicon import bundled_lexicon
from ..errors import InputError
from ..fsutil import read_text
from .base import CHECKS, Check, Severity
from .glossary import Glossary, default_glossary, load_glossary

__all__ = ["CheckConfig", "CheckContext", "load_config"]

NAME_STYLES = ("either", "folded", "diacritics")


@dataclass
class CheckConfig:
    enable: list[str] | None = None
    disable: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    glossaries: list[Path] = field(default_factory=list)
    bundled_glossary: bool = True
    names: list[str] = field(default_factory=list)
    name_style: str = "either"
    tone_style: str | None = None
    length_ratio: tuple[float, float] = (0.45, 2.8)
    path: Path | None = None

    def selected(self) -> list[str]:
        ids = self.enable if self.enable is not None else sorted(CHECKS)
        return [i for i in ids if i not in self.disable]


_KEYS = ("enable", "disable", "severity", "glossaries", "bundled-glossary", "names",
         "name-style", "tone-style", "length-ratio")


def _from_table(table: dict, path: Path, base: Path) -> CheckConfig:
    """The configuration in *table*; a key l10nflow does not know, or a value of the
    wrong type, is an error naming the key (a typo must not quietly do nothing)."""
    config = CheckConfig(path=path)
    known = set(CHECKS)

    def fail(key: str, wanted: str, example: str) -> InputError:
        return InputError(f"{key} must be {wanted}, not {table[key]!r}", path,
                          hint=f"for example: {key} = {example}")

    def strings(key: str, example: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "a list of strings", example)
        return value

    def check_ids(key: str) -> list[str]:
        value = strings(key, '["length-ratio"]')
        unknown = [v for v in value if v not in known]
        if unknown:
            raise InputError(f"{key}: unknown check(s) {', '.join(unknown)}", path,
                             hint="`l10nflow checks` lists the check ids")
        return list(value)

    unknown_keys = sorted(set(table) - set(_KEYS))
    if unknown_keys:
        raise InputError(f"unknown setting(s): {', '.join(unknown_keys)}", path,
                         hint=f"the settings are: {', '.join(_KEYS)}")
    if "enable" in table:
        config.enable = check_ids("enable")
    config.disable = check_ids("disable")
    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        raise fail("severity", "a table", '{ repeated-word = "error" }')
    for check_id, value in severities.items():
        if check_id not in known:
            raise InputError(f"severity: unknown check {check_id!r}", path,
                             hint="`l10nflow checks` lists the check ids")
        try:
            config.severity[check_id] = Severity.parse(str(value))
        except ValueError as exc:
            raise InputError(f"severity of {check_id}: {exc}", path) from None
    config.glossaries = [base / g for g in strings("glossaries", '["terms/house.tbx"]')]
    bundled = table.get("bundled-glossary", True)
    if not isinstance(bundled, bool):
        raise fail("bundled-glossary", "true or false", "false")
    config.bundled_glossary = bundled
    config.names = list(strings("names", '["Rustem Umerov"]'))
    config.name_style = table.get("name-style", "either")
    if config.name_style not in NAME_STYLES:
        raise InputError(f"name-style must be one of {', '.join(NAME_STYLES)}", path)
    config.tone_style = table.get("tone-style")
    if config.tone_style not in (None, "old", "new"):
        raise InputError('tone-style must be "old" or "new"', path)
    if "length-ratio" in table:
        value = table["length-ratio"]
        if not (isinstance(value, list) and len(value) == 2 and all(
                isinstance(v, int | float) and not isinstance(v, bool) and v > 0
                for v in value) and value[0] < value[1]):
            raise fail("length-ratio", "two positive numbers, lowest first", "[0.5, 2.6]")
        config.length_ratio = (float(value[0]), float(value[1]))
    return config


def load_config(start: Path | None = None, explicit: Path | None = None) -> CheckConfig:
    """Find and read the configuration: *explicit*, else ``l10nflow.toml`` or
    ``pyproject.toml`` in *start* (default: the current folder) or its parents."""
    candidates: list[tuple[Path, bool]] = []
    if explicit is not None:
        candidates = [(explicit, explicit.name == "pyproject.toml")]
    else:
        folder = (start or Path.cwd()).resolve()
        for parent in (folder, *folder.parents):
            if (parent / "l10nflow.toml").is_file():
                candidates = [(parent / "l10nflow.toml", False)]
                break
            if (parent / "pyproject.toml").is_file():
                candidates = [(parent / "pyproject.toml", True)]
                break
    for path, is_pyproject in candidates:
        try:
            data = tomllib.loads(read_text(path))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"invalid TOML: {exc}", path) from None
        table = data.get("tool", {}).get("l10nflow", {}) if is_pyproject else data
        if not isinstance(table, dict):
            raise InputError("[tool.l10nflow] must be a table", path)
        return _from_table(table, path, path.parent)
    return CheckConfig()


class CheckContext:
    """Configuration plus what checks share: glossary, known names and syllables."""

    def __init__(self, config: CheckConfig) -> None:
        self.config = config
        self.sources: list[str] = []          # every source text of the run
        self._corpus_names: set[str] | None = None
        self._shared: dict[str, object] = {}

    def shared(self, key: str, build):
        """An object several checks use, built once per run (names, glossary index)."""
        if key not in self._shared:
            self._shared[key] = build(self)
        return self._shared[key]

    def corpus_names(self) -> set[str]:
        """Every name found in a source of the run, and the configured names.  The
        runner gathers them while it reads (:meth:`set_corpus_names`); otherwise they
        are found in :attr:`sources` on first use."""
        if self._corpus_names is None:
            from .names import _names
            self._corpus_names = _names(self).in_texts(self.sources)
        return self._corpus_names | set(self.config.names)

    def set_corpus_names(self, names: set[str]) -> None:
        self._corpus_names = set(names)
        for key in ("corpus-name-words", "corpus-name-pattern"):
            self._shared.pop(key, None)

    def is_corpus_name_word(self, word: str) -> bool:
        """Whether *word* is part of a name in some source of the corpus ("Vũ" of the
        byline "Anh Vũ"), so that it may stand in a translation."""
        words = self.shared("corpus-name-words", lambda ctx: frozenset(
            w for name in ctx.corpus_names() for w in name.split()))
        return word in words

    def severity_of(self, check: Check) -> Severity:
        return self.config.severity.get(check.id, check.severity)

    @cached_property
    def glossary(self) -> Glossary:
        glossary = default_glossary() if self.config.bundled_glossary else Glossary()
        for path in self.config.glossaries:
            glossary = glossary + load_glossary(path)
        return glossary

    @cached_property
    def syllables(self) -> frozenset[str]:
        """Vietnamese syllables known from the bundled lexicon."""
        lexicon = bundled_lexicon("vi", "en")
        if lexicon is None:
            return frozenset()
        return frozenset(s for key in lexicon.forward for s in key.split())

    @cached_property
    def lexicon(self):
        return bundled_lexicon("vi", "en")
