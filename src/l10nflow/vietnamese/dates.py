"""Dates and clock times: Vietnamese ``ngày 12/11``, ``tháng 6/2024``, ``7h11`` and English
month and day names (from Babel)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from ..regexutil import literal_union
from .normalise import _at_word_start, lowered, word_start_matches

# --- dates and times ---------------------------------------------------------------------

class DateMention(NamedTuple):
    """A calendar date or part of one; missing parts are None.  (Named tuples: texts
    hold many and they are made often; a frozen dataclass is five times slower to make.)"""

    text: str
    start: int
    end: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None      # 0 = Monday

    def describe(self, lang: str = "en") -> str:
        from babel.dates import get_day_names, get_month_names
        parts = []
        if self.weekday is not None:
            parts.append(get_day_names("wide", locale=lang)[self.weekday])
        if self.month:
            month = get_month_names("wide", locale=lang)[self.month]
            parts.append(f"{month} {self.day}" if self.day else month)
        elif self.day:
            parts.append(f"day {self.day}")
        if self.year:
            parts.append(str(self.year))
        return ", ".join(parts) if self.weekday is not None and len(parts) > 1 else " ".join(
            parts)


class TimeMention(NamedTuple):
    """A clock time; ``hour`` is 0-23."""

    text: str
    start: int
    end: int
    hour: int
    minute: int = 0
    ambiguous: bool = False        # an English hour without a.m./p.m. (could be +12)


_VI_WEEKDAYS = {"thứ hai": 0, "thứ ba": 1, "thứ tư": 2, "thứ năm": 3, "thứ sáu": 4,
                "thứ bảy": 5, "chủ nhật": 6}
# Date and time patterns match lower-cased text (see lowered()), which is much faster
# than case-insensitive matching; offsets still apply to the original text.
_VI_DATE = re.compile(
    r"(?P<d>\d(?<![\d/.]\d)\d?)/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?(?![\d/])"
    r"|tháng\s+(?P<mo>\d{1,2})(?:(?:/|\s+năm\s+)(?P<my>\d{4}))?(?![\d/])"
    r"|ngày\s+(?P<dd>\d{1,2})\s+tháng\s+(?P<dm>\d{1,2})(?:\s+năm\s+(?P<dy>\d{4}))?"
    # "12 tháng 11" (day, then month) with no "ngày" before it
    r"|(?P<bd>\d(?<![\w.,/]\d)\d?)\s+tháng\s+(?P<bm>\d{1,2})"
    r"(?:(?:/|\s+năm\s+)(?P<by>\d{4}))?(?![\d/])")
_VI_WEEKDAY = re.compile("(" + "|".join(_VI_WEEKDAYS) + r")\b(?=\s*(?:,|\(|ngày|\d))")
# "7h11", "20h", "lúc 8 giờ 30": a bare "20 giờ" is a duration (20 hours), not a time.
_VI_TIME = re.compile(r"(\d(?<![\w:]\d)\d?)h(\d{2})?(?!\w)"
                      r"|lúc\s+(\d{1,2})\s*giờ(?:\s*(\d{2}))?(?!\w)")
_EN_TIME = re.compile(r"(\d(?<![\w:.]\d)\d?)(?::(\d{2}))?\s*(a\.m\.|p\.m\.|am\b|pm\b)"
                      r"|(\d(?<![\w:.]\d)\d?):(\d{2})(?![\d:])")



@cache
def _english_calendar(lang: str = "en") -> tuple[re.Pattern[str], dict[str, int], dict[str, int]]:
    from babel.dates import get_day_names, get_month_names
    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale=lang).items():
            months[name.lower().rstrip(".")] = number
    months["sept"] = 9
    days = {name.lower(): number for number, name in get_day_names("wide", locale=lang).items()}
    month_names = literal_union(months)
    # Matched on lowered text, at word starts only (see word_start_matches).
    pattern = re.compile(
        rf"(?P<m1>{month_names})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"(?:,?\s+(?P<y1>\d{{4}}))?"
        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{month_names})\b\.?"
        rf"(?:,?\s+(?P<y2>\d{{4}}))?"
        rf"|(?P<m3>{month_names})\b\.?(?:,?\s+(?P<y3>\d{{4}}))?")
    return pattern, months, days


@cache
def _english_month_cues() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Fast tests on lowered text, each starting with a literal or a digit: a month name;
    a month name before digits; digits before a month name."""
    _, months, _ = _english_calendar("en")
    names = literal_union(months)
    return (re.compile(rf"(?:{names})\b"), re.compile(rf"(?:{names})\.?,?\s+\d"),
            re.compile(rf"\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{names})\b"))


