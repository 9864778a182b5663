"""What the aligner sees of a sentence: its length, words and dictionary-free anchors.

Anchors are tokens that can match across languages without a dictionary:

* numbers, normalised across conventions (vi ``10.000`` = en ``10,000``, ``3,5`` = ``3.5``),
  with magnitude words applied as an extra reading (``1 triệu`` = ``1 million``);
* capitalised words and runs compared without diacritics (``Quảng Trị`` = ``Quang Tri``,
  ``Sài Gòn`` = ``Saigon``) and acronyms;
* question and exclamation marks, quotes, colons and parentheses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..furniture import furniture_kind
from ..vietnamese import extract_numbers, fold

__all__ = ["SentenceFeatures", "anchors", "sentence_features", "words"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_PUNCT_ANCHORS = {"?": "?", "!": "!", '"': "q", "“": "q", "”": "q", ":": ":", "(": "(",
                  ";": ";"}
_STARTERS_TEXT = """the a an i we you he she it they this that these those there and but so or
if when what why how who in on at for of to my our your his her their its as then now well
yes no not one"""
_SENTENCE_STARTERS = frozenset(_STARTERS_TEXT.split())


def is_boilerplate(text: str) -> bool:
    """True for newsroom furniture such as "RELATED NEWS", a byline "Anh Vũ |" or a
    caption "Photo by AFP" (see :mod:`l10nflow.furniture`)."""
    return furniture_kind(text) is not None


def _stem_en(word: str) -> str:
    """A light English stemmer: enough to match ``troops``/``troop``, ``signed``/``sign``."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2] if not word.endswith("eed") else word
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_STEMMERS = {"en": _stem_en}


@lru_cache(maxsize=1 << 16)
def normalise_word(word: str, lang: str | None = None) -> str:
    """Lower-case *word* and, for languages with a stemmer, stem it.

    Remembered: a document repeats its words, and this runs for every word of every
    sentence in every pass.
    """
    word = word.lower().replace("’", "'")
    stem = _STEMMERS.get((lang or "").split("-")[0].lower())
    return stem(word) if stem else word


def words(text: str, lang: str | None = None) -> list[str]:
    """Normalised word tokens; a Vietnamese token is one syllable."""
    return [normalise_word(w, lang) for w in _WORD.findall(text)]


def _number_keys(text: str, lang: str) -> list[str]:
    keys = []
    for mention in extract_numbers(text, lang):
        keys.append(f"#{mention.value:g}")
        if mention.magnitude != 1.0:
            keys.append(f"#{mention.scaled:g}")
    return keys


@lru_cache(maxsize=1 << 14)
def _folded_lower(word: str) -> str:
    """*word* without diacritics, lower-cased (names recur: remembered)."""
    return fold(word).lower()


def _name_keys(text: str) -> list[str]:
    """Folded capitalised words and runs of them, plus acronyms."""
    keys: list[str] = []
    run: list[str] = []
    tokens = _WORD.findall(text)
    for index, token in enumerate([*tokens, ""]):
        capital = token[:1].isupper() and not token.isdigit()
        if capital and not (index == 0 and token.lower() in _SENTENCE_STARTERS):
            folded = _folded_lower(token)
            keys.append("@" + folded)
            run.append(folded)
            continue
        if len(run) > 1:
            keys.append("@" + "".join(run))
        run = []
    return keys


def _cognate_keys(text: str) -> list[str]:
    """Five-letter prefixes of words of 4+ letters, without diacritics: between related
    languages they catch cognates (de "Präsidenten" / en "presidential" share "presi")."""
    return ["~" + fold(w).lower()[:5] for w in _WORD.findall(text) if len(w) >= 4]


def anchors(text: str, lang: str, cognates: bool = False) -> list[str]:
    """Dictionary-free tokens that should appear on both sides of a correct pair.

    ``cognates`` adds prefix keys of long words; worth it only between languages that
    share vocabulary (not for Vietnamese, whose syllables never make cognates).
    """
    keys = _number_keys(text, lang) + _name_keys(text)
    if cognates:
        keys += _cognate_keys(text)
    keys += ["!" + _PUNCT_ANCHORS[c] for c in text if c in _PUNCT_ANCHORS]
    if "--" in text or "—" in text:
        keys.append("!-")
    return keys


@dataclass(frozen=True)
class SentenceFeatures:
    """Precomputed view of one sentence."""

    text: str
    length: int            # characters, spaces excluded
    words: tuple[str, ...]
    anchors: tuple[str, ...]
    tokens: tuple[str, ...] = ()   # lexical tokens the translation model can match
    boilerplate: bool = False

    # Derived views, computed on first use and kept with the (immutable) features: every
    # pass and every realignment of a document builds its scorers from the same features.
    @cached_property
    def identity(self) -> str:
        """The text folded for comparing a sentence with its translation as text; empty
        when it holds fewer than two letters or digits (a lone "|" is no evidence)."""
        folded = fold(" ".join(self.text.split())).casefold()
        return folded if _TWO_ALNUM.search(folded) else ""

    @cached_property
    def anchor_keys(self) -> frozenset[str]:
        """The anchors as a set, a repeated one made distinct ("#5", "#5#2") so that set
        intersection respects counts."""
        seen: Counter[str] = Counter()
        out = []
        for token in self.anchors:
            seen[token] += 1
            out.append(token if seen[token] == 1 else f"{token}#{seen[token]}")
        return frozenset(out)


# Two letters or digits anywhere ([^\W_] is str.isalnum's class).
_TWO_ALNUM = re.compile(r"[^\W_].*?[^\W_]", re.DOTALL)


def sentence_features(text: str, lang: str, cognates: bool = False) -> SentenceFeatures:
    return SentenceFeatures(text, len(text.replace(" ", "")) or 1, tuple(words(text, lang)),
                            tuple(anchors(text, lang, cognates)),
                            boilerplate=is_boilerplate(text))
