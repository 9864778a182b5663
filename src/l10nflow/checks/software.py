"""The classic software-localisation checks: placeholders, markup, accelerators, escapes
and inline codes, compared between source and translation.

Format placeholders are checked the way ``msgfmt --check-format`` reads them: a PO
entry's format flag (``c-format``, ``python-format``, ``python-brace-format``) says which
syntax the string uses and ``no-…-format`` says it uses none; a unit without a flag is
checked only when its source clearly holds that syntax (``%s``, ``%(name)s``,
``{name}``), so a news sentence with "50% of" is left alone.  Every target form is
compared (plural forms with the plural source).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..formats.inline import TOKEN
from .base import ANY_LANGUAGES, Check, Finding, Hint, Located, Severity, register
from .context import CheckContext


def _pairs(item: Located) -> Iterator[tuple[str, str]]:
    """(source, target) for every translated form of a unit: the singular, and each
    plural form against the plural source."""
    unit = item.unit
    if unit.target:
        yield unit.source, unit.target
    for form in unit.target_plurals:
        if form:
            yield unit.source_plural or unit.source, form


# --- format placeholders -----------------------------------------------------------------

@dataclass(frozen=True)
class _Syntax:
    """One placeholder syntax: its PO flag, the pattern that finds its placeholders when
    the flag says the string uses it, and a stricter one for strings without a flag."""

    flag: str
    strict: re.Pattern[str]
    detect: re.Pattern[str]


_C_TYPES = {**dict.fromkeys("di", "int"), **dict.fromkeys("ouxX", "unsigned"),
            **dict.fromkeys("eEfFgGaA", "double"), "c": "char", "s": "string",
            "p": "pointer", "n": "count", "C": "wchar", "S": "wstring", "m": "errno"}
_C = _Syntax(
    "c-format",
    re.compile(r"%(?:(?P<pos>\d+)\$)?(?P<flags>[-+ #0'I]*)(?P<width>\d+|\*(?:\d+\$)?)?"
               r"(?:\.(?P<prec>\d*|\*(?:\d+\$)?))?(?P<len>hh|h|ll|l|L|q|j|z|Z|t)?"
               r"(?P<conv>[diouxXeEfFgGaAcspnCSm%])"),
    # Without a flag: no space flag ("50% of"), nothing but a directive ("%s", "%1$d",
    # "%-10s", "%.*s", "%lu"), not after a digit ("50%d") nor before a letter ("%so").
    re.compile(r"(?<![\d%])%(?:(?P<pos>[1-9]\d?)\$)?(?P<flags>[-+#0]*)(?P<width>\d+|\*)?"
               r"(?:\.(?P<prec>\d+|\*))?(?P<len>hh|h|ll|l|z|j|t)?(?P<conv>[diouxXfeEgGcsp])"
               r"(?![A-Za-z0-9])"))
_PY_TYPES = {**dict.fromkeys("diu", "int"), **dict.fromkeys("oxX", "int"),
             **dict.fromkeys("eEfFgG", "float"), "c": "char", "s": "object",
             "r": "object", "a": "object", "%": "%"}
_PYTHON = _Syntax(
    "python-format",
    re.compile(r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[-+ #0]*)(?P<width>\d+|\*)?"
               r"(?:\.(?P<prec>\d+|\*))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"),
    re.compile(r"%\((?P<name>\w+)\)(?P<flags>[-+#0]*)(?P<width>\d+)?(?:\.(?P<prec>\d+))?"
               r"(?P<conv>[diouxXeEfFgGcrsa])"))
_BRACE = _Syntax(
    "python-brace-format",
    re.compile(r"\{\{|\}\}|\{(?P<field>[^{}!:]*)(?:![rsa])?(?::[^{}]*(?:\{[^{}]*\}[^{}]*)*)?\}"),
    re.compile(r"\{\{|\}\}|\{(?P<field>\d+|[A-Za-z_]\w*)(?:![rsa])?(?::[<>^=]?[-+ ]?\d*"
               r"(?:\.\d+)?[bcdeEfFgGnosxX%]?)?\}"))


def _arguments(syntax: _Syntax, pattern: re.Pattern[str], text: str
               ) -> tuple[list[tuple[str, str]], list[str]] | None:
    """What a format string asks for: (argument key, type) in argument order, and the
    placeholders as written.  None when the string mixes positional and sequential
    directives (msgfmt refuses that; it is reported as a change)."""
    args: list[tuple[str, str]] = []
    written: list[str] = []
    sequence = 0
    positional = set()
    for match in pattern.finditer(text):
        whole = match.group(0)
        if syntax is _BRACE:
            if whole in ("{{", "}}"):
                continue
            field = match.group("field").split(".")[0].split("[")[0]
            if field == "":
                field, sequence = str(sequence), sequence + 1
                positional.add(False)
            elif field.isdigit():
                positional.add(True)
            args.append((field, "value"))
            written.append(whole)
            continue
        if match.group("conv") == "%":
            continue
        written.append(whole)
        if syntax is _PYTHON:
            kind = _PY_TYPES[match.group("conv")]
            if match.group("name") is not None:
                args.append((f"({match.group('name')})", kind))
                continue
        else:
            kind = (match.group("len") or "") + _C_TYPES[match.group("conv")]
        pos = match.groupdict().get("pos")
        positional.add(pos is not None)
        for star in (match.group("width"), match.group("prec")):
            if star and star.startswith("*"):
                sequence += 1
                args.append((star[2:-1] if len(star) > 1 else str(sequence), "int"))
        if pos is not None:
            args.append((pos, kind))
        else:
            sequence += 1
            args.append((str(sequence), kind))
    if len(positional) > 1 and syntax is not _BRACE:
        return None
    return args, written


class _FormatCheck(Check):
    """A placeholder syntax compared between source and translation."""

    syntax: _Syntax
    severity = Severity.ERROR
    languages = ANY_LANGUAGES

    def _pattern(self, unit) -> re.Pattern[str] | None:
        flags = unit.flags
        if self.syntax.flag in flags:
            return self.syntax.strict
        if f"no-{self.syntax.flag}" in flags or any(
                f.endswith("-format") and not f.startswith("no-") for f in flags):
            return None                 # another syntax, or none, by the file's word
        return self.syntax.detect

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        pattern = self._pattern(item.unit)
        if pattern is None:
            return
        for source, target in _pairs(item):
            source_args = _arguments(self.syntax, pattern, source)
            if source_args is None or not source_args[0]:
                continue
            target_args = _arguments(self.syntax, pattern, target)
            if target_args is None:
                yield self.finding(item, ctx, "the translation mixes numbered and "
                                   "unnumbered placeholders")
                continue
            yield from self._compare(item, ctx, source_args, target_args)

    def _compare(self, item: Located, ctx: CheckContext,
                 source_args: tuple[list, list], target_args: tuple[list, list]
                 ) -> Iterable[Finding]:
        """Arguments are keyed by position (numbered, or counted in order), by name or
        by field, so reordering numbered ones is fine and using one twice is too."""
        (wanted, source_written), (found, target_written) = source_args, target_args
        if set(wanted) == set(found):
            return
        wanted_keys, found_keys = dict(wanted), dict(found)
        missing = [w for w, (k, _) in zip(source_written, _padded(wanted, source_written),
                                          strict=True) if k not in found_keys]
        extra = [w for w, (k, _) in zip(target_written, _padded(found, target_written),
                                        strict=True) if k not in wanted_keys]
        changed = [(k, wanted_keys[k], found_keys[k]) for k in wanted_keys
                   if k in found_keys and wanted_keys[k] != found_keys[k]]
        parts = []
        if missing:
            parts.append(f"{', '.join(missing)} missing")
        if extra:
            parts.append(f"{', '.join(extra)} not in the source")
        if changed:
            parts.append(", ".join(f"argument {k} is {b} where the source has {a}"
                                   for k, a, b in changed))
        shown = " ".join(source_written)
        yield self.finding(item, ctx, f"{self.syntax.flag} placeholders differ from the "
                           f"source's ({shown}): " + "; ".join(parts or ["types differ"]),
                           suggestion=shown)


def _padded(args: list[tuple[str, str]], written: list[str]) -> list[tuple[str, str]]:
    """One (key, type) per written placeholder: a ``%*d`` takes two arguments (the
    width's and its own); the last belongs to the placeholder."""
    if len(args) == len(written):
        return args
    out, index = [], 0
    for text in written:
        index += text.count("*")
        out.append(args[min(index, len(args) - 1)])
        index += 1
    return out


_PERCENT = re.compile("%")
_BRACE_HINT = re.compile(r"\{")


@register
class PrintfFormat(_FormatCheck):
    id = "printf-format"
    description = ("C printf placeholders (PO c-format, or %s/%d/%1$s in the source) "
                   "missing, extra or of another type in the translation; reordering "
                   "with numbered placeholders (%2$s %1$s) is fine.")
    example = "'From %.*s\\n' => 'Từ %s\\n' : %.*s takes a length and a string"
    syntax = _C

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("source", _PERCENT),)


