"""Differential tests: ``l10nflow convert x.po y.po`` is as faithful as GNU gettext.

These are black-box tests. They run the ``l10nflow`` command in a child process on the
files in ``tests/data/po-valid`` and ``tests/data/po-invalid`` (see the README.md in each
folder), and use GNU gettext and polib as the oracles:

* valid files: convert exits 0, and plain msgfmt accepts OUT. ``msgfmt --use-fuzzy``
  makes the same .mo from OUT as from IN (not for .pot). ``msgcat --no-wrap
  --to-code=UTF-8`` prints the same text for both, which means the same entries, fields,
  comments, flags, previous fields, obsolete entries and header, in the same order. polib
  reads the same entries and metadata from both. Files already in the layout msgcat
  writes come out byte for byte. ``l10nflow check`` does not crash on any of them.
* invalid files: convert and check exit 2 and name ``FILE:LINE``, at the line msgfmt names
  (from the table in po-invalid/README.md), with no traceback. convert writes no OUT.
* round trip through XLIFF 1.2 (.xlf) and 2.0 (.xliff): after ``msgcat --no-wrap
  --to-code=UTF-8``, every entry apart from the header comes back as it was.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import traceback
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from l10nflow.cli import main

DATA = Path(__file__).resolve().parent / "data"
VALID_DIR = DATA / "po-valid"
INVALID_DIR = DATA / "po-invalid"
VALID = sorted(p for p in VALID_DIR.iterdir() if p.suffix in (".po", ".pot"))
INVALID = sorted(INVALID_DIR.glob("*.po"))

# These files are already in the layout msgcat writes: `msgcat IN` gives IN byte for byte
# (gettext 0.21). A faithful writer must give them back unchanged. The other valid files
# are laid out differently: different wrapping, CRLF, tabs, spaces or indentation, no
# blank lines, flags split over several "#," lines, \ooo and \xhh escapes, Babel's blank
# line at the end, obsolete entries with no translation, or U+2068/U+2069 references.
CANONICAL = (
    "charset-big5-zh_TW.po",
    "charset-cp1252-de.po",
    "charset-euc-jp-ja.po",
    "charset-euc-kr-ko.po",
    "charset-gb18030-zh_CN.po",
    "charset-gbk-zh_CN.po",
    "charset-iso-8859-1-fr.po",
    "charset-iso-8859-2-pl.po",
    "charset-koi8-r-ru.po",
    "charset-shift_jis-ja.po",
    "escapes.po",
    "fuzzy-header-new.po",
    "header-not-first.po",
    "launchpad.po",
    "msgctxt.po",
    "msgmerge-vi.po",
    "obsolete.po",
    "plurals-cs.po",
    "plurals-en.po",
    "pootle.po",
    "previous-fields.po",
    "wrapped-79.po",
    "xgettext-template.pot",
)

# polib reads these differently from gettext, so comparing polib's view is no test there.
POLIB_MISREADS = {
    "escapes-octal-hex.po": "polib 1.2 leaves \\101 and \\x42 as they are, while gettext "
                            "decodes them, and msgcat writes the decoded characters",
}

# What polib reads from each entry.
ENTRY_FIELDS = ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "flags",
                "comment", "tcomment", "occurrences", "previous_msgctxt", "previous_msgid",
                "previous_msgid_plural", "obsolete")


def invalid_table() -> dict[str, tuple[int, str]]:
    """file name -> (line, msgfmt's first message), from po-invalid/README.md."""
    rows = {}
    for line in (INVALID_DIR / "README.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[1].isdigit():
            continue
        rows[cells[0].strip("`")] = (int(cells[1]), cells[2].strip("`"))
    return rows


INVALID_TABLE = invalid_table()


def ids(paths):
    return [p.name for p in paths]


# --- helpers ---------------------------------------------------------------------------

def l10nflow(*args: object) -> subprocess.CompletedProcess[str]:
    """Run the CLI in this process (as `python -m l10nflow` would, without paying for a
    new interpreter ~700 times); a traceback would show in stderr, as from a process."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    stderr = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["l10nflow", *map(str, args)], result.exit_code,
                                       "", stderr)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (GNU gettext, Debian package gettext; "
                    ".ci/run installs it)")
    return path


def msgfmt_ok(path: Path) -> None:
    run = subprocess.run([tool("msgfmt"), "-o", "/dev/null", str(path)], capture_output=True,
                         text=True, errors="replace")
    assert run.returncode == 0, f"msgfmt rejects {path.name}:\n{run.stderr}"


def mo(path: Path, where: Path) -> bytes:
    target = where / (path.name + ".mo")
    run = subprocess.run([tool("msgfmt"), "--use-fuzzy", "-o", str(target), str(path)],
                         capture_output=True, text=True, errors="replace")
    assert run.returncode == 0, f"msgfmt rejects {path.name}:\n{run.stderr}"
    return target.read_bytes()


def msgcat(path: Path) -> str:
    """The file as msgcat writes it: one line per string, UTF-8.

    gettext 0.21 keeps the CR of a CRLF comment line as part of the comment; a line end is
    not content (and msgcat itself writes LF), so CRLF is made LF.
    """
    run = subprocess.run([tool("msgcat"), "--no-wrap", "--to-code=UTF-8", str(path)],
                         capture_output=True)
    assert run.returncode == 0, (
        f"msgcat rejects {path.name}:\n{run.stderr.decode('utf-8', 'replace')}")
    return run.stdout.decode("utf-8").replace("\r\n", "\n")


def without_header(text: str) -> str:
    """msgcat's output less the header entry (and its comments)."""
    blocks = text.rstrip("\n").split("\n\n")
    return "\n\n".join(b for b in blocks if not _is_header(b)) + "\n"


def _is_header(block: str) -> bool:
    lines = [ln for ln in block.splitlines() if not ln.startswith("#")]
    return bool(lines) and lines[0] == 'msgid ""'


def same_text(got: str, want: str, got_name: str, want_name: str) -> None:
    """Assert two msgcat outputs are equal; on failure show a short unified diff."""
    if got != want:
        diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), want_name,
                                         got_name, lineterm="", n=2))
        more = f"\n... {len(diff) - 40} more diff lines" if len(diff) > 40 else ""
        pytest.fail("msgcat sees different files:\n" + "\n".join(diff[:40]) + more,
                    pytrace=False)


