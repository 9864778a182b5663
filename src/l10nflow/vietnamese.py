"""Vietnamese text handling, in one place.

Everything in l10nflow that needs to know how Vietnamese is written comes here:
Unicode normalisation, diacritic folding ("Quảng Trị" -> "Quang Tri"), tone-mark
placement styles ("hòa" vs "hoà"), and number forms on both sides of the pair
(vi ``10.000`` / ``3,5`` / ``1 triệu`` against en ``10,000`` / ``3.5`` / ``1 million``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import NamedTuple

from .regexutil import literal_union

__all__ = [
    "TONE_STYLES",
    "NumberMention",
    "extract_numbers",
    "fold",
    "has_vietnamese_letters",
    "nfc",
    "set_tone_style",
    "tone_style_of",
]

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
# Letters only Vietnamese uses among Latin scripts: a strong signal of Vietnamese text.
_VI_ONLY = set("ăâđêôơưĂÂĐÊÔƠƯ")


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC, the form every l10nflow file is written in."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Remove Vietnamese diacritics: ``"Quảng Trị"`` -> ``"Quang Tri"``, ``"Đà"`` -> ``"Da"``.

    The result keeps case and every non-letter; it is what English copy desks
    write when they strip a name.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


# A letter with a Vietnamese-only diacritic or a tone mark, precomposed (every such letter
# below U+2000) or decomposed: one character class, so no normalisation per test.
VIETNAMESE_LETTER = re.compile("[" + re.escape("".join(sorted(
    _VI_ONLY | _TONE_MARKS | {c for c in map(chr, range(0x80, 0x2000))
                              if _TONE_MARKS & set(unicodedata.normalize("NFD", c))}))) + "]")


def has_vietnamese_letters(text: str) -> bool:
    """True when *text* holds a letter with a Vietnamese-only diacritic or a tone mark."""
    return not text.isascii() and VIETNAMESE_LETTER.search(text) is not None


# --- tone-mark placement -------------------------------------------------------------
#
# In the open syllables "oa", "oe" and "uy" the tone mark sits on the first vowel in the
# traditional ("old") style -- hòa, hòe, thủy -- and on the main vowel, the second, in the
# "new" style -- hoà, hoè, thuỷ.  Both are correct Vietnamese; a house style picks one and
# l10nflow keeps a file consistent with it.

TONE_STYLES = ("old", "new")
_WORD = re.compile(r"\w+")
_STYLE_ENDINGS = ("oa", "oe", "uy")


def _split_tone(word: str) -> tuple[str, str | None]:
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((c for c in decomposed if c in _TONE_MARKS), None)
    bare = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tone


def _restyle_word(word: str, style: str) -> str:
    bare, tone = _split_tone(word)
    lower = bare.lower()
    if tone is None or not lower.endswith(_STYLE_ENDINGS):
        return word
    before = lower[-3:-2]
    # "quy" is q-u-y with "qu" as the consonant; a vowel before means a longer nucleus.
    if before == "q" or (before and before in _VOWELS_LOWER):
        return word
    pos = len(bare) - 2 if style == "old" else len(bare) - 1
    marked = unicodedata.normalize("NFC", bare[pos] + tone)
    return bare[:pos] + marked + bare[pos + 1:]


_VOWELS_LOWER = {c.lower() for c in _VOWELS}


def set_tone_style(text: str, style: str) -> str:
    """Rewrite *text* so open ``oa``/``oe``/``uy`` syllables use tone placement *style*.

    ``style`` is ``"old"`` (hòa, thủy) or ``"new"`` (hoà, thuỷ).
    """
    if style not in TONE_STYLES:
        raise ValueError(f"unknown tone style {style!r}; use one of {', '.join(TONE_STYLES)}")
    text = nfc(text)
    # Only words that end in such a pair can change: restyle those, copy the rest.
    parts, done = [], 0
    for match in _STYLE_CANDIDATE.finditer(text):
        start = match.start()          # back to the start of the word the pair ends
        while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        parts += [text[done:start], _restyle_word(text[start:match.end()], style)]
        done = match.end()
    return "".join(parts) + text[done:] if parts else text


def _letters_folding_to(bases: str) -> str:
    return "".join(chr(c) for c in range(0x41, 0x1F00)
                   if chr(c).isalpha() and fold(chr(c)).lower() in bases)


# Words that can show a placement style: an open "oa", "oe" or "uy" at the end.
_STYLE_CANDIDATE = re.compile(
    f"[{_letters_folding_to('o')}][{_letters_folding_to('ae')}](?!\\w)"
    f"|[{_letters_folding_to('u')}][{_letters_folding_to('y')}](?!\\w)")


def style_candidates(text: str) -> list[str]:
    """The words of *text* whose tone placement can differ between the styles."""
    if text.isascii():
        return []
    words = []
    for match in _STYLE_CANDIDATE.finditer(text):
        start = match.start()          # back to the start of the word the pair ends
        while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        words.append(text[start:match.end()])
    return words


@lru_cache(maxsize=200_000)
def tone_style_of(word: str) -> str | None:
    """Which placement style a single word shows: ``"old"``, ``"new"`` or None if neutral."""
    if word.isascii():
        return None
    word = nfc(word)
    old, new = set_tone_style(word, "old"), set_tone_style(word, "new")
    if old == new:
        return None
    return "old" if word == old else "new" if word == new else None


# --- numbers -------------------------------------------------------------------------

_MAGNITUDES = {
    "vi": {"nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,
           "trăm": 1e2},
    "en": {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "hundred": 1e2,
           "k": 1e3, "m": 1e6, "bn": 1e9},
}
# Patterns below start with a digit or a literal and test the character before it in a
# look-behind after that: a leading look-behind or \b would run at every position.
_NUMBER = re.compile(
    r"(?P<num>\d(?<![\w.,]\d)(?:\d{0,2}(?:[.,]\d{3})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?))"
    r"(?P<pct>\s?%)?"
    r"(?:\s*(?P<mag>[^\W\d_]+))?",
)


class NumberMention(NamedTuple):
    """A number found in text: its value, the text it came from and where."""

    value: float
    text: str
    start: int
    end: int
    magnitude: float = 1.0
    percent: bool = False

    @property
    def scaled(self) -> float:
        """The value with its magnitude word applied (``1 triệu`` -> 1,000,000)."""
        return self.value * self.magnitude


def parse_number(token: str, lang: str) -> float | None:
    """Parse a digit string written in the conventions of *lang*.

    Vietnamese groups thousands with ``.`` and marks decimals with ``,``
    (``10.000``, ``3,5``); English does the opposite.  A lone separator followed by
    exactly three digits is read as a thousands group in the language that groups
    with it (vi ``1.500`` = 1500, en ``1,500`` = 1500) and as a decimal otherwise.
    """
    group, decimal = (".", ",") if lang == "vi" else (",", ".")
    if group in token and decimal in token:
        token = token.replace(group, "").replace(decimal, ".")
    elif group in token:
        parts = token.split(group)
        if all(len(p) == 3 for p in parts[1:]):
            token = "".join(parts)
        elif len(parts) == 2:
            token = token.replace(group, ".")
        else:
            return None
    elif decimal in token:
        parts = token.split(decimal)
        if len(parts) != 2:
            return None
        token = token.replace(decimal, ".")
    try:
        value = float(token)
    except ValueError:
        return None
    # a digit string too long for a float (400 digits) is not a quantity to compare
    return value if math.isfinite(value) else None


def extract_numbers(text: str, lang: str) -> Iterator[NumberMention]:
    """Yield the numbers in *text*, read in the conventions of *lang* (``vi``/``en``).

    Magnitude words that follow a number are attached to it (``1 triệu`` ->
    value 1, magnitude 1e6), and a percent sign is noted.  Dates such as ``12/11``
    yield their parts as plain numbers; the date checks look at them as dates.
    """
    code = "vi" if lang.startswith("vi") else "en"
    magnitudes = _MAGNITUDES.get(lang.split("-")[0].lower(), {})
    for match in _NUMBER.finditer(text):
        token, percent, word = match.group("num", "pct", "mag")
        value = float(token) if token.isdigit() else parse_number(token, code)
        magnitude = magnitudes.get(word.lower(), 1.0) if word else 1.0
        if value is None or not math.isfinite(value * magnitude):
            continue                  # too long a digit string to be a quantity
        start = match.start()
        end = match.end() if magnitude != 1.0 else match.end("pct") if percent \
            else match.end("num")
        yield NumberMention(value, text[start:end], start, end, magnitude, bool(percent))


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
    r"|tháng\s+(?P<mo>\d{1,2})(?:/(?P<my>\d{4}))?(?![\d/])"
    r"|ngày\s+(?P<dd>\d{1,2})\s+tháng\s+(?P<dm>\d{1,2})(?:\s+năm\s+(?P<dy>\d{4}))?")
_VI_WEEKDAY = re.compile("(" + "|".join(_VI_WEEKDAYS) + r")\b(?=\s*(?:,|\(|ngày|\d))")
# "7h11", "20h", "lúc 8 giờ 30": a bare "20 giờ" is a duration (20 hours), not a time.
_VI_TIME = re.compile(r"(\d(?<![\w:]\d)\d?)h(\d{2})?(?!\w)"
                      r"|lúc\s+(\d{1,2})\s*giờ(?:\s*(\d{2}))?(?!\w)")
_EN_TIME = re.compile(r"(\d(?<![\w:.]\d)\d?)(?::(\d{2}))?\s*(a\.m\.|p\.m\.|am\b|pm\b)"
                      r"|(\d(?<![\w:.]\d)\d?):(\d{2})(?![\d:])")


@lru_cache(maxsize=64)
def lowered(text: str) -> str:
    """*text* in lower case, character for character, so that a match's offsets in it
    are offsets in *text* (``str.lower`` turns a few letters such as "İ" into two).
    Several checks ask for the same texts in turn: the last few are cached."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _at_word_start(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