@register
class PythonFormat(_FormatCheck):
    id = "python-format"
    description = ("Python %-placeholders (PO python-format, or %(name)s in the source) "
                   "missing, extra or of another type in the translation.")
    example = "'%(count)d files' => '%(số)d tệp' : %(count)d missing"
    syntax = _PYTHON

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("source", _PERCENT),)


@register
class BraceFormat(_FormatCheck):
    id = "brace-format"
    description = ("Python brace placeholders (PO python-brace-format, or {0}/{name} in "
                   "the source) missing or extra in the translation.")
    example = "'Hello {name}' => 'Xin chào {ten}' : {name} missing"
    syntax = _BRACE

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("source", _BRACE_HINT),)


# --- markup --------------------------------------------------------------------------------

_HTML = ("a|abbr|b|big|blockquote|br|code|del|div|em|font|h[1-6]|hr|i|img|ins|kbd|li|link|"
         "ol|p|pre|q|s|samp|small|span|strike|strong|sub|sup|table|td|th|tr|tt|u|ul|var")
_TAG = re.compile(rf"<(/?)({_HTML})\b((?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)"
                  r"\s*(/?)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"(href|src|class|id|name)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)",
                        re.IGNORECASE)


def _tags(text: str) -> Counter:
    """The markup tags of *text*: name, closing or not, and the attributes that must be
    copied (href, src, class, id, name); text attributes (title, alt) may be
    translated."""
    return Counter((m.group(1) + m.group(2).lower() + m.group(4),
                    tuple(sorted((a.lower(), v.strip("\"'"))
                                 for a, v in _ATTRIBUTE.findall(m.group(3)))))
                   for m in _TAG.finditer(text))


