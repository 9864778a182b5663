"""Terminology from the glossaries: deprecated terms, required terms, untranslated titles.

Terms are looked up for the store's own languages (tags matched by primary subtag and
region, see :func:`~.glossary.tag_matches`), so one glossary serves vi->en, en->vi and
en->es alike."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..regexutil import literal_union
from ..vietnamese import fold, lowered
from .base import ANY_LANGUAGES, Check, Finding, Hint, Languages, Located, Severity, register
from .context import CheckContext
from .glossary import Concept, Term, find_term


@dataclass
class _Entry:
    concept: Concept
    preferred: Term | None          # the preferred target-language term
    targets: list[Term]             # every target-language term
    source_terms: list[str]         # source-language terms that are not also target terms


class _Index:
    """The glossary prepared once per run and language pair: entries, and one regular
    expression per role that finds candidate terms in a single pass over a text."""

    def __init__(self, concepts: list[Concept], source_lang: str, target_lang: str) -> None:
        self.entries = []
        for concept in concepts:
            targets = concept.in_lang(target_lang)
            sources = concept.in_lang(source_lang)
            if not targets and not sources:
                continue
            names = {t.text for t in targets}
            # A lower-case admitted term ("parliament") is an accepted rendering, not a
            # name to look for in a source.
            self.entries.append(_Entry(concept, concept.preferred(target_lang), targets,
                                       [t.text for t in sources if t.text not in names
                                        and not (t.status == "admitted" and t.text.islower())]))
        self.deprecated = [(t, e) for e in self.entries for t in e.targets
                           if t.status in ("deprecated", "superseded")]
        self.any_deprecated = _alternation(t.text for t, _ in self.deprecated)
        self.any_source = _alternation(s for e in self.entries for s in e.source_terms)
        self.by_source_term: dict[str, list[_Entry]] = {}
        for entry in self.entries:
            for term in entry.source_terms:
                self.by_source_term.setdefault(_norm(term), []).append(entry)
        self.any_title = _alternation(f for e in self.entries for f in _title_forms(e))
        self.by_title: dict[str, list[_Entry]] = {}
        for entry in self.entries:
            for form in _title_forms(entry):
                self.by_title.setdefault(_norm(form), []).append(entry)
        self.order = {id(entry): n for n, entry in enumerate(self.entries)}

    def candidates(self, pattern: re.Pattern[str], text: str,
                   table: dict[str, list[_Entry]]) -> list[_Entry]:
        """Entries whose terms the pre-filter *pattern* finds in *text*, in glossary
        order; matches are tried at every start, so no term hides one that overlaps it."""
        found: dict[int, _Entry] = {}
        low = lowered(text)
        position = 0
        while (match := pattern.search(low, position)) is not None:
            position = match.start() + 1
            for entry in table.get(_norm(match.group(0)), ()):
                found.setdefault(id(entry), entry)
        return sorted(found.values(), key=lambda e: self.order[id(e)])


def _title_forms(entry: _Entry) -> set[str]:
    """A source term as it may be left in a translation: as written, or without its
    diacritics -- unless a target term is written so ("Ha Noi" is English too)."""
    targets = {_norm(t.text) for t in entry.targets}
    return {f for s in entry.source_terms for f in (s, fold(s)) if _norm(f) not in targets}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _alternation(terms: Iterable[str]) -> re.Pattern[str] | None:
    """A pre-filter for lowered text: no match means no term can match (find_term then
    looks at each candidate with its case rule)."""
    words = {" ".join(t.split()).lower() for t in terms if t.strip()}
    return re.compile(literal_union(words, space=r"\s+")) if words else None


_NEVER = re.compile("(?!)")       # the hint of a role the glossary has no terms for


def _index(ctx: CheckContext) -> _Index:
    return ctx.shared("terms", lambda c: _Index(c.glossary.concepts, c.source_tag,
                                                 c.target_tag))


@register
class TermDeprecated(Check):
    id = "term-deprecated"
    severity = Severity.ERROR
    description = "The translation uses a deprecated or superseded glossary term."
    example = "... Washington and Kiev ... : write 'Kyiv'"
    languages = Languages(sides=("target",))

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("target", _index(ctx).any_deprecated or _NEVER, lowered=True),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        target = item.unit.target
        if not target:
            return
        for term, entry in _index(ctx).deprecated:
            written = find_term(term.text, target)
            if written:
                note = f" ({term.note})" if term.note else ""
                yield self.finding(item, ctx, f"'{written}' is {term.status} in the "
                                   f"glossary{note}",
                                   suggestion=entry.preferred.text if entry.preferred else None)


@register
class TermMissing(Check):
    id = "term-missing"
    severity = Severity.WARNING
    description = "A glossary source term is in the source but none of its translations is."
    example = "Triều Tiên ... => Korea ... : the glossary says 'North Korea'"
    languages = ANY_LANGUAGES

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("source", _index(ctx).any_source or _NEVER, lowered=True),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        index = _index(ctx)
        if not unit.source or not unit.target:
            return
        for entry in index.candidates(index.any_source, unit.source, index.by_source_term):
            if entry.preferred is None:
                continue
            found = next((t for t in entry.source_terms if find_term(t, unit.source)), None)
            if found is None:
                continue
            if any(find_term(t.text, unit.target) for t in entry.targets):
                continue        # accepted term present, or a deprecated one (reported there)
            if any(find_term(f, unit.target) for t in entry.source_terms
                   for f in {t, fold(t)}):
                continue        # left untranslated: untranslated-title reports it
            accepted = [t.text for t in entry.targets if t.accepted]
            yield self.finding(item, ctx, f"'{found}' is '{entry.preferred.text}' in the "
                               f"glossary; the translation has none of: {', '.join(accepted)}",
                               suggestion=entry.preferred.text)


@register
class UntranslatedTitle(Check):
    id = "untranslated-title"
    severity = Severity.ERROR
    description = ("A source-language glossary term -- a title, abbreviation or body "
                   "(NSND, TP.HCM, UBND; National Assembly into Vietnamese) -- is left "
                   "untranslated in the translation.")
    example = "NSND Quốc Khánh => NSND Quoc Khanh: write 'People's Artist'"
    languages = ANY_LANGUAGES

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("target", _index(ctx).any_title or _NEVER, lowered=True),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        target = item.unit.target
        if not target:
            return
        index = _index(ctx)
        for entry in index.candidates(index.any_title, target, index.by_title):
            if entry.preferred is None:
                continue
            written = next((w for f in sorted(_title_forms(entry))
                            if (w := find_term(f, target))), None)
            if written:
                yield self.finding(item, ctx, f"'{written}' is left untranslated",
                                   suggestion=entry.preferred.text)
