"""`l10nflow convert`: the count it prints is what it wrote, what a format cannot hold is
said per file (or refused with --strict), and PO can be re-encoded on request."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from l10nflow.cli import main
from l10nflow.formats import read_store

DATA = Path(__file__).parent / "data"
OBSOLETE = DATA / "po-valid" / "obsolete.po"
LATIN1 = DATA / "po-valid" / "charset-iso-8859-1-fr.po"


def convert(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["convert", *map(str, args)])
    return result.exit_code, result.output


def written(output: str) -> int:
    return int(re.search(r"wrote (\d+) unit", output).group(1))


@pytest.mark.parametrize("suffix", [".po", ".xlf", ".xliff", ".tsv"])
def test_the_count_printed_is_the_count_written(tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    code, output = convert(OBSOLETE, out)
    assert code == 0, output
    assert written(output) == len(read_store(out).units)


def test_tsv_says_what_it_leaves_out(tmp_path):
    source = read_store(OBSOLETE)
    obsolete = sum(u.obsolete for u in source.units)
    assert obsolete
    code, output = convert(OBSOLETE, tmp_path / "out.tsv")
    assert code == 0
    assert f"left out {obsolete} unit" in output and "obsolete" in output
    assert written(output) == len(source.units) - obsolete
    code, output = convert(DATA / "po-valid" / "plurals-cs.po", tmp_path / "plurals.tsv")
    assert code == 0 and "plural forms (only the first kept)" in output


def test_strict_refuses_and_writes_nothing(tmp_path):
    out = tmp_path / "out.tsv"
    code, output = convert(OBSOLETE, out, "--strict")
    assert code == 2 and "cannot hold everything" in output and "Traceback" not in output
    assert not out.exists()
    code, output = convert(OBSOLETE, tmp_path / "out.xlf", "--strict")
    assert code == 0, output                       # XLIFF holds everything PO holds


def test_po_written_back_in_its_charset_or_in_utf8_on_request(tmp_path):
    same = tmp_path / "same.po"
    assert convert(LATIN1, same)[0] == 0
    assert same.read_bytes() == LATIN1.read_bytes()
    utf8 = tmp_path / "utf8.po"
    code, output = convert(LATIN1, utf8, "--encoding", "utf-8")
    assert code == 0, output
    text = utf8.read_bytes().decode("utf-8")
    assert "charset=UTF-8" in text
    assert [u.target for u in read_store(utf8).units] == \
        [u.target for u in read_store(LATIN1).units]
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        run = subprocess.run([msgfmt, "-o", "/dev/null", str(utf8)], capture_output=True)
        assert run.returncode == 0


def test_encoding_applies_to_po_only(tmp_path):
    code, output = convert(LATIN1, tmp_path / "out.xlf", "--encoding", "utf-8")
    assert code == 2 and "applies to PO output" in output


@pytest.mark.parametrize(("fault", "message"), [
    (PermissionError(13, "Permission denied"), "permission denied"),
    (OSError(28, "No space left on device"), "no space left"),
])
def test_a_write_fault_is_a_clear_error_and_leaves_nothing(tmp_path, monkeypatch, fault,
                                                           message):
    import os
    out = tmp_path / "out.po"
    out.write_text("old\n", "utf-8")

    def fail(*args, **kwargs):
        raise fault
    monkeypatch.setattr(os, "replace", fail)
    code, output = convert(LATIN1, out)
    assert code == 2 and message in output and str(out) in output
    assert "Traceback" not in output
    assert out.read_text("utf-8") == "old\n"              # the old file is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.po"]   # no stray file


def test_output_in_the_way(tmp_path):
    (tmp_path / "afile").write_text("x", "utf-8")
    (tmp_path / "folder").mkdir()
    for out in (tmp_path / "afile" / "out.po", tmp_path / "folder"):
        code, output = convert(LATIN1, out)
        assert code == 2 and "Traceback" not in output and "rror: " in output


def test_cp1258_reads_as_nfc_and_writes_back_byte_for_byte(tmp_path):
    import unicodedata
    text = (DATA / "po-valid" / "msgmerge-vi.po").read_text("utf-8")
    cp = tmp_path / "cp.po"
    # as Windows writes it: tone marks as combining characters
    cp.write_bytes(text.replace("charset=UTF-8", "charset=CP1258").encode(
        "cp1258", "l10nflow-tone-marks"))
    units = read_store(cp).units
    assert all(u.target == unicodedata.normalize("NFC", u.target) for u in units)
    assert "Không thể tải nguồn tin %s" in [u.target for u in units]
    same = tmp_path / "same.po"
    assert convert(cp, same)[0] == 0
    assert same.read_bytes() == cp.read_bytes()
    utf8 = tmp_path / "utf8.po"
    assert convert(cp, utf8, "--encoding", "utf-8")[0] == 0
    assert utf8.read_text("utf-8") == text


@pytest.mark.parametrize("suffix", [".xlf", ".xliff", ".tmx", ".po"])
def test_an_empty_po_converts_to_a_valid_empty_store(tmp_path, suffix):
    # plain msgfmt accepts an empty file (an empty catalogue); so does l10nflow
    from schemas import assert_valid, tmx14, xliff12, xliff20
    empty = tmp_path / "empty.po"
    empty.write_text("", "utf-8")
    out = tmp_path / f"out{suffix}"
    code, output = convert(empty, out)
    assert code == 0 and written(output) == 0, output
    validator = {".xlf": xliff12, ".xliff": xliff20, ".tmx": tmx14}.get(suffix)
    if validator:
        assert_valid(validator(), out)
    assert read_store(out).units == []