def word_start_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of *pattern* that start a word (what a leading \\b would test, checked
    here because a leading \\b makes the scan slow)."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        if _at_word_start(text, match.start()):
            yield match
            position = max(match.end(), match.start() + 1)
        else:
            position = match.start() + 1


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


@cache
def _dates(text: str, lang: str) -> tuple[DateMention, ...]:
    return tuple(_extract_dates(text, lang))


def extract_dates(text: str, lang: str) -> list[DateMention]:
    """Dates in *text* (see :func:`_extract_dates`); results are cached per text."""
    return list(_dates(text, lang))


def _extract_dates(text: str, lang: str) -> list[DateMention]:
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
                out.append(DateMention(text[m.start():m.end()], m.start(), m.end(),
                                       int(m.group("dd")),
                                       int(m.group("dm")),
                                       int(m.group("dy")) if m.group("dy") else None))
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


@cache
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


# --- numbers written as words --------------------------------------------------------------

NUMBER_WORDS = {
    "en": {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
           "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
           "hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9,
           "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
           "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "dozen": 12, "once": 1,
           "twice": 2, "single": 1, "double": 2, "half": 0.5, "both": 2, "pair": 2},
    "vi": {"không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6,
           "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": 10, "trăm": 100,
           "nghìn": 1000, "ngàn": 1000, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,
           "đôi": 2, "cặp": 2, "chục": 10, "nửa": 0.5, "rưỡi": 0.5},
}


