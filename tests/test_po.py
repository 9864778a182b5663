import subprocess

import polib
import pytest

from l10nflow.errors import InputError
from l10nflow.formats import Store, get_format, read_store, write_store
from l10nflow.model import State, Unit


def sample_store():
    units = [
        Unit("a:en1.1", "", "Anh Vũ |", bead="0-1", confidence=0.9, article="a"),
        Unit("a:1.1", "Triều Tiên phê chuẩn hiệp ước.", "North Korea ratifies treaty.",
             State.TRANSLATED, 0.97, "1-1", "a", ["corpus/a/vi.txt:1"], fingerprint="abc123"),
        Unit("a:2.1", "Câu một. Câu hai.", "Sentence one and two.", State.NEEDS_REVIEW, 0.41,
             "2-1", "a", ["corpus/a/vi.txt:3"], fingerprint="def456"),
        Unit("a:en2.2", "", "RELATED NEWS", bead="0-1", confidence=0.8, article="a"),
        Unit("a:3.1", 'Ông nói: "Đúng vậy" 100%.', "", State.NEW, 0.88, "1-0", "a",
             ["corpus/a/vi.txt:5"]),
    ]
    return Store(units, "vi", "en", "a", {"PO-Revision-Date": "2024-11-12 00:00+0000"})


def test_po_header_has_language_plural_forms_and_generator(tmp_path):
    path = tmp_path / "a.po"
    write_store(sample_store(), path)
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["X-Source-Language"] == "vi"
    assert po.metadata["X-Generator"].startswith("l10nflow ")
    assert po.metadata["Project-Id-Version"] == "a"


def test_po_entries_carry_context_references_comments_and_fuzzy(tmp_path):
    path = tmp_path / "a.po"
    write_store(sample_store(), path)
    entries = {e.msgctxt: e for e in polib.pofile(str(path))}
    assert set(entries) == {"a:1.1", "a:2.1", "a:3.1"}
    assert entries["a:1.1"].occurrences == [("corpus/a/vi.txt", "1")]
    assert "bead 1-1, confidence 0.970, fingerprint abc123" in entries["a:1.1"].comment
    assert entries["a:2.1"].fuzzy and not entries["a:1.1"].fuzzy
    assert entries["a:3.1"].msgstr == ""
    # target-only text rides on its neighbours as extracted comments
    assert "target-only-before en1.1 (confidence 0.900): Anh Vũ |" in entries["a:1.1"].comment
    assert "target-only en2.2 (confidence 0.800): RELATED NEWS" in entries["a:2.1"].comment


def test_po_round_trip_keeps_every_unit(tmp_path):
    path = tmp_path / "a.po"
    original = sample_store()
    write_store(original, path)
    back = read_store(path)
    assert back.article == "a" and back.source_lang == "vi" and back.target_lang == "en"
    simplify = [(u.key, u.source, u.target, u.state, u.bead, u.confidence, u.fingerprint)
                for u in original.units]
    assert [(u.key, u.source, u.target, u.state, u.bead, u.confidence, u.fingerprint)
            for u in back.units] == simplify
    assert back.units[1].line is not None