def polib_view(path: Path) -> dict:
    po = polib.pofile(str(path))
    return {
        "metadata": po.metadata,
        "header comment": po.header,
        "header flags": po.metadata_is_fuzzy,
        "entries": [tuple(getattr(e, f) for f in ENTRY_FIELDS) for e in po],
    }


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """IN -> (convert's result, OUT): each valid file is converted once per module."""
    out_dir = tmp_path_factory.mktemp("converted")
    done: dict[Path, tuple[subprocess.CompletedProcess[str], Path]] = {}

    def convert(path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
        if path not in done:
            out = out_dir / path.name
            done[path] = (l10nflow("convert", path, out), out)
        return done[path]

    return convert


def output_of(converted, path: Path) -> Path:
    run, out = converted(path)
    assert run.returncode == 0, f"convert {path.name} exited {run.returncode}:\n{run.stderr}"
    assert out.exists(), f"convert {path.name} exited 0 but wrote no {out.name}"
    return out


# --- the data are what they claim to be --------------------------------------------------

def test_the_data_folders_are_there():
    assert 25 <= len(VALID) <= 40
    assert len(INVALID) >= 12
    assert set(CANONICAL) <= {p.name for p in VALID}
    assert set(POLIB_MISREADS) <= {p.name for p in VALID}


def test_the_invalid_table_lists_every_invalid_file():
    assert sorted(INVALID_TABLE) == ids(INVALID)


def test_the_valid_readme_describes_every_valid_file():
    readme = (VALID_DIR / "README.md").read_text("utf-8")
    assert [p.name for p in VALID if f"`{p.name}`" not in readme] == []


@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_msgfmt_accepts_every_valid_file(path):
    msgfmt_ok(path)


@pytest.mark.parametrize("name", CANONICAL)
def test_canonical_files_are_what_msgcat_writes(name):
    path = VALID_DIR / name
    run = subprocess.run([tool("msgcat"), str(path)], capture_output=True)
    assert run.returncode == 0
    assert run.stdout == path.read_bytes()


@pytest.mark.parametrize("path", INVALID, ids=ids(INVALID))
def test_msgfmt_rejects_every_invalid_file_where_the_table_says(path):
    line, message = INVALID_TABLE[path.name]
    run = subprocess.run([tool("msgfmt"), "-o", "/dev/null", path.name], cwd=INVALID_DIR,
                         capture_output=True, text=True, errors="replace",
                         env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""})
    assert run.returncode != 0
    first = run.stderr.splitlines()[0]
    assert first == message
    # msgfmt names the line after an unterminated string; l10nflow the string's own line
    msgfmt_line = line + 1 if path.name == "unterminated-string.po" else line
    assert first.startswith(f"{path.name}:{msgfmt_line}:")


