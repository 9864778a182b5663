"""Property-based round trips: arbitrary Unicode text -- control characters, CR/LF/CRLF,
tabs, `<`, `&`, long strings -- through every store format and every export.  Each either
round-trips exactly or is refused with a clear error; the count reported is the count
written.  Lone surrogates no format here can hold: they are refused, never a traceback."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from l10nflow.errors import L10nflowError
from l10nflow.export import ExportOptions, export
from l10nflow.formats import Store, read_store, write_store
from l10nflow.model import State, Unit

# Characters that break formats most often, mixed into arbitrary text.
_HARD = st.sampled_from(["\r", "\n", "\r\n", "\t", "<", "&", ">", '"', "\\", "\x0c", "\x01",
                         "\x1f", "\x7f", "\u00a0", "\u200b", "\u2066", "\ufeff", "\ufffe",
                         "ệ", "Ư", "⟦", "#", "%s", "{0}"])
_TEXT = st.lists(st.one_of(_HARD, st.text(st.characters(blacklist_categories=("Cs",)),
                                          max_size=30)),
                 min_size=1, max_size=12).map("".join).filter(lambda t: t.strip() != "")
_SETTINGS = settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow,
                                            HealthCheck.function_scoped_fixture])

# What a format cannot hold, and so refuses (documented in the README): PO strings are C
# strings (no NUL).
_REFUSED = {"po": ("\x00",)}


def _units(pairs: list[tuple[str, str]]) -> list[Unit]:
    return [Unit(f"k{n}", source, target, State.TRANSLATED if target else State.NEW)
            for n, (source, target) in enumerate(pairs, start=1)]


@_SETTINGS
@given(pairs=st.lists(st.tuples(_TEXT, _TEXT | st.just("")), min_size=1, max_size=5),
       suffix=st.sampled_from([".po", ".xlf", ".xliff", ".tmx", ".tsv"]))
def test_every_store_format_round_trips_or_refuses(pairs, suffix):
    store = Store(_units(pairs), "vi", "en")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"a{suffix}"
        refused = _REFUSED.get(suffix.lstrip("."), ())
        if any(c in t for pair in pairs for t in pair for c in refused):
            try:
                write_store(store, path)
            except L10nflowError:
                return
            raise AssertionError(f"{suffix} should refuse {refused}")
        write_store(store, path)
        back = read_store(path).units
        expected = [(u.source, u.target) for u in store.units
                    if suffix != ".tmx" or u.source]
        assert [(u.source, u.target) for u in back] == expected


@_SETTINGS
@given(pairs=st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=6),
       fmt=st.sampled_from(["tmx", "tsv", "csv", "jsonl", "moses"]))
def test_every_export_writes_what_it_counts(pairs, fmt):
    pairs = [(s, t) for s, t in pairs if "\x00" not in s + t]
    if not pairs:
        return
    units = _units(pairs)
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "a.xliff"          # XLIFF holds any of these texts
        write_store(Store(units, "vi", "en"), store)
        out = Path(folder) / f"tm.{fmt}"
        report = export([store], out, fmt, ExportOptions(qa="none"))   # any text, unchecked
        distinct = list(dict.fromkeys(pairs))
        assert report.written == len(distinct)
        if fmt == "tmx":
            tus = etree.parse(str(out)).getroot().findall("body/tu")
            got = [tuple(read_seg(tuv) for tuv in tu.findall("tuv")) for tu in tus]
            assert len(got) == len(distinct)
            assert [u for u in read_store(out).units] and \
                [(u.source, u.target) for u in read_store(out).units] == distinct
        elif fmt == "jsonl":
            rows = [json.loads(line) for line in out.read_text("utf-8").split("\n") if line]
            assert [(r["source"], r["target"]) for r in rows] == distinct
        elif fmt == "csv":
            with out.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
            assert len(rows) == len(distinct) + 1            # with the header row
        elif fmt == "tsv":
            assert len(out.read_text("utf-8").split("\n")) - 2 == len(distinct)
        else:                                                # moses: one line each side
            for side in ("vi", "en"):
                lines = Path(f"{out}.{side}").read_bytes().split(b"\n")
                assert len(lines) - 1 == len(distinct)


def read_seg(tuv) -> str:
    seg = tuv.find("seg")
    return "".join(seg.itertext()) if seg is not None else ""


@_SETTINGS
@given(text=_TEXT, surrogate=st.sampled_from(["\ud800", "\udfff"]),
       suffix=st.sampled_from([".po", ".xlf", ".xliff", ".tmx", ".tsv"]))
def test_a_lone_surrogate_is_refused_cleanly(text, surrogate, suffix):
    store = Store(_units([(text + surrogate, "x")]), "vi", "en")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"a{suffix}"
        try:
            write_store(store, path)
        except L10nflowError as exc:
            assert str(path.name) in str(exc) or "surrogate" in str(exc)
            assert not path.exists()
            return
        raise AssertionError("a lone surrogate was written")