# Cheap tests for Vietnamese dates on lowered text.  Each starts with its rarest literal
# ("/", "áng" of tháng, "ày" of ngày, "ứ " of thứ, "ủ" of chủ nhật), which the regex
# engine finds by a fast scan; a test may say yes where there is no date, never no where
# there is one.
_DAY_MONTH_CUE = re.compile(r"/(?<=\d/)(?=\d)")
_THANG_CUE = re.compile(r"áng\s+\d")
_NGAY_CUE = re.compile(r"ày\s+\d")
_THU_CUE = re.compile(r"ứ (?:hai|ba|tư|năm|sáu|bảy)\b")
_CHU_NHAT_CUE = re.compile(r"ủ nhật\b")


def _vi_numbered_date_cue(low: str) -> bool:
    return bool(_DAY_MONTH_CUE.search(low) or _THANG_CUE.search(low) or
                _NGAY_CUE.search(low))


def may_hold_date(text: str, lang: str) -> bool:
    """Whether extract_dates may find a date in *text* (a cheap test for Vietnamese; for
    other languages always True)."""
    if not lang.startswith("vi"):
        return True
    low = lowered(text)
    return _vi_numbered_date_cue(low) or bool(_THU_CUE.search(low) or
                                              _CHU_NHAT_CUE.search(low))


# The same tests for callers that scan many texts at once: may_hold_date(text, "vi") is
# true exactly when one of these finds something in the lowered text.
VI_DATE_CUES = (_DAY_MONTH_CUE, _THANG_CUE, _NGAY_CUE, _THU_CUE, _CHU_NHAT_CUE)


def may_hold_numbered_date(text: str, lang: str) -> bool:
    """Whether *text* may hold a date written with digits ("12/11", "November 12"): a
    cheap test before extract_dates, for callers that only care about such dates."""
    low = lowered(text)
    if lang.startswith("vi"):
        return _vi_numbered_date_cue(low)
    _, month_first, day_first = _english_month_cues()
    return month_first.search(low) is not None or day_first.search(low) is not None


