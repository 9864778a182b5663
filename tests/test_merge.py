"""Re-running align merges into existing stores and never loses a translator's work."""

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import PAIRS
from l10nflow.cli import main
from l10nflow.formats import Store, read_store
from l10nflow.formats.merge import merge_stores
from l10nflow.model import State, Unit, fingerprint


def machine(key, source, target, state=State.TRANSLATED):
    return Unit(key, source, target, state, 0.9, "1-1", "a",
                fingerprint=fingerprint(target, state))


def test_merge_rules():
    old = Store([
        machine("a:1.1", "Một.", "One."),                         # untouched -> updated
        machine("a:2.1", "Hai.", "Two."),                         # translator edits
        machine("a:3.1", "Ba.", "Three.", State.NEEDS_REVIEW),     # translator unfuzzies
        machine("a:4.1", "Bốn.", "Four."),                        # source disappears
        machine("a:5.1", "Năm.", "Five."),                        # unchanged
    ])
    old.units[1].target = "Two!"
    old.units[2].state = State.TRANSLATED
    new = Store([
        machine("a:1.1", "Một.", "One (new)."),
        machine("a:2.1", "Hai.", "Two."),
        machine("a:3.1", "Ba.", "Three.", State.NEEDS_REVIEW),
        machine("a:4.1", "Bốn mới.", "Four, new."),
        machine("a:5.1", "Năm.", "Five."),
        machine("a:6.1", "Sáu.", "Six."),
    ])
    merged, report = merge_stores(old, new)
    by_key = {u.key: u for u in merged.units}
    assert by_key["a:1.1"].target == "One (new)."
    assert by_key["a:2.1"].target == "Two!"
    assert by_key["a:3.1"].state is State.TRANSLATED
    assert by_key["a:4.1"].source == "Bốn mới."
    assert by_key["a:4.1~obsolete"].obsolete and by_key["a:4.1~obsolete"].source == "Bốn."
    assert by_key["a:6.1"].target == "Six."
    assert (report.added, report.updated, report.human_kept, report.obsoleted,
            report.unchanged) == (
        2, 1, 2, 1, 1)


def test_kept_human_work_takes_this_runs_machine_notes():
    """As msgmerge refreshes `#.` comments: a translator's edit stays, but what the
    aligner says of the pair (moved or not, its confidence, bead type) is this run's --
    a stale "moved" note or confidence would mislead the reviewer and filter the pair
    out of a TM export."""
    edited = machine("a:1.1", "Một.", "One.", State.NEEDS_REVIEW)
    edited.kind, edited.confidence = "moved", 0.553
    edited.target, edited.state = "One, corrected.", State.TRANSLATED
    fresh = machine("a:1.1", "Một.", "One.")
    fresh.confidence = 0.91
    merged, report = merge_stores(Store([edited]), Store([fresh]))
    (unit,) = merged.units
    assert (unit.target, unit.state, unit.fingerprint) == (
        "One, corrected.", State.TRANSLATED, edited.fingerprint)
    assert (unit.kind, unit.confidence, unit.bead) == (None, 0.91, "1-1")
    assert unit.human_edited and report.human_kept == 1
    # nothing to refresh: the very unit that was read is kept
    again, _ = merge_stores(Store([unit]), Store([fresh]))
    assert again.units[0] is unit


def test_human_edit_follows_its_sentence_when_keys_shift():
    edited = machine("a:2.1", "Hai.", "Two.")
    edited.target = "Two, as the desk wants."
    old = Store([machine("a:1.1", "Một.", "One."), edited])
    new = Store([machine("a:1.1", "Một.", "One."), machine("a:2.1", "Chèn.", "Inserted."),
                 machine("a:3.1", "Hai.", "Two.")])
    merged, report = merge_stores(old, new)
    by_key = {u.key: u for u in merged.units}
    assert by_key["a:3.1"].target == "Two, as the desk wants."
    assert by_key["a:2.1"].target == "Inserted."
    assert report.human_kept == 1 and report.added == 1 and report.obsoleted == 0


@pytest.fixture
def article(tmp_path):
    vi, en = tmp_path / "vi.txt", tmp_path / "en.txt"
    vi.write_text("\n\n".join(v for v, _ in PAIRS[:6]), "utf-8")
    en.write_text("\n\n".join(e for _, e in PAIRS[:6]), "utf-8")
    return vi, en


