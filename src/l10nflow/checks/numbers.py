"""Numbers and dates across Vietnamese and English conventions."""

from __future__ import annotations

import re
from collections.abc import Iterable

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
from ..vietnamese.dates import english_date_cues
from .base import Check, Finding, Hint, Languages, Located, Severity, register
from .context import CheckContext

# Number and date conventions l10nflow knows: Vietnamese and English, either way.
_PAIRS = Languages(source=frozenset({"vi", "en"}), target=frozenset({"vi", "en"}))

_DIGIT = re.compile(r"\d")
# Cheap tests, on lowered text (faster than case-insensitive matching), before the full
# date and time patterns run.
_MAYBE_TIME = {"vi": re.compile(r"h(?<=\dh)"), "en": re.compile(r"\d(?::\d|\s*[ap]\.?m\b)")}
_LUC = re.compile("lúc")


def _may_hold_time(text: str, lang: str) -> bool:
    low = lowered(text)
    return (lang == "vi" and "lúc" in low) or _MAYBE_TIME[lang].search(low) is not None


def _times(text: str, lang: str) -> tuple:
    """Clock times; a Vietnamese text may also write them the English way (19:30)."""
    found = tuple(extract_times(text, lang))
    if lang == "vi" and ":" in text:
        found += tuple(t for t in extract_times(text, "en")
                       if not any(t.start < o.end and o.start < t.end for o in found))
    return found


# Format placeholders hold digits that are no quantities: "%2$s", "%.2f", "%5d", "{0}".
_PLACEHOLDER = re.compile(r"%\d+\$|%[-+ #0]*\d*(?:\.\d+)?[hlLqjzt]*[diouxXeEfFgGcs]|\{\d+\}")


def _spans(text: str, lang: str, ctx: CheckContext) -> list[tuple[int, int]]:
    """Where the dates and times that hold digits are: their numbers are not counted
    (a per-run memo: the number checks ask twice)."""
    return ctx.memo("spans", _find_spans, 64)(text, lang, ctx)


def _find_spans(text: str, lang: str, ctx: CheckContext) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if "%" in text or "{" in text:
        spans += [m.span() for m in _PLACEHOLDER.finditer(text)]
    if may_hold_numbered_date(text, lang):
        spans += [(d.start, d.end) for d in _dates(text, lang, ctx)]
    if _may_hold_time(text, lang):
        spans += [(t.start, t.end) for t in ctx.memo("times", _times)(text, lang)]
    return spans


def _dates(text: str, lang: str, ctx: CheckContext) -> tuple:
    """The dates of a text (a per-run memo: both number checks ask)."""
    return ctx.memo("dates", _all_dates)(text, lang)


def _all_dates(text: str, lang: str) -> tuple:
    return tuple(extract_dates(text, lang))


def _numbers(text: str, lang: str, ctx: CheckContext) -> tuple:
    """Digit numbers outside dates and times (a per-run memo: several checks ask)."""
    return ctx.memo("numbers", _find_numbers)(text, lang, ctx)


def _find_numbers(text: str, lang: str, ctx: CheckContext) -> tuple:
    taken = _spans(text, lang, ctx)
    if not taken:
        return tuple(extract_numbers(text, lang))
    return tuple(n for n in extract_numbers(text, lang)
                 if not any(a <= n.start < b for a, b in taken))


_DIGITS = re.compile(r"\d+")


def _trivially_same(source: str, target: str, ctx: CheckContext) -> bool:
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
    return sorted(_undated_digits(source, ctx.source_lang, ctx)) == \
        sorted(_undated_digits(target, ctx.target_lang, ctx))


def _undated_digits(text: str, lang: str, ctx: CheckContext) -> list[str]:
    taken = _spans(text, lang, ctx)
    return [m.group() for m in _DIGITS.finditer(text)
            if not any(a <= m.start() < b for a, b in taken)]


def _without_copies(source: tuple, target: tuple, target_text: str) -> tuple[list, list]:
    """*source* and *target* numbers without those copied as written whose value the
    other language reads differently."""
    source, target = list(source), list(target)
    for number in list(source):
        if number.text not in target_text:
            continue
        digits = _digits_of(number.text)
        copy = next((n for n in target if _digits_of(n.text) == digits), None)
        if copy is not None and not _same(copy.scaled, number.scaled):
            source.remove(number)
            target.remove(copy)
    return source, target


def _digits_of(text: str) -> str:
    """The digits and separators a number mention starts with ("1.0" of "1.0K")."""
    return _NUMERAL.match(text).group(0)