# --- valid files: convert is faithful ---------------------------------------------------

@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_convert_exits_0(converted, path):
    run, _ = converted(path)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_msgfmt_accepts_the_output(converted, path):
    msgfmt_ok(output_of(converted, path))


@pytest.mark.parametrize("path", [p for p in VALID if p.suffix == ".po"],
                         ids=ids(p for p in VALID if p.suffix == ".po"))
def test_the_output_compiles_to_the_same_mo(converted, path, tmp_path):
    out = output_of(converted, path)
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    assert mo(out, tmp_path / "out") == mo(path, tmp_path / "in")


@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_msgcat_sees_the_same_file(converted, path):
    out = output_of(converted, path)
    same_text(msgcat(out), msgcat(path), f"OUT {out.name}", f"IN {path.name}")


@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_polib_reads_the_same_entries_and_metadata(converted, path):
    if path.name in POLIB_MISREADS:
        pytest.skip(POLIB_MISREADS[path.name])
    out = output_of(converted, path)
    assert polib_view(out) == polib_view(path)


@pytest.mark.parametrize("name", CANONICAL)
def test_canonical_files_come_out_byte_for_byte(converted, name):
    path = VALID_DIR / name
    out = output_of(converted, path)
    assert out.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_check_does_not_crash_on_valid_files(path):
    run = l10nflow("check", path, "--format", "json", "--fail-on", "never")
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.returncode in (0, 1), f"exit {run.returncode}:\n{run.stderr}"


# --- invalid files: a clear error at the right line --------------------------------------

@pytest.mark.parametrize("path", INVALID, ids=ids(INVALID))
def test_convert_rejects_invalid_files_at_msgfmts_line(path, tmp_path):
    line, _ = INVALID_TABLE[path.name]
    out = tmp_path / "out.po"
    run = l10nflow("convert", path, out)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2, f"exit {run.returncode}:\n{run.stderr}"
    assert f"{path.name}:{line}" in run.stderr
    assert not out.exists()


@pytest.mark.parametrize("path", INVALID, ids=ids(INVALID))
def test_check_rejects_invalid_files_at_msgfmts_line(path):
    line, _ = INVALID_TABLE[path.name]
    run = l10nflow("check", path, "--format", "json", "--fail-on", "never")
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.returncode == 2, f"exit {run.returncode}:\n{run.stderr}"
    assert f"{path.name}:{line}" in run.stderr


# --- round trip through XLIFF ------------------------------------------------------------

FLAGS_ADD_UP = {"flags-several-lines.po"}


@pytest.mark.parametrize("ext", [".xlf", ".xliff"])
@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_xliff_round_trip_keeps_every_entry(path, ext, tmp_path):
    mid = tmp_path / ("mid" + ext)
    back = tmp_path / ("back" + path.suffix)
    there = l10nflow("convert", path, mid)
    assert there.returncode == 0, f"{path.name} -> {mid.name}:\n{there.stderr}"
    again = l10nflow("convert", mid, back)
    assert again.returncode == 0, f"{mid.name} -> {back.name}:\n{again.stderr}"
    if path.name in FLAGS_ADD_UP:
        # gettext 0.21's msgcat keeps only the last "#," line; l10nflow, polib and later
        # gettext add the lines up, so compare what polib reads instead.
        flags = ENTRY_FIELDS.index("flags")

        def unordered(entries):        # where "fuzzy" stands among the flags means nothing
            return [(*e[:flags], sorted(e[flags]), *e[flags + 1:]) for e in entries]
        assert unordered(polib_view(back)["entries"]) == unordered(polib_view(path)["entries"])
        return
    same_text(without_header(msgcat(back)), without_header(msgcat(path)),
              f"back {back.name} (via {ext})", f"IN {path.name}")


def test_without_header_drops_only_the_header():
    body = 'msgctxt "c"\nmsgid ""\nmsgstr "x"\n\n#~ msgid ""\n#~ msgstr "y"\n'
    text = '# t\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: vi\\n"\n\n' + body
    assert without_header(text) == body
