"""Numbers and dates across Vietnamese and English conventions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from ..vietnamese import (
    VI_DATE_CUES,
    currency_of,
    extract_dates,
    extract_numbers,
    extract_times,
    lowered,
    may_hold_date,
    may_hold_numbered_date,
    may_name_currency,
    number_word_values,
    plain_digit_strings,
)
from .base import Check, Finding, Hint, Located, Severity, register
from .context import CheckContext

_DIGIT = re.compile(r"\d")
# Cheap tests, on lowered text (faster than case-insensitive matching), before the full
# date and time patterns run.
_MAYBE_TIME = {"vi": re.compile(r"h(?<=\dh)"), "en": re.compile(r"\d(?::\d|\s*[ap]\.?m\b)")}
_LUC = re.compile("lúc")


def _may_hold_time(text: str, lang: str) -> bool:
    low = lowered(text)
    return (lang == "vi" and "lúc" in low) or _MAYBE_TIME[lang].search(low) is not None


@lru_cache(maxsize=64)
def _spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Where the dates and times that hold digits are: their numbers are not counted."""
    spans: list[tuple[int, int]] = []
    if may_hold_numbered_date(text, lang):
        spans += [(d.start, d.end) for d in extract_dates(text, lang)]
    if _may_hold_time(text, lang):
        spans += [(t.start, t.end) for t in extract_times(text, lang)]
    return spans


@cache
def _numbers(text: str, lang: str) -> tuple:
    """Digit numbers outside dates and times (cached: several checks ask)."""
    taken = _spans(text, lang)
    return tuple(n for n in extract_numbers(text, lang)
                 if not any(a <= n.start < b for a, b in taken))


_DIGITS = re.compile(r"\d+")


def _trivially_same(source: str, target: str) -> bool:
    """Both sides hold the same plain digit strings, outside dates and clock times, and
    nothing that could change their values: the full comparison cannot find anything."""
    plain_source = plain_digit_strings(source)
    if plain_source is None:
        return False
    plain_target = plain_digit_strings(target)
    if plain_target is None:
        return False
    if sorted(plain_source) == sorted(plain_target):
        return True
    # "ngày 5/11" is "November 5": the digits of dates and times are compared by
    # date-mismatch, not here.
    return sorted(_undated_digits(source, "vi")) == sorted(_undated_digits(target, "en"))


def _undated_digits(text: str, lang: str) -> list[str]:
    taken = _spans(text, lang)
    return [m.group() for m in _DIGITS.finditer(text)
            if not any(a <= m.start() < b for a, b in taken)]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


@register
class NumberMismatch(Check):
    id = "number-mismatch"
    severity = Severity.ERROR
    description = ("A number or its currency differs between source and translation, read "
                   "in each language's conventions (10.000 = 10,000; 3,5 = 3.5; 1 triệu = "
                   "1 million; đồng = VND).")
    example = "1 triệu đồng => 1 billion VND: 1,000,000 is not 1,000,000,000"

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return Hint.either_side(_DIGIT)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.source or not unit.target or not (
                _DIGIT.search(unit.source) or _DIGIT.search(unit.target)):
            return
        if _trivially_same(unit.source, unit.target):
            return
        source, target = _numbers(unit.source, "vi"), _numbers(unit.target, "en")
        if not source and not target:
            return
        unused = list(target)
        missing = []
        currencies = may_name_currency(unit.source) and may_name_currency(unit.target)
        for number in source:
            match = next((n for n in unused if _same(n.scaled, number.scaled)), None)
            if match is not None:
                unused.remove(match)
                if currencies:
                    yield from self._currency(item, ctx, number, match)
            else:
                missing.append(number)
        if not missing and not unused:
            return
        # Numbers written as words on the other side ("seven" for 7) explain the rest.
        target_words = number_word_values(unit.target, "en")
        source_words = number_word_values(unit.source, "vi")
        missing = [n for n in missing if not any(_same(w, n.scaled) for w in target_words)]
        extra = [n for n in unused if not any(_same(w, n.scaled) for w in source_words)]
        for number in missing:
            candidates = [n for n in extra if n.value == number.value or
                          n.scaled / number.scaled in (10, 100, 1000, 0.1, 0.01, 0.001)]
            if candidates:
                other = candidates[0]
                extra.remove(other)
                yield self.finding(
                    item, ctx, f"'{number.text}' ({_fmt(number.scaled)}) is '{other.text}' "
                    f"({_fmt(other.scaled)}) in the translation",
                    suggestion=f"{_fmt(number.scaled)}")
            else:
                yield self.finding(item, ctx, f"'{number.text}' ({_fmt(number.scaled)}) is "
                                   "missing from the translation")
        for other in extra:
            yield self.finding(item, ctx, f"'{other.text}' ({_fmt(other.scaled)}) in the "
                               "translation is not in the source")


    def _currency(self, item: Located, ctx: CheckContext, number, other) -> Iterable[Finding]:
        mine = currency_of(item.unit.source, number, "vi")
        theirs = currency_of(item.unit.target, other, "en")
        if mine and theirs and mine != theirs:
            yield self.finding(item, ctx, f"'{number.text}' is in {mine} in the source but "
                               f"'{other.text}' is in {theirs} in the translation",
                               suggestion=f"{other.text} {mine}")


@register
class DateMismatch(Check):
    id = "date-mismatch"
    severity = Severity.ERROR
    description = ("A date or clock time differs between source and translation "
                   "(ngày 12/11 = November 12; 7h11 = 7:11 a.m.; month names from Babel).")
    example = "ngày 15/2 => February 16: the source says February 15"

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        # may_hold_date and _may_hold_time on the source, which gate everything below.
        return tuple(Hint("source", cue, lowered=True)
                     for cue in (*VI_DATE_CUES, _LUC, _MAYBE_TIME["vi"]))

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.source or not unit.target:
            return
        source_dates = extract_dates(unit.source, "vi") if may_hold_date(unit.source, "vi") \
            else []
        target_dates = extract_dates(unit.target, "en") if source_dates else []
        for date in source_dates:
            if any(_date_matches(date, other) for other in target_dates):
                continue
            wanted = date.describe("en")
            if target_dates:
                shown = ", ".join(f"'{d.text}'" for d in target_dates)
                yield self.finding(item, ctx, f"'{date.text}' ({wanted}) is {shown} in the "
                                   "translation", suggestion=wanted)
            else:
                yield self.finding(item, ctx, f"'{date.text}' ({wanted}) has no date in the "
                                   "translation", suggestion=wanted)
        if not _may_hold_time(unit.source, "vi"):
            return
        target_times = extract_times(unit.target, "en")
        for time in extract_times(unit.source, "vi"):
            if any(_time_matches(time, other) for other in target_times):
                continue
            half = "p.m." if time.hour >= 12 else "a.m."
            wanted = f"{time.hour % 12 or 12}:{time.minute:02d} {half}"
            yield self.finding(item, ctx, f"'{time.text}' ({wanted}) is not in the translation",
                               suggestion=wanted)


def _date_matches(source, target) -> bool:
    if source.weekday is not None:
        return target.weekday == source.weekday
    if target.month != source.month:
        return False
    if source.day is not None and target.day != source.day:
        return False
    return not (source.year and target.year and source.year != target.year)


def _time_matches(source, target) -> bool:
    if target.minute != source.minute:
        return False
    return target.hour == source.hour or (target.ambiguous and target.hour % 12 ==
                                          source.hour % 12)
