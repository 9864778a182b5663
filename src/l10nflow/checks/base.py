"""What a check is, what it finds, and the registry that holds them all.

A check is a small object with an ``id``, a default ``severity``, a one-line
``description`` and a doc ``example``; it looks at one unit at a time
(:meth:`Check.check_unit`) or at the whole corpus at once (:meth:`Check.check_corpus`,
for consistency).  A corpus-wide check is split in two so that large corpora can be
shared out to processes: :meth:`Check.map_corpus` looks at a slice of the units on its
own, :meth:`Check.reduce_corpus` turns the slices' results into findings.  Checks yield
:class:`Finding` objects; reporters turn those into text, JSON, JUnit, SARIF or GitHub
annotations.
"""

from __future__ import annotations

import enum
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from ..model import Unit

if TYPE_CHECKING:
    from .context import CheckContext

__all__ = ["ANY_LANGUAGES", "CHECKS", "Check", "Finding", "Hint", "Languages", "Located",
           "Severity", "lang_code", "minority", "register", "texts"]


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; use error, warning or info") from None

    def __str__(self) -> str:
        return self.name.lower()


class Hint(NamedTuple):
    """A pre-filter of a per-unit check: *pattern* searched in one side of a unit
    ("source" or "target"), lowered first if *lowered* (see :meth:`Check.hints`)."""

    side: str
    pattern: re.Pattern[str]
    lowered: bool = False

    @staticmethod
    def either_side(pattern: re.Pattern[str]) -> tuple[Hint, Hint]:
        """The hints for a check that looks at both sides for the same thing."""
        return Hint("source", pattern), Hint("target", pattern)


def lang_code(tag: str | None) -> str:
    """The primary language subtag of a tag, lower case: ``vi-VN``, ``vi_VN`` -> ``vi``."""
    return (tag or "").replace("_", "-").split("-")[0].split("@")[0].lower()


@dataclass(frozen=True)
class Languages:
    """The language pairs a check applies to, by primary subtag (``vi``, ``en``), and the
    sides it reads.  ``source``/``target``: the languages that side must be in (None:
    any); ``target_not``: languages the target must not be in; ``either``: at least one
    side must be in these.  ``sides`` names the texts the check reads, for the reader
    (and ``l10nflow checks``)."""

    source: frozenset[str] | None = None
    target: frozenset[str] | None = None
    target_not: frozenset[str] = frozenset()
    either: frozenset[str] | None = None
    sides: tuple[str, ...] = ("source", "target")

    def applies(self, source: str, target: str) -> bool:
        """Whether the check runs on a store from *source* into *target* (subtags)."""
        return ((self.source is None or source in self.source)
                and (self.target is None or target in self.target)
                and target not in self.target_not
                and (self.either is None or source in self.either or target in self.either))

    def describe(self) -> str:
        parts = []
        if self.source is not None:
            parts.append("source " + "/".join(sorted(self.source)))
        if self.target is not None:
            parts.append("target " + "/".join(sorted(self.target)))
        if self.target_not:
            parts.append("target not " + "/".join(sorted(self.target_not)))
        if self.either is not None:
            parts.append("a side in " + "/".join(sorted(self.either)))
        return (", ".join(parts) or "any languages") + "; reads " + " and ".join(self.sides)


ANY_LANGUAGES = Languages()


@dataclass(frozen=True)
class Located:
    """A unit together with the file it was read from."""

    unit: Unit
    path: Path

    @property
    def line(self) -> int | None:
        return self.unit.line


_DIGITS = re.compile(r"\d+")

