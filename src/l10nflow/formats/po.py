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

import codecs
import itertools
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .. import __version__
from ..errors import InputError
from ..model import Previous, State, Unit
from ..vietnamese import nfc
from .base import (
    Piece,
    Store,
    StoreFormat,
    data_note,
    dump_carried,
    load_carried,
    machine_note,
    parse_data_note,
    parse_machine_note,
    parse_target_only_note,
    po_context,
    register,
    split_target_only,
    target_only_note,
)
from .po_grammar import PoEntry, parse_entries, render_entry

__all__ = ["FILE_DATA", "PoFormat", "file_data", "header_fields"]


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

    # --- reading ----------------------------------------------------------------------

    def loads(self, data: bytes, path: Path | None = None) -> Store:
        return self._load(data, path)

    def _load(self, data: bytes, path: Path | None, first_line: int = 1,
              file_extra: dict | None = None) -> Store:
        """Units of *data*, which starts at line *first_line* of *path*; *file_extra* is
        what the file's first piece said (header, charset) when *data* is a later piece."""
        encoding = (detect_encoding(data, path) if file_extra is None
                    else file_extra["po.encoding"])
        text = _decode(data, encoding, path, first_line)
        codec = "utf-8" if encoding[0].startswith(("utf-16", "utf-32", "utf-8")) \
            else encoding[0]
        entries, lines, tail = parse_entries(text, path, first_line, codec)
        if codec in _DECOMPOSING:
            # CP1258 writes tone marks as combining characters: the units get NFC text
            # (as every stage expects), the file's own lines stay as they were.
            entries = [_nfc_entry(entry) for entry in entries]
        newline = "\r\n" if "\r\n" in text[:4096] else (
            "\r" if "\r" in text[:4096] and "\n" not in text[:4096] else "\n")
        extra: dict[str, object] = dict(file_extra or {})
        extra.setdefault("po.encoding", encoding)
        extra.setdefault("po.newline", newline)
        if tail is not None:
            extra["po.tail"] = lines[tail.raw[0]:tail.raw[1]]
        meta: dict[str, str] = dict(extra.get("po.metadata", {}))
        for index, entry in enumerate(entries):
            if entry.is_header and file_extra is None:
                entries.pop(index)
                extra["po.header"] = entry
                extra["po.header_index"] = index
                extra["po.header_lines"] = lines[entry.raw[0]:entry.raw[1]]
                meta = header_fields(entry.msgstr or "")
                extra["po.metadata"] = dict(meta)
                break
        store = Store([], meta.get("X-Source-Language", "en"), meta.get("Language", "") or
                      _language_from_name(path), meta.get("X-L10nflow-Article"), meta, extra)
        if meta.get(FILE_DATA):
            store.extra.update(load_carried(meta[FILE_DATA]) or {})
        for entry in entries:
            store.units.extend(self._units(entry, store.article, lines))
        return store

    def _units(self, entry: PoEntry, article: str | None, lines: list[str]) -> list[Unit]:
        forms = entry.msgstr_plural if entry.msgid_plural is not None else [entry.msgstr or ""]
        unit = Unit(key=entry.msgctxt if entry.msgctxt is not None else entry.msgid or "",
                    source=entry.msgid or "", target=forms[0] if forms else "",
                    article=article, obsolete=entry.obsolete, line=entry.line,
                    references=list(entry.references), context=entry.msgctxt,
                    source_plural=entry.msgid_plural, target_plurals=list(forms[1:]),
                    notes=["\n".join(entry.tcomments)] if entry.tcomments else [],
                    flags=[f for f in entry.flags if f not in _STATE_FLAG_NAMES])
        if entry.prev_msgid is not None or entry.prev_msgctxt is not None \
                or entry.prev_msgid_plural is not None:
            unit.previous = Previous(entry.prev_msgid, entry.prev_msgctxt,
                                     entry.prev_msgid_plural)
        before, after = [], []
        last_only: Unit | None = None
        for comment in entry.ecomments:
            if unit.bead is None and parse_machine_note(comment, unit):
                last_only = None
                continue
            if parse_data_note(comment, unit):
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
        translated = any(forms)
        if "fuzzy" in flags:
            unit.state = State.NEEDS_REVIEW
        elif not translated:
            unit.state = State.NEW
        elif "final" in flags:
            unit.state = State.FINAL
        elif "reviewed" in flags:
            unit.state = State.REVIEWED
        else:
            unit.state = State.TRANSLATED
        unit.origin = (entry, lines, tuple(before), tuple(after))
        return [*before, unit, *after] if before or after else [unit]

    def pieces(self, path: str | Path, count: int) -> list[Piece]:
        """Pieces that end at blank lines, which only ever separate entries (a string
        cannot hold a raw line break)."""
        path = Path(path)
        size = path.stat().st_size
        count = min(count, size // _MIN_PIECE)
        if count <= 1:
            return [Piece(path)]
        with path.open("rb") as file:
            head = file.read(_WINDOW)
        if detect_encoding(head, path)[0] in _NOT_ASCII_COMPATIBLE:
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

    def languages(self, path: str | Path) -> tuple[str, str]:
        """From the header alone: the file's head up to the first blank line after it."""
        path = Path(path)
        with path.open("rb") as file:
            head = file.read(_WINDOW)
        blank = _BLANK_LINE.search(head)
        if blank is None or len(head) < _WINDOW:
            return super().languages(path)
        store = self._load(head[:blank.end()], path)
        if "po.header" not in store.extra:          # the header is not first
            return super().languages(path)
        return store.source_lang, store.target_lang

    def read_piece(self, piece: Piece) -> Store:
        if piece.start == 0 and piece.end is None:
            return self.read(piece.path)
        with piece.path.open("rb") as file:
            extra = None
            first_line = 1
            if piece.start:
                head = file.read(_WINDOW)
                blank = _BLANK_LINE.search(head)
                first = self._load(head[: blank.end() if blank else len(head)], piece.path)
                extra = {k: v for k, v in first.extra.items()
                         if k in ("po.encoding", "po.newline", "po.metadata")}
                file.seek(0)
                remaining = piece.start
                while remaining:
                    block = file.read(min(remaining, 1 << 20))
                    first_line += block.count(b"\n")
                    remaining -= len(block)
            data = file.read() if piece.end is None else file.read(piece.end - piece.start)
        return self._load(data, piece.path, first_line, extra)

    # --- writing ----------------------------------------------------------------------

    def dumps(self, store: Store, encoding: str | None = None) -> bytes:
        """*store* as PO bytes, in the charset its header declares (or *encoding*)."""
        lines: list[str] = []
        header = self._header_lines(store, encoding)
        header_index = int(store.extra.get("po.header_index", 0))  # type: ignore[arg-type]
        entries = self._entries(store)
        for index, entry_lines in enumerate(entries):
            if index == header_index and header:
                lines += [*header, ""]
                header = []
            lines += [*entry_lines, ""]
        if header:
            lines += [*header, ""]
        tail = store.extra.get("po.tail")
        if tail:
            lines += list(tail)   # type: ignore[arg-type]
        while lines and lines[-1] == "":
            lines.pop()
        newline = str(store.extra.get("po.newline", "\n"))
        text = newline.join(lines) + newline
        if "\x00" in text:
            line = text[:text.index("\x00")].count("\n") + 1
            raise InputError(f"line {line} of the PO file to write holds a NUL character, "
                             "which a PO string cannot (gettext strings are C strings)",
                             hint="remove it, or write XLIFF, which can hold it")
        codec = encoding or self._codec(store)
        read_with = store.extra.get("po.encoding")
        if isinstance(read_with, tuple) and read_with[0] in _DECOMPOSING and \
                codecs.lookup(codec).name not in _DECOMPOSING:
            text = nfc(text)          # lines kept from a CP1258 file hold combining marks
        return _encode(text, codecs.lookup(codec).name, store)

    def _codec(self, store: Store) -> str:
        declared = _charset_of(store.metadata.get("Content-Type", ""))
        found = store.extra.get("po.encoding")
        if isinstance(found, tuple) and (declared is None or found[1] == declared
                                         or (found[1] is None and found[0] != "utf-8")):
            return found[0]          # as read (a UTF-16/32 file by its byte order mark)
        return _python_codec(declared, None) if declared else "utf-8"

    def _entries(self, store: Store) -> list[list[str]]:
        """The lines of every entry: unchanged entries as read, others rendered."""
        out: list[list[str]] = []
        seen: set[tuple[str | None, str]] = set()
        for unit, before, after in split_target_only(store.units):
            entry = self._entry(unit, before, after, store.article)
            identity = (entry.msgctxt, entry.msgid or "")
            if identity in seen or (entry.msgid == "" and entry.msgctxt is None):
                entry = self._renamed(unit, before, after, store.article, seen)
                identity = (entry.msgctxt, entry.msgid or "")
            seen.add(identity)
            out.append(self._lines_of(unit, entry, before, after))
        return out

    def _renamed(self, unit: Unit, before, after, article, seen) -> PoEntry:
        """The entry of a unit whose msgctxt and msgid another unit already has (or that
        would read as the header): a distinct msgctxt, and its own key in its data note."""
        base = unit.context if unit.context is not None else unit.key
        label = unit.file or "duplicate"
        number = 1
        while True:
            context = f"{base} [{label}{'' if number == 1 else f' {number}'}]"
            if (context, unit.source) not in seen:
                break
            number += 1
        renamed = replace(unit, context=context, key=context)
        entry = self._entry(renamed, before, after, article)
        entry.ecomments = [c for c in entry.ecomments if not c.startswith("l10nflow-data: ")]
        note = data_note(replace(unit), key=context)
        entry.ecomments.insert(1 if machine_note(unit) else 0, note)
        return entry

    def _lines_of(self, unit: Unit, entry: PoEntry, before, after) -> list[str]:
        origin = unit.origin
        if isinstance(origin, tuple) and len(origin) == 4:
            read, lines, was_before, was_after = origin
            if read.raw is not None and _same_entry(entry, read) \
                    and tuple(before) == was_before and tuple(after) == was_after:
                start, end = read.raw
                while end > start and not lines[end - 1].strip():
                    end -= 1
                return lines[start:end]
            if isinstance(read, PoEntry) and sorted(read.flags) == sorted(entry.flags):
                entry.flags = list(read.flags)
        return render_entry(entry)

    def _entry(self, unit: Unit, before: list[Unit], after: list[Unit], article: str | None
               ) -> PoEntry:
        context = po_context(unit)
        ecomments = [c for c in [machine_note(unit), data_note(unit)] if c]
        ecomments += unit.comments
        ecomments += [target_only_note(u, article, True) for u in before]
        ecomments += [target_only_note(u, article) for u in after]
        flags = list(unit.flags)
        if unit.state is State.NEEDS_REVIEW and "fuzzy" not in flags:
            flags.insert(0, "fuzzy")
        if unit.state in _STATE_FLAGS and _STATE_FLAGS[unit.state] not in flags:
            flags.append(_STATE_FLAGS[unit.state])
        entry = PoEntry(msgid=unit.source, msgctxt=context,
                        tcomments=[line for note in unit.notes for line in note.split("\n")],
                        ecomments=ecomments, references=list(unit.references), flags=flags,
                        obsolete=unit.obsolete)
        if unit.previous is not None:
            entry.prev_msgctxt = unit.previous.context
            entry.prev_msgid = unit.previous.source
            entry.prev_msgid_plural = unit.previous.source_plural
        if unit.source_plural is not None:
            entry.msgid_plural = unit.source_plural
            entry.msgstr_plural = [unit.target, *unit.target_plurals]
        else:
            entry.msgstr = unit.target
        return entry

    def _header_lines(self, store: Store, encoding: str | None) -> list[str]:
        read = store.extra.get("po.header")
        if isinstance(read, PoEntry):
            if store.metadata == store.extra.get("po.metadata") and encoding is None:
                return list(store.extra.get("po.header_lines", []))  # type: ignore[arg-type]
            header = replace(read, msgstr=_update_header(read.msgstr or "", store.metadata,
                                                          encoding))
            return render_entry(header)
        aligned = any(unit.bead for unit in store.units)
        return render_entry(PoEntry(
            msgid="", msgstr="".join(f"{k}: {v}\n" for k, v in self.header(store).items()),
            tcomments=[f"{store.article or 'l10nflow'}: {store.source_lang} -> "
                       f"{store.target_lang} segment pairs aligned by l10nflow.",
                       "Translators: edit msgstr and remove the fuzzy flag when a pair is "
                       "right."] if store.article and aligned else []))

    def header(self, store: Store) -> dict[str, str]:
        """The header of a PO file l10nflow creates (from an alignment, or converted
        from XLIFF or TMX: then the other format's file-level details, which PO has no
        field for, travel in ``X-L10nflow-Data``)."""
        aligned = any(unit.bead for unit in store.units)
        # gettext's placeholders where nothing is known (msgfmt -c wants the fields)
        date = store.metadata.get("PO-Revision-Date", "" if aligned else
                                  "YEAR-MO-DA HO:MI+ZONE")
        header = {
            "Project-Id-Version": store.metadata.get("Project-Id-Version",
                                                     store.article or "l10nflow"),
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": store.metadata.get("POT-Creation-Date", date),
            "PO-Revision-Date": date,
            "Last-Translator": store.metadata.get(
                "Last-Translator", "l10nflow aligner" if aligned else "FULL NAME <EMAIL@ADDRESS>"),
            "Language-Team": store.metadata.get("Language-Team",
                                                _language_name(store.target_lang)),
            "Language": store.target_lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": store.metadata.get("Plural-Forms",
                                               _plural_forms(store.target_lang)),
            "X-Source-Language": store.source_lang,
            "X-Generator": f"l10nflow {__version__}",
        }
        if store.article:
            header["X-L10nflow-Article"] = store.article
        carried = file_data(store)
        if carried:
            header[FILE_DATA] = carried
        for key, value in store.metadata.items():
            header.setdefault(key, value)
        return {k: v for k, v in header.items() if v or k == "Report-Msgid-Bugs-To"}