def test_written_po_passes_msgfmt_check(tmp_path, msgfmt):
    path = tmp_path / "a.po"
    write_store(sample_store(), path)
    result = subprocess.run([msgfmt, "--check-format", "--check-header", "-o", "/dev/null",
                             str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr


def test_malformed_po_gives_input_error_with_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', "utf-8")
    with pytest.raises(InputError) as info:
        read_store(path)
    assert "bad.po" in str(info.value)


def test_unknown_format_is_a_clear_error():
    with pytest.raises(InputError, match="unknown format"):
        get_format("docx")


def test_human_edits_are_recognised():
    from l10nflow.model import fingerprint

    def unit(target, state, notes=(), machine=("Hello.", State.TRANSLATED)):
        return Unit("a:1.1", "Xin chào.", target, state, 0.95, "1-1", notes=list(notes),
                    fingerprint=fingerprint(*machine))

    assert not unit("Hello.", State.TRANSLATED).human_edited
    assert unit("Hi there.", State.TRANSLATED).human_edited                 # target edited
    assert unit("Hello.", State.REVIEWED).human_edited                      # state changed
    assert unit("Hello.", State.TRANSLATED, machine=("Hello.", State.NEEDS_REVIEW)
                ).human_edited                                               # fuzzy removed
    assert not unit("Hello.", State.NEEDS_REVIEW,
                    machine=("Hello.", State.NEEDS_REVIEW)).human_edited    # still fuzzy
    assert unit("Hello.", State.TRANSLATED, notes=["checked with the desk"]).human_edited
    foreign = Unit("a:1.1", "Xin chào.", "Hello.", State.TRANSLATED)        # no fingerprint
    assert foreign.human_edited


def test_po_reader_handles_the_grammar(tmp_path):
    path = tmp_path / "g.po"
    path.write_text(r'''# header comment
msgid ""
msgstr ""
"Language: en\n"
"X-Source-Language: vi\n"

# translator says hi
# on two lines
#. a developer note
#: a.c:1 b.c:2
#, fuzzy, c-format
#| msgid "old"
msgctxt "ctx"
msgid ""
"Tab\there, quote \"x\", "
"backslash \\ and newline\n"
msgstr "Tàb"
msgid "no blank line before me"
msgstr "ok"

msgid "one"
msgid_plural "many"
msgstr[0] "một"
msgstr[1] "nhiều"

#~ msgctxt "gone"
#~ msgid "Old source."
#~ msgstr "Old target."
''', "utf-8")
    store = read_store(path)
    assert (store.source_lang, store.target_lang) == ("vi", "en")
    first, second, plural, old = store.units
    assert first.key == "ctx"
    assert first.source == 'Tab\there, quote "x", backslash \\ and newline\n'
    assert first.target == "Tàb"
    assert first.notes == ["translator says hi\non two lines"]
    assert first.comments == ["a developer note"]
    assert first.references == ["a.c:1", "b.c:2"]
    assert first.state is State.NEEDS_REVIEW and first.flags == ["c-format"]
    assert (second.key, second.source, second.target) == (
        "no blank line before me", "no blank line before me", "ok")
    assert (plural.source, plural.target) == ("one", "một")
    assert old.obsolete and (old.key, old.source, old.target) == (
        "gone", "Old source.", "Old target.")
    assert first.line == 13 and old.line == 26


@pytest.mark.parametrize(("text", "line", "message"), [
    ('msgid "a"\nmsgstr "b\n', 2, "end-of-file within string"),
    ('msgid "a"\nmsgstr "b\n\nmsgid "c"\nmsgstr ""\n', 2, "end-of-line within string"),
    ('msgid "a" "b"c\nmsgstr ""\n', 1, "syntax error"),
    ('msgid "a"\nmsgstr "b"\n"orphan"\n\n"again"\n', 5, "continues nothing"),
    ('msgid "a"\nmsgtxt "b"\n', 2, "syntax error"),
    ('msgid "a\\q"\nmsgstr ""\n', 1, "invalid control sequence"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, "missing 'msgstr' section"),
    ('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 4, "duplicate message definition"),
    ('#~ msgid "a"\nmsgstr "b"\n', 2, "inconsistent use of #~"),
    ('msgid "a"\nmsgstr[0] "b"\n', 1, "missing 'msgid_plural' section"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[1] "b"\n', 3, "wrong index"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 3, "missing 'msgstr[]' section"),
])
def test_po_reader_errors_name_the_line(tmp_path, text, line, message):
    path = tmp_path / "e.po"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        read_store(path)
    assert info.value.line == line and message in str(info.value)


def test_languages_from_the_header_alone_match_a_full_read(tmp_path):
    from pathlib import Path

    from l10nflow.formats import format_for_path
    valid = Path(__file__).parent / "data" / "po-valid"
    big = tmp_path / "big.po"
    big.write_text((valid / "msgmerge-vi.po").read_text("utf-8") + "\n" + "".join(
        f'msgid "line {n}"\nmsgstr "dòng {n}"\n\n' for n in range(5000)), "utf-8")
    for path in (big, valid / "header-not-first.po", valid / "plurals-en.po"):
        store = read_store(path)
        assert format_for_path(path).languages(path) == (store.source_lang, store.target_lang)


def test_a_file_cut_in_a_string_names_end_of_file(tmp_path):
    path = tmp_path / "cut.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b', "utf-8")
    with pytest.raises(InputError) as info:
        read_store(path)
    assert info.value.line == 5 and "end-of-file within string" in str(info.value)


def test_utf16_po_is_written_back_in_utf16(tmp_path):
    path = tmp_path / "u16.po"
    path.write_bytes('msgid ""\nmsgstr "Language: vi\\n"\n\nmsgid "a"\nmsgstr "ă"\n'
                     .encode("utf-16"))
    out = tmp_path / "out.po"
    write_store(read_store(path), out)
    assert out.read_bytes() == path.read_bytes()


def test_rendering_honours_no_wrap_and_does_not_break_after_hyphens():
    from l10nflow.formats.po_grammar import PoEntry, render_entry
    long = "Use --no-rename to keep the old name; " * 4
    wrapped = render_entry(PoEntry(msgid=long, msgstr=""))
    assert len(wrapped) > 2 and all(len(line) <= 79 for line in wrapped)
    assert not any(line.endswith('-"') for line in wrapped)
    kept = render_entry(PoEntry(msgid=long, msgstr="", flags=["no-wrap"]))
    assert kept[-2:] == [f'msgid "{long}"', 'msgstr ""']
