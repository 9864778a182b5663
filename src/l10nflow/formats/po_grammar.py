"""The GNU gettext PO grammar: read entries exactly as written, write them as gettext does.

Reading follows what plain ``msgfmt`` accepts (gettext's ``po-lex.c``/``po-gram``):

* a line is a comment (``#`` translator, ``#.`` extracted, ``#:`` references, ``#,``
  flags), a previous field (``#| msgid "…"``), or tokens: the keywords ``msgctxt``,
  ``msgid``, ``msgid_plural``, ``msgstr``, ``msgstr[N]`` and C-quoted strings, separated
  by any blanks -- so ``msgid "a" "b"``, a tab after the keyword and a keyword on a line of
  its own are all valid;
* ``#~`` before any of these marks an obsolete entry (``#~|`` its previous fields);
* line ends are LF, CRLF or CR;
* an entry is ``[msgctxt] msgid (msgstr | msgid_plural msgstr[0] msgstr[1]…)``, plural
  indices counting from 0; a second definition of the same context and msgid is an error.

Everything msgfmt rejects as syntax is an :class:`~l10nflow.errors.InputError` with the
line.  What ``msgfmt -c`` adds (format strings, header fields) is left to the checks.

Writing follows gettext's ``write-po.c``: comments in the order translator, extracted,
references, flags, previous; strings wrapped at 79 columns after blanks and after
``\\n``; a string that needs several lines starts with ``""``.  An entry read from a
file and not changed since is written back as its original lines, so converting a file
to itself or re-aligning into it changes only what changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

__all__ = ["PoEntry", "PoSyntax", "escape", "parse_entries", "render_entry"]


@dataclass(eq=True, slots=True)
class PoEntry:
    """One PO entry with every field as written (``None``: the field is absent)."""

    msgid: str | None = None
    msgstr: str | None = None
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    prev_msgctxt: str | None = None
    prev_msgid: str | None = None
    prev_msgid_plural: str | None = None
    tcomments: list[str] = field(default_factory=list)      # "# " translator comments
    ecomments: list[str] = field(default_factory=list)      # "#." extracted comments
    references: list[str] = field(default_factory=list)     # "#:" file:line items
    flags: list[str] = field(default_factory=list)          # "#," flags
    obsolete: bool = False
    line: int | None = field(default=None, compare=False)   # line of msgctxt/msgid
    id_line: int | None = field(default=None, compare=False)  # line of msgid (as msgfmt)
    raw: tuple[int, int] | None = field(default=None, compare=False)  # line span read

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete


class PoSyntax:
    """Where the tokens of a line start: the fast paths and the general tokenizer."""

    KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:[ \t\f\v]*\[[ \t\f\v]*'
                         r'(\d+)[ \t\f\v]*\])?(?=[\s"]|$)')
    TOKEN = re.compile(r'[ \t\f\v]*(?:"((?:[^"\\]|\\.)*)"|(\S))')


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r"\\(?:([ntr\"abfv\\])|([0-7]{1,3})|x([0-9a-fA-F]+)|(.|$))")


def _unescape(inner: str, path: Path | None, number: int, codec: str = "utf-8") -> str:
    """The value of a PO string's inside.  Octal and hex escapes are bytes in the file's
    charset, as gettext reads them: a run of them is decoded together (``\\303\\251``
    is one "é")."""
    if "\\" not in inner:
        return inner
    out: list[str] = []
    position = 0
    pending = bytearray()

    def flush() -> None:
        if pending:
            try:
                out.append(bytes(pending).decode(codec))
            except UnicodeDecodeError:
                raise InputError(f"escaped bytes are not valid {codec}", path, number,
                                 hint="write the characters themselves") from None
            pending.clear()

    for match in _ESCAPE.finditer(inner):
        if match.start() > position:
            flush()
            out.append(inner[position:match.start()])
        position = match.end()
        simple, octal, hexa, bad = match.groups()
        if octal or hexa:
            value = int(octal, 8) if octal else int(hexa, 16)
            if value > 0xFF:
                raise InputError(f"escape {match.group()} is not a byte", path, number)
            pending.append(value)
            continue
        flush()
        if simple:
            out.append(_ESCAPES[simple])
        else:
            raise InputError(f"invalid control sequence \\{bad}", path, number,
                             hint=r'in a PO string write \\ for a backslash, \" for a '
                                  r"quote; valid escapes: \n \t \r \a \b \f \v \" \\ "
                                  r"\ooo \xhh")
    flush()
    out.append(inner[position:])
    return "".join(out)


def _missing_msgstr(entry: PoEntry, path: Path | None) -> InputError:
    name = "msgstr[0]" if entry.msgid_plural is not None else "msgstr"
    return InputError(f"missing '{name}' section", path, entry.line,
                      hint='every msgid needs a msgstr, even an empty one: msgstr ""')


class _Reader:
    """Builds entries from the lines of one PO text, line by line."""

    def __init__(self, path: Path | None, first_line: int, codec: str) -> None:
        self.path = path
        self.codec = codec
        self.last_line = False               # reading the text's last line
        self.first_line = first_line
        self.entries: list[PoEntry] = []
        self.entry = PoEntry()
        self.field: str | None = None        # what a string continues
        self.prev_mode = False               # the last keyword was in a "#|" line
        self.started: int | None = None      # index of the entry's first line
        self.last_keyword_obsolete: bool | None = None
        self.seen: dict[tuple[str | None, str], int | None] = {}

    # --- entries ----------------------------------------------------------------------

    def finish(self, end: int) -> None:
        entry = self.entry
        if entry.msgid is not None:
            if entry.msgstr is None and not entry.msgstr_plural:
                raise _missing_msgstr(entry, self.path)
            key = (entry.msgctxt, entry.msgid)
            if key in self.seen:
                raise InputError("duplicate message definition (the first is on line "
                                 f"{self.seen[key]})", self.path, entry.id_line,
                                 hint="remove one of the two, or give them different msgctxt")
            self.seen[key] = entry.id_line
            entry.raw = (self.started, end)
            self.entries.append(entry)
        elif entry.msgctxt is not None:
            raise InputError("missing 'msgid' section after msgctxt", self.path, entry.line)
        self.entry = PoEntry()
        self.field = None
        self.prev_mode = False
        self.started = None
        self.last_keyword_obsolete = None

    def begin_comment(self, index: int) -> None:
        """A comment after the fields of an entry starts the next entry."""
        if self.entry.msgid is not None or self.entry.msgctxt is not None:
            if self.entry.msgstr is None and not self.entry.msgstr_plural:
                raise _missing_msgstr(self.entry, self.path)
            self.finish(index)
        if self.started is None:
            self.started = index

    # --- tokens -----------------------------------------------------------------------

    def keyword(self, word: str, index_text: str | None, number: int, index: int,
                obsolete: bool, previous: bool) -> None:
        entry = self.entry
        if previous:
            if word == "msgstr" or index_text is not None:
                raise InputError(f"'{word}' in a '#|' previous-field line", self.path, number)
            if entry.msgid is not None or entry.msgctxt is not None:
                self.finish(index)
                entry = self.entry
            if self.started is None:
                self.started = index
            self.field = "prev_" + word
            self.prev_mode = True
            setattr(entry, self.field, "")
            return
        self.prev_mode = False
        if self.last_keyword_obsolete is not None and obsolete != self.last_keyword_obsolete \
                and entry.msgid is not None and word.startswith("msgstr"):
            raise InputError("inconsistent use of #~", self.path, number,
                             hint="mark every line of an obsolete entry with #~, or none")
        if word in ("msgctxt", "msgid"):
            if entry.msgid is not None or (word == "msgctxt" and entry.msgctxt is not None):
                if entry.msgstr is None and not entry.msgstr_plural:
                    raise _missing_msgstr(entry, self.path)
                self.finish(index)
                entry = self.entry
            if self.started is None:
                self.started = index
            if entry.line is None:
                entry.line = number
            entry.obsolete = obsolete
            if word == "msgid":
                entry.id_line = number
            setattr(entry, word, "")
            self.field = word
        elif word == "msgid_plural":
            if entry.msgid is None or entry.msgstr is not None or entry.msgstr_plural \
                    or entry.msgid_plural is not None:
                raise InputError("msgid_plural must follow msgid", self.path, number)
            entry.msgid_plural = ""
            self.field = "msgid_plural"
        else:
            if entry.msgid is None:
                raise InputError(f"'{word}' without a msgid before it", self.path, number,
                                 hint="an entry is msgid \"...\" then msgstr \"...\"")
            if index_text is None:
                if entry.msgid_plural is not None:
                    raise InputError("missing 'msgstr[]' section: this entry has "
                                     "msgid_plural, so it needs msgstr[0], msgstr[1]...",
                                     self.path, number)
                if entry.msgstr is not None:
                    raise InputError("a second msgstr for one msgid", self.path, number)
                entry.msgstr = ""
                self.field = "msgstr"
            else:
                if entry.msgid_plural is None:
                    raise InputError("missing 'msgid_plural' section: msgstr[N] needs a "
                                     "msgid_plural before it", self.path, entry.line or number)
                wanted = len(entry.msgstr_plural)
                if int(index_text) != wanted:
                    raise InputError(f"plural form has wrong index: msgstr[{index_text}] "
                                     f"where msgstr[{wanted}] comes next", self.path, number)
                entry.msgstr_plural.append("")
                self.field = "msgstr_plural"
        self.last_keyword_obsolete = obsolete

    def string(self, value: str, number: int) -> None:
        name = self.field
        entry = self.entry
        if name == "msgstr":                 # the common cases first, without getattr
            entry.msgstr += value            # type: ignore[operator]
        elif name == "msgid":
            entry.msgid += value             # type: ignore[operator]
        elif name == "msgstr_plural":
            entry.msgstr_plural[-1] += value
        elif name is None:
            raise InputError("a string that continues nothing", self.path, number,
                             hint='strings follow a keyword: msgid "...", msgstr "..."')
        else:
            setattr(entry, name, getattr(entry, name) + value)

    # --- lines ------------------------------------------------------------------------

    def tokens(self, text: str, number: int, index: int, obsolete: bool,
               previous: bool) -> None:
        """The keywords and strings of one line (after any ``#~``/``#|`` mark)."""
        position, length = 0, len(text)
        while position < length:
            match = PoSyntax.TOKEN.match(text, position)
            if match is None:          # only blanks remain
                break
            if match.group(1) is not None:
                if previous and not self.prev_mode:
                    raise InputError("a '#|' string that continues no previous field",
                                     self.path, number)
                if not previous and self.prev_mode:
                    raise InputError("a string that continues a '#|' field on a line "
                                     "without '#|'", self.path, number)
                self.string(_unescape(match.group(1), self.path, number, self.codec), number)
                position = match.end()
                continue
            start = match.start(2)
            if text[start] == '"':
                where = "end-of-file" if self.last_line else "end-of-line"
                raise InputError(f"{where} within string", self.path, number,
                                 hint='close the string with " on the same line; a string '
                                      'can go on in a new "..." on the next line')
            if text[start] == "#":          # a comment after the strings (msgfmt allows it)
                self.comment(text[start:], number, index)
                return
            word = PoSyntax.KEYWORD.match(text, start)
            if word is None:
                bad = text[start:].split()[0][:40]
                raise InputError(f"syntax error: unexpected {bad!r}", self.path, number,
                                 hint="each line is a comment, a keyword (msgctxt, msgid, "
                                      'msgid_plural, msgstr) with a quoted string, or a '
                                      'quoted continuation ("...")')
            self.keyword(word.group(1), word.group(2), number, index, obsolete, previous)
            position = word.end()

    def comment(self, body: str, number: int, index: int) -> None:
        self.begin_comment(index)
        kind = body[1:2]
        rest = body[2:]
        entry = self.entry
        if kind == ".":
            entry.ecomments.append(rest[1:] if rest.startswith(" ") else rest)
        elif kind == ":":
            entry.references.extend(split_references(rest))
        elif kind == ",":
            # Flags on several "#," lines add up (as polib and current gettext read them;
            # gettext 0.21 kept only the last line).
            entry.flags.extend(f.strip() for f in rest.split(",") if f.strip())
        else:
            text = body[1:]
            entry.tcomments.append(text[1:] if text.startswith(" ") else text)


_PLAIN_KEYWORDS = frozenset(("msgctxt", "msgid", "msgid_plural", "msgstr"))
_REF_QUOTED = re.compile("\u2068([^\u2069]*)\u2069(:\\d+)?|(\\S+)")


def split_references(text: str) -> list[str]:
    """``#:`` items; gettext 0.20+ quotes a file name with spaces in U+2068/U+2069."""
    if "\u2068" not in text:
        return text.split()
    refs = []
    for match in _REF_QUOTED.finditer(text):
        if match.group(3) is not None:
            refs.append(match.group(3))
        else:
            refs.append(match.group(1) + (match.group(2) or ""))
    return refs


def parse_entries(text: str, path: Path | None = None, first_line: int = 1,
                  codec: str = "utf-8") -> tuple[list[PoEntry], list[str], PoEntry | None]:
    """Every entry of *text* (the header too, where it stands), the text's lines, and the
    comments after the last entry, if any (gettext drops those; l10nflow keeps them).

    ``entry.raw`` is the span of lines ``[start, end)`` the entry was read from;
    *codec* decodes octal and hex escapes, which stand for bytes in the file's charset.
    """
    lines = text.split("\n")
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        if any("\r" in line for line in lines):          # classic Mac line ends
            lines = "\n".join(lines).replace("\r", "\n").split("\n")
    reader = _Reader(path, first_line, codec)
    last = len(lines) - 1                    # the last line that is not blank
    while last >= 0 and not lines[last].strip():
        last -= 1
    for index, raw in enumerate(lines):
        number = first_line + index
        reader.last_line = index == last
        line = raw.lstrip(" \t\f\v")
        if not line:
            if reader.entry.msgid is not None and (reader.entry.msgstr is not None
                                                   or reader.entry.msgstr_plural):
                reader.finish(index)
            continue
        if line[0] == "#":
            mark = line[1:2]
            if mark == "~":
                rest = line[2:].lstrip(" \t")
                if not rest:
                    continue
                if rest[0] == "|":
                    reader.tokens(rest[1:], number, index, True, True)
                elif rest[0] == "#":
                    reader.comment(rest, number, index)
                else:
                    reader.tokens(rest, number, index, True, False)
                continue
            if mark == "|":
                reader.tokens(line[2:], number, index, False, True)
                continue
            entry = reader.entry
            if entry.msgid is None and entry.msgctxt is None and mark in (".", ":"):
                # the common comments of an entry not begun yet, without a call
                if reader.started is None:
                    reader.started = index
                if mark == ".":
                    entry.ecomments.append(line[3:] if line[2:3] == " " else line[2:])
                else:
                    entry.references.extend(split_references(line[2:]))
                continue
            reader.comment(line, number, index)
            continue
        # Fast paths: a plain "..." continuation, or a keyword and one plain string.
        if "\\" not in line and line.count('"') == 2 and not reader.prev_mode:
            plain = line.rstrip()
            if plain[-1] == '"':
                if line[0] == '"':
                    reader.string(plain[1:-1], number)
                    continue
                word, space, rest = plain.partition(" ")
                if space and rest[0] == '"':
                    if word in _PLAIN_KEYWORDS:
                        reader.keyword(word, None, number, index, False, False)
                        setattr(reader.entry, word, rest[1:-1])     # keyword() set ""
                        continue
                    if word[:7] == "msgstr[" and word[-1] == "]" and word[7:-1].isdigit():
                        reader.keyword("msgstr", word[7:-1], number, index, False, False)
                        reader.entry.msgstr_plural[-1] = rest[1:-1]
                        continue
        reader.tokens(line, number, index, False, False)
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    entry = reader.entry
    tail = None
    if entry.msgid is not None or entry.msgctxt is not None:
        reader.finish(end)
    elif entry.tcomments or entry.ecomments or entry.flags or entry.references:
        tail = entry
        tail.raw = (reader.started if reader.started is not None else end, end)
    elif entry.prev_msgid is not None or entry.prev_msgctxt is not None:
        raise InputError("previous fields (#|) with no entry after them", path,
                         first_line + (reader.started or 0))
    return reader.entries, lines, tail


# --- writing ---------------------------------------------------------------------------

WIDTH = 79
_OUT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
                "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\t\r\a\b\f\v]')


def escape(text: str) -> str:
    """*text* as the inside of a PO string."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _OUT_ESCAPES[m.group()], text)


def _pieces(text: str) -> list[str]:
    """The escaped pieces that may not be split (an escape sequence is one piece)."""
    return [_OUT_ESCAPES.get(char, char) for char in text]


def _wrap(prefix: str, keyword: str, text: str, width: int = WIDTH,
          force_multiline: bool = False) -> list[str]:
    """``keyword "text"`` as gettext writes it: lines of at most *width* columns, broken
    after blanks and after each ``\\n``; several lines start with ``keyword ""``."""
    head = f"{prefix}{keyword} "
    escaped = escape(text)
    one_line = f'{head}"{escaped}"'
    inner_newline = "\n" in text[:-1]
    if not force_multiline and not inner_newline and len(one_line) <= width:
        return [one_line]
    lines = [f'{head}""']
    room = width - len(prefix) - 2
    # Split after each newline, then fill each part up to the width.
    parts: list[list[str]] = [[]]
    for piece in _pieces(text):
        parts[-1].append(piece)
        if piece == "\\n":
            parts.append([])
    for part in parts:
        lines += [f'{prefix}"{line}"' for line in _fill(part, room)]
    if len(lines) == 2 and not force_multiline and not inner_newline \
            and len(one_line) <= width:
        return [one_line]
    return lines


def _fill(pieces: list[str], room: int) -> list[str]:
    """Lines of at most *room* columns, broken after blanks (a piece that cannot be
    broken may overflow, as in gettext)."""
    lines: list[str] = []
    start = 0
    while start < len(pieces):
        size = 0
        end = start
        last_break = -1
        while end < len(pieces) and size + len(pieces[end]) <= room:
            size += len(pieces[end])
            end += 1
            if pieces[end - 1] in (" ", "\t"):
                last_break = end
        if end >= len(pieces):
            lines.append("".join(pieces[start:]))
            break
        if last_break <= start:             # no break in reach: overflow to the next one
            last_break = end
            while last_break < len(pieces) and pieces[last_break - 1] not in (" ", "\t"):
                last_break += 1
        lines.append("".join(pieces[start:last_break]))
        start = last_break
    return lines


def quote_reference(ref: str) -> str:
    """A ``#:`` item; a file name with blanks is quoted in U+2068/U+2069 (gettext 0.20+)."""
    if not any(c.isspace() for c in ref):
        return ref
    path, sep, line = ref.rpartition(":")
    if sep and line.isdigit():
        return f"\u2068{path}\u2069:{line}"
    return f"\u2068{ref}\u2069"


def render_entry(entry: PoEntry, width: int = WIDTH) -> list[str]:
    """The lines of *entry* as gettext writes them (strings of a ``no-wrap`` entry are
    broken only after ``\\n``)."""
    out = [f"# {c}" if c else "#" for c in entry.tcomments]
    out += [f"#. {c}" if c else "#." for c in entry.ecomments]
    if entry.references:
        line = "#:"
        for ref in map(quote_reference, entry.references):
            if len(line) > 2 and len(line) + 1 + len(ref) > width:
                out.append(line)
                line = "#:"
            line += " " + ref
        out.append(line)
    if entry.flags:
        out.append("#, " + ", ".join(entry.flags))
    mark = "#~ " if entry.obsolete else ""
    prev = "#~| " if entry.obsolete else "#| "
    if "no-wrap" in entry.flags:
        width = 1 << 30                  # lines break only after \n
    for name, value in (("msgctxt", entry.prev_msgctxt), ("msgid", entry.prev_msgid),
                        ("msgid_plural", entry.prev_msgid_plural)):
        if value is not None:
            out += _wrap(prev, name, value, width)
    if entry.msgctxt is not None:
        out += _wrap(mark, "msgctxt", entry.msgctxt, width)
    header = entry.is_header
    out += _wrap(mark, "msgid", entry.msgid or "", width)
    if entry.msgid_plural is not None:
        out += _wrap(mark, "msgid_plural", entry.msgid_plural, width)
        for index, value in enumerate(entry.msgstr_plural):
            out += _wrap(mark, f"msgstr[{index}]", value, width)
    else:
        out += _wrap(mark, "msgstr", entry.msgstr or "", width,
                     force_multiline=header and bool(entry.msgstr))
    return out