# PO header field carrying another format's file-level details (XLIFF <file> attributes
# and headers, language tags as written, a TMX header), so XLIFF -> PO -> XLIFF keeps them.
FILE_DATA = "X-L10nflow-Data"
_FILE_KEYS = ("xliff1.files", "xliff2.files", "xliff.langs", "xliff.root", "tmx.langs",
              "tmx.header", "tmx.header-xml")


def file_data(store: Store) -> str | None:
    """The ``X-L10nflow-Data`` value for *store*, or None when there is nothing to carry."""
    data = {key: store.extra[key] for key in _FILE_KEYS if store.extra.get(key)}
    return dump_carried(data) if data else None


def _same_entry(new: PoEntry, read: PoEntry) -> bool:
    if new == read:
        return True
    if sorted(new.flags) != sorted(read.flags):
        return False
    return replace(new, flags=list(read.flags)) == read


def header_fields(text: str) -> dict[str, str]:
    """The ``Name: value`` fields of a PO header, in order."""
    meta = {}
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and " " not in key.strip():
            meta[key.strip()] = value.strip()
    return meta


def _update_header(text: str, metadata: dict[str, str], encoding: str | None) -> str:
    """*text* with its fields set to *metadata*: changed values in place, new fields at
    the end, removed fields dropped; other lines as they were."""
    if encoding is not None:
        metadata = dict(metadata)
        metadata["Content-Type"] = re.sub(r"charset=[^;\s]*", f"charset={encoding.upper()}",
                                          metadata.get("Content-Type", "")) or \
            f"text/plain; charset={encoding.upper()}"
    out, done = [], set()
    lines = text.split("\n")
    trailing = lines[-1] == ""
    if trailing:
        lines.pop()
    for line in lines:
        key, sep, _ = line.partition(":")
        name = key.strip()
        if sep and name and " " not in name:
            if name in metadata:
                out.append(f"{name}: {metadata[name]}")
                done.add(name)
            continue
        out.append(line)
    out += [f"{k}: {v}" for k, v in metadata.items() if k not in done]
    return "\n".join(out) + ("\n" if trailing or out else "")


