"""Numbers on both sides of a pair: digit conventions (vi ``10.000`` / ``3,5``, en
``10,000`` / ``3.5``), magnitude words (``1 triệu``), number words and currencies."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from ..regexutil import literal_union
from .normalise import lowered, word_start_matches

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


_SECOND_MAGNITUDE = re.compile(r"\s+([^\W\d_]+)")


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
        if magnitude != 1.0:
            # a compound magnitude: "1.000 nghìn tỷ", "hai trăm triệu" (10^3 * 10^9)
            second = _SECOND_MAGNITUDE.match(text, end)
            if second and magnitudes.get(second.group(1).lower(), 0) > magnitude:
                magnitude *= magnitudes[second.group(1).lower()]
                end = second.end()
        yield NumberMention(value, text[start:end], start, end, magnitude, bool(percent))



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
           "đôi": 2, "cặp": 2, "chục": 10, "nửa": 0.5, "rưỡi": 0.5,
           "nhất": 1},     # "thứ nhất" (first); only ever explains a digit elsewhere
}


# This pattern and the currency patterns below are built on first use: the checks need
# them, the aligner (which imports this module for extract_numbers) does not.
@cache
def _number_word_pattern(code: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{literal_union(NUMBER_WORDS[code])})(?![^\W\d_])")


def number_word_values(text: str, lang: str) -> set[float]:
    """Values of number words in *text* (``seven``, ``hai``): used to accept a digit on
    the other side, never to report a word alone."""
    code = lang.split("-")[0].lower()
    if code not in NUMBER_WORDS:
        return set()
    table = NUMBER_WORDS[code]
    return {table[m.group(0)] for m in word_start_matches(_number_word_pattern(code),
                                                          lowered(text))}



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


@cache
def _currency_patterns(code: str) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p, re.IGNORECASE), currency)
            for p, currency in _CURRENCY_WORDS.get(code, [])]


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
@cache
def _digits_in_context() -> re.Pattern[str]:
    return re.compile(
        r"(\d+)((?:[.,]\d+)*)(\s?%?\s*(?:(?:"
        + literal_union({w for table in _MAGNITUDES.values() for w in table})
        + r")\b|" + literal_union(_CURRENCY_PREFIXES - {"đ"}) + r"|đ\b))?")


@cache
def _any_currency() -> re.Pattern[str]:
    return re.compile(literal_union(_CURRENCY_PREFIXES))


_CURRENCY_SYMBOL = re.compile("[$€£¥]")


def plain_digit_strings(text: str) -> list[str] | None:
    """The digit strings of *text* when none of its numbers has a separator, magnitude
    or currency (so that comparing digit strings compares the numbers), else None."""
    if _CURRENCY_SYMBOL.search(text):
        return None
    low = text.lower()          # its length may change ("İ"): only words are matched here
    found = _digits_in_context().findall(low)
    for _, separated, context in found:
        if separated or context:
            return None
    return [digits for digits, _, _ in found]


def may_name_currency(text: str) -> bool:
    """Whether *text* may name a currency at all (a cheap test before currency_of)."""
    return _any_currency().search(lowered(text)) is not None


def currency_of(text: str, mention: NumberMention, lang: str) -> str | None:
    """The currency written next to a number (``1 triệu đồng`` -> VND, ``$5`` -> USD)."""
    table = _currency_patterns(lang.split("-")[0].lower())
    after = text[mention.end:mention.end + 24].lstrip()
    before = text[max(0, mention.start - 4):mention.start].rstrip()
    symbol_before = before[-1:] in ("$", "€", "£", "¥") if before else False
    for pattern, code in table:
        if pattern.match(after) or (symbol_before and pattern.search(before[-3:])):
            return code
    return None


