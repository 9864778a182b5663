"""The one interface every store format implements, and the registry of formats."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import ClassVar

from ..errors import InputError
from ..fsutil import atomic_write_bytes
from ..model import InlineCode, Previous, State, Unit
from ..wording import counted

__all__ = [
    "FORMATS",
    "FORMAT_MODULES",
    "Limits",
    "Piece",
    "Store",
    "StoreFormat",
    "all_formats",
    "format_for_path",
    "get_format",
    "read_store",
    "register",
    "write_store",
]


@dataclass
class Store:
    """The content of one store file: units plus file-level facts."""

    units: list[Unit]
    source_lang: str = "vi"
    target_lang: str = "en"
    article: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)   # e.g. PO header fields
    # File-level details of one format kept for writing the file back (e.g. the PO
    # header's comments, charset and line ends; the XLIFF <file> elements).
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Piece:
    """A byte range of a store file that can be read on its own, so that several
    processes can share one large file (``end`` None: to the end of the file)."""

    path: Path
    start: int = 0
    end: int | None = None


@dataclass
class Limits:
    """What writing a store in a format leaves out: whole units (with the reason) and
    other data the format has no place for.  ``convert`` reports both per file, or
    refuses with ``--strict``."""

    dropped: list[tuple[int, str]] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.dropped or self.lost)

    def written(self, store: Store) -> int:
        """How many units the written file holds."""
        return len(store.units) - sum(count for count, _ in self.dropped)


def count_lost(lost: list[str], units: list[Unit], test, what: str) -> None:
    """Add "N units: *what*" to *lost* when *test* holds for some of *units*."""
    count = sum(1 for unit in units if test(unit))
    if count:
        lost.append(f"{counted(count, 'unit')}: {what}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def refuse_unwritable(store: Store, path: str | Path) -> None:
    """Refuse text no file format can hold: a lone surrogate (a half of a UTF-16 pair,
    e.g. from a \\ud800 escape), which no UTF-8 or UTF-16 file can carry."""
    for unit in store.units:
        for text in (unit.source, unit.target, *unit.target_plurals, *unit.notes):
            if _SURROGATE.search(text):
                raise InputError(f"unit {unit.key!r} holds a lone surrogate "
                                 f"(U+{ord(_SURROGATE.search(text).group()):04X}), which no "
                                 "file can hold", path,
                                 hint="remove it from the file it came from")


class StoreFormat:
    """Base class of formats: read bytes into a :class:`Store`, write a store to bytes."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def limits(self, store: Store) -> Limits:
        """What this format cannot hold of *store* (nothing, for the faithful formats:
        PO and XLIFF carry whatever has no field of its own)."""
        limits = Limits()
        tail = store.extra.get("po.tail")
        if tail and self.name != "po":
            limits.lost.append(f"{counted(len(tail), 'comment line')} after the last PO "
                               "entry")
        return limits

    def loads(self, data: bytes, path: Path | None = None) -> Store:
        raise NotImplementedError

    def dumps(self, store: Store) -> bytes:
        raise NotImplementedError

    def read(self, path: str | Path) -> Store:
        path = Path(path)
        if not path.is_file():
            raise InputError("file not found", path)
        return self.loads(path.read_bytes(), path)

    def write(self, store: Store, path: str | Path) -> None:
        refuse_unwritable(store, path)
        atomic_write_bytes(path, self.dumps(store))

    def pieces(self, path: str | Path, count: int) -> list[Piece]:
        """Split *path* into at most *count* pieces for :meth:`read_piece`.  A format
        that cannot read part of a file gives the whole file as one piece."""
        return [Piece(Path(path))]

    def languages(self, path: str | Path) -> tuple[str, str]:
        """(source, target) language of the store at *path*; formats that can tell from
        the file's head override this, so a caller need not read the whole file."""
        store = self.read(path)
        return store.source_lang, store.target_lang

    def read_piece(self, piece: Piece) -> Store:
        """The units of one piece, with the file's languages and metadata."""
        return self.read(piece.path)


# Every format's name, with the module of this package that implements and registers
# it.  A module is imported when its format is first asked for, so that aligning into
# PO does not import lxml and the XLIFF and TMX code.  The order is the one
# format_for_path tries the extensions in (".sdlxliff" is XLIFF 1.2 before ".xliff" is
# XLIFF 2.0).
FORMAT_MODULES = {"po": "po", "tsv": "tabular", "xliff": "xliff", "xliff2": "xliff",
                  "tmx": "tmx"}

# The formats registered so far, by name (all_formats() gives every one).
FORMATS: dict[str, StoreFormat] = {}


def register(fmt: StoreFormat) -> StoreFormat:
    FORMATS[fmt.name] = fmt
    return fmt


def get_format(name: str) -> StoreFormat:
    if name not in FORMATS and name in FORMAT_MODULES:
        import_module(f".{FORMAT_MODULES[name]}", __package__)
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError(f"unknown format {name!r}; known: "
                         f"{', '.join(sorted(FORMAT_MODULES))}") from None


def all_formats() -> list[StoreFormat]:
    """Every format, in the order of :data:`FORMAT_MODULES`."""
    return [get_format(name) for name in FORMAT_MODULES]