_NUMBER_WORD_PATTERNS = {lang: re.compile(rf"(?:{literal_union(table)})(?![^\W\d_])")
                         for lang, table in NUMBER_WORDS.items()}


def number_word_values(text: str, lang: str) -> set[float]:
    """Values of number words in *text* (``seven``, ``hai``): used to accept a digit on
    the other side, never to report a word alone."""
    code = lang.split("-")[0].lower()
    if code not in NUMBER_WORDS:
        return set()
    table = NUMBER_WORDS[code]
    return {table[m.group(0)] for m in word_start_matches(_NUMBER_WORD_PATTERNS[code],
                                                          lowered(text))}


# --- broken encodings ------------------------------------------------------------------------

# Cheap pre-filters: no match means repair_mojibake / decode_legacy find nothing.
MOJIBAKE_HINT = re.compile("[ÃÄÅÆáâäåæ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                            "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def repair_mojibake(text: str) -> str | None:
    """The text meant, if *text* is UTF-8 that was decoded as Windows-1252 or Latin-1
    (``VÅ©`` for ``Vũ``, ``Viá»‡t`` for ``Việt``); otherwise None."""
    if not MOJIBAKE_HINT.search(text):
        return None
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return nfc(fixed)
    # Only part of the text may be broken: repair word by word.
    repaired, changed = [], False
    for word in re.split(r"(\s+)", text):
        fixed_word = None
        if MOJIBAKE_HINT.search(word):
            for codec in ("cp1252", "latin-1"):
                try:
                    fixed_word = word.encode(codec).decode("utf-8")
                    break
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
        repaired.append(fixed_word or word)
        changed = changed or bool(fixed_word)
    return nfc("".join(repaired)) if changed else None


@cache
def _legacy_tables() -> dict[str, dict[str, str]]:
    import json
    from importlib import resources
    data = resources.files("l10nflow").joinpath("data/legacy-encodings.json").read_text("utf-8")
    tables = {k: v for k, v in json.loads(data).items() if not k.startswith("_")}
    tables["vni"] = _VNI
    return tables


# VNI-Windows writes a letter as a base plus a mark character; read as Windows-1252 the
# marks show as these accented letters ("Haø Noäi" for "Hà Nội").
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư"}
_VNI_PATTERN = re.compile(r"(?i)([aeiouyơư])(â|ê)?([ùøûõïáàåãä])|([aeo])(â)|(a)(ê)")
# Characters that Western European text (café, naïve, Zürich) does not use, so that a
# word holding one is legacy Vietnamese, not a loanword.
_DISTINCTIVE = set("µ¸¶·¹¨»¾¼½©®ª«¬\u00ad¡¢§£¤¥¦×Þ¿±²³´º¯°")


def _decode_vni(word: str) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            base, hat, tone = m.group(1), m.group(2), m.group(3)
            if hat:
                base = unicodedata.normalize("NFC", base + ("\u0302" if hat in "âÂ" else
                                                            "\u0306"))
                mark = _VNI_HAT_TONES.get(tone.lower()) or _VNI_TONES.get(tone.lower(), "")
            else:
                mark = _VNI_TONES.get(tone.lower()) or _VNI_HAT_TONES.get(tone.lower(), "")
                if tone.lower() in _VNI_HAT_TONES:
                    base = unicodedata.normalize("NFC", base + "\u0302")
            return unicodedata.normalize("NFC", base + mark)
        if m.group(4):
            return unicodedata.normalize("NFC", m.group(4) + "\u0302")
        return unicodedata.normalize("NFC", m.group(6) + "\u0306")
    return _VNI_PATTERN.sub(repl, "".join(_VNI.get(c, c) for c in word))


def decode_legacy(text: str, known: set[str] | frozenset[str] = frozenset()
                  ) -> tuple[str, str] | None:
    """(encoding, repaired text) if *text* holds Vietnamese typed in a legacy 8-bit
    encoding (TCVN3/ABC, VISCII, VNI) and shown as Latin-1: ``Hµ Néi`` -> ``Hà Nội``.

    *known* is a set of Vietnamese syllables; the encoding whose decoding yields the most
    known syllables wins.  Returns None for ordinary text.
    """
    if text.isascii() or not LEGACY_HINT.search(text):
        return None          # no TCVN3/VISCII symbol, no letter VNI uses but Vietnamese never
    words = re.findall(r"[^\s\d.,;:!?()\"'“”‘’|/]+", text)
    suspects = [w for w in words if any(c in _DISTINCTIVE for c in w)]
    vni = [w for w in words if _VNI_PATTERN.search(w) or any(c in _VNI for c in w)]
    if not suspects and len(vni) < 2:
        return None

    def known_count(items: list[str]) -> int:
        return sum(1 for s in items if s.lower() in known and has_vietnamese_letters(s))

    best: tuple[int, str, dict[str, str]] | None = None
    for name, table in _legacy_tables().items():
        candidates = vni if name == "vni" else [w for w in words if any(c in table for c in w)]
        if name != "vni" and not suspects:
            continue
        fixed = {w: _decode_vni(w) if name == "vni" else "".join(table.get(c, c) for c in w)
                 for w in candidates}
        gain = known_count(list(fixed.values())) - known_count(candidates)
        if gain >= (2 if name == "vni" else 1) and (best is None or gain > best[0]):
            best = (gain, name, fixed)
    if best is None:
        return None
    repaired = text
    for word in sorted(best[2], key=len, reverse=True):
        repaired = repaired.replace(word, best[2][word])
    return best[1], nfc(repaired)


LEGACY_HINT = re.compile("[" + re.escape("".join(sorted(_DISTINCTIVE))) + "øïåäöñûëÑ]")


__all__ += [
    "DateMention",
    "TimeMention",
    "decode_legacy",
    "extract_dates",
    "extract_times",
    "may_hold_numbered_date",
    "number_word_values",
    "repair_mojibake",
    "word_start_matches",
]


# --- currencies ------------------------------------------------------------------------------

_CURRENCY_WORDS = {
    "vi": [(r"đồng|đ\b|vnđ|vnd", "VND"), (r"usd|us\$|đô la mỹ|đô la|đô\b|\$", "USD"),
           (r"eur|euro|€", "EUR"), (r"yên|jpy|¥", "JPY"), (r"nhân dân tệ|ndt|tệ|cny", "CNY"),
           (r"bảng anh|gbp|£", "GBP"), (r"rúp|rub", "RUB"), (r"won|krw", "KRW")],
    "en": [(r"vnd|vietnamese dong|dong\b", "VND"), (r"us\$|usd|dollars?\b|\$", "USD"),
           (r"eur|euros?\b|€", "EUR"), (r"yen\b|jpy|¥", "JPY"), (r"yuan|renminbi|cny", "CNY"),
           (r"pounds? sterling|gbp|£|pounds?\b", "GBP"), (r"roubles?|rubles?|rub\b", "RUB"),
           (r"won\b|krw", "KRW")],
}
_CURRENCY = {lang: [(re.compile(p, re.IGNORECASE), code) for p, code in table]
             for lang, table in _CURRENCY_WORDS.items()}


# What can make equal digit strings differ in value or unit (on lowered text): a
# separator between digits (10.000 / 1.500), a magnitude word or a currency after the
# digits (as extract_numbers and currency_of read them), or a currency symbol anywhere.
# The currency patterns as literal prefixes ("dollars?\b" -> "dollar"): a superset.
_CURRENCY_PREFIXES = {re.sub(r"s\?|\\b", "", alternative).replace("\\$", "$")
                      for table in _CURRENCY_WORDS.values() for pattern, _ in table
                      for alternative in pattern.split("|")}
# A run of digits, then (groups that must be empty for a plain number) separators with
# more digits, or a magnitude word or currency right after it (as extract_numbers and
# currency_of read them; a currency after a magnitude word needs the magnitude first).
_DIGITS_IN_CONTEXT = re.compile(
    r"(\d+)((?:[.,]\d+)*)(\s?%?\s*(?:(?:"
    + literal_union({w for table in _MAGNITUDES.values() for w in table})
    + r")\b|" + literal_union(_CURRENCY_PREFIXES - {"đ"}) + r"|đ\b))?")
_CURRENCY_SYMBOL = re.compile("[$€£¥]")
_ANY_CURRENCY = re.compile(literal_union(_CURRENCY_PREFIXES))


def plain_digit_strings(text: str) -> list[str] | None:
    """The digit strings of *text* when none of its numbers has a separator, magnitude
    or currency (so that comparing digit strings compares the numbers), else None."""
    if _CURRENCY_SYMBOL.search(text):
        return None
    low = text.lower()          # its length may change ("İ"): only words are matched here
    found = _DIGITS_IN_CONTEXT.findall(low)
    for _, separated, context in found:
        if separated or context:
            return None
    return [digits for digits, _, _ in found]


def may_name_currency(text: str) -> bool:
    """Whether *text* may name a currency at all (a cheap test before currency_of)."""
    return _ANY_CURRENCY.search(lowered(text)) is not None


def currency_of(text: str, mention: NumberMention, lang: str) -> str | None:
    """The currency written next to a number (``1 triệu đồng`` -> VND, ``$5`` -> USD)."""
    table = _CURRENCY.get(lang.split("-")[0].lower(), [])
    after = text[mention.end:mention.end + 24].lstrip()
    before = text[max(0, mention.start - 4):mention.start].rstrip()
    symbol_before = before[-1:] in ("$", "€", "£", "¥") if before else False
    for pattern, code in table:
        if pattern.match(after) or (symbol_before and pattern.search(before[-3:])):
            return code
    return None


__all__ += ["LEGACY_HINT", "MOJIBAKE_HINT", "VIETNAMESE_LETTER", "VI_DATE_CUES", "currency_of",
            "may_name_currency", "plain_digit_strings"]
