"""Unicode and encoding problems, Vietnamese leftovers, and the classic checks."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from ..vietnamese import (
    LEGACY_HINT,
    MOJIBAKE_HINT,
    decode_legacy,
    fold,
    has_vietnamese_letters,
    nfc,
    repair_mojibake,
    set_tone_style,
    style_candidates,
    tone_style_of,
)
from .base import (
    ANY_LANGUAGES,
    Check,
    Finding,
    Hint,
    Languages,
    Located,
    Severity,
    minority,
    register,
    texts,
)
from .context import CheckContext

_WORD = re.compile(r"[^\W\d_]+")



def _sides(item: Located) -> tuple[tuple[str, str], tuple[str, str]]:
    return ("source", item.unit.source), ("target", item.unit.target)


# --- Unicode and encoding ----------------------------------------------------------------


@register
class NotNfc(Check):
    id = "not-nfc"
    severity = Severity.ERROR
    description = "Text is not in Unicode NFC (a letter and its accents as separate code points)."
    example = "Vu + U+0303 => write the single character 'ũ'"
    languages = ANY_LANGUAGES

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if unicodedata.is_normalized("NFC", unit.source) and \
                unicodedata.is_normalized("NFC", unit.target):
            return
        for side, text in _sides(item):
            if text and not unicodedata.is_normalized("NFC", text):
                bad = next(w for w in _WORD.findall(text) if nfc(w) != w) \
                    if any(nfc(w) != w for w in _WORD.findall(text)) else text
                yield self.finding(item, ctx, f"{side} is not in NFC ('{bad}' is "
                                   f"{len(bad)} code points)", suggestion=nfc(bad))


# U+2066-2069: the bidi isolates (LRI, RLI, FSI, PDI)
_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\u00ad"
                        "\x00-\x08\x0b-\x1f\x7f-\x9f]")


@register
class InvisibleCharacters(Check):
    id = "invisible-characters"
    severity = Severity.ERROR
    description = "Zero-width, bidi-control, soft-hyphen or control characters in the text."
    example = "Sheinbaum<U+200B> said => remove U+200B ZERO WIDTH SPACE"
    languages = ANY_LANGUAGES

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return Hint.either_side(_INVISIBLE)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        for side, text in _sides(item):
            found = sorted({m.group(0) for m in _INVISIBLE.finditer(text or "")})
            if found:
                names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'CONTROL')}"
                                  for c in found)
                where = _INVISIBLE.search(text)
                context = text[max(0, where.start() - 12):where.start()]
                yield self.finding(item, ctx, f"{side} holds {names} after '{context}'",
                                   suggestion=_INVISIBLE.sub("", text))


@register
class Mojibake(Check):
    id = "mojibake"
    severity = Severity.ERROR
    description = "UTF-8 text that was decoded as Windows-1252 or Latin-1 (VÅ© for Vũ)."
    example = "Anh VÅ© => write 'Anh Vũ'"
    languages = ANY_LANGUAGES

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return Hint.either_side(MOJIBAKE_HINT)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        for side, text in _sides(item):
            fixed = repair_mojibake(text or "")
            if fixed:
                yield self.finding(item, ctx, f"{side} has mojibake (UTF-8 read as "
                                   "Windows-1252)", suggestion=fixed)


@register
class LegacyEncoding(Check):
    id = "legacy-encoding"
    severity = Severity.ERROR
    description = ("Vietnamese typed in a legacy 8-bit encoding (TCVN3/ABC, VISCII, VNI) "
                   "pasted as Unicode.")
    example = "Hµ Néi (TCVN3) => write 'Hà Nội'"
    languages = Languages(either=frozenset({"vi"}))

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return Hint.either_side(LEGACY_HINT)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        for side, text in _sides(item):
            found = decode_legacy(text or "", ctx.syllables)
            if found:
                encoding, fixed = found
                yield self.finding(item, ctx, f"{side} has Vietnamese in the legacy "
                                   f"{encoding.upper()} encoding", suggestion=fixed)


@register
class ToneMarkStyle(Check):
    id = "tone-mark-style"
    severity = Severity.WARNING
    description = ("Tone marks placed in both styles (hòa/hoà, thủy/thuỷ): the configured "
                   "style, or else the corpus majority, wins.")
    example = "hoà bình where the corpus writes hòa => write 'hòa bình'"
    languages = Languages(either=frozenset({"vi"}))
    corpus_wide = True

    def map_corpus(self, items: Sequence[Located], ctx: CheckContext
                   ) -> list[tuple[str, int, str, str]]:
        """(style, unit index, side, word) for each word written in one style."""
        found = []
        sides = zip(texts(items, "source"), texts(items, "target"), strict=True)
        for index, (source, target) in enumerate(sides):
            for side, text in (("source", source), ("target", target)):
                for word in style_candidates(text):
                    style = tone_style_of(word)
                    if style:
                        found.append((style, index, side, word))
        return found

    def reduce_corpus(self, parts: list[tuple[int, list]], items: Sequence[Located],
                      ctx: CheckContext) -> Iterable[Finding]:
        styles: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        for start, part in parts:
            for style, index, side, word in part:
                styles[style].append((start + index, side, word))
        wanted = ctx.config.tone_style
        if wanted is None:
            if len(styles) < 2:
                return
            wanted = max(styles, key=lambda s: (len(styles[s]), s == "new"))
        other = "new" if wanted == "old" else "old"
        words_of: dict[tuple[int, str], set[str]] = defaultdict(set)
        for index, side, word in styles.get(other, []):
            words_of[index, side].add(word)
        source_of_style = "configured" if ctx.config.tone_style else "corpus"
        for (index, side), found in words_of.items():
            item = items[index]
            text = item.unit.source if side == "source" else item.unit.target
            words = sorted(found)
            yield self.finding(item, ctx, f"{side} uses the {other} tone-mark style "
                               f"({', '.join(words)}); the {source_of_style} style is "
                               f"{wanted} ({set_tone_style(words[0], wanted)})",
                               suggestion=set_tone_style(text, wanted))


@register
class UntranslatedVietnamese(Check):
    id = "untranslated-vietnamese"
    severity = Severity.ERROR
    description = ("Vietnamese words or diacritics left in the translation, outside names (a "
                   "byline is names).")
    example = "received a thưởng Tết => translate 'thưởng Tết' (Tet bonus)"
    languages = Languages(source=frozenset({"vi"}), target_not=frozenset({"vi"}),
                          sides=("target",))
    corpus_wide = True            # a word of a name in any source of the corpus may stand

    def map_corpus(self, items: Sequence[Located], ctx: CheckContext
                   ) -> list[tuple[int, tuple[str, ...]]]:
        """(unit index, Vietnamese words) for each target holding words with Vietnamese
        letters that are not part of a name in its own source; reduce_corpus drops the
        words that are part of a name elsewhere in the corpus."""
        found = []
        for index, target in enumerate(texts(items, "target")):
            if not target or not has_vietnamese_letters(target):
                continue
            unit = items[index].unit
            if unit.kind == "byline":
                continue                # a byline is names: "By Đức Trung" stays as written
            if decode_legacy(target, ctx.syllables):
                continue                # legacy-encoding says what this really is
            names = ctx.names
            allowed = {w for name in (names.of(unit.source) if unit.source else ())
                       for w in name.split()}
            leftovers = [w for w in _WORD.findall(target) if has_vietnamese_letters(w)
                         and w not in allowed and not _latin_word(w)]
            if leftovers:
                found.append((index, tuple(dict.fromkeys(leftovers))))
        return found

    def reduce_corpus(self, parts: list[tuple[int, list]], items: Sequence[Located],
                      ctx: CheckContext) -> Iterable[Finding]:
        for start, part in parts:
            for index, leftovers in part:
                words = " ".join(w for w in leftovers if not ctx.is_corpus_name_word(w))
                if words:
                    yield self.finding(items[start + index], ctx,
                                       f"Vietnamese left in the translation: '{words}'",
                                       suggestion=_lexicon_hint(words, ctx))


def _latin_word(word: str) -> bool:
    """Loanwords with Western accents (café, naïve) are not Vietnamese leftovers."""
    return all(c.isascii() or c in "àáâãäåçèéêëìíîïñòóôõöùúûüýÿ" for c in word.lower()) and \
        not any(c in "ãõ" for c in word.lower()) and len(word) > 3 and not word[0].isupper()


def _lexicon_hint(words: str, ctx: CheckContext) -> str | None:
    lexicon = ctx.lexicon
    if lexicon is None:
        return None
    key = " ".join(w.lower() for w in words.split())
    for size in range(len(key.split()), 0, -1):
        phrase = " ".join(key.split()[:size])
        if phrase in lexicon.entries:
            return f"translate '{words}' (e.g. {'; '.join(lexicon.entries[phrase][:3])})"
    return None


# --- the classic checks ----------------------------------------------------------------------


@register
class TargetEmpty(Check):
    id = "target-empty"
    severity = Severity.WARNING
    description = ("A source segment has no translation (pairs the aligner left unmatched, "
                   "1-0, are omissions by the newsroom and are not reported).")
    example = "Câu này. => (empty)"
    languages = ANY_LANGUAGES

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if unit.source and not unit.target and unit.bead != "1-0":
            yield self.finding(item, ctx, "no translation")


@register
class TargetSame(Check):
    id = "target-same"
    severity = Severity.WARNING
    description = "The translation is identical to the source sentence."
    example = "Giá tăng mạnh. => Giá tăng mạnh."
    languages = ANY_LANGUAGES

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.target or unit.source != unit.target:
            return
        if _is_prose(unit.source):
            yield self.finding(item, ctx, "the translation is a copy of the source")


# What makes a text code rather than prose: command syntax, placeholders, identifiers.
_CODE = re.compile(r"[<>\[\]{}|=_%$/\\]|--|::")


def _is_prose(text: str) -> bool:
    """Two or more lower-case words making most of a text with no command syntax:
    "git stash drop [-q]" and "%s blob" are meant to stay as they are."""
    if _CODE.search(text):
        return False
    tokens = text.split()
    words = [t for t in tokens if t.strip(".,:;!?\"'()“”").isalpha() and
             t.strip(".,:;!?\"'()“”").islower()]
    return len(words) >= 2 and len(words) >= 0.6 * len(tokens)


def _ends(text: str) -> tuple[str, str, str]:
    """(leading white space, the text between, trailing white space)."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core):]


