"""Repairs a reviewer makes to an article's pairs, each a small change of the store.

Every repair is a human decision: the pairs it leaves are marked reviewed and pinned
(:data:`~l10nflow.model.PINNED`), so a later ``l10nflow align`` keeps them as anchors and
its merge counts them as human work.  :func:`apply_operation` reads the file, refuses a
change based on a stale view, applies the repair and writes the file atomically.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..errors import L10nflowError
from ..formats import Store, format_for_path
from ..model import PINNED, State, Unit
from .model import BREAKS, file_version, live_units, remember_breaks, unit_sentences

__all__ = ["OPERATIONS", "OperationError", "StaleError", "apply_operation"]

MOVED_NOTE = "l10nflow review: linked by hand; the English stands elsewhere in the article"


class OperationError(L10nflowError):
    """A repair that cannot be made (unknown pair, wrong kind of pair, bad split)."""


class StaleError(L10nflowError):
    """The file changed on disk since the page that asked for the repair was loaded."""


def _find(store: Store, key: str) -> tuple[int, Unit]:
    for index, unit in enumerate(store.units):
        if unit.key == key and not unit.obsolete:
            return index, unit
    raise OperationError(f"no pair with key {key!r} in this article",
                         hint="reload the page: the article may have changed")


def _pin(unit: Unit, state: State = State.REVIEWED) -> None:
    unit.state = state
    if PINNED not in unit.flags:
        unit.flags.append(PINNED)


def _need_pair(unit: Unit, what: str) -> None:
    if not (unit.source and unit.target):
        raise OperationError(f"{what} needs a pair with both texts; {unit.key!r} has "
                             f"{'no English' if unit.source else 'no Vietnamese'}")


def accept(store: Store, key: str) -> None:
    """The pair is right: clear fuzzy, mark it reviewed and pinned."""
    _, unit = _find(store, key)
    _need_pair(unit, "accepting")
    _pin(unit)


def edit(store: Store, key: str, target: str) -> None:
    """Replace the English of a pair (a translator's edit, reviewed and pinned)."""
    _, unit = _find(store, key)
    if not unit.source:
        raise OperationError("only a pair with Vietnamese text can be edited; link or join "
                             "English-only text instead")
    target = " ".join(target.split())
    if not target:
        raise OperationError("the English is empty; use unlink to leave the Vietnamese "
                             "without English")
    unit.target = target
    unit.extra.pop(BREAKS["target"], None)
    if not unit.bead or unit.bead.endswith("-0"):
        unit.bead = _bead(unit, store)
    _pin(unit)


def _bead(unit: Unit, store: Store) -> str:
    """The bead type of a repaired unit: how many sentences each side holds."""
    return f"{len(unit_sentences(unit, 'source', store.source_lang))}-" \
           f"{len(unit_sentences(unit, 'target', store.target_lang))}"


def _langs(store: Store) -> dict[str, str]:
    return {"source": store.source_lang, "target": store.target_lang}


def _unique_key(store: Store, key: str) -> str:
    keys = {u.key for u in store.units}
    if key not in keys:
        return key
    number = 2
    while f"{key}~{number}" in keys:
        number += 1
    return f"{key}~{number}"


def _shifted_key(key: str, by: int, english: bool = False) -> str:
    """The key of a sentence *by* places after *key*'s first one (same paragraph)."""
    head, _, position = key.rpartition(":")
    position = position.split("~")[0].removeprefix("en")
    paragraph, _, sentence = position.partition(".")
    if not (head and paragraph.isdigit() and sentence.isdigit()):
        return f"{key}.{by + 1}"
    return f"{head}:{'en' if english else ''}{paragraph}.{int(sentence) + by}"


def _target_only(store: Store, key: str, text: str) -> Unit:
    return Unit(key=_unique_key(store, key), source="", target=text, article=store.article,
                bead="0-1", state=State.TRANSLATED)


def join(store: Store, key: str) -> None:
    """Join a row with the next one: both texts run on, one pinned pair."""
    index, first = _find(store, key)
    following = next((i for i in range(index + 1, len(store.units))
                      if not store.units[i].obsolete), None)
    if following is None:
        raise OperationError(f"{key!r} is the last row: there is nothing to join it with")
    second = store.units[following]
    langs = _langs(store)
    parts = {side: [*unit_sentences(first, side, lang), *unit_sentences(second, side, lang)]
             for side, lang in langs.items()}
    joined, target = " ".join(parts["source"]), " ".join(parts["target"])
    host = first if first.source or not second.source else second
    unit = replace(host, source=joined, target=target, confidence=None, fingerprint=None,
                   references=_merged(first.references, second.references),
                   notes=_merged(first.notes, second.notes),
                   comments=_merged(first.comments, second.comments),
                   flags=list(host.flags), line=None, origin=None, previous=None,
                   extra=dict(host.extra))
    for side, side_parts in parts.items():
        remember_breaks(unit, side, side_parts)
    if joined:
        unit.bead = _bead(unit, store)
        _pin(unit, State.REVIEWED if target else State.NEW)
    else:
        unit.bead = "0-1"
    store.units[index] = unit
    del store.units[following]        # (obsolete units between the two stay)


def _merged(first: list[str], second: list[str]) -> list[str]:
    return [*first, *(item for item in second if item not in first)]


def split(store: Store, key: str, source_at: int, target_at: int) -> None:
    """Split a multi-sentence pair after its *source_at*-th Vietnamese and *target_at*-th
    English sentence into two rows (a part with no Vietnamese becomes English-only
    text)."""
    index, unit = _find(store, key)
    src = unit_sentences(unit, "source", store.source_lang)
    tgt = unit_sentences(unit, "target", store.target_lang)
    if not (0 <= source_at <= len(src) and 0 <= target_at <= len(tgt)):
        raise OperationError(f"cannot split {key!r} after Vietnamese sentence {source_at} and "
                             f"English sentence {target_at}: it has {len(src)} and {len(tgt)}")
    parts = [(src[:source_at], tgt[:target_at]), (src[source_at:], tgt[target_at:])]
    if any(not s and not t for s, t in parts) or not any(s for s, _ in parts):
        raise OperationError("a split must leave text in both parts and Vietnamese in one")
    made: list[Unit] = []
    for number, (src_part, tgt_part) in enumerate(parts):
        source, target = " ".join(src_part), " ".join(tgt_part)
        if not source:
            made.append(_target_only(store, _shifted_key(unit.key, target_at, True), target))
            continue
        part_key = unit.key if number == 0 or not parts[0][0] else \
            _unique_key(store, _shifted_key(unit.key, source_at))
        piece = replace(unit, key=part_key, source=source, target=target, confidence=None,
                        fingerprint=None, flags=list(unit.flags), line=None, origin=None,
                        context=unit.context if part_key == unit.key else None,
                        notes=list(unit.notes) if number == 0 else [],
                        comments=list(unit.comments) if number == 0 else [],
                        references=list(unit.references), previous=None,
                        extra=dict(unit.extra))
        remember_breaks(piece, "source", src_part)
        remember_breaks(piece, "target", tgt_part)
        piece.bead = _bead(piece, store)
        _pin(piece, State.REVIEWED if target else State.NEW)
        made.append(piece)
    store.units[index:index + 1] = made


def link(store: Store, key: str, target_key: str) -> None:
    """Pair Vietnamese text that has no English with English-only text from anywhere in
    the article; when the English stood elsewhere, a note says so."""
    index, unit = _find(store, key)
    other_index, other = _find(store, target_key)
    if not unit.source or unit.target:
        raise OperationError(f"{key!r} is not Vietnamese text without English")
    if not other.target_only:
        raise OperationError(f"{target_key!r} is not English-only text")
    between = [u for u in store.units[min(index, other_index) + 1:max(index, other_index)]
               if not u.obsolete]
    unit.target = other.target
    unit.extra.pop(BREAKS["target"], None)
    unit.confidence = None
    unit.fingerprint = None
    unit.bead = _bead(unit, store)
    if between and MOVED_NOTE not in unit.notes:
        unit.notes = [*unit.notes, MOVED_NOTE]
    _pin(unit)
    del store.units[other_index]


def unlink(store: Store, key: str) -> None:
    """Take a pair apart: the Vietnamese stays without English (pinned so), and the
    English stays where it stood as English-only text."""
    index, unit = _find(store, key)
    _need_pair(unit, "unlinking")
    english = _target_only(store, _shifted_key(unit.key, 0, True), unit.target)
    unit.target = ""
    unit.extra.pop(BREAKS["target"], None)
    unit.target_plurals = []
    unit.confidence = None
    unit.fingerprint = None
    unit.bead = _bead(unit, store)
    unit.notes = [n for n in unit.notes if n != MOVED_NOTE]
    _pin(unit, State.NEW)
    store.units.insert(index + 1, english)


def _text(args: dict, name: str) -> str:
    value = args.get(name)
    if not isinstance(value, str):
        raise OperationError(f"the request needs {name!r} (text)")
    return value


def _number(args: dict, name: str) -> int:
    value = args.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise OperationError(f"the request needs {name!r} (a whole number)")
    return value


# operation name -> how to apply it from the request's arguments
OPERATIONS: dict[str, Callable[[Store, dict], None]] = {
    "accept": lambda store, a: accept(store, _text(a, "key")),
    "edit": lambda store, a: edit(store, _text(a, "key"), _text(a, "target")),
    "join": lambda store, a: join(store, _text(a, "key")),
    "split": lambda store, a: split(store, _text(a, "key"), _number(a, "source_at"),
                                    _number(a, "target_at")),
    "link": lambda store, a: link(store, _text(a, "key"), _text(a, "target_key")),
    "unlink": lambda store, a: unlink(store, _text(a, "key")),
}

_LOCK = threading.Lock()


def apply_operation(path: Path, name: str, args: dict, version: str | None) -> str:
    """Apply the repair *name* to the store at *path* and write it atomically; returns the
    file's new version.  *version* is the one the page was built from: when the file
    changed since, nothing is written (:class:`StaleError`)."""
    if name not in OPERATIONS:
        raise OperationError(f"unknown operation {name!r}; known: {', '.join(OPERATIONS)}")
    fmt = format_for_path(path)
    with _LOCK:                       # one repair at a time: read, compare, write
        data = path.read_bytes()
        current = file_version(data)
        if version != current:
            raise StaleError("this article changed on disk since the page was loaded "
                             "(another tab, a re-align or an editor); nothing was saved",
                             path, hint="reload the page and make the change again")
        store = fmt.loads(data, path)
        OPERATIONS[name](store, args)
        fmt.write(store, path)
        return file_version(path.read_bytes())


def live_keys(store: Store) -> list[str]:
    return [u.key for u in live_units(store)]
