"""An independent implementation (translate-toolkit) reads l10nflow's files the same way."""

import pytest

from l10nflow.export import export
from l10nflow.formats import get_format
from l10nflow.model import State
from test_formats import every_state_store

pypo = pytest.importorskip("translate.storage.pypo", reason="translate-toolkit (test extra)")
ttk_xliff = pytest.importorskip("translate.storage.xliff")
ttk_tmx = pytest.importorskip("translate.storage.tmx")


def live(store):
    return [u for u in store.units if not u.obsolete and not u.target_only]


def test_translate_toolkit_reads_our_po(tmp_path):
    store = every_state_store()
    path = tmp_path / "a.po"
    get_format("po").write(store, path)
    units = [u for u in pypo.pofile.parsefile(str(path)).units
             if not u.isheader() and not u.isobsolete()]
    ours = live(store)
    assert [(u.getcontext(), u.source, u.target) for u in units] == [
        (u.key, u.source, u.target) for u in ours]
    assert [u.isfuzzy() for u in units] == [u.state is State.NEEDS_REVIEW for u in ours]
    assert units[0].getlocations() == ["corpus/art/vi.txt:1"]


def test_translate_toolkit_reads_our_xliff12(tmp_path):
    store = every_state_store()
    path = tmp_path / "a.xlf"
    get_format("xliff").write(store, path)
    parsed = ttk_xliff.xlifffile.parsefile(str(path))
    assert (parsed.getsourcelanguage(), parsed.gettargetlanguage()) == ("vi-VN", "en-US")
    units = [u for u in parsed.units if u.getid().rpartition(":")[2] != "7.1"]
    ours = live(store)
    assert [(u.getid().endswith(o.key), u.source, u.target or "") for u, o in
            zip(units, ours, strict=True)] == [(True, o.source, o.target) for o in ours]
    assert [u.isapproved() for u in units] == [o.state.is_human for o in ours]


def test_translate_toolkit_reads_our_tmx(tmp_path):
    path = tmp_path / "a.po"
    get_format("po").write(every_state_store(), path)
    out = tmp_path / "m.tmx"
    export([path], out, "tmx")
    parsed = ttk_tmx.tmxfile.parsefile(str(out))
    assert [(u.source, u.target) for u in parsed.units] == [
        ("Một.", "One."), ("Bốn.", "Four."), ("Năm.", "Five.")]
