"""Vietnamese person and place names: diacritics in the target, and consistency.

Names are found by :mod:`.namefinder` in the Vietnamese side.  From a Vietnamese source,
a name may be written in the target as in the source or without diacritics, as the
house style says; into a Vietnamese target, the names the targets write are compared
across the corpus (one spelling per name).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from ..regexutil import literal_union
from ..vietnamese import (
    fold,
    has_vietnamese_letters,
    lowered,
    vietnamese_letter,
    word_start_matches,
)
from ..wording import counted
from .base import Check, Finding, Hint, Languages, Located, Severity, minority, register, texts
from .context import CheckContext
from .namefinder import _L, _WORD


def spellings(name: str, target: str, folded: str | None
              ) -> Iterator[tuple[str, int]]:
    """Places in *target* where *name* is written, with any diacritics or none;
    *folded* is ``_fold_lower(target)``."""
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


@lru_cache(maxsize=4096)      # a pure function of a name: a bounded memo
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


@register
class NameDiacritics(Check):
    id = "name-diacritics"
    severity = Severity.ERROR
    description = "A Vietnamese name in the source is written with wrong diacritics."
    example = "Anh Vũ => Anh Vủ: write 'Anh Vũ' (or 'Anh Vu')"
    languages = Languages(source=frozenset({"vi"}))

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        # See check_unit: only a house style that keeps diacritics looks at every unit.
        if ctx.config.name_style == "diacritics":
            return ()
        return (Hint("target", vietnamese_letter()),)

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
        names = ctx.names.of(unit.source)
        folded = _fold_lower(unit.target) if names else None
        for name in names:
            plain = fold(name)
            for written, _ in spellings(name, unit.target, folded):
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
    # Names come from the Vietnamese side (see CheckContext.name_side): the source of a
    # Vietnamese -> other store, the targets of an other -> Vietnamese one.
    languages = Languages(either=frozenset({"vi"}), sides=("target",))
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
        shown: dict[str, str] = {}
        for start, part in parts:
            for key, written, index in part:
                # Spellings differ by their letters, not by case (a headline in capitals,
                # "Các Móc" in a title): case is compared as written only for display.
                by_key[key].append((written.lower(), items[start + index]))
                shown.setdefault(written.lower(), written)
        for occurrences in by_key.values():
            for item, written, usual, count, example in minority(occurrences):
                written, usual = _written_in(item, written) or shown[written], shown[usual]
                yield self.finding(
                    item, ctx, f"'{written}' is written '{usual}' in "
                    f"{counted(count, 'other place')} of the corpus", suggestion=usual,
                    related=[(example.path, example.line, example.unit.key)])


def _written_in(item: Located, lowered_spelling: str) -> str | None:
    """How *item*'s target writes a spelling (its case as written)."""
    target = item.unit.target or ""
    start = target.lower().find(lowered_spelling)
    return target[start:start + len(lowered_spelling)] if start >= 0 else None


def _corpus_name_pattern(ctx: CheckContext) -> re.Pattern[str] | None:
    """Every name of the corpus, folded and lowered, longest first, to search folded
    and lowered targets with (folding keeps offsets in NFC text, so a match's span in
    the original target is how the name is written there)."""
    keys = {" ".join(lowered(fold(n)).split()) for n in ctx.corpus_names()}
    if not keys:
        return None
    return re.compile("(?:" + literal_union(keys, space=r"\s+") + r")(?!\w)")