def test_po_rerun_keeps_edit_and_obsoletes_removed_source(tmp_path, article):
    vi, en = article
    out = tmp_path / "a.po"
    runner = CliRunner()
    runner.invoke(main, ["align", str(vi), str(en), "-o", str(out)])
    po = polib.pofile(str(out))
    po[1].msgstr = "The missiles flew some 400 km before they fell into the sea."
    po[2].tcomment = "Desk: keep 'condemned'."
    po.save()
    # the source loses its last sentence and its English
    vi.write_text("\n\n".join(v for v, _ in PAIRS[:5]), "utf-8")
    en.write_text("\n\n".join(e for _, e in PAIRS[:5]), "utf-8")
    result = runner.invoke(main, ["align", str(vi), str(en), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert ("added 0, updated 0, unchanged 3, human kept 2, human carried as fuzzy 0, "
            "obsoleted 1 (human 0)") in result.output
    po = polib.pofile(str(out))
    assert po[1].msgstr == "The missiles flew some 400 km before they fell into the sea."
    assert po[2].tcomment == "Desk: keep 'condemned'."
    assert [e.msgid for e in po.obsolete_entries()] == [PAIRS[5][0]]


@pytest.mark.parametrize(("fmt", "suffix"), [("xliff", ".xlf"), ("xliff2", ".xliff")])
def test_xliff_rerun_keeps_state_change_and_target_edit(tmp_path, article, fmt, suffix):
    vi, en = article
    out = tmp_path / f"a{suffix}"
    runner = CliRunner()
    runner.invoke(main, ["align", str(vi), str(en), "-o", str(out), "--format", fmt])
    store = read_store(out)
    store.units[0].state = State.FINAL                    # a reviewer signs off
    store.units[1].target = "Edited in the CAT tool."
    from l10nflow.formats import get_format
    get_format(fmt).write(store, out)
    result = runner.invoke(main, ["align", str(vi), str(en), "-o", str(out), "--format", fmt])
    assert "human kept 2," in result.output
    again = read_store(out)
    assert again.units[0].state is State.FINAL
    assert again.units[1].target == "Edited in the CAT tool."
    assert again.units[2].state is State.TRANSLATED
    etree.parse(str(out))   # still well-formed


def test_force_overwrites(tmp_path, article):
    vi, en = article
    out = tmp_path / "a.po"
    runner = CliRunner()
    runner.invoke(main, ["align", str(vi), str(en), "-o", str(out)])
    po = polib.pofile(str(out))
    po[0].msgstr = "Changed."
    po.save()
    runner.invoke(main, ["align", str(vi), str(en), "-o", str(out), "--force"])
    assert polib.pofile(str(out))[0].msgstr == PAIRS[0][1]


def test_rerun_without_changes_is_byte_identical(tmp_path, article):
    vi, en = article
    runner = CliRunner()
    for fmt, name in (("po", "a.po"), ("xliff", "a.xlf"), ("xliff2", "a.xliff")):
        out = tmp_path / name
        runner.invoke(main, ["align", str(vi), str(en), "-o", str(out), "--format", fmt])
        first = out.read_bytes()
        result = runner.invoke(main, ["align", str(vi), str(en), "-o", str(out), "--format",
                                      fmt])
        assert "unchanged 6" in result.output
        assert out.read_bytes() == first



def test_realign_keeps_unchanged_entries_as_the_translator_wrapped_them(tmp_path):
    corpus = tmp_path / "corpus" / "a"
    corpus.mkdir(parents=True)
    (corpus / "vi.txt").write_text("\n\n".join(vi for vi, _ in PAIRS[:4]) + "\n", "utf-8")
    (corpus / "en.txt").write_text("\n\n".join(en for _, en in PAIRS[:4]) + "\n", "utf-8")
    out = tmp_path / "locales"
    runner = CliRunner()
    assert runner.invoke(main, ["align", str(tmp_path / "corpus"), "-o", str(out)]).exit_code == 0
    po = out / "en" / "a.po"
    text = po.read_text("utf-8")
    # a translator's editor re-wraps one entry: same strings, other lines
    first = 'msgstr "North Korea fired 7 ballistic missiles this morning."'
    assert first in text
    rewrapped = text.replace(first, 'msgstr ""\n"North Korea fired 7 ballistic "\n'
                                    '"missiles this morning."')
    po.write_text(rewrapped, "utf-8")
    result = runner.invoke(main, ["align", str(tmp_path / "corpus"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert po.read_text("utf-8") == rewrapped