def _shown(space: str) -> str:
    return repr(space) if space else "no white space"


_SPACES = re.compile(" {2,}")


@register
class Whitespace(Check):
    id = "whitespace"
    severity = Severity.WARNING
    description = ("Leading or trailing white space or line breaks that differ from the "
                   "source's, or doubled spaces the source does not have.")
    example = "'From %.*s\\n' => 'Từ %.*s' : end with '\\n' as the source does"
    languages = ANY_LANGUAGES

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        source, target = unit.source or "", unit.target
        # The usual case, tested first: no white space at either end, no double space.
        if target and (target[:1].isspace() or target[-1:].isspace() or "  " in target
                       or source[:1].isspace() or source[-1:].isspace()):
            yield from self._compare(item, ctx, source, target)
        for form in unit.target_plurals:
            if form:
                yield from self._compare(item, ctx, unit.source_plural or "", form)

    def _compare(self, item: Located, ctx: CheckContext, source: str, target: str
                 ) -> Iterable[Finding]:
        lead, core, trail = _ends(target)
        source_lead, source_core, source_trail = _ends(source)
        problems = []
        if lead != source_lead:
            problems.append(f"starts with {_shown(lead)} where the source starts with "
                            f"{_shown(source_lead)}")
        if trail != source_trail:
            problems.append(f"ends with {_shown(trail)} where the source ends with "
                            f"{_shown(source_trail)}")
        if "  " in core and "  " not in source_core:
            problems.append("has a double space the source does not have")
            core = _SPACES.sub(" ", core)
        if problems:
            yield self.finding(item, ctx, "the translation " + "; ".join(problems),
                               suggestion=source_lead + core + source_trail)


