"""Re-aligning after the texts change, as a translator does it: no human edit is lost or
moved to another sentence, nothing whose sentence still exists becomes obsolete, and a
human translation whose sentence changed a little is carried over as fuzzy with the
previous source recorded (msgmerge's behaviour)."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest
from click.testing import CliRunner

from conftest import PAIRS
from l10nflow.cli import main

EDIT = "The missiles flew roughly 400 km and then fell into the sea (desk version)."
SUMMARY_KEYS = ("added", "updated", "unchanged", "human kept", "human carried as fuzzy",
                "obsoleted")


def write_article(folder, pairs):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vi.txt").write_text("\n\n".join(v for v, _ in pairs) + "\n", "utf-8")
    (folder / "en.txt").write_text("\n\n".join(e for _, e in pairs) + "\n", "utf-8")


def align(corpus, out):
    result = CliRunner().invoke(main, ["align", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


def counts(output: str) -> dict[str, int]:
    line = next(line for line in output.splitlines() if "merged with existing" in line)
    found = {}
    for part in line.split(":", 1)[1].split(","):
        words = part.split("(")[0].split()
        found[" ".join(words[:-1])] = int(words[-1])
    return found


def entries(po_path):
    return {e.msgid: e for e in polib.pofile(str(po_path)) if not e.obsolete}


def obsolete(po_path):
    return [e for e in polib.pofile(str(po_path)) if e.obsolete]


@pytest.fixture
def edited(tmp_path):
    """A corpus of one article aligned once, with one target edited by a translator."""
    corpus, out = tmp_path / "corpus", tmp_path / "locales"
    write_article(corpus / "a", PAIRS[:6])
    align(corpus, out)
    po_path = out / "en" / "a.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == PAIRS[1][0])
    entry.msgstr = EDIT
    po.save()
    return corpus, out, po_path


def assert_valid_po(path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        run = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr


def test_paragraph_inserted_at_the_top(edited):
    corpus, out, po_path = edited
    new = ("Bình Nhưỡng đã triệu tập đại sứ Hàn Quốc vào tối qua.",
           "Pyongyang summoned the South Korean ambassador last night.")
    write_article(corpus / "a", [new, *PAIRS[:6]])
    found = counts(align(corpus, out))
    assert found["added"] == 1 and found["obsoleted"] == 0 and found["human kept"] == 1
    now = entries(po_path)
    assert now[PAIRS[1][0]].msgstr == EDIT
    assert now[PAIRS[1][0]].msgctxt == "a:3.1"            # its key moved with the text
    assert not obsolete(po_path)
    assert_valid_po(po_path)


def test_paragraph_deleted(edited):
    corpus, out, po_path = edited
    write_article(corpus / "a", [PAIRS[0], PAIRS[1], *PAIRS[3:6]])
    found = counts(align(corpus, out))
    assert found["obsoleted"] == 1 and found["human kept"] == 1
    assert entries(po_path)[PAIRS[1][0]].msgstr == EDIT
    assert [e.msgid for e in obsolete(po_path)] == [PAIRS[2][0]]


def test_edited_sentence_deleted_warns(edited):
    corpus, out, po_path = edited
    write_article(corpus / "a", [PAIRS[0], *PAIRS[2:6]])
    result = CliRunner().invoke(main, ["align", str(corpus), "-o", str(out)])
    assert "warning:" in result.output and "a.po" in result.output
    assert counts(result.output)["obsoleted"] == 1
    gone = obsolete(po_path)
    assert [e.msgstr for e in gone] == [EDIT]             # kept, never dropped


def test_one_word_added_carries_the_correction_as_fuzzy(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "locales"
    money = ("Chính phủ chi 1 tỷ đồng cho dự án này.",
             "The government spent 1 billion dong on this project.")
    write_article(corpus / "a", [PAIRS[0], money, PAIRS[2]])
    align(corpus, out)
    po_path = out / "en" / "a.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid == money[0])
    entry.msgstr = "The government spent 1 million dong on this project."   # the fix
    po.save()
    longer = ("Chính phủ chi 1 tỷ đồng cho toàn bộ dự án này.",
              "The government spent 1 billion dong on this project.")
    write_article(corpus / "a", [PAIRS[0], longer, PAIRS[2]])
    found = counts(align(corpus, out))
    assert found["human carried as fuzzy"] == 1 and found["obsoleted"] == 0
    now = entries(po_path)[longer[0]]
    assert now.msgstr == "The government spent 1 million dong on this project."
    assert "fuzzy" in now.flags
    assert now.previous_msgid == money[0]
    assert not obsolete(po_path)
    assert_valid_po(po_path)


def test_reworded_sentence_carries_the_edit_as_fuzzy(edited):
    corpus, out, po_path = edited
    reworded = ("Các tên lửa đã bay khoảng 400 km trước khi rơi xuống vùng biển.",
                PAIRS[1][1])
    write_article(corpus / "a", [PAIRS[0], reworded, *PAIRS[2:6]])
    found = counts(align(corpus, out))
    assert found["human carried as fuzzy"] == 1 and found["obsoleted"] == 0
    now = entries(po_path)[reworded[0]]
    assert now.msgstr == EDIT and "fuzzy" in now.flags
    assert now.previous_msgid == PAIRS[1][0]


def test_article_folder_renamed(edited):
    corpus, out, po_path = edited
    (corpus / "a").rename(corpus / "b")
    align(corpus, out)
    renamed = out / "en" / "b.po"
    shutil.copy(po_path, renamed)        # the translator renames the store with the folder
    found = counts(align(corpus, out))
    assert found["obsoleted"] == 0 and found["human kept"] == 1 and found["added"] == 0
    now = entries(renamed)
    assert now[PAIRS[1][0]].msgstr == EDIT
    assert now[PAIRS[1][0]].msgctxt == "b:2.1"
    assert not obsolete(renamed)


def test_sentence_split_in_two(edited):
    corpus, out, po_path = edited
    first = PAIRS[1][0].split(" trước khi ")[0]
    split = (f"{first}. Sau đó chúng rơi xuống biển.",
             "The missiles flew about 400 km. Then they fell into the sea.")
    write_article(corpus / "a", [PAIRS[0], split, *PAIRS[2:6]])
    found = counts(align(corpus, out))
    assert found["obsoleted"] == 0
    carried = [e for e in polib.pofile(str(po_path)) if e.msgstr == EDIT]
    assert len(carried) == 1 and not carried[0].obsolete and "fuzzy" in carried[0].flags
    assert carried[0].previous_msgid == PAIRS[1][0]


def test_same_sentence_twice_only_the_second_edited(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "locales"
    again = PAIRS[2]
    write_article(corpus / "a", [PAIRS[0], again, PAIRS[1], again, PAIRS[3]])
    align(corpus, out)
    po_path = out / "en" / "a.po"
    po = polib.pofile(str(po_path))
    twins = [e for e in po if e.msgid == again[0]]
    assert len(twins) == 2
    twins[1].msgstr = "Japan and South Korea condemned the launch (second mention)."
    po.save()
    new = ("Bình Nhưỡng đã triệu tập đại sứ Hàn Quốc vào tối qua.",
           "Pyongyang summoned the South Korean ambassador last night.")
    write_article(corpus / "a", [new, PAIRS[0], again, PAIRS[1], again, PAIRS[3]])
    found = counts(align(corpus, out))
    assert found["human kept"] == 1 and found["obsoleted"] == 0
    now = [e for e in polib.pofile(str(po_path)) if e.msgid == again[0] and not e.obsolete]
    assert [e.msgstr for e in now] == [again[1],
                                       "Japan and South Korea condemned the launch "
                                       "(second mention)."]
    assert [e.msgctxt for e in now] == ["a:3.1", "a:5.1"]


def test_summary_line_has_every_count(edited):
    corpus, out, _ = edited
    output = align(corpus, out)
    assert set(counts(output)) == set(SUMMARY_KEYS)
    assert "obsoleted 0 (human 0)" in output


def test_a_pair_the_translator_confirmed_stays_paired_when_the_english_changes(tmp_path):
    """A pair confirmed in Poedit (English edited, fuzzy removed) is a pin like one fixed
    in the review page: its English is found by the fingerprint of what the aligner
    wrote.  Without that, an English sentence added right after it took its place in the
    fresh alignment, the merge kept the translator's text over it, and the new sentence
    was in no unit at all."""
    from test_rewrites import STORY

    corpus = tmp_path / "corpus"
    write_article(corpus / "a", STORY)
    out = tmp_path / "locales"
    align(corpus, out)
    po = polib.pofile(str(out / "en" / "a.po"))
    confirmed = next(e for e in po if e.msgid == STORY[18][0])
    assert confirmed.msgstr == STORY[18][1]
    confirmed.msgstr = "Experts say Pyongyang could carry out a seventh nuclear test."
    confirmed.flags = [f for f in confirmed.flags if f != "fuzzy"]
    po.save()
    added = ("That is what experts say Pyongyang may conduct its 7th nuclear test, officials "
             "said again.")
    english = [e for _, e in STORY]
    (corpus / "a" / "en.txt").write_text(
        "\n\n".join([*english[:19], added, *english[19:]]) + "\n", "utf-8")

    output = align(corpus, out)
    assert "became obsolete" not in output
    assert counts(output)["human kept"] == 1
    text = (out / "en" / "a.po").read_text("utf-8")
    live = entries(out / "en" / "a.po")
    assert live[STORY[18][0]].msgstr == confirmed.msgstr
    assert added in text                       # kept, as target-only text
    assert not any(e.msgstr == added for e in live.values())


def test_which_units_pin_their_sentences():
    from l10nflow.align.pinned import pins_of
    from l10nflow.model import PINNED, Bead, State, Unit, fingerprint

    source, target = ["A.", "B.", "C.", "D."], ["a.", "b.", "x.", "c.", "d."]

    def written(source, target, state=State.NEEDS_REVIEW, bead="1-1"):
        return Unit("k", source, target, state, 0.5, bead,
                    fingerprint=fingerprint(target, state))

    confirmed = written("B.", "b.")                    # English edited, fuzzy removed
    confirmed.target, confirmed.state = "b, as the desk wants.", State.TRANSLATED
    unfuzzied = written("C.", "c.")                    # only the fuzzy flag removed
    unfuzzied.state = State.TRANSLATED
    still_fuzzy = written("A.", "a.")                  # edited, left for review
    still_fuzzy.target = "a?"
    foreign = Unit("k", "D.", "d.")                    # another tool's: no fingerprint
    pinned = Unit("k", "D.", "", bead="1-0", flags=[PINNED])
    units = [still_fuzzy, confirmed, unfuzzied, foreign]
    assert pins_of(units, source, target) == [Bead((1,), (1,), 1.0), Bead((2,), (3,), 1.0)]
    assert pins_of([*units[:3], pinned], source, target)[-1] == Bead((3,), (), 1.0)
    # the English it was paired with is gone: nothing to pin (the merge keeps the work)
    assert pins_of([confirmed], source, ["a.", "x.", "c."]) == []