def _show_tag(tag: tuple[str, tuple]) -> str:
    name, attributes = tag
    closing = name.startswith("/")
    name = name.lstrip("/")
    empty = name.endswith("/")
    name = name.rstrip("/")
    attrs = "".join(f' {a}="{v}"' for a, v in attributes)
    return f"<{'/' if closing else ''}{name}{attrs}{' /' if empty else ''}>"


@register
class Markup(Check):
    id = "markup"
    severity = Severity.ERROR
    description = ("HTML tags in the source (<b>, </a>, <br/>, <a href=…>) missing, extra "
                   "or with other link targets in the translation.")
    example = "'<b>Warning</b>' => '<b>Cảnh báo' : </b> missing"
    languages = ANY_LANGUAGES

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return Hint.either_side(_TAG)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        for source, target in _pairs(item):
            wanted, found = _tags(source), _tags(target)
            if wanted == found:
                continue
            missing = sorted((wanted - found).elements())
            extra = sorted((found - wanted).elements())
            parts = []
            if missing:
                parts.append("missing " + ", ".join(_show_tag(t) for t in missing))
            if extra:
                parts.append("not in the source " + ", ".join(_show_tag(t) for t in extra))
            yield self.finding(item, ctx, "markup differs: " + "; ".join(parts))


# --- accelerators ----------------------------------------------------------------------------

# An accelerator marker before a letter: "&File" (Qt, KDE, Windows), "_File" (GTK).
_ACCELERATOR = re.compile(r"(?<![&\w])([&_])(?=[^\W\d_])")
_ACCELERATOR_HINT = re.compile(r"[&_]")


def _accelerators(text: str) -> list[str]:
    return [m.group(1) for m in _ACCELERATOR.finditer(text)]


