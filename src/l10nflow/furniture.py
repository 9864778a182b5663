"""Newsroom furniture: bylines, datelines, captions, teasers and separators.

A news page puts lines around an article that are not the story: ``Anh Vũ |``, ``By
Đức Trung``, ``HANOI (Reuters) -``, ``Photo by AFP``, ``Ảnh: TTXVN``, ``RELATED NEWS``.
They rarely have a counterpart in the other language, and an aligner that treats them as
text glues them onto the nearest sentence.  :func:`furniture_kind` names the kind of such
a line; the patterns are data (``data/furniture.txt``), written for the domain.

>>> furniture_kind("Photo by AFP"), furniture_kind("Anh Vũ |"), furniture_kind("Hello.")
('caption', 'byline', None)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources

__all__ = ["KINDS", "furniture_kind", "label_teasers"]

KINDS = ("byline", "dateline", "caption", "teaser", "separator")

# A person's name: one to five words, each checked for a capital after matching (the
# patterns are case-insensitive, a name is not).
_NAME = r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4}"


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    text = resources.files("l10nflow").joinpath("data/furniture.txt").read_text("utf-8")
    out: list[tuple[str, re.Pattern[str]]] = []
    kind = None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1]
            if kind not in KINDS:
                raise ValueError(f"data/furniture.txt:{number}: unknown kind [{kind}]")
            continue
        if kind is None:
            raise ValueError(f"data/furniture.txt:{number}: pattern before any [kind]")
        out.append((kind, re.compile(_with_names(line), re.IGNORECASE)))
    return out


def _with_names(pattern: str) -> str:
    """*pattern* with each ``NAME`` replaced by a named group of its own."""
    parts = pattern.split("NAME")
    out = parts[0]
    for number, part in enumerate(parts[1:], 1):
        out += f"(?P<name{number}>{_NAME})" + part
    return out


def _names_capitalised(match: re.Match[str]) -> bool:
    for key, value in match.groupdict().items():
        if key.startswith("name") and value is not None and \
                not all(word[0].isupper() for word in value.split()):
            return False
    return True


@lru_cache(maxsize=1 << 16)     # a long-running review server must not grow without end
def furniture_kind(text: str) -> str | None:
    """The kind of furniture *text* (one segment) is, or None for story text."""
    line = " ".join(text.split())
    if not line or len(line) > 300:
        return None
    for kind, pattern in _patterns():
        match = pattern.fullmatch(line)
        if match and _names_capitalised(match):
            return kind
    return None


def label_teasers(kinds: Sequence[str | None], unmatched: Sequence[bool]) -> list[str | None]:
    """*kinds* with the unmatched segments after a teaser header labelled ``teaser``.

    A "RELATED NEWS" header is followed by headlines and leads of other articles; they
    are furniture as long as they stay unmatched (text the other side also has ends the
    block).
    """
    out = list(kinds)
    in_block = False
    for index, kind in enumerate(kinds):
        if kind == "teaser":
            in_block = True
        elif in_block and unmatched[index]:
            out[index] = kind or "teaser"
        else:
            in_block = False
    return out