_NUMERAL = re.compile(r"[\d.,]*")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _quoted(number) -> str:
    """A number as written, with how it was read when that is not plain to see
    ("'10.000' (10,000)", but "'2011'", not "'2011' (2,011)")."""
    value = number.scaled
    plain = number.text == _fmt(value) or (value == int(value) and number.text == f"{value:.0f}")
    return f"'{number.text}'" if plain else f"'{number.text}' ({_fmt(value)})"


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
    languages = _PAIRS

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return Hint.either_side(_DIGIT)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.source or not unit.target:
            return
        if _trivially_same(unit.source, unit.target, ctx):
            return
        source_lang, target_lang = ctx.languages
        source = _numbers(unit.source, source_lang, ctx)
        target = _numbers(unit.target, target_lang, ctx)
        if not source and not target:
            return
        unused = list(target)
        missing = []
        currencies = may_name_currency(unit.source) and may_name_currency(unit.target)
        currencies = currencies and source_lang != target_lang
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
        if source_lang != target_lang:
            # A number copied as written but read otherwise in the other language
            # ("10,000" in Vietnamese is 10; "2.0K" has no magnitude word there) is the
            # same number: how it should be written is number-format's business.
            missing, unused = _without_copies(missing, unused, unit.target)
        # Numbers written as words on the other side ("seven" for 7) explain the rest.
        target_words = number_word_values(unit.target, target_lang)
        source_words = number_word_values(unit.source, source_lang)
        missing = [n for n in missing if not any(_same(w, n.scaled) for w in target_words)]
        extra = [n for n in unused if not any(_same(w, n.scaled) for w in source_words)]
        for number in missing:
            candidates = [n for n in extra if n.value == number.value or
                          n.scaled / number.scaled in (10, 100, 1000, 0.1, 0.01, 0.001)]
            if candidates:
                other = candidates[0]
                extra.remove(other)
                yield self.finding(
                    item, ctx, f"{_quoted(number)} is {_quoted(other)} in the translation",
                    suggestion=f"{_fmt(number.scaled)}")
            else:
                yield self.finding(item, ctx, f"{_quoted(number)} is missing from the "
                                   "translation")
        for other in extra:
            yield self.finding(item, ctx, f"{_quoted(other)} in the translation is not in "
                               "the source")


    def _currency(self, item: Located, ctx: CheckContext, number, other) -> Iterable[Finding]:
        mine = currency_of(item.unit.source, number, ctx.source_lang)
        theirs = currency_of(item.unit.target, other, ctx.target_lang)
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
    languages = _PAIRS

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        # what gates everything below: may_hold_date and _may_hold_time on the source
        if ctx.source_lang == "vi":
            cues = (*VI_DATE_CUES, _LUC, _MAYBE_TIME["vi"])
        else:
            cues = (*english_date_cues(), _MAYBE_TIME["en"])
        return tuple(Hint("source", cue, lowered=True) for cue in cues)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.source or not unit.target:
            return
        source_lang, target_lang = ctx.languages
        source_dates = _dates(unit.source, source_lang, ctx) \
            if may_hold_date(unit.source, source_lang) else ()
        target_dates = _dates(unit.target, target_lang, ctx) if source_dates else ()
        for date in source_dates:
            if any(_date_matches(date, other) for other in target_dates):
                continue
            if target_lang == "vi" and source_lang != "vi" and _vague_in_vietnamese(
                    date, unit.target, ctx):
                continue
            wanted = _describe(date, target_lang)
            if target_dates:
                shown = ", ".join(f"'{d.text}'" for d in target_dates)
                yield self.finding(item, ctx, f"'{date.text}' ({wanted}) is {shown} in the "
                                   "translation", suggestion=wanted)
            else:
                yield self.finding(item, ctx, f"'{date.text}' ({wanted}) has no date in the "
                                   "translation", suggestion=wanted)
        if not _may_hold_time(unit.source, source_lang):
            return
        times = ctx.memo("times", _times)
        target_times = times(unit.target, target_lang)
        for time in times(unit.source, source_lang):
            if any(_time_matches(time, other) for other in target_times):
                continue
            if target_lang == "vi":
                wanted = f"{time.hour}h{time.minute:02d}" if time.minute else f"{time.hour}h"
            else:
                half = "p.m." if time.hour >= 12 else "a.m."
                wanted = f"{time.hour % 12 or 12}:{time.minute:02d} {half}"
            yield self.finding(item, ctx, f"'{time.text}' ({wanted}) is not in the translation",
                               suggestion=wanted)


def _describe(date, lang: str) -> str:
    """How *date* is written in *lang*: English month names, or Vietnamese digits
    (ngày 12/11, tháng 6/2024)."""
    if lang != "vi":
        return date.describe("en")
    if date.weekday is not None and date.month is None:
        return ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy",
                "Chủ nhật"][date.weekday]
    year = f"/{date.year}" if date.year else ""
    if date.day:
        return f"ngày {date.day}/{date.month}{year}"
    return f"tháng {date.month}{year}" if date.month else (f"năm {date.year}" if date.year
                                                           else date.text)


_VI_WEEKDAY_NAMES = ("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy",
                     "chủ nhật")


def _vague_in_vietnamese(date, target: str, ctx: CheckContext) -> bool:
    """An English date Vietnamese need not write as a date: a weekday on its own
    ("Monday" is "thứ Hai", which alone also means "second"), when the target names it;
    and a bare month name ("Jan", "in March") with no day or year."""
    if date.weekday is not None and date.month is None:
        return _VI_WEEKDAY_NAMES[date.weekday] in lowered(target)
    return date.day is None and date.year is None


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