_CLOSERS = "\"'”’»)]"


def _end(text: str) -> str:
    """The sentence punctuation a text ends with, before closing quotes and brackets."""
    last = text.rstrip().rstrip(_CLOSERS)[-1:]
    return "." if last == "…" else last if last and last in ".?!:;" else ""


@register
class EndPunctuation(Check):
    id = "end-punctuation"
    severity = Severity.INFO
    description = "Source and translation end differently (a question left as a statement)."
    example = "Thật sao? => Really. : end with '?'"
    languages = ANY_LANGUAGES

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.source or not unit.target:
            return
        source, target = _end(unit.source), _end(unit.target)
        if source != target and ((source and source in "?!") or (target and target in "?!")):
            yield self.finding(item, ctx, f"the source ends with '{source or 'nothing'}', the "
                               f"translation with '{target or 'nothing'}'")


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"), ("‘", "’"), ("«", "»"))
_QUOTE_OR_BRACKET = re.compile("[" + re.escape('"' + "".join(a + b for a, b in _PAIRS)) + "]")


def _quote_problems(text: str) -> list[str]:
    problems = []
    if text.count('"') % 2:
        problems.append('an odd number of " quotes')
    for opening, closing in _PAIRS:
        if opening not in text and closing not in text:
            continue
        depth = 0
        for char in text:
            if char == opening:
                depth += 1
            elif char == closing:
                depth -= 1
                if depth < 0 and closing != "’":      # ’ is also an apostrophe
                    break
        if depth > 0 or (depth < 0 and closing != "’"):
            problems.append(f"unbalanced {opening}{closing}")
    return problems