def format_for_path(path: str | Path) -> StoreFormat:
    name = Path(path).name.lower()
    formats = all_formats()
    for fmt in formats:
        if name.endswith(fmt.extensions):
            return fmt
    known = ", ".join(e for f in formats for e in f.extensions)
    raise InputError("cannot tell the format from the file name", path,
                     hint=f"use one of: {known}, or say --to")


def read_store(path: str | Path) -> Store:
    return format_for_path(path).read(path)


def write_store(store: Store, path: str | Path, fmt: str | None = None,
                encoding: str | None = None) -> None:
    """Write *store* to *path* (format from *fmt* or the file name); *encoding* asks PO
    for another charset than the one the store declares."""
    target = get_format(fmt) if fmt else format_for_path(path)
    if encoding is None:
        target.write(store, path)
    elif target.name == "po":
        refuse_unwritable(store, path)
        atomic_write_bytes(path, target.dumps(store, encoding))  # type: ignore[call-arg]
    else:
        raise InputError(f"--encoding applies to PO output, not {target.name}", path,
                         hint="XLIFF and TMX are always written as UTF-8")


# --- notes shared by the formats ------------------------------------------------------
#
# Every format carries the aligner's data as the same one-line notes, so a unit reads
# the same in Poedit, a CAT tool or a text editor:
#   bead 2-1, confidence 0.912, fingerprint 1c58cfdd049f
#   bead 1-1, moved: the English stands elsewhere in the article, confidence 0.870, …
#   bead 1-0, byline, confidence 0.990, fingerprint …
#   target-only en12.1 (confidence 0.810): RELATED NEWS
#   target-only en12.2 (teaser, confidence 0.810): Russia-Korea legalize commitment …

_KINDS = "byline|dateline|caption|teaser|separator"
MOVED_NOTE = "moved: the translation stands elsewhere in the article"
_INFO = re.compile(r"^bead (?P<bead>\d+-\d+)"
                   rf"(?:, (?P<kind>{_KINDS}|moved(?=: )))?(?:: the \w+ stands elsewhere "
                   r"in the article)?"
                   r"(?:, confidence (?P<conf>[\d.]+))?"
                   r"(?:, fingerprint (?P<fp>[0-9a-f]+))?$")
_TARGET_ONLY = re.compile(r"^target-only(?P<before>-before)? (?P<key>\S+)"
                          rf"(?: \((?:(?P<kind>{_KINDS})(?:, |\)))?"
                          r"(?:confidence (?P<conf>[\d.]+)\))?)?: (?P<text>.*)$", re.S)


def machine_note(unit: Unit) -> str | None:
    """``bead 2-1, confidence 0.912, fingerprint …`` for a unit with a bead type."""
    if not unit.bead:
        return None
    text = f"bead {unit.bead}"
    if unit.kind == "moved":
        text += ", " + MOVED_NOTE
    elif unit.kind:
        text += f", {unit.kind}"
    if unit.confidence is not None:
        text += f", confidence {unit.confidence:.3f}"
    if unit.fingerprint:
        text += f", fingerprint {unit.fingerprint}"
    return text


def parse_machine_note(text: str, unit: Unit) -> bool:
    """Fill bead, confidence and fingerprint of *unit* from a machine note; True if it was one."""
    match = _INFO.match(text)
    if not match:
        return False
    unit.bead = match["bead"]
    unit.kind = match["kind"]
    unit.confidence = float(match["conf"]) if match["conf"] else None
    unit.fingerprint = match["fp"]
    return True


def target_only_note(unit: Unit, article: str | None, before: bool = False) -> str:
    """The note that keeps a target-only unit on a neighbouring unit."""
    key = unit.key
    if article and key.startswith(article + ":"):
        key = key[len(article) + 1:]
    details = [unit.kind] if unit.kind else []
    if unit.confidence is not None:
        details.append(f"confidence {unit.confidence:.3f}")
    shown = f" ({', '.join(details)})" if details else ""
    return f"target-only{'-before' if before else ''} {key}{shown}: {unit.target}"


def parse_target_only_note(text: str, article: str | None, line: int | None = None,
                           obsolete: bool = False) -> tuple[Unit, bool] | None:
    """The target-only unit a note stands for, and whether it goes before its host."""
    match = _TARGET_ONLY.match(text)
    if not match:
        return None
    key = f"{article}:{match['key']}" if article else match["key"]
    unit = Unit(key=key, source="", target=match["text"], article=article, bead="0-1",
                line=line, confidence=float(match["conf"]) if match["conf"] else None,
                state=State.TRANSLATED, obsolete=obsolete, kind=match["kind"])
    return unit, bool(match["before"])


