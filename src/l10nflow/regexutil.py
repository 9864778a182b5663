"""Fast regular expressions for lists of words.

Python's regex engine scans quickly only when a pattern starts with a literal or a
character class it can look for.  An alternation of many words (``june|july|...``) is
matched much faster when written as a trie (``ju(?:ne|ly)``): the engine then tests
one character per position instead of trying every word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["literal_union"]


def literal_union(words: Iterable[str], space: str | None = None) -> str:
    """A regex source matching any of *words* literally, written as a trie; at one
    position the longest word wins, as in an alternation sorted longest first.  With
    *space* (e.g. ``r"\\s+"``), a space in a word matches that pattern instead.

    >>> literal_union(["june", "july", "jul"])
    'ju(?:ly?|ne)'
    """
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie, space) if trie else "(?!)"


def _emit(node: dict, space: str | None) -> str:
    ends = "" in node
    branches = [(space if char == " " and space else re.escape(char)) + _emit(child, space)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        # Greedy "?" tries the longer words first, then the word that ends here.
        return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else \
            f"(?:{body})?"
    return body
