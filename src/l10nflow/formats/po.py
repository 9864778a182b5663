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

import itertools
import re
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .. import __version__
from ..errors import InputError
from ..model import State, Unit
from .base import (
    Piece,
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
_STATE_FLAG_NAMES = frozenset(["fuzzy", *_STATE_FLAGS.values()])


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
        return self._load(data, path)

    def _load(self, data: bytes, path: Path | None, first_line: int = 1,
              meta: dict[str, str] | None = None) -> Store:
        """Units of *data*, which starts at line *first_line* of *path*; *meta* is the
        file's header when *data* is a later piece of it."""
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = first_line + data[: exc.start].count(b"\n")
            raise InputError("PO file is not valid UTF-8", path, line) from None
        entries = _parse_po(text, path, first_line)
        if meta is None:
            meta = {}
            if entries and entries[0].msgid == "" and entries[0].msgctxt is None:
                meta = _parse_header(entries.pop(0).msgstr)
        store = Store([], meta.get("X-Source-Language", "vi"), meta.get("Language", "en"),
                      meta.get("X-L10nflow-Article"), meta)
        live = [e for e in entries if not e.obsolete]
        for entry in live + [e for e in entries if e.obsolete]:
            store.units.extend(self._units(entry, store.article))
        return store

    def pieces(self, path: str | Path, count: int) -> list[Piece]:
        """Pieces that end at blank lines, which only ever separate entries (a string
        cannot hold a raw line break)."""
        path = Path(path)
        size = path.stat().st_size
        count = min(count, size // _MIN_PIECE)
        if count <= 1:
            return [Piece(path)]
        starts = [0]
        with path.open("rb") as file:
            for index in range(1, count):
                file.seek(max(size * index // count, starts[-1]))
                window = file.read(_WINDOW)
                match = _BLANK_LINE.search(window)
                if match:
                    starts.append(file.tell() - len(window) + match.end())
        return [Piece(path, start, end) for start, end in
                itertools.pairwise([*starts, None]) if end is None or end > start]

    def read_piece(self, piece: Piece) -> Store:
        if piece.start == 0 and piece.end is None:
            return self.read(piece.path)
        with piece.path.open("rb") as file:
            meta = None
            first_line = 1
            if piece.start:
                head = file.read(_WINDOW)
                blank = _BLANK_LINE.search(head)
                entries = _parse_po(head[: blank.end() if blank else len(head)]
                                    .decode("utf-8-sig", "replace"), piece.path)
                meta = _parse_header(entries[0].msgstr) if entries and \
                    entries[0].msgid == "" and entries[0].msgctxt is None else {}
                file.seek(0)
                remaining = piece.start
                while remaining:
                    block = file.read(min(remaining, 1 << 20))
                    first_line += block.count(b"\n")
                    remaining -= len(block)
            data = file.read() if piece.end is None else file.read(piece.end - piece.start)
        return self._load(data, piece.path, first_line, meta)

    def _units(self, entry: _Entry, article: str | None) -> list[Unit]:
        unit = Unit(key=entry.msgctxt if entry.msgctxt is not None else entry.msgid,
                    source=entry.msgid, target=entry.msgstr, article=article,
                    notes=["\n".join(entry.tcomment)] if entry.tcomment else [],
                    obsolete=entry.obsolete, line=entry.line, references=entry.references,
                    flags=[f for f in entry.flags if f not in _STATE_FLAG_NAMES]
                    if entry.flags else [])
        before, after = [], []
        last_only: Unit | None = None
        for comment in entry.comments:
            if unit.bead is None and parse_machine_note(comment, unit):
                last_only = None
                continue
            only = parse_target_only_note(comment, article, entry.line, entry.obsolete)
            if only:
                (before if only[1] else after).append(only[0])
                last_only = only[0]
            elif last_only is not None:
                # gettext tools wrap long comments (as xgettext does): a line that is
                # not a note of its own continues the target-only text above it.
                last_only.target += " " + comment
            else:
                unit.comments.append(comment)
        flags = entry.flags
        if not unit.target:
            unit.state = State.NEW
        elif "fuzzy" in flags:
            unit.state = State.NEEDS_REVIEW
        elif "final" in flags:
            unit.state = State.FINAL
        elif "reviewed" in flags:
            unit.state = State.REVIEWED
        else:
            unit.state = State.TRANSLATED
        return [*before, unit, *after] if before or after else [unit]


# Pieces for parallel reading: at least this many bytes each, cut at a blank line found
# within a window after the even split point.
_MIN_PIECE = 1 << 20
_WINDOW = 1 << 16
_BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")


# --- a fast, strict PO reader ------------------------------------------------------------
#
# polib writes l10nflow's PO files; reading uses this parser, which is several times faster
# (exporting a million units is mostly reading PO) and reports the line of any broken
# construct that polib would quietly accept, such as an unclosed quote.

class _Entry:
    __slots__ = ("comments", "flags", "line", "msgctxt", "msgid", "msgstr", "obsolete",
                 "references", "tcomment")

    def __init__(self) -> None:
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgstr = ""
        self.tcomment: list[str] = []
        self.comments: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.obsolete = False
        self.line: int | None = None


_ESCAPE = re.compile(r"\\(?:([ntr\"abfv\\?'])|([0-7]{1,3})|x([0-9a-fA-F]+)|(.))")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
           "f": "\f", "v": "\v", "?": "?", "'": "'"}
_KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")


def _unescape_match(match: re.Match[str]) -> str:
    simple, octal, hexa, bad = match.groups()
    if simple:
        return _SIMPLE[simple]
    if octal:
        return chr(int(octal, 8))
    if hexa:
        return chr(int(hexa, 16))
    raise ValueError(f"unknown escape \\{bad}")


def _string(token: str, path: Path | None, number: int) -> str:
    """The value of a quoted PO string token."""
    token = token.strip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"' or (
            token[-2] == "\\" and not token.endswith('\\\\"')):
        raise InputError(f"not a valid PO string: {token[:60]!r}", path, number,
                         hint='strings are in double quotes, with \\" for a quote inside')
    inner = token[1:-1]
    if "\\" not in inner:
        if '"' in inner:
            raise InputError(f'unescaped " in a PO string: {token[:60]!r}', path, number)
        return inner
    if re.search(r'(?<!\\)(?:\\\\)*"', inner):
        raise InputError(f'unescaped " in a PO string: {token[:60]!r}', path, number)
    try:
        return _ESCAPE.sub(_unescape_match, inner)
    except ValueError as exc:
        raise InputError(str(exc), path, number) from None


def _parse_po(text: str, path: Path | None, first_line: int = 1) -> list[_Entry]:
    entries: list[_Entry] = []
    entry = _Entry()
    field: str | None = None         # the keyword a continuation line extends
    plural_index = 0

    def finish() -> None:
        nonlocal entry, field
        if entry.msgid is not None:
            entries.append(entry)
        elif entry.msgctxt is not None or entry.msgstr:
            raise InputError("entry without msgid", path, entry.line)
        entry, field = _Entry(), None

    for number, raw in enumerate(text.split("\n"), start=first_line):
        line = raw.strip()
        if not line:
            if entry.msgid is not None:
                finish()
            continue
        obsolete = line[0] == "#" and line[1:2] == "~"
        if obsolete:
            line = line[2:].lstrip()
            if not line or line[0] == "#":     # "#~" alone, or "#~|" previous-msgid
                continue
        first = line[0]
        if first == "#":
            if entry.msgid is not None or field is not None:
                finish()
            kind = line[1:2]
            body = line[2:]
            if kind == ".":
                entry.comments.append(body[1:] if body.startswith(" ") else body)
            elif kind == ":":
                entry.references.extend(body.split())
            elif kind == ",":
                entry.flags.extend(f.strip() for f in body.split(",") if f.strip())
            elif kind == "|":
                continue
            else:
                comment = line[1:]
                entry.tcomment.append(comment[1:] if comment.startswith(" ") else comment)
            continue
        if first == '"':
            if field is None:
                raise InputError(f"a string continues nothing: {line[:60]!r}", path, number,
                                 hint="continuation lines follow msgid/msgstr lines")
            # The common case, a plain "..." with no escapes, without a call.
            value = line[1:-1] if line[-1] == '"' and len(line) > 1 and \
                "\\" not in line and line.count('"') == 2 else _string(line, path, number)
            if field == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif field == "msgid":
                entry.msgid = (entry.msgid or "") + value
            elif field == "msgstr":
                entry.msgstr += value
            continue
        keyword, _, rest = line.partition(" ")
        base = keyword.split("[", 1)[0] if "[" in keyword else keyword
        if base not in _KEYWORDS or not rest:
            raise InputError(f"not a valid PO line: {line[:60]!r}", path, number,
                             hint="each line is a comment, a keyword with a quoted string, "
                                  'or a quoted continuation ("...")')
        value = rest[1:-1] if rest[0] == '"' and rest[-1] == '"' and len(rest) > 1 and \
            "\\" not in rest and rest.count('"') == 2 else _string(rest, path, number)
        if base in ("msgctxt", "msgid") and (entry.msgid is not None and (
                base == "msgctxt" or field in ("msgstr", "msgid_plural"))):
            finish()                 # entries not separated by a blank line
        if entry.line is None:
            entry.line = number
        entry.obsolete = obsolete
        if base == "msgstr":
            plural_index = int(keyword[7:-1]) if "[" in keyword else 0
            if plural_index == 0:
                entry.msgstr = value
            field = "msgstr" if plural_index == 0 else "msgstr_plural"
        elif base == "msgid_plural":
            field = "msgid_plural"
        else:
            setattr(entry, base, value)
            field = base
    finish()
    return entries


def _parse_header(text: str) -> dict[str, str]:
    meta = {}
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip()] = value.strip()
    return meta


register(PoFormat())