def split_target_only(units: list[Unit]) -> list[tuple[Unit, list[Unit], list[Unit]]]:
    """Group units as (host, target-only units before it, target-only units after it).

    Target-only text rides on the preceding unit; at the start of a file, on the first.
    """
    groups: list[tuple[Unit, list[Unit], list[Unit]]] = []
    pending: list[Unit] = []
    host: dict[bool, int] = {}          # obsolete? -> index of the last such host
    for unit in units:
        if unit.target_only:
            if unit.obsolete in host:    # live text rides on a live unit, obsolete on one
                groups[host[unit.obsolete]][2].append(unit)
            else:
                pending.append(unit)
            continue
        host[unit.obsolete] = len(groups)
        groups.append((unit, pending, []))
        pending = []
    if pending:
        raise InputError("a store needs at least one source segment besides target-only text",
                         hint="check that the source file is not empty")
    return groups


# What a unit holds that a format has no field for -- PO's msgctxt, previous source and
# flags in XLIFF; inline codes, "do not translate", the XLIFF <file>, other target
# languages in PO -- is *carried*: written as a small JSON record in the format's
# extension point (PO: a "#. l10nflow-data:" note; XLIFF 1.2: a context-group; XLIFF 2:
# the metadata module; TMX: props) and put back when the file is read.  So
# XLIFF -> PO -> XLIFF and PO -> XLIFF -> PO lose nothing.

def po_context(unit: Unit) -> str | None:
    """The msgctxt PO writes for *unit*: its context, else its key when the key is not
    just the source text (an aligned unit's position key, an XLIFF id)."""
    if unit.context is None and unit.key != unit.source:
        return unit.key
    return unit.context


def carried(unit: Unit, family: str, key: str | None = None) -> dict[str, object]:
    """What *unit* holds that the *family* of formats (``po``, ``xliff1``, ``xliff2``,
    ``tmx``) cannot write natively.  *key*: the id the writer gave the unit, when it had
    to differ from the unit's key."""
    data: dict[str, object] = {}
    if key is not None and key != unit.key:
        data["key"] = unit.key
    if family != "po":
        context = po_context(unit)
        if context != (key if key is not None else unit.key):
            data["context"] = context
        if unit.previous is not None:
            data["previous"] = [unit.previous.source, unit.previous.context,
                                unit.previous.source_plural]
        if unit.flags:
            data["flags"] = list(unit.flags)
    elif key is not None:
        data["context"] = unit.context
    codes = {name: [c.role, c.family, c.xml] for name, c in unit.codes.items()
             if c.family != family or (family == "xliff1" and "xmlns:" in c.xml)}
    if codes:
        data["codes"] = codes
    if family in ("po", "tmx"):
        if not unit.translatable:
            data["translate"] = False
        if unit.file is not None:
            data["file"] = unit.file
    if family != "po" and _has_control(unit):
        # XML cannot hold these characters in notes: the notes travel here instead
        data["notes"] = list(unit.notes)
        data["comments"] = list(unit.comments)
        data["references"] = list(unit.references)
    if unit.kind and family == "xliff2":
        data["kind"] = unit.kind     # furniture or "moved", in the metadata module
    if unit.other_targets and family != "tmx":
        data["targets"] = unit.other_targets
    extra = {k: v for k, v in unit.extra.items() if not k.startswith(family + ".")}
    if extra:
        data["extra"] = extra
    return data


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _has_control(unit: Unit) -> bool:
    return any(_CONTROL.search(t) for t in (*unit.notes, *unit.comments, *unit.references))


def notes_in_xml(unit: Unit) -> bool:
    """Whether the unit's notes can be written as XML text (else they are carried)."""
    return not _has_control(unit)


def apply_carried(data: dict, unit: Unit) -> None:
    """Put what :func:`carried` recorded back on *unit*."""
    for name in ("notes", "comments", "references"):
        if name in data:
            setattr(unit, name, [str(t) for t in data[name]])
    if "key" in data:
        unit.key = str(data["key"])
    if "context" in data:
        unit.context = None if data["context"] is None else str(data["context"])
    if data.get("previous"):
        source, context, plural = data["previous"]
        unit.previous = Previous(source, context, plural)
    if "flags" in data:
        unit.flags = [str(f) for f in data["flags"]]
    for name, (role, family, xml) in data.get("codes", {}).items():
        unit.codes[str(name)] = InlineCode(str(role), str(family), str(xml))
    if data.get("translate") is False:
        unit.translatable = False
    if "file" in data:
        unit.file = str(data["file"])
    if data.get("kind"):
        unit.kind = str(data["kind"])
    if "targets" in data:
        unit.other_targets = {str(k): str(v) for k, v in data["targets"].items()}
    unit.extra.update({str(k): str(v) for k, v in data.get("extra", {}).items()})


def dump_carried(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load_carried(text: str) -> dict | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


_DATA = "l10nflow-data: "


def data_note(unit: Unit, key: str | None = None) -> str | None:
    """The PO ``#. l10nflow-data: {...}`` note of *unit*, or None if nothing is carried."""
    data = carried(unit, "po", key)
    return _DATA + dump_carried(data) if data else None


def parse_data_note(text: str, unit: Unit) -> bool:
    """Fill *unit* from an ``l10nflow-data`` note; True if *text* was one."""
    if not text.startswith(_DATA):
        return False
    data = load_carried(text[len(_DATA):])
    if data is None:
        return False                    # not ours after all: kept as a plain comment
    try:
        apply_carried(data, unit)
    except (ValueError, TypeError, AttributeError):
        return False
    return True
