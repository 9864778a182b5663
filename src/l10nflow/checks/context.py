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
    source-lang = "en"                    # override the stores' languages (BCP 47 tags)
    target-lang = "vi"
    [tool.l10nflow.severity]
    repeated-word = "error"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from ..align.lexicon import bundled_lexicon
from ..errors import InputError
from ..fsutil import read_text
from .base import CHECKS, Check, Severity, lang_code
from .glossary import Glossary, default_glossary, load_glossary
from .namefinder import CACHE_SIZE, NameFinder

F = TypeVar("F", bound=Callable[..., Any])

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
    source_lang: str | None = None      # overrides every store's source language
    target_lang: str | None = None      # overrides every store's target language
    path: Path | None = None

    def selected(self) -> list[str]:
        ids = self.enable if self.enable is not None else sorted(CHECKS)
        return [i for i in ids if i not in self.disable]


_KEYS = ("enable", "disable", "severity", "glossaries", "bundled-glossary", "names",
         "name-style", "tone-style", "length-ratio", "source-lang", "target-lang")
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def check_lang_tag(tag: str, what: str, path: Path | None = None) -> str:
    """*tag* if it is a language tag (``vi``, ``en-US``, ``pt_BR``), else a clear error."""
    if not isinstance(tag, str) or not _LANG_TAG.fullmatch(tag):
        raise InputError(f"{what} must be a language tag such as vi, en or en-US, not "
                         f"{tag!r}", path)
    return tag.replace("_", "-")


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
    for key in ("source-lang", "target-lang"):
        if key in table:
            setattr(config, key.replace("-", "_"), check_lang_tag(table[key], key, path))
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
    """Configuration, the language pair, and what checks share for one run: glossary,
    known names and syllables, and bounded caches (:meth:`memo`).

    A run has one context per language pair of its stores (:meth:`for_languages`);
    built directly, a context is Vietnamese -> English unless told otherwise.  The
    configuration's ``source_lang``/``target_lang`` override what a store says.
    """

    def __init__(self, config: CheckConfig, source_lang: str | None = None,
                 target_lang: str | None = None, *, parent: CheckContext | None = None
                 ) -> None:
        self.config = config
        self.source_tag = config.source_lang or source_lang or "vi"
        self.target_tag = config.target_lang or target_lang or "en"
        self.source_lang = lang_code(self.source_tag)     # primary subtags: "vi", "en"
        self.target_lang = lang_code(self.target_tag)
        self.sources: list[str] = []          # every source text of the run (this pair)
        self.targets: list[str] = []
        self._corpus_names: set[str] | None = None
        self._shared: dict[str, object] = {}
        self._memos: dict[str, Callable] = {}
        self._root = parent._root if parent is not None else self
        self._pairs: dict[tuple[str, str], CheckContext] = {}

    def __getstate__(self) -> dict:
        # Caches are per process: a context sent to another process starts without them.
        return {**self.__dict__, "_memos": {}, "_shared": {}}

    @property
    def tags(self) -> tuple[str, str]:
        """(source, target) language tags as the store or configuration wrote them."""
        return self.source_tag, self.target_tag

    @property
    def languages(self) -> tuple[str, str]:
        """(source, target) primary subtags."""
        return self.source_lang, self.target_lang

    def for_languages(self, source_lang: str | None, target_lang: str | None
                      ) -> CheckContext:
        """The context of this run for stores in *source_lang* -> *target_lang* (the
        configuration's languages win); one per pair, made on first use."""
        root = self._root
        key = (root.config.source_lang or source_lang or "vi",
               root.config.target_lang or target_lang or "en")
        if key == (root.source_tag, root.target_tag):
            return root
        if key not in root._pairs:
            root._pairs[key] = CheckContext(root.config, *key, parent=root)
        return root._pairs[key]

    def memo(self, name: str, function: F, maxsize: int = CACHE_SIZE) -> F:
        """*function* with a bounded cache that lives as long as this context (one run):
        what several checks ask of the same text is computed once."""
        cached = self._memos.get(name)
        if cached is None:
            cached = self._memos[name] = lru_cache(maxsize=maxsize)(function)
        return cached  # type: ignore[return-value]

    def shared(self, key: str, build):
        """An object several checks use, built once per run (names, glossary index)."""
        if key not in self._shared:
            self._shared[key] = build(self)
        return self._shared[key]

    @property
    def name_side(self) -> str:
        """The side Vietnamese names are found in: the source, unless only the target is
        Vietnamese (names in an English source are written without diacritics)."""
        return "target" if self.target_lang == "vi" and self.source_lang != "vi" \
            else "source"

    @property
    def names(self) -> NameFinder:
        """The Vietnamese name finder of this run."""
        return self.shared("names", lambda ctx: NameFinder(
            ctx.lexicon.forward if ctx.lexicon is not None else {}, ctx.config.names))

    def corpus_names(self) -> set[str]:
        """Every name found in the run's texts on :attr:`name_side`, and the configured
        names.  The runner gathers them while it reads (:meth:`set_corpus_names`);
        otherwise they are found in :attr:`sources` (or :attr:`targets`) on first use."""
        if self._corpus_names is None:
            self._corpus_names = self.names.in_texts(
                self.sources if self.name_side == "source" else self.targets)
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
        if self._root is not self:
            return self._root.glossary
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
        """The bundled Vietnamese -> English lexicon (names, leftovers, syllables)."""
        return bundled_lexicon("vi", "en")
