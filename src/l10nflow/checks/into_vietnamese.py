"""Checks for translations into Vietnamese from English: English left untranslated, and
numbers written in English conventions (``1.5 triệu`` for ``1,5 triệu``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .base import Check, Finding, Hint, Languages, Located, Severity, register
from .context import CheckContext

_EN_TO_VI = Languages(source=frozenset({"en"}), target=frozenset({"vi"}), sides=("target",))

# English words that make a run of words a clause rather than a name or a term.
_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and",
    "or", "but", "not", "no", "is", "are", "was", "were", "be", "been", "has", "have",
    "had", "will", "would", "can", "could", "should", "may", "might", "must", "do", "does",
    "did", "this", "that", "these", "those", "it", "its", "you", "your", "we", "our",
    "they", "their", "he", "she", "his", "her", "which", "who", "what", "when", "where",
    "there", "here", "if", "then", "than", "as", "into", "about", "after", "before",
    "over", "under", "all", "any", "some", "more", "most",
))
_FUNCTION_HINT = re.compile(r"(?:" + "|".join(sorted(_FUNCTION_WORDS, key=len, reverse=True))
                            + r")\s+[a-z]")
# Quoted text, code in backquotes, and placeholders are meant to stay as written.
_QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"]*\"|`[^`]*`|'[^'\s][^']*'|<[^<>]*>|\[[^\]]*\]"
                     r"|\([^()]*\)|%\S*|\{[^{}]*\}")
# A run of four or more whole English words ("biết" is not "t" and a word).
_EN_WORD = r"(?<![^\W\d_])[A-Za-z][A-Za-z'’-]*+(?![^\W\d_])"
_ENGLISH_RUN = re.compile(rf"{_EN_WORD}(?:[ ,]+{_EN_WORD}){{3,}}")


@register
class UntranslatedEnglish(Check):
    id = "untranslated-english"
    severity = Severity.ERROR
    description = ("An English clause from the source is left in the Vietnamese "
                   "translation (names, acronyms, terms and quoted or code text are fine).")
    example = ("The minister said the talks will resume => Bộ trưởng said the talks will "
               "resume : translate 'said the talks will resume'")
    languages = _EN_TO_VI

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("target", _FUNCTION_HINT, lowered=True),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.source or not unit.target:
            return
        source = " ".join(unit.source.lower().split())
        target = _QUOTED.sub(" | ", unit.target)
        for match in _ENGLISH_RUN.finditer(target):
            words = re.findall(r"[A-Za-z][A-Za-z'’-]*", match.group(0))
            function = [w for w in words if w.lower() in _FUNCTION_WORDS]
            content = [w for w in words if w.lower() not in _FUNCTION_WORDS and w.islower()]
            run = " ".join(match.group(0).split())
            # A clause: English function words among lower-case content words, copied
            # from the source (a title in capitals, "Ministry of Foreign Affairs", has
            # no lower-case word; "Cherry-picking" is one loanword).
            if function and len(content) >= 2 and run.lower() in source:
                yield self.finding(item, ctx, f"English left untranslated: '{run}'")


# "1.5 triệu", "3.5%": the English decimal point before a magnitude word or a percent.
_DECIMAL_POINT = re.compile(r"(?<![\d.,])(\d+)\.(\d{1,2}|\d{4,})(?![\d.,])"
                            r"\s*(?:%|phần trăm|triệu|tỷ|tỉ|nghìn|ngàn|trăm)(?!\w)")
# "1,500,000" or "10,000": English thousands separators.
_THOUSANDS_COMMA = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)")
_SEPARATOR_HINT = re.compile(r"\d[.,]\d")


@register
class NumberFormat(Check):
    id = "number-format"
    severity = Severity.WARNING
    description = ("A number in the Vietnamese translation is written in English "
                   "conventions: a decimal point (1.5 triệu) or thousands commas (10,000); "
                   "Vietnamese writes 1,5 triệu and 10.000.")
    example = "1.5 million => 1.5 triệu : write '1,5 triệu'"
    languages = _EN_TO_VI

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("target", _SEPARATOR_HINT),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.target:
            return
        for match in _DECIMAL_POINT.finditer(unit.target):
            written = match.group(0)
            yield self.finding(item, ctx, f"'{written}' uses an English decimal point; "
                               "Vietnamese writes a comma",
                               suggestion=written.replace(".", ",", 1))
        for match in _THOUSANDS_COMMA.finditer(unit.target):
            written = match.group(0)
            # One comma and three digits may be a Vietnamese decimal ("1,500" = 1.5):
            # only a number copied as the English source writes it is surely English.
            if written.count(",") == 1 and written not in (unit.source or ""):
                continue
            yield self.finding(item, ctx, f"'{written}' uses English thousands commas; "
                               "Vietnamese groups with dots",
                               suggestion=written.replace(",", "."))
