"""Bilingual lexicons: word and phrase translations as plain text data.

Format (UTF-8, one entry per line, ``#`` starts a comment)::

    # source<TAB>translation[; translation ...]
    triều tiên	North Korea; DPRK
    hiệp ước	treaty; pact
    binh sĩ	soldier; troops

Keys are source-language words or phrases (Vietnamese keys are usually several
syllables); translations are target-language words or phrases.  Matching ignores case,
and English words are compared after light stemming (``troops`` = ``troop``).  The
bundled vi->en news lexicon is ``data/lexicon-vi-en.tsv``; a house lexicon in the same
format is added with ``l10nflow align --lexicon FILE``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import InputError
from ..fsutil import read_text
from .features import words
from .learn import lexical_tokens

__all__ = ["Lexicon", "bundled_lexicon", "load_lexicons"]

_MAX_NGRAM = 4


class Lexicon:
    """Phrase translations in both directions, usable as a translation model."""

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]], source_lang: str = "vi",
                 target_lang: str = "en") -> None:
        self.source_lang, self.target_lang = source_lang, target_lang
        self.forward: dict[str, set[str]] = defaultdict(set)
        self.backward: dict[str, set[str]] = defaultdict(set)
        self.entries: dict[str, list[str]] = defaultdict(list)   # as written, for people
        self.size = 0
        self._tries: dict[str, tuple[int, dict[str, list]]] = {}
        for source, targets in entries:
            self.add(source, targets)
        self._warm()

    def _warm(self) -> None:
        """Build the lookup tries now, in the process that loads the lexicon, so that
        the aligner's worker processes inherit them instead of each building its own."""
        self._trie("forward")
        self._trie("backward")

    def add(self, source: str, targets: Sequence[str]) -> None:
        src_words = words(source, self.source_lang)
        if not src_words:
            return
        src_key = " ".join(src_words)
        src_tokens = set(lexical_tokens(src_words, self.source_lang))
        if len(src_words) > 2:      # phrases longer than a bigram match through bigrams
            src_tokens = {t for t in src_tokens if "_" in t}
        self.size += 1
        self.entries[src_key].extend(t for t in targets if t not in self.entries[src_key])
        for target in targets:
            tgt_words = words(target, self.target_lang)
            if not tgt_words:
                continue
            self.forward[src_key].update(tgt_words)
            self.backward[" ".join(tgt_words)].update(src_tokens)

    def __len__(self) -> int:
        """Number of distinct source entries."""
        return len(self.forward)

    def translations(self, tokens: Sequence[str], direction: str) -> frozenset[str]:
        out: set[str] = set()
        trie = self._trie(direction)
        for start in range(len(tokens)):
            # Follow the phrase from *start* word by word while it begins some key.
            node = trie
            for token in tokens[start:start + _MAX_NGRAM]:
                entry = node.get(token)
                if entry is None:
                    break
                if entry[0]:
                    out |= entry[0]
                node = entry[1]
        return frozenset(out)

    def _trie(self, direction: str) -> dict[str, list]:
        """The keys of the *direction*'s table as a word trie: ``{word: [translations of
        the phrase so far or None, {next word: ...}]}``.  Keys are only ever added, so the
        number of keys tells whether it is stale."""
        table = self.forward if direction == "forward" else self.backward
        cached = self._tries.get(direction)
        if cached is None or cached[0] != len(table):
            trie: dict[str, list] = {}
            for key, translations in table.items():
                words = key.split(" ")
                if len(words) > _MAX_NGRAM:
                    continue
                node = trie
                for word in words[:-1]:
                    node = node.setdefault(word, [None, {}])[1]
                node.setdefault(words[-1], [None, {}])[0] = translations
            cached = (len(table), trie)
            self._tries[direction] = cached
        return cached[1]

    def vocabulary(self, side: str) -> frozenset[str]:
        if side == "source":
            return frozenset(t for ts in self.backward.values() for t in ts)
        return frozenset(t for ts in self.forward.values() for t in ts)

    @classmethod
    def from_text(cls, text: str, source_lang: str = "vi", target_lang: str = "en",
                  path: Path | None = None) -> Lexicon:
        """Parse the lexicon format; errors name the file and line."""
        return cls(_parse(text, path), source_lang, target_lang)

    @classmethod
    def from_file(cls, path: str | Path, source_lang: str = "vi", target_lang: str = "en"
                  ) -> Lexicon:
        path = Path(path)
        return cls.from_text(read_text(path), source_lang, target_lang, path)

    def merged(self, other: Lexicon) -> Lexicon:
        """A new lexicon with the entries of both."""
        out = Lexicon((), self.source_lang, self.target_lang)
        for lexicon in (self, other):
            for key, values in lexicon.forward.items():
                out.forward[key] |= values
            for key, values in lexicon.backward.items():
                out.backward[key] |= values
            for key, values in lexicon.entries.items():
                out.entries[key].extend(v for v in values if v not in out.entries[key])
            out.size += lexicon.size
        out._warm()
        return out


def _parse(text: str, path: Path | None) -> Iterable[tuple[str, list[str]]]:
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        if "\t" not in line:
            raise InputError("a lexicon line needs a tab between the source and its "
                             "translations", path, number,
                             hint="write `source<TAB>translation; translation`")
        source, _, targets = line.partition("\t")
        translations = [t.strip() for t in targets.split(";") if t.strip()]
        if not source.strip() or not translations:
            raise InputError("empty source or translation", path, number)
        yield source.strip(), translations


def lexicon_sources(source_lang: str, target_lang: str, paths: Sequence[str | Path] = (),
                    bundled: bool = True) -> list[bytes]:
    """The bytes of every lexicon :func:`load_lexicons` would read (to tell whether an
    earlier alignment used the same ones)."""
    out = []
    if bundled:
        resource = _bundled_resource(source_lang, target_lang)
        out.append(resource.read_bytes() if resource.is_file() else b"")
    for path in paths:
        try:
            out.append(Path(path).read_bytes())
        except OSError as exc:
            raise InputError(f"cannot read the lexicon: {exc.strerror}", path) from None
    return out


def _bundled_resource(source_lang: str, target_lang: str):
    pair = f"{source_lang.split('-')[0].lower()}-{target_lang.split('-')[0].lower()}"
    return resources.files("l10nflow").joinpath(f"data/lexicon-{pair}.tsv")


@cache
def bundled_lexicon(source_lang: str, target_lang: str) -> Lexicon | None:
    """The lexicon shipped for this language pair, or None."""
    resource = _bundled_resource(source_lang, target_lang)
    if not resource.is_file():
        return None
    return Lexicon.from_text(resource.read_text("utf-8"), source_lang, target_lang)



def load_lexicons(source_lang: str, target_lang: str, paths: Sequence[str | Path] = (),
                  bundled: bool = True) -> Lexicon | None:
    """The bundled lexicon for the pair (if any and wanted) merged with user lexicons."""
    lexicon = bundled_lexicon(source_lang, target_lang) if bundled else None
    for path in paths:
        extra = Lexicon.from_file(path, source_lang, target_lang)
        lexicon = extra if lexicon is None else lexicon.merged(extra)
    return lexicon