def extract_dates(text: str, lang: str) -> list[DateMention]:
    """Dates in *text*: Vietnamese ``ngày 12/11``, ``12/11/2024``, ``tháng 6/2024``,
    weekday names; English ``November 12``, ``12 November 2024``, ``June 2024`` (month
    names from Babel).  A bare ``năm 2024`` is a number, not a date."""
    out: list[DateMention] = []
    low = lowered(text)
    if lang.startswith("vi"):
        for m in _VI_DATE.finditer(low):
            if m.group("d"):
                day, month = int(m.group("d")), int(m.group("m"))
                if 1 <= day <= 31 and 1 <= month <= 12:
                    year = int(m.group("y")) if m.group("y") else None
                    out.append(DateMention(text[m.start():m.end()], m.start(), m.end(), day,
                                           month, year))
            elif m.group("mo"):
                month = int(m.group("mo"))
                if 1 <= month <= 12:
                    year = int(m.group("my")) if m.group("my") else None
                    out.append(DateMention(text[m.start():m.end()], m.start(), m.end(), None,
                                           month, year))
            else:
                day, month, year = (m.group("dd", "dm", "dy") if m.group("dd")
                                    else m.group("bd", "bm", "by"))
                if 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
                    out.append(DateMention(text[m.start():m.end()], m.start(), m.end(),
                                           int(day), int(month), int(year) if year else None))
        for m in word_start_matches(_VI_WEEKDAY, low):
            out.append(DateMention(text[m.start():m.end()], m.start(), m.end(),
                                   weekday=_VI_WEEKDAYS[m.group(1)]))
        return out
    pattern, months, days = _english_calendar("en")
    for m in _english_date_matches(pattern, low):
        name = (m.group("m1") or m.group("m2") or m.group("m3")).rstrip(".")
        if name == "may" and m.group("m3") and not m.group("y3"):
            continue                     # the verb "may"
        if m.group("m3") and not m.group("y3") and not text[m.start("m3")].isupper():
            continue
        day = m.group("d1") or m.group("d2")
        year = m.group("y1") or m.group("y2") or m.group("y3")
        out.append(DateMention(text[m.start():m.end()], m.start(), m.end(),
                               int(day) if day else None, months[name],
                               int(year) if year else None))
    for m in word_start_matches(_weekday_pattern(), text):
        out.append(DateMention(m.group(0), m.start(), m.end(), weekday=days[m.group(0).lower()]))
    return out


_DAY_BEFORE_MONTH = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?\Z")


def _english_date_matches(pattern: re.Pattern[str], low: str) -> Iterator[re.Match[str]]:
    """What ``word_start_matches(pattern, low)`` yields, found faster: every date holds
    a month name, so the whole pattern is tried only where one starts ("June 5",
    "June 2024") and at the digits just before one ("5 June")."""
    month_names = _english_month_cues()[0]
    position = 0
    for month in month_names.finditer(low):
        start = month.start()
        if start < position or not _at_word_start(low, start):
            continue
        candidates = [start]
        window = max(position, start - 16)
        day = _DAY_BEFORE_MONTH.search(low, window, start)
        if day and (day.start() > window or window in (0, position)) and \
                _at_word_start(low, day.start()):
            candidates.insert(0, day.start())
        for candidate in candidates:
            match = pattern.match(low, candidate)
            if match:
                yield match
                position = max(match.end(), match.start() + 1)
                break


@cache
def _weekday_pattern() -> re.Pattern[str]:
    _, _, days = _english_calendar("en")
    names = literal_union(n[0].upper() + n[1:] for n in days)
    return re.compile(rf"(?:{names})\b")


def extract_times(text: str, lang: str) -> tuple[TimeMention, ...]:
    """Clock times: vi ``7h11``, ``20h``, ``7 giờ 30``; en ``7:11 a.m.``, ``8 pm``, ``19:30``."""
    out = []
    if lang.startswith("vi"):
        for m in _VI_TIME.finditer(lowered(text)):
            hour = int(m.group(1) or m.group(3))
            minute = int(m.group(2) or m.group(4) or 0)
            if hour <= 24 and minute < 60:
                out.append(TimeMention(text[m.start():m.end()], m.start(), m.end(),
                                       hour % 24, minute))
        return tuple(out)
    for m in _EN_TIME.finditer(lowered(text)):
        if m.group(1):
            hour, minute = int(m.group(1)), int(m.group(2) or 0)
            pm = m.group(3).lower().startswith("p")
            if hour == 12:
                hour = 0
            out.append(TimeMention(text[m.start():m.end()], m.start(), m.end(),
                                   hour + (12 if pm else 0), minute))
        else:
            hour, minute = int(m.group(4)), int(m.group(5))
            if hour < 24 and minute < 60:
                out.append(TimeMention(text[m.start():m.end()], m.start(), m.end(), hour,
                                       minute, ambiguous=hour <= 12))
    return tuple(out)




@cache
def english_date_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Tests on lowered text that find something wherever extract_dates(text, "en")
    finds a date: a month name, or a day name."""
    days = _english_calendar("en")[2]
    return _english_month_cues()[0], re.compile(literal_union(days))
