"""Terminology from the glossaries: deprecated terms, required terms, untranslated titles."""

from __future__ import annotations

from collections.abc import Iterable

from ..vietnamese import fold
from .base import Check, Finding, Located, Severity, register
from .context import CheckContext
from .glossary import Concept, find_term


def _en(concept: Concept) -> list:
    return concept.in_lang("en")


@register
class TermDeprecated(Check):
    id = "term-deprecated"
    severity = Severity.ERROR
    description = "The translation uses a deprecated or superseded glossary term."
    example = "... Washington and Kiev ... : write 'Kyiv'"

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        target = item.unit.target
        if not target:
            return
        for concept in ctx.glossary.concepts:
            for term in _en(concept):
                if term.status not in ("deprecated", "superseded"):
                    continue
                match = find_term(term.text, target)
                if match:
                    preferred = concept.preferred("en")
                    better = preferred.text if preferred else None
                    note = f" ({term.note})" if term.note else ""
                    yield self.finding(item, ctx, f"'{match.group(0)}' is {term.status} in the "
                                       f"glossary{note}", suggestion=better)


def _source_terms(concept: Concept) -> list[str]:
    english = {t.text for t in _en(concept)}
    return [t.text for t in concept.in_lang("vi") if t.text not in english]


@register
class TermMissing(Check):
    id = "term-missing"
    severity = Severity.WARNING
    description = "A glossary source term is in the source but none of its translations is."
    example = "Triều Tiên ... => Korea ... : the glossary says 'North Korea'"

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.source or not unit.target:
            return
        for concept in ctx.glossary.concepts:
            preferred = concept.preferred("en")
            if preferred is None:
                continue
            found = next((t for t in _source_terms(concept) if find_term(t, unit.source)), None)
            if found is None:
                continue
            english = _en(concept)
            if any(find_term(t.text, unit.target) for t in english):
                continue        # accepted term present, or a deprecated one (reported there)
            if any(find_term(f, unit.target) for t in _source_terms(concept)
                   for f in {t, fold(t)}):
                continue        # left untranslated: untranslated-title reports it
            accepted = [t.text for t in english if t.accepted]
            yield self.finding(item, ctx, f"'{found}' is '{preferred.text}' in the glossary; "
                               f"the translation has none of: {', '.join(accepted)}",
                               suggestion=preferred.text)


@register
class UntranslatedTitle(Check):
    id = "untranslated-title"
    severity = Severity.ERROR
    description = ("A Vietnamese title, abbreviation or body from the glossary (NSND, "
                   "TP.HCM, UBND) is left in the translation.")
    example = "NSND Quốc Khánh => NSND Quoc Khanh: write 'People's Artist'"

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        target = item.unit.target
        if not target:
            return
        for concept in ctx.glossary.concepts:
            preferred = concept.preferred("en")
            if preferred is None:
                continue
            for term in _source_terms(concept):
                for form in sorted({term, fold(term)}):
                    match = find_term(form, target)
                    if match:
                        yield self.finding(item, ctx, f"'{match.group(0)}' is left untranslated",
                                           suggestion=preferred.text)
                        break
                else:
                    continue
                break
