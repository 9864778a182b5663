"""GNU gettext PO: one entry per aligned pair.

* ``msgctxt`` is the unit key (``<article>:<paragraph>.<sentence>``), ``msgid`` the
  source segment, ``msgstr`` the target segment.
* ``#:`` references point at the source file and line.
* An extracted comment (``#.``) carries the bead type, the confidence and the
  fingerprint of the machine-made target: ``#. bead 2-1, confidence 0.912, fingerprint …``.
* Low-confidence pairs are ``fuzzy``; source text with no translation has an empty
  ``msgstr``.
* Target-only text (0-1 beads, e.g. a "RELATED NEWS" block) has no source to put in
  ``msgid``, so it is kept as an extracted comment on the preceding entry
  (``#. target-only en12.1 (confidence 0.81): RELATED NEWS``); at the start of a file
  it goes on the first entry, marked ``target-only-before``.  Translators see it in
  Poedit's and Weblate's "notes for translators", and reading the file restores it
  as its own unit.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .. import __version__
from ..errors import InputError
from ..model import State, Unit
from .base import (
    Store,
    StoreFormat,
    machine_note,
    parse_machine_note,
    parse_target_only_note,
    register,
    split_target_only,
    target_only_note,
)

__all__ = ["PoFormat"]

def _language_name(code: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).english_name or code
    except (UnknownLocaleError, ValueError):
        return code


def _plural_forms(code: str) -> str:
    try:
        return get_plural(code.replace("-", "_")).plural_forms
    except (UnknownLocaleError, ValueError):
        return "nplurals=2; plural=(n != 1);"


# PO has only "fuzzy"; human review states are kept as flags of their own, which
# gettext tools ignore and l10nflow reads back.
_STATE_FLAGS = {State.REVIEWED: "reviewed", State.FINAL: "final"}


class PoFormat(StoreFormat):
    name = "po"
    extensions = (".po", ".pot")

    def header(self, store: Store) -> dict[str, str]:
        date = store.metadata.get("PO-Revision-Date", "")
        header = {
            "Project-Id-Version": store.metadata.get("Project-Id-Version",
                                                     store.article or "l10nflow"),
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": store.metadata.get("POT-Creation-Date", date),
            "PO-Revision-Date": date,
            "Last-Translator": store.metadata.get("Last-Translator", "l10nflow aligner"),
            "Language-Team": store.metadata.get("Language-Team",
                                                _language_name(store.target_lang)),
            "Language": store.target_lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": _plural_forms(store.target_lang),
            "X-Source-Language": store.source_lang,
            "X-Generator": f"l10nflow {__version__}",
        }
        if store.article:
            header["X-L10nflow-Article"] = store.article
        for key, value in store.metadata.items():
            header.setdefault(key, value)
        return {k: v for k, v in header.items() if v or k == "Report-Msgid-Bugs-To"}

    def dumps(self, store: Store) -> bytes:
        po = polib.POFile(wrapwidth=78)
        po.metadata = self.header(store)
        po.header = (f"{store.article or 'l10nflow'}: {store.source_lang} -> "
                     f"{store.target_lang} segment pairs aligned by l10nflow.\n"
                     "Translators: edit msgstr and remove the fuzzy flag when a pair is right.")
        for unit, before, after in split_target_only(store.units):
            entry = self._entry(unit)
            extra = ([target_only_note(u, store.article, True) for u in before]
                     + [target_only_note(u, store.article) for u in after])
            entry.comment = "\n".join(filter(None, [entry.comment, *extra]))
            po.append(entry)
        return str(po).encode("utf-8")

    def _entry(self, unit: Unit) -> polib.POEntry:
        comments = [c for c in [machine_note(unit), *unit.comments] if c]
        occurrences = []
        for ref in unit.references:
            path, _, line = ref.rpartition(":")
            occurrences.append((path, line) if path and line.isdigit() else (ref, ""))
        entry = polib.POEntry(
            msgctxt=unit.key, msgid=unit.source, msgstr=unit.target,
            occurrences=occurrences, comment="\n".join(comments),
            tcomment="\n".join(unit.notes), obsolete=unit.obsolete,
            flags=list(unit.flags),
        )
        if unit.state is State.NEEDS_REVIEW and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        if unit.state in _STATE_FLAGS:
            entry.flags.append(_STATE_FLAGS[unit.state])
        return entry

    def loads(self, data: bytes, path: Path | None = None) -> Store:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError("PO file is not valid UTF-8", path, line) from None
        _check_syntax(text, path)
        try:
            po = polib.pofile(text, wrapwidth=78)
        except (OSError, ValueError) as exc:
            raise InputError(f"not a valid PO file: {_polib_message(exc)}", path,
                             _polib_line(exc),
                             hint="check the quoting of msgid/msgstr lines; "
                                  "`msgfmt --check FILE` shows the details") from None
        meta = dict(po.metadata)
        store = Store([], meta.get("X-Source-Language", "vi"), meta.get("Language", "en"),
                      meta.get("X-L10nflow-Article"), meta)
        for entry in po:       # polib yields obsolete (#~) entries too, last
            store.units.extend(self._units(entry, store.article))
        return store

    def _units(self, entry: polib.POEntry, article: str | None) -> list[Unit]:
        unit = Unit(key=entry.msgctxt or entry.msgid, source=entry.msgid, target=entry.msgstr,
                    article=article, notes=[entry.tcomment] if entry.tcomment else [],
                    obsolete=entry.obsolete, line=entry.linenum,
                    flags=[f for f in entry.flags
                           if f != "fuzzy" and f not in _STATE_FLAGS.values()])
        unit.references = [f"{p}:{n}" if n else p for p, n in entry.occurrences]
        before, after = [], []
        last_only: Unit | None = None
        for comment in entry.comment.split("\n") if entry.comment else []:
            if unit.bead is None and parse_machine_note(comment, unit):
                last_only = None
                continue
            only = parse_target_only_note(comment, article, entry.linenum, entry.obsolete)
            if only:
                (before if only[1] else after).append(only[0])
                last_only = only[0]
            elif last_only is not None:
                # gettext tools wrap long comments (as xgettext does): a line that is
                # not a note of its own continues the target-only text above it.
                last_only.target += " " + comment
            else:
                unit.comments.append(comment)
        if not unit.target:
            unit.state = State.NEW
        elif "fuzzy" in entry.flags:
            unit.state = State.NEEDS_REVIEW
        elif "final" in entry.flags:
            unit.state = State.FINAL
        elif "reviewed" in entry.flags:
            unit.state = State.REVIEWED
        else:
            unit.state = State.TRANSLATED
        return [*before, unit, *after]


_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"^(?:#~\s*)?(?:#~?\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_STRING}\s*$")


def _check_syntax(text: str, path: Path | None) -> None:
    """polib accepts some broken lines (an unclosed quote); report them with the line."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith("#~")):
            continue
        if stripped.startswith("#~") and not stripped[2:].strip():
            continue
        if not _PO_LINE.match(stripped):
            raise InputError(f"not a valid PO line: {stripped[:60]!r}", path, number,
                             hint="each line is a comment, a keyword with a quoted string, "
                                  'or a quoted continuation ("...")')


def _polib_message(exc: Exception) -> str:
    return str(exc).split(" (line")[0]


def _polib_line(exc: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


register(PoFormat())