# --- charsets ---------------------------------------------------------------------------
#
# A PO file declares its charset in the header's Content-Type.  Every charset Python's
# codecs know is read; the file is written back in the same charset.  UTF-16 and UTF-32
# (which gettext itself cannot read) are recognised by their byte order mark.

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_NOT_ASCII_COMPATIBLE = ("utf-16", "utf-32")
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:+-]+)")
_CHARSET_TEXT = re.compile(r"charset=([A-Za-z0-9_.:+-]+)")


def _charset_of(content_type: str) -> str | None:
    match = _CHARSET_TEXT.search(content_type)
    return match.group(1) if match else None


def _python_codec(declared: str, path: Path | None) -> str:
    if declared.upper() in ("CHARSET", "ASCII", "US-ASCII", "ANSI_X3.4-1968"):
        return "utf-8"           # POT templates say CHARSET; ASCII is a subset of UTF-8
    try:
        return codecs.lookup(declared).name
    except LookupError:
        raise InputError(f"the header declares charset {declared!r}, which l10nflow cannot "
                         "read", path, hint="convert the file first, e.g. `msgconv "
                                            "--to-code=UTF-8 FILE`") from None


def detect_encoding(data: bytes, path: Path | None) -> tuple[str, str | None]:
    """(Python codec, declared charset) of PO bytes: by byte order mark, else the
    header's ``charset=``, else UTF-8."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, None
    if data.startswith(codecs.BOM_UTF8):
        raise InputError("PO file starts with a UTF-8 byte order mark, which gettext "
                         "refuses (msgfmt: syntax error)", path, 1,
                         hint="remove the first three bytes, e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' "
                              "FILE`")
    if b"\x00" in data[:4096]:
        raise InputError("PO file holds NUL bytes: it looks like UTF-16 or UTF-32 without a "
                         "byte order mark", path, 1, hint="save it as UTF-8")
    match = _CHARSET.search(data, 0, 1 << 16)
    if match is None:
        return "utf-8", None
    declared = match.group(1).decode("ascii")
    return _python_codec(declared, path), declared


def _decode(data: bytes, encoding: tuple[str, str | None], path: Path | None,
            first_line: int) -> str:
    codec, declared = encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = first_line + data[: exc.start].count(b"\n")
        name = declared or "UTF-8"
        raise InputError(f"bytes that are not valid {name} (0x{data[exc.start]:02x} at offset "
                         f"{exc.start})", path, line,
                         hint=f"the header declares charset {name}; fix the bytes or the "
                              "declaration (iconv/msgconv can convert)") from None


# Charsets that hold Vietnamese tone marks only as combining characters.
_DECOMPOSING = frozenset({"cp1258"})
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _nfc_entry(entry: PoEntry) -> PoEntry:
    for name in ("msgid", "msgstr", "msgctxt", "msgid_plural", "prev_msgctxt", "prev_msgid",
                 "prev_msgid_plural"):
        value = getattr(entry, name)
        if value is not None:
            setattr(entry, name, nfc(value))
    for name in ("msgstr_plural", "tcomments", "ecomments", "references"):
        setattr(entry, name, [nfc(value) for value in getattr(entry, name)])
    return entry


def _tone_marks_apart(error: UnicodeEncodeError) -> tuple[str, int]:
    """Encoding error handler for CP1258: a precomposed letter the charset lacks is
    written as its base letter and a combining tone mark, as Windows does."""
    out = []
    for char in error.object[error.start:error.end]:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts
                                                        if c not in _TONE_MARKS)) + tones)
    return "".join(out), error.end


codecs.register_error("l10nflow-tone-marks", _tone_marks_apart)


def _encode(text: str, codec: str, store: Store) -> bytes:
    try:
        if codec in _DECOMPOSING:
            return text.encode(codec, "l10nflow-tone-marks")
        return text.encode(codec)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end]
        line = exc.object.count("\n", 0, exc.start) + 1
        if codec == "utf-8":
            raise InputError(f"text holds {bad!r}, which cannot be written as UTF-8 (a lone "
                             "surrogate)", hint="remove it from the source file") from None
        raise InputError(f"line {line} of the PO file to write holds {bad!r}, which its "
                         f"charset ({codec}) cannot hold",
                         hint="write UTF-8 instead: l10nflow convert IN OUT.po "
                              "--encoding utf-8") from None


def _language_from_name(path: Path | None) -> str:
    """``vi.po`` -> ``vi`` (gettext's convention for a file without a Language field)."""
    if path is not None and re.fullmatch(r"[a-z]{2,3}(?:[_@-][A-Za-z0-9]+)*", path.stem):
        return path.stem
    return "en"


# Pieces for parallel reading: at least this many bytes each, cut at a blank line found
# within a window after the even split point.
_MIN_PIECE = 1 << 20
_WINDOW = 1 << 16
_BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")


register(PoFormat())
