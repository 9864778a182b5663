"""Unicode normalisation, diacritic folding, case and tone-mark placement styles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

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


@cache
def vietnamese_letter() -> re.Pattern[str]:
    """A letter with a Vietnamese-only diacritic or a tone mark, precomposed (every such
    letter below U+2000) or decomposed: one character class, so no normalisation per
    test.  Built on first use: scanning the code points takes ~15 ms, which importing
    this module for the aligner need not pay."""
    return re.compile("[" + re.escape("".join(sorted(
        _VI_ONLY | _TONE_MARKS | {c for c in map(chr, range(0x80, 0x2000))
                                  if _TONE_MARKS & set(unicodedata.normalize("NFD", c))})))
        + "]")


def has_vietnamese_letters(text: str) -> bool:
    """True when *text* holds a letter with a Vietnamese-only diacritic or a tone mark."""
    return not text.isascii() and vietnamese_letter().search(text) is not None


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
    for match in _style_candidate().finditer(text):
        start = match.start()          # back to the start of the word the pair ends
        while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        parts += [text[done:start], _restyle_word(text[start:match.end()], style)]
        done = match.end()
    return "".join(parts) + text[done:] if parts else text


def _letters_folding_to(bases: str) -> str:
    return "".join(chr(c) for c in range(0x41, 0x1F00)
                   if chr(c).isalpha() and fold(chr(c)).lower() in bases)


@cache
def _style_candidate() -> re.Pattern[str]:
    """Words that can show a placement style: an open "oa", "oe" or "uy" at the end.
    (Built on first use, as vietnamese_letter is: it folds 8,000 code points.)"""
    return re.compile(
        f"[{_letters_folding_to('o')}][{_letters_folding_to('ae')}](?!\\w)"
        f"|[{_letters_folding_to('u')}][{_letters_folding_to('y')}](?!\\w)")


def style_candidates(text: str) -> list[str]:
    """The words of *text* whose tone placement can differ between the styles."""
    if text.isascii():
        return []
    words = []
    for match in _style_candidate().finditer(text):
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

