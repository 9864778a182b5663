"""Vietnamese person and place names: diacritics in the target, and consistency.

A name is a run of capitalised syllables in the source that holds Vietnamese letters
("Anh Vũ", "Quảng Trị", "Mai Thu Huyền"), a single capitalised syllable after a title
("ông Hải"), or a name from the configuration.  Runs the lexicon translates into other
words ("Triều Tiên" -> North Korea) are not names.  In the target a name may be written
as in the source or without diacritics, as the house style says.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache

from ..regexutil import literal_union
from ..vietnamese import (
    VIETNAMESE_LETTER,
    fold,
    has_vietnamese_letters,
    lowered,
    word_start_matches,
)
from ..wording import counted
from .base import Check, Finding, Hint, Located, Severity, minority, register, texts
from .context import CheckContext

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


# Whether a capitalised run holds Vietnamese letters: runs recur across a corpus (names,
# sentence-initial words), so the answer is kept for the run (cleared with the caches).
_RUN_IS_VIETNAMESE: dict[str, bool] = {}


def _source_names(text: str) -> tuple[str, ...]:
    """Runs of capitalised syllables holding Vietnamese letters, and single capitalised
    syllables after a title ("ông Hải")."""
    names: list[str] = []
    for match in _CAPITALISED_RUN.finditer(text):
        run = match.group(0)
        vietnamese = _RUN_IS_VIETNAMESE.get(run)
        if vietnamese is None:
            vietnamese = _RUN_IS_VIETNAMESE[run] = has_vietnamese_letters(run)
        if not vietnamese:
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


source_names = cache(_source_names)


class _Names:
    """Names per unit, computed once per run and shared by both checks."""

    def __init__(self, ctx: CheckContext) -> None:
        lexicon = ctx.lexicon
        self.forward = lexicon.forward if lexicon is not None else {}
        self.extra = list(ctx.config.names)

    @cache  # noqa: B019  (one _Names per run, dropped with it)
    def is_name(self, name: str) -> bool:
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

    @cache  # noqa: B019
    def _accept(self, candidate: str) -> str | None:
        """The name a candidate run stands for, or None (names recur: cached)."""
        name = self._trim(candidate)
        return name if has_vietnamese_letters(name) and self.is_name(name) else None

    def in_texts(self, texts: Iterable[str]) -> set[str]:
        """Every name in *texts* (what ``of`` finds in each, gathered in one pass)."""
        candidates: set[str] = set()
        for text in texts:
            candidates.update(_source_names(text))
        return {name for c in candidates if (name := self._accept(c)) is not None}

    @cache  # noqa: B019
    def of(self, text: str) -> tuple[str, ...]:
        found = []
        for candidate in source_names(text):
            name = self._accept(candidate)
            if name is not None and name not in found:
                found.append(name)
        found += [n for n in self.extra if n in text and n not in found]
        return tuple(found)


def spellings(name: str, target: str) -> Iterator[tuple[str, int]]:
    """Places in *target* where *name* is written, with any diacritics or none."""
    folded = _folded_target(target)
    if folded is None:                          # not NFC: compare word by word
        yield from _spellings_by_word(name, target)
        return
    for match in _name_pattern(fold(name).lower()).finditer(folded):
        yield target[match.start():match.end()], match.start()


def _fold_lower(text: str) -> str | None:
    """*text* folded and lowered letter for letter, or None if that changes its length."""
    if text.isascii():
        return text.lower()
    folded = lowered(fold(text))
    return folded if len(folded) == len(text) else None


@lru_cache(maxsize=64)
def _folded_target(target: str) -> str | None:
    """*target* folded and lowered letter for letter (so offsets carry over), or None
    when folding changes its length (text not in NFC)."""
    folded = lowered(fold(target))
    return folded if len(folded) == len(target) else None


@cache
def _name_pattern(key: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in key.split()]
    return re.compile(words[0] + rf"(?<!{_L}.{{{len(key.split()[0])}}})"
                      + "".join(rf"\s+{w}" for w in words[1:]) + rf"(?!{_L})")


def _spellings_by_word(name: str, target: str) -> Iterator[tuple[str, int]]:
    key = fold(name).lower().split()
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(target)]
    for i in range(len(words) - len(key) + 1):
        window = words[i:i + len(key)]
        if [fold(w).lower() for w, _, _ in window] == key and \
                all(target[a[2]:b[1]].strip() == "" for a, b in itertools.pairwise(window)):
            yield target[window[0][1]:window[-1][2]], window[0][1]


def _names(ctx: CheckContext) -> _Names:
    return ctx.shared("names", _Names)


@register
class NameDiacritics(Check):
    id = "name-diacritics"
    severity = Severity.ERROR
    description = "A Vietnamese name in the source is written with wrong diacritics."
    example = "Anh Vũ => Anh Vủ: write 'Anh Vũ' (or 'Anh Vu')"

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        # See check_unit: only a house style that keeps diacritics looks at every unit.
        if ctx.config.name_style == "diacritics":
            return ()
        return (Hint("target", VIETNAMESE_LETTER),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.source or not unit.target:
            return
        style = ctx.config.name_style
        # Letters are compared case-blind (case is the capitalisation check's business),
        # so a target without Vietnamese letters can only be wrong where the house style
        # keeps diacritics: skip finding the names otherwise.
        if style != "diacritics" and not has_vietnamese_letters(unit.target):
            return
        for name in _names(ctx).of(unit.source):
            plain = fold(name)
            for written, _ in spellings(name, unit.target):
                wanted = plain if style == "folded" else name
                spelled = written.lower()
                if spelled in (name.lower(), plain.lower()):
                    if style == "folded" and spelled == name.lower() and name != plain:
                        yield self.finding(item, ctx, f"'{written}' keeps its diacritics; the "
                                           "house style writes names without them",
                                           suggestion=plain)
                    elif style == "diacritics" and spelled == plain.lower() and name != plain:
                        yield self.finding(item, ctx, f"'{written}' lost its diacritics; the "
                                           "house style keeps them", suggestion=name)
                    continue
                yield self.finding(
                    item, ctx, f"'{written}' has the wrong diacritics for '{name}'",
                    suggestion=wanted if style != "either" else f"{name} (or {plain})")


@register
class NameConsistency(Check):
    id = "name-consistency"
    severity = Severity.WARNING
    description = "The same name is spelled differently across the corpus."
    example = "'Anh Vũ' in 30 units, 'Anh Vu' in 2: write it one way"
    corpus_wide = True
    needs_corpus = True                 # searches the targets for the corpus names

    def map_corpus(self, items: Sequence[Located], ctx: CheckContext
                   ) -> list[tuple[str, str, int]]:
        """(folded name, how it is written, unit index) for each name in the targets."""
        pattern = ctx.shared("corpus-name-pattern", _corpus_name_pattern)
        found: list[tuple[str, str, int]] = []
        if pattern is None:
            return found
        # One scan over every target, folded and lowered, joined by NULs (which no name
        # pattern crosses); a target that folding changes in length (not NFC, reported
        # by not-nfc) is left out.
        targets = texts(items, "target")
        folded = [_fold_lower(target) for target in targets]
        joined = "\0".join(f or "" for f in folded)
        starts = [0, *itertools.accumulate(len(f or "") + 1 for f in folded)]
        for match in word_start_matches(pattern, joined):
            index = bisect.bisect_right(starts, match.start()) - 1
            offset = match.start() - starts[index]
            found.append((" ".join(match.group(0).split()),
                          targets[index][offset:offset + len(match.group(0))], index))
        return found

    def reduce_corpus(self, parts: list[tuple[int, list]], items: Sequence[Located],
                      ctx: CheckContext) -> Iterable[Finding]:
        by_key: dict[str, list[tuple[str, Located]]] = defaultdict(list)
        for start, part in parts:
            for key, written, index in part:
                by_key[key].append((written, items[start + index]))
        for occurrences in by_key.values():
            for item, written, usual, count, example in minority(occurrences):
                yield self.finding(
                    item, ctx, f"'{written}' is written '{usual}' in "
                    f"{counted(count, 'other place')} of the corpus", suggestion=usual,
                    related=[(example.path, example.line, example.unit.key)])


def _corpus_name_pattern(ctx: CheckContext) -> re.Pattern[str] | None:
    """Every name of the corpus, folded and lowered, longest first, to search folded
    and lowered targets with (folding keeps offsets in NFC text, so a match's span in
    the original target is how the name is written there)."""
    keys = {" ".join(lowered(fold(n)).split()) for n in ctx.corpus_names()}
    if not keys:
        return None
    return re.compile("(?:" + literal_union(keys, space=r"\s+") + r")(?!\w)")