@register
class Accelerator(Check):
    id = "accelerator"
    severity = Severity.WARNING
    description = ("A menu label's keyboard accelerator (&File, _File) is missing or "
                   "doubled in the translation.")
    example = "'_Open' => 'Mở' : mark an access key with '_'"
    languages = ANY_LANGUAGES

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return (Hint("source", _ACCELERATOR_HINT),)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        for source, target in _pairs(item):
            # A label: short, one marker, no other & or _ (code, "R&D", snake_case).
            markers = _accelerators(source)
            if len(markers) != 1 or len(source) > 40 or "\n" in source or \
                    source.count(markers[0]) != 1:
                continue
            marker = markers[0]
            count = len([m for m in _accelerators(target) if m == marker])
            if count == 1:
                continue
            where = "missing" if count == 0 else f"written {count} times"
            yield self.finding(item, ctx, f"the accelerator '{marker}' of "
                               f"'{source}' is {where} in the translation")


# --- escapes ---------------------------------------------------------------------------------

# A backslash escape written as text: a backslash before a letter escape or another
# backslash (a lone backslash before a quote is text: "the '\\' character").  Tabs are
# layout (help texts re-flow them), not escapes.
_ESCAPES = re.compile(r"\\[abfnrtv0\\]")
_ESCAPE_HINT = re.compile(r"\\")


@register
class Escapes(Check):
    id = "escapes"
    severity = Severity.WARNING
    description = ("Backslash escapes written in the text (\\n, \\t, \\\\ as "
                   "characters) differ between source and translation.")
    example = "'Use \\\\n for a new line' => 'Dùng n cho dòng mới' : \\n is missing"
    languages = ANY_LANGUAGES

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return Hint.either_side(_ESCAPE_HINT)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        for source, target in _pairs(item):
            wanted, found = Counter(_ESCAPES.findall(source)), Counter(_ESCAPES.findall(target))
            if wanted == found:
                continue
            missing = sorted((wanted - found).elements())
            extra = sorted((found - wanted).elements())
            parts = ([f"missing {', '.join(missing)}"] if missing else []) + \
                ([f"not in the source {', '.join(extra)}"] if extra else [])
            yield self.finding(item, ctx, "escapes differ: " + "; ".join(parts))


# --- inline codes ----------------------------------------------------------------------------

_TOKEN_HINT = re.compile("⟦")


@register
class InlineCodes(Check):
    id = "inline-codes"
    severity = Severity.ERROR
    description = ("The inline-code placeholders of XLIFF/TMX markup (⟦g1⟧…⟦/g1⟧, ⟦x2⟧) "
                   "missing, extra or paired wrongly in the translation.")
    example = "'⟦g1⟧Save⟦/g1⟧ now' => 'Lưu ngay' : ⟦g1⟧ and ⟦/g1⟧ missing"
    languages = ANY_LANGUAGES

    def hints(self, ctx: CheckContext) -> tuple[Hint, ...]:
        return Hint.either_side(_TOKEN_HINT)

    def check_unit(self, item: Located, ctx: CheckContext) -> Iterable[Finding]:
        for source, target in _pairs(item):
            wanted = Counter(m.group(0) for m in TOKEN.finditer(source))
            found = [m.group(0) for m in TOKEN.finditer(target)]
            parts = []
            missing = sorted((wanted - Counter(found)).elements())
            extra = sorted((Counter(found) - wanted).elements())
            if missing:
                parts.append(f"missing {' '.join(missing)}")
            if extra:
                parts.append(f"not in the source {' '.join(extra)}")
            order = _pairing_problem(found)
            if order and not missing:
                parts.append(order)
            if parts:
                yield self.finding(item, ctx, "inline codes differ: " + "; ".join(parts))


def _pairing_problem(tokens: list[str]) -> str | None:
    """A closing code before its opening one, or pairs that cross (⟦g1⟧⟦g2⟧⟦/g1⟧⟦/g2⟧)."""
    stack: list[str] = []
    for token in tokens:
        match = TOKEN.fullmatch(token)
        closing, name = match.group(1), match.group(2) + match.group(3)
        if closing:
            if not stack or stack[-1] != name:
                return f"{token} does not close the code opened last"
            stack.pop()
        elif f"⟦/{name}⟧" in tokens:
            stack.append(name)
    return None