# Reports quote a unit's texts up to this many characters: a unit of megabytes with
# hundreds of findings must not make a report of gigabytes.
EXCERPT = 1000


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """*text*, cut to *limit* characters with "…" when longer."""
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass
class Finding:
    """One problem: which check, how bad, where, what, and what to write instead."""

    check: str
    severity: Severity
    path: Path
    line: int | None
    unit: str
    source: str
    target: str
    message: str
    suggestion: str | None = None
    related: list[tuple[Path, int | None, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The JSON form documented in the README."""
        return {
            "check": self.check, "severity": str(self.severity), "file": str(self.path),
            "line": self.line, "unit": excerpt(self.unit), "source": excerpt(self.source),
            "target": excerpt(self.target), "message": self.message,
            "suggestion": self.suggestion,
            "related": [{"file": str(p), "line": n, "unit": u} for p, n, u in self.related],
        }

    def fingerprint(self, base: Path | None = None) -> str:
        """What identifies this finding across runs, for baselines and SARIF: a hash of
        the check, the file's path relative to *base* (default: the current folder), the
        unit's source text and the message with its numbers left out -- not the line or
        the unit's key (re-align may change both), not counts that move when other text
        changes ("in 7 other places")."""
        path = self.path.resolve()
        try:
            shown = os.path.relpath(path, (base or Path.cwd()).resolve())
        except ValueError:               # another drive (Windows)
            shown = str(path)
        message = _DIGITS.sub("#", self.message)
        data = "\x1f".join((self.check, Path(shown).as_posix(), self.source, message))
        return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class Check:
    """Base class: subclasses set the class attributes and override one method."""

    id: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]
    example: ClassVar[str]          # "source => target: what is reported"
    # Which language pairs the check applies to and which sides it reads: declared by
    # every check (register() refuses one without); the runner skips a check on a store
    # whose languages it does not apply to.
    languages: ClassVar[Languages]
    corpus_wide: ClassVar[bool] = False
    # A corpus-wide check whose map step uses the names found in every source of the
    # corpus (ctx.corpus_names()): a slice mapped before they were all known is mapped
    # again once they are.
    needs_corpus: ClassVar[bool] = False

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        return ()

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        """Cheap tests the runner applies to many units at once (one scan over all their
        texts): the check is given only units where one of them matches, always (the
        runner enforces it, so :meth:`check_unit` need not test them again).  Each must
        match wherever :meth:`check_unit` could find something.  Empty: every unit."""
        return ()

    def map_corpus(self, items: Sequence[Located], ctx: CheckContext) -> object:
        """What a corpus-wide check learns from *items*, a slice of the corpus, alone
        (refer to units by their index in *items*)."""
        return None

    def reduce_corpus(self, parts: list[tuple[int, object]], items: Sequence[Located],
                      ctx: CheckContext) -> Iterable[Finding]:
        """Findings from what :meth:`map_corpus` returned for each slice, with the index
        in *items* (the whole corpus) where the slice starts."""
        return ()

    def check_corpus(self, items: list[Located], ctx: CheckContext) -> Iterable[Finding]:
        """A corpus-wide check over *items* in one process."""
        return self.reduce_corpus([(0, self.map_corpus(items, ctx))], items, ctx)

    def finding(self, item: Located, ctx: CheckContext, message: str,
                suggestion: str | None = None,
                related: list[tuple[Path, int | None, str]] | None = None) -> Finding:
        unit = item.unit
        return Finding(self.id, ctx.severity_of(self), item.path, unit.line, unit.key,
                       unit.source, unit.target, message, suggestion, related or [])


CHECKS: dict[str, Check] = {}


def register(cls: type[Check]) -> type[Check]:
    """Class decorator adding a check to the registry.  A check must say what it is
    (id, severity, description, example) and which languages it applies to; two checks
    with one id are an error, not a silent replacement."""
    missing = [name for name in ("id", "severity", "description", "example", "languages")
               if not hasattr(cls, name)]
    if missing:
        raise TypeError(f"check {cls.__name__} does not declare {', '.join(missing)}")
    if cls.id in CHECKS:
        raise ValueError(f"two checks with the id {cls.id!r}: "
                         f"{type(CHECKS[cls.id]).__name__} and {cls.__name__}")
    CHECKS[cls.id] = cls()
    return cls


def texts(items: Sequence[Located], side: str) -> list[str]:
    """The source or target texts of *items* ("" for none, and for obsolete units, which
    no check looks at).  The runner's own sequences of units hand over their texts
    without building a unit for each."""
    column = getattr(items, "texts", None)
    if column is not None:
        return column(side)
    return [("" if item.unit.obsolete else getattr(item.unit, side) or "") for item in items]


def minority(occurrences: list[tuple[str, Located]]
             ) -> Iterator[tuple[Located, str, str, int, Located]]:
    """For variants of one thing across the corpus, each occurrence of a variant other
    than the most frequent one: (item, its variant, the usual variant, how often the
    usual one occurs, the first item that has it)."""
    counts = Counter(variant for variant, _ in occurrences)
    if len(counts) < 2:
        return
    usual, frequency = counts.most_common(1)[0]
    example = next(item for variant, item in occurrences if variant == usual)
    for variant, item in occurrences:
        if variant != usual:
            yield item, variant, usual, frequency, example
