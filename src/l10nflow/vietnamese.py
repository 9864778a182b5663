"""Vietnamese text handling, in one place.

Everything in l10nflow that needs to know how Vietnamese is written comes here:
Unicode normalisation, diacritic folding ("Quảng Trị" -> "Quang Tri"), tone-mark
placement styles ("hòa" vs "hoà"), and number forms on both sides of the pair
(vi ``10.000`` / ``3,5`` / ``1 triệu`` against en ``10,000`` / ``3.5`` / ``1 million``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

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


def fold(text: str) -> str:
    """Remove Vietnamese diacritics: ``"Quảng Trị"`` -> ``"Quang Tri"``, ``"Đà"`` -> ``"Da"``.

    The result keeps case and every non-letter; it is what English copy desks
    write when they strip a name.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def has_vietnamese_letters(text: str) -> bool:
    """True when *text* holds a letter with a Vietnamese-only diacritic or a tone mark."""
    if any(c in _VI_ONLY for c in text):
        return True
    return any(c in _TONE_MARKS for c in unicodedata.normalize("NFD", text))


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
    return _WORD.sub(lambda m: _restyle_word(m.group(0), style), nfc(text))


def tone_style_of(word: str) -> str | None:
    """Which placement style a single word shows: ``"old"``, ``"new"`` or None if neutral."""
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
_NUMBER = re.compile(
    r"(?<![\w.,])"
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?P<pct>\s?%)?"
    r"(?:\s*(?P<mag>[^\W\d_]+))?",
)


@dataclass(frozen=True)
class NumberMention:
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
        return float(token)
    except ValueError:
        return None


def extract_numbers(text: str, lang: str) -> Iterator[NumberMention]:
    """Yield the numbers in *text*, read in the conventions of *lang* (``vi``/``en``).

    Magnitude words that follow a number are attached to it (``1 triệu`` ->
    value 1, magnitude 1e6), and a percent sign is noted.  Dates such as ``12/11``
    yield their parts as plain numbers; the date checks look at them as dates.
    """
    magnitudes = _MAGNITUDES.get(lang.split("-")[0].lower(), {})
    for match in _NUMBER.finditer(text):
        value = parse_number(match.group("num"), "vi" if lang.startswith("vi") else "en")
        if value is None:
            continue
        word = (match.group("mag") or "").lower()
        magnitude = magnitudes.get(word, 1.0)
        end = match.end() if magnitude != 1.0 else match.end("pct") if match.group("pct") \
            else match.end("num")
        yield NumberMention(value, text[match.start():end], match.start(), end,
                            magnitude, bool(match.group("pct")))