@register
class UnbalancedQuotes(Check):
    id = "unbalanced-quotes"
    severity = Severity.ERROR
    description = "Quotes or brackets in the translation do not pair up."
    example = '"We have to blame ourselves, he said. => close the quote'
    languages = Languages(sides=("target",))

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("target", _QUOTE_OR_BRACKET),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.target:
            return
        problems = _quote_problems(unit.target)
        if problems and not (unit.source and _quote_problems(unit.source) == problems):
            yield self.finding(item, ctx, f"the translation has {', '.join(problems)}")


_URL = re.compile(r"(?:https?://|www\.)[^\s\"'<>]+[^\s\"'<>.,;:!?)\]]"
                  r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@register
class UrlMismatch(Check):
    id = "url-mismatch"
    severity = Severity.ERROR
    description = "A URL or e-mail address is not copied exactly into the translation."
    example = "https://www.gob.mx/semar => https://www.gob.mx/semr"
    languages = ANY_LANGUAGES

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("source", _MAYBE_URL),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if not unit.source or not unit.target:
            return
        source = _URL.findall(unit.source)
        target = _URL.findall(unit.target)
        for url in source:
            if _EXAMPLE_DOMAIN.search(url):
                continue            # RFC 2606 examples ("you@example.com") may be localised
            if url not in target:
                near = next((t for t in target if t not in source), None)
                message = (f"'{url}' is written '{near}' in the translation" if near else
                           f"'{url}' is missing from the translation")
                yield self.finding(item, ctx, message, suggestion=url)


_MAYBE_URL = re.compile(r"://|www\.|@")
_EXAMPLE_DOMAIN = re.compile(r"[@./]example\.(?:com|org|net)\b|[@./]localhost\b", re.IGNORECASE)
# Possessive quantifiers: giving back letters or spaces can never make this match, and
# not trying is a fifth faster.
# Spaces only: a word at the end of one line and the start of the next, or either side
# of a tab, is a list or a table, not a slip.
_REPEAT = re.compile(r"\b([^\W\d_]++)[ \u00a0]++\1\b", re.IGNORECASE)


@register
class RepeatedWord(Check):
    id = "repeated-word"
    severity = Severity.WARNING
    description = "A word is written twice in a row in the translation."
    example = "in the the number => 'the number'"
    languages = Languages(sides=("target",))

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("target", _REPEAT),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        target = item.unit.target or ""
        source = " ".join((item.unit.source or "").lower().split())
        vietnamese = ctx.target_lang == "vi"
        for match in _REPEAT.finditer(target):
            word = match.group(1)
            if word.lower() in ("that", "had", "is", "bye", "ha", "no"):
                continue            # "that that", "had had" can be right
            if " ".join(match.group(0).lower().split()) in source:
                continue            # copied from the source: "try `help help'"
            second = match.group(0)[-len(word):]
            if len(word) > 1 and (word.isupper() != second.isupper()):
                continue            # "tên TÊN": a word and a placeholder in capitals
            if vietnamese and _vietnamese_repeat_is_fine(target, match, ctx):
                continue
            yield self.finding(item, ctx, f"'{match.group(0)}' repeats a word",
                               suggestion=word)


def _vietnamese_repeat_is_fine(text: str, match: re.Match[str], ctx: CheckContext) -> bool:
    """A Vietnamese syllable written twice is right in a reduplication ("dần dần", "từ
    từ") and where it ends one word and starts the next ("chỉ định | định dạng")."""
    words, doubles = ctx.shared("vi-words", lambda _: vietnamese_words())
    syllable = match.group(1).lower()
    if f"{syllable} {syllable}" in doubles:
        return True
    before = _LAST_SYLLABLE.search(text, 0, match.start())
    after = _NEXT_SYLLABLE.match(text, match.end())
    return bool(before and after and f"{before.group(1).lower()} {syllable}" in words
                and f"{syllable} {after.group(1).lower()}" in words)


_LAST_SYLLABLE = re.compile(r"([^\W\d_]+)\s+\Z")
_NEXT_SYLLABLE = re.compile(r"\s+([^\W\d_]+)")


def vietnamese_words() -> tuple[frozenset[str], frozenset[str]]:
    """(two-syllable words, reduplications): data/vi-words.txt and the bundled lexicon's
    two-syllable keys, lower case."""
    from importlib import resources

    from ..align.lexicon import bundled_lexicon
    text = resources.files("l10nflow").joinpath("data/vi-words.txt").read_text("utf-8")
    words: set[str] = set()
    doubles: set[str] = set()
    section = "words"
    for line in text.splitlines():
        line = line.split("#")[0].strip().lower()
        if line == "[reduplications]":
            section = "doubles"
        elif line:
            (doubles if section == "doubles" else words).add(" ".join(line.split()))
    lexicon = bundled_lexicon("vi", "en")
    if lexicon is not None:
        words.update(k for k in lexicon.forward if len(k.split()) == 2)
    return frozenset(words), frozenset(doubles)


@register
class InconsistentTranslation(Check):
    id = "inconsistent-translation"
    severity = Severity.INFO
    description = ("The same source is translated differently across the corpus, or "
                   "different sources share one translation.")
    example = "'Anh Vũ' => 'Anh Vũ' in 20 units, 'Anh Vu' in 2"
    languages = ANY_LANGUAGES
    corpus_wide = True

    def map_corpus(self, items: Sequence[Located], ctx: CheckContext
                   ) -> tuple[list[int], list[int], list[int]]:
        """Hashes of the sources, hashes of the targets (white space normalised) and the
        units' indices, as columns: hashes are cheap to hand back from a process, and
        reduce_corpus compares the texts only of units whose hashes meet."""
        source_hashes, target_hashes, indices = [], [], []
        sides = zip(texts(items, "source"), texts(items, "target"), strict=True)
        for index, (source, target) in enumerate(sides):
            if source and target:                   # obsolete units come as ""
                source_hashes.append(hash(" ".join(source.split())))
                target_hashes.append(hash(" ".join(target.split())))
                indices.append(index)
        return source_hashes, target_hashes, indices

    def reduce_corpus(self, parts: list[tuple[int, list]], items: Sequence[Located],
                      ctx: CheckContext) -> Iterable[Finding]:
        by_source = _shared_hashes(parts, 0)
        by_target = _shared_hashes(parts, 1)
        for group in _exact_groups(by_source, items, "source"):
            source = " ".join(group[0].unit.source.split())
            variants = [(" ".join(i.unit.target.split()), i) for i in group]
            for item, _, usual, count, first in minority(variants):
                yield self.finding(item, ctx, f"'{source[:60]}' is translated "
                                   f"'{usual[:60]}' elsewhere ({count}x)", suggestion=usual,
                                   related=[(first.path, first.line, first.unit.key)])
        for group in _exact_groups(by_target, items, "target"):
            target = " ".join(group[0].unit.target.split())
            # Different sources with one translation: a sign of misalignment in pairs
            # the aligner made (they have a bead); in software strings many phrasings
            # ("could not open", "unable to open") rightly share one translation.
            if len(target.split()) < 4 or any(i.unit.bead is None for i in group):
                continue
            sources = {fold(" ".join(i.unit.source.split())).lower() for i in group}
            if len(sources) > 1:
                first = group[0]
                for item in group[1:]:
                    if fold(item.unit.source).lower() != fold(first.unit.source).lower():
                        yield self.finding(item, ctx, "a different source has the same "
                                           f"translation '{target[:60]}'",
                                           related=[(first.path, first.line, first.unit.key)])


def _shared_hashes(parts: list[tuple[int, tuple]], column: int) -> dict[int, list[int]]:
    """Hash -> unit indices, for the hashes in *column* of the parts that two or more
    units share (counted first: most texts are unique)."""
    counts = Counter()
    for _, part in parts:
        counts.update(part[column])
    shared: dict[int, list[int]] = defaultdict(list)
    for start, part in parts:
        for value, index in zip(part[column], part[2], strict=True):
            if counts[value] > 1:
                shared[value].append(start + index)
    return shared


def _exact_groups(by_hash: dict[int, list[int]], items: list[Located], side: str
                  ) -> Iterable[list[Located]]:
    """Groups of two or more units with the same normalised text on *side*, in order of
    first appearance (units that only share a hash are told apart here)."""
    for indices in by_hash.values():
        if len(indices) < 2:
            continue
        groups: dict[str, list[Located]] = {}
        for index in indices:
            item = items[index]
            text = item.unit.source if side == "source" else item.unit.target
            groups.setdefault(" ".join(text.split()), []).append(item)
        yield from (group for group in groups.values() if len(group) > 1)


@register
class LengthRatio(Check):
    id = "length-ratio"
    severity = Severity.INFO
    description = "The translation is much shorter or longer than the source."
    example = "a 200-character sentence => a 30-character translation"
    languages = ANY_LANGUAGES

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        if len(unit.source) < 25 or not unit.target:
            return
        ratio = len(unit.target) / len(unit.source)
        low, high = ctx.config.length_ratio
        if not low <= ratio <= high:
            yield self.finding(item, ctx, f"the translation is {ratio:.2f} times the source's "
                               f"length (expected {low}-{high}): something may be missing "
                               "or added")


@register
class Capitalisation(Check):
    id = "capitalisation"
    severity = Severity.INFO
    description = "Source and translation start with letters of different case."
    example = "Hôm nay... => today... : start with a capital"
    languages = ANY_LANGUAGES

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        unit = item.unit
        source, target = unit.source[:1], unit.target[:1]
        if source.isalpha() and target.isalpha() and source.isupper() == target.isupper():
            return                                  # the usual case
        source, target = _opening(unit.source)[:1], _opening(unit.target)[:1]
        # Both must start with a cased letter, after quotes ("%s không hợp lệ",
        # "[rejected]" do not); an acronym or a word the target copies from the source
        # ("HEAD", "refs") has its own case.
        if not (source and target and source.isalpha() and target.isalpha()) or \
                source.isupper() == target.isupper() or \
                source.lower() == source.upper() or target.lower() == target.upper():
            return
        source_word = _opening(unit.source).split()[0]
        target_word = _opening(unit.target).split()[0].strip(_CLOSERS + ".,:;")
        if any(w.isupper() and len(w) > 1 for w in (source_word, target_word)) or \
                target_word in unit.source:
            return
        expected = "upper" if source.isupper() else "lower"
        yield self.finding(item, ctx, f"the translation starts in the wrong case "
                           f"(the source starts in {expected} case)")


_OPENERS = " \t\n\"'“‘«("


def _opening(text: str) -> str:
    """*text* from its first character that is not white space or an opening quote."""
    return text if text[:1].isalpha() else text.lstrip(_OPENERS)
