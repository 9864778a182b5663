"""XLIFF and TMX files written the way other tools write them (tests/data/foreign).

tests/data/foreign/manifest.json says what each file holds (made by make_manifest.py with
lxml, see the README there).  These tests read every file through the library and compare
with the manifest, then round-trip the XLIFF files through ``l10nflow convert``.

The manifest's texts are plain: every inline code removed, the text of paired codes kept.
A reader may keep inline codes as placeholders (``⟦g1⟧bold⟦/g1⟧``, ``⟦x2⟧``); those are
removed before comparing.  Two other shapes are accepted as well: a reader may fold a
gettext plural group (``<group restype="x-gettext-plurals">``) into one unit holding the
first form, and it may make each ``<segment>`` of an XLIFF 2 unit a unit of its own (the
manifest's ``segment_sources``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import schemas
from l10nflow.cli import main
from l10nflow.formats import read_store

FOREIGN = Path(__file__).resolve().parent / "data" / "foreign"
MANIFEST = json.loads((FOREIGN / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["files"]
PLACEHOLDER = re.compile(r"⟦/?[a-z]+\d+⟧")
ROUND_TRIP = [e for e in ENTRIES if e["format"] in ("xliff-1.2", "xliff-2.0", "xliff-2.1",
                                                    "xliff-2.2")]


def plain(text: str) -> str:
    """*text* without the placeholders a reader may put for inline codes."""
    return PLACEHOLDER.sub("", text)


def expected_sources(entry: dict) -> list[list[str]]:
    """The source texts a reader may give: one per unit, plural groups folded, or one per
    XLIFF 2 segment."""
    units = entry["units"]
    shapes = [[u["source_text"] for u in units]]
    if any(u.get("plural_group") for u in units):
        folded, seen = [], set()
        for unit in units:
            group = (unit["file"], unit.get("plural_group"))
            if group[1] is None or group not in seen:
                folded.append(unit["source_text"])
                seen.add(group)
        shapes.append(folded)
    if any(len(u.get("segment_sources", [])) > 1 for u in units):
        shapes.append([s for u in units for s in u["segment_sources"]])
    return shapes


def test_manifest_lists_every_foreign_file():
    on_disk = {p.name for p in FOREIGN.iterdir()
               if p.is_file() and p.suffix not in (".py", ".md", ".json")}
    assert on_disk == {e["file"] for e in ENTRIES}


# Known gaps, left open in issue 9 (each xfail is strict: it fails once the gap is fixed).
KNOWN_GAPS = {
}


@pytest.mark.parametrize("entry", [
    pytest.param(e, marks=pytest.mark.xfail(reason=KNOWN_GAPS[(e["file"], None)], strict=True))
    if (e["file"], None) in KNOWN_GAPS else e for e in ENTRIES], ids=[e["file"] for e in ENTRIES])
def test_reads_foreign_file(entry):
    store = read_store(FOREIGN / entry["file"])
    got = [plain(u.source) for u in store.units]
    allowed = expected_sources(entry)
    if len(got) not in {len(a) for a in allowed}:
        pytest.fail(f"{len(got)} units read, manifest has {len(allowed[0])} (other shapes: "
                    f"{[len(a) for a in allowed[1:]]})\nread: {got!r}\n"
                    f"manifest: {allowed[0]!r}")
    assert got in allowed, [a for a in allowed if len(a) == len(got)]


def _flags(unit) -> tuple:
    """What a unit says about translate="no": its ``translatable`` (or ``translate``) flag
    where the model has one, and ``obsolete`` (l10nflow's own translate="no" group)."""
    flag = getattr(unit, "translatable", getattr(unit, "translate", None))
    return flag, unit.obsolete


@pytest.mark.parametrize("suffix", [".xlf", ".xliff"])
@pytest.mark.parametrize("entry", ROUND_TRIP, ids=[e["file"] for e in ROUND_TRIP])
def test_convert_round_trip(entry, suffix, tmp_path, request):
    gap = KNOWN_GAPS.get((entry["file"], suffix))
    if gap:
        request.applymarker(pytest.mark.xfail(reason=gap, strict=True))
    source = FOREIGN / entry["file"]
    out = tmp_path / f"out{suffix}"
    result = CliRunner().invoke(main, ["convert", str(source), str(out)])
    assert result.exit_code == 0, f"convert failed: {result.output}{result.exception or ''}"
    schemas.assert_valid(schemas.xliff12() if suffix == ".xlf" else schemas.xliff20(), out)

    before, after = read_store(source).units, read_store(out).units
    assert len(after) == len(before)
    assert [u.key for u in after] == [u.key for u in before]
    assert [u.source for u in after] == [u.source for u in before]
    assert [u.target for u in after] == [u.target for u in before]
    assert [u.state for u in after] == [u.state for u in before]
    assert [_flags(u) for u in after] == [_flags(u) for u in before]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_check_reads_every_foreign_file(entry):
    from click.testing import CliRunner

    from l10nflow.cli import main
    result = CliRunner().invoke(main, ["check", str(FOREIGN / entry["file"]), "--format",
                                       "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
