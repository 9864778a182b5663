"""Finding Vietnamese person and place names in text.

A name is a run of capitalised syllables that holds Vietnamese letters ("Anh Vũ",
"Quảng Trị", "Mai Thu Huyền"), a single capitalised syllable after a title ("ông Hải"),
or a name from the configuration.  Runs the lexicon translates into other words
("Triều Tiên" -> North Korea) are not names.  The name checks and the run context use
this module; it knows nothing of checks (no import cycle).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..vietnamese import fold, has_vietnamese_letters

__all__ = ["CACHE_SIZE", "NameFinder", "candidate_names"]

# Entries a per-run cache keeps: enough for every text of a large run to be asked about
# by several checks in turn, bounded so a huge corpus cannot grow memory without end.
CACHE_SIZE = 1 << 18

_WORD = re.compile(r"[^\W\d_]+")
# Words before a one-syllable name ("ông Hải", "anh Khánh") ...
_TITLES = {"ông", "bà", "anh", "chị", "cô", "chú", "em", "nsnd", "nsưt", "gs", "ts", "pgs",
           "bs", "ths", "thầy"}
# ... of which these are never part of the name itself ("Anh", "Chị" also are given names).
_PURE_TITLES = {"ông", "bà", "nsnd", "nsưt", "gs", "ts", "pgs", "bs", "ths", "thầy"}


def _letters(test) -> str:
    return re.escape("".join(c for c in map(chr, range(0x41, 0x2000)) if c.isalpha() and test(c)))


_UPPER, _LOWER = _letters(str.isupper), _letters(str.islower)
_L = r"[^\W\d_]"
# A capitalised word: an upper-case letter starting a letter run that holds a lower-case
# letter or is one letter long ("Vũ", "A"; not the acronym "NSND").
_CAPITALISED = rf"[{_UPPER}](?:(?={_L}*[{_LOWER}])|(?!{_L})){_L}*+"
# A run of capitalised words separated by white space only.  The upper-case letter is
# tested before the look-behind: most positions fail on it, which keeps the scan fast.
# (Possessive quantifiers: a word or run given back could never be followed by what
# must follow it.)
_CAPITALISED_RUN = re.compile(
    rf"([{_UPPER}](?<!{_L}.)(?:(?={_L}*[{_LOWER}])|(?!{_L})){_L}*+)(?:\s++{_CAPITALISED})*+"
    rf"(?!{_L})")
_LAST_WORD = re.compile(rf"{_L}+(?=[\W\d_]*\Z)")


def candidate_names(text: str, is_vietnamese=has_vietnamese_letters) -> tuple[str, ...]:
    """Runs of capitalised syllables holding Vietnamese letters, and single capitalised
    syllables after a title ("ông Hải").  *is_vietnamese* tests a run (a memo of
    has_vietnamese_letters: runs recur across a corpus)."""
    names: list[str] = []
    for match in _CAPITALISED_RUN.finditer(text):
        run = match.group(0)
        if not is_vietnamese(run):
            continue
        if match.end(1) < match.end():          # more than one word
            names.append(run)
            continue
        # The word before it; titles are short (at most 4 letters), so a window of
        # 10 characters is enough.
        start = match.start()
        window = max(0, start - 10)
        before = _LAST_WORD.search(text, window, start)
        if before and (window == 0 or before.start() > window) and \
                before.group(0).lower() in _TITLES:
            names.append(run)
    return tuple(names)


class NameFinder:
    """Vietnamese names per text, for one run: its caches are bounded and live as long
    as the finder (one per run context)."""

    def __init__(self, forward: dict[str, set[str]], extra: Iterable[str],
                 cache_size: int = CACHE_SIZE) -> None:
        self.forward = forward
        self.extra = list(extra)
        memo = lru_cache(maxsize=cache_size)
        self._is_vietnamese = memo(has_vietnamese_letters)
        self.candidates = memo(self._candidates)
        self.is_name = memo(self._is_name)
        self._accept = memo(self._accept_uncached)
        self.of = memo(self._of)

    def _candidates(self, text: str) -> tuple[str, ...]:
        return candidate_names(text, self._is_vietnamese)

    def _is_name(self, name: str) -> bool:
        translations = self.forward.get(" ".join(w.lower() for w in name.split()))
        if translations is None:
            return True
        folded = {w.lower() for w in fold(name).split()}
        return bool(folded & translations) or fold(name).replace(" ", "").lower() in \
            translations

    def _trim(self, candidate: str) -> str:
        """Drop a leading title ("Ông") and a leading lexicon phrase that is no name
        ("Triều Tiên Kim Jong Un" -> "Kim Jong Un")."""
        words = candidate.split()
        while len(words) > 1 and words[0].lower() in _PURE_TITLES:
            words = words[1:]
        # A capitalised sentence start that is a common word ("Tại Quảng Trị").
        while len(words) > 2 and words[0].lower() in self.forward and \
                not self.is_name(words[0]):
            words = words[1:]
        for cut in range(len(words) - 1, 1, -1):     # phrases of two syllables or more
            head = " ".join(words[:cut])
            if " ".join(w.lower() for w in words[:cut]) in self.forward and \
                    not self.is_name(head):
                words = words[cut:]
                break
        return " ".join(words)

    def _accept_uncached(self, candidate: str) -> str | None:
        """The name a candidate run stands for, or None (names recur: cached)."""
        name = self._trim(candidate)
        return name if has_vietnamese_letters(name) and self.is_name(name) else None

    def in_texts(self, texts: Iterable[str]) -> set[str]:
        """Every name in *texts* (what ``of`` finds in each, gathered in one pass)."""
        candidates: set[str] = set()
        for text in texts:
            # Not memoised: each text is seen once here, and caching every text of a
            # large run would cost more than it saves.
            candidates.update(candidate_names(text, self._is_vietnamese))
        return {name for c in candidates if (name := self._accept(c)) is not None}

    def _of(self, text: str) -> tuple[str, ...]:
        """The names in one text (and the configured names it holds)."""
        found = []
        for candidate in self.candidates(text):
            name = self._accept(candidate)
            if name is not None and name not in found:
                found.append(name)
        found += [n for n in self.extra if n in text and n not in found]
        return tuple(found)
