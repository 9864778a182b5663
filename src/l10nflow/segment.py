"""Rule-based sentence segmentation for Vietnamese and English (and a generic fallback).

The rules are data (``data/segmentation.toml``): per-language abbreviation lists and
whether single capitals are initials.  The algorithm is the same for every language:

1. paragraphs are blocks separated by blank lines, and a paragraph end is always a
   sentence end;
2. inside a paragraph a sentence may end after ``.``, ``?``, ``!``, ``…`` (plus any
   closing quotes and brackets) followed by white space;
3. it does not end inside a URL, an e-mail address or a number (``10.000``, ``3,5``,
   ``12/11/2024`` hold no space), after an abbreviation or an initial, or before a
   word that starts in lower case.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .model import Document, Sentence

__all__ = ["SegmentationRules", "Segmenter", "paragraphs", "segment_document", "segment_text"]


@dataclass(frozen=True)
class SegmentationRules:
    """Per-language segmentation data; see ``data/segmentation.toml``."""

    abbreviations: frozenset[str]
    final_abbreviations: frozenset[str]
    initials: bool = True

    @classmethod
    @cache
    def for_language(cls, lang: str) -> SegmentationRules:
        """Rules for *lang* (``vi``, ``en``, ``en-US`` ...), or the generic ones."""
        table = _rule_table()
        base = lang.split("-")[0].split("_")[0].lower()
        entry = table.get(base, table["default"])
        return cls(
            frozenset(entry.get("abbreviations", ())),
            frozenset(entry.get("final_abbreviations", ())),
            bool(entry.get("initials", True)),
        )


@cache
def _rule_table() -> dict[str, dict]:
    text = resources.files("l10nflow").joinpath("data/segmentation.toml").read_text("utf-8")
    return tomllib.loads(text)


# A candidate end: terminal punctuation, then closing quotes/brackets, then white space.
_CANDIDATE = re.compile(r"(?:\.{3}|…|[.!?])+[\"'”’»)\]]*(?=\s)")
# Spans in which no sentence may end.
_PROTECTED = re.compile(
    r"(?:https?://|www\.)\S+[^\s.,;:!?)\]\"'”’]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_OPENERS = "\"'“‘«([¿¡-–—"


def _last_word(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENERS)


def _next_char(text: str, pos: int) -> str:
    """The first character after *pos* that is not a blank or an opening mark.  Scans
    in place: copying the rest of the text at each candidate made a long paragraph
    quadratic."""
    end = len(text)
    while pos < end and (text[pos].isspace() or text[pos] in _OPENERS):
        pos += 1
    return text[pos] if pos < end else ""


class Segmenter:
    """Split text into sentences with the rules of one language.

    >>> Segmenter("vi").split("Ông Nguyễn Văn A sống ở TP. Hồ Chí Minh. Ông có 10.000 cuốn sách.")
    ['Ông Nguyễn Văn A sống ở TP. Hồ Chí Minh.', 'Ông có 10.000 cuốn sách.']
    """

    def __init__(self, lang: str, rules: SegmentationRules | None = None) -> None:
        self.lang = lang
        self.rules = rules or SegmentationRules.for_language(lang)

    def split(self, paragraph: str) -> list[str]:
        """Split one paragraph (no blank lines inside) into sentences."""
        text = " ".join(paragraph.split())
        if not text:
            return []
        protected = [m.span() for m in _PROTECTED.finditer(text)]   # sorted, disjoint
        starts = [a for a, _ in protected]
        sentences, start = [], 0
        for match in _CANDIDATE.finditer(text):
            end = match.end()
            inside = bisect.bisect_left(starts, end) - 1     # the last span starting before
            if inside >= 0 and end <= protected[inside][1]:
                continue
            if self._is_boundary(text, match):
                sentences.append(text[start:end].strip())
                start = end
        tail = text[start:].strip()
        if tail:
            sentences.append(tail)
        return sentences

    def _is_boundary(self, text: str, match: re.Match[str]) -> bool:
        following = _next_char(text, match.end())
        if not following:
            return False
        punct = match.group(0).rstrip("\"'”’»)]")
        if following.islower():
            return False
        if punct.endswith((".", "…")) and not punct.endswith(("..", "…")):
            word = _last_word(text, match.end()).rstrip("\"'”’»)]")
            if word in self.rules.abbreviations:
                return False
            if word in self.rules.final_abbreviations:
                return following.isupper()
            if self.rules.initials and _is_initial(word):
                return False
        return True


def _is_initial(word: str) -> bool:
    """``J.`` or ``J.R.`` — capitals each followed by a dot."""
    return bool(re.fullmatch(r"(?:[^\W\d_]\.)+", word)) and word[0].isupper() and len(word) <= 4


def paragraphs(text: str) -> list[tuple[str, int]]:
    """Blocks of *text* separated by blank lines, each with its 1-based first line."""
    return [(" ".join(lines), first) for lines, first in _blocks(text)]


def _blocks(text: str) -> list[tuple[list[str], int]]:
    blocks: list[tuple[list[str], int]] = []
    current: list[str] = []
    first_line = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                first_line = number
            current.append(" ".join(line.split()))
        elif current:
            blocks.append((current, first_line))
            current = []
    if current:
        blocks.append((current, first_line))
    return blocks


# A short line without any sentence punctuation, followed by a line that starts with a
# capital, is a heading, a byline or a label ("Anh Vũ", "RELATED NEWS") inside a block,
# not a hard-wrapped piece of a sentence.
_SHORT_LINE = 40
_SENTENCE_PUNCT = re.compile(r"[.!?…]")
_LINE_END = tuple(".!?…:;,\"'”’»)]-–—")


def _pieces(lines: list[str]) -> list[tuple[str, int]]:
    """Split a block's lines into runs that may hold sentences: (text, line offset)."""
    pieces: list[tuple[str, int]] = []
    start = 0
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1].lstrip(_OPENERS)[:1]
        if (len(line) <= _SHORT_LINE and not line.endswith(_LINE_END)
                and not _SENTENCE_PUNCT.search(line) and following.isupper()):
            pieces.append((" ".join(lines[start:index + 1]), start))
            start = index + 1
    pieces.append((" ".join(lines[start:]), start))
    return pieces


def _locate(lines: list[str], first_line: int, sentence: str, cursor: tuple[int, int]
            ) -> tuple[int, tuple[int, int]]:
    """Find the file line where *sentence* starts, scanning forward from *cursor*."""
    probe = sentence[:20]
    row, col = cursor
    while row < len(lines):
        found = lines[row].find(probe, col)
        if found >= 0:
            return first_line + row, (row, found + 1)
        head = sentence.split()[0] if sentence.split() else sentence
        found = lines[row].find(head, col)
        if found >= 0:
            return first_line + row, (row, found + 1)
        row, col = row + 1, 0
    return first_line + cursor[0], cursor


def segment_text(text: str, lang: str, presegmented: bool = False) -> list[Sentence]:
    """Split a file's text into :class:`Sentence` objects with paragraph and line numbers.

    With ``presegmented=True`` every non-blank line is one sentence, kept as it is.
    """
    if presegmented:
        out, paragraph, in_block = [], 0, False
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                out.append(Sentence(line.strip(), paragraph, number))
                in_block = True
            elif in_block:
                paragraph, in_block = paragraph + 1, False
        return out
    segmenter = Segmenter(lang)
    out = []
    for index, (block_lines, first_line) in enumerate(_blocks(text)):
        for piece, offset in _pieces(block_lines):
            cursor = (offset, 0)
            for sentence in segmenter.split(piece):
                line, cursor = _locate(block_lines, first_line, sentence, cursor)
                out.append(Sentence(sentence, index, line))
    return out


def segment_document(text: str, lang: str, presegmented: bool = False, path=None) -> Document:
    """Segment *text* into a :class:`Document`."""
    return Document(lang, segment_text(text, lang, presegmented), path)
