"""File helpers: atomic writes and friendly text reading."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, OutputError
from .vietnamese import nfc

__all__ = ["atomic_output", "atomic_write_bytes", "atomic_write_text", "decode_text",
           "read_text", "remove_stale", "scratch_name"]


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write *path* through, so readers see the old file or the new one.

    Bytes go to a temporary file in the same folder, are flushed to disk, and the file
    is renamed over *path* when the block ends without an error; an interrupted run
    leaves *path* as it was and removes the temporary file.  A fault of the output
    (a folder where the file should go, a file where a folder should be, no permission,
    a full disk) is an :class:`OutputError` naming the path, not a traceback.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError("is a folder; give a file name to write", path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(path.parent, f".{path.name}.")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(_why(exc), path, hint=_HINTS.get(exc.errno)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# Scratch files and folders l10nflow makes are named <prefix><pid>.<random>[.tmp]: a run
# that was killed (SIGKILL, power loss) cannot remove its own, so the next run that writes
# to the same place removes those whose process is gone.

def scratch_name(prefix: str) -> str:
    """The prefix of a scratch file or folder of this process."""
    return f"{prefix}{os.getpid()}."


def remove_stale(folder: Path, prefix: str) -> int:
    """Remove scratch files and folders in *folder* named *prefix*<pid>.… whose process
    no longer runs; return how many were removed."""
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix):
            continue
        pid = name[len(prefix):].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:                    # exists, but not ours to signal
        return True
    return True


_HINTS = {
    errno.ENOSPC: "free some disk space, or write elsewhere",
    errno.EDQUOT: "free some disk space, or write elsewhere",
    errno.EFBIG: "the file is larger than this system allows; write elsewhere",
    errno.EACCES: "check the folder's permissions, or write elsewhere",
    errno.EPERM: "check the folder's permissions, or write elsewhere",
    errno.EROFS: "the file system is read-only; write elsewhere",
    errno.ENOTDIR: "a file stands where a folder of the path should be",
    errno.EEXIST: "a file stands where a folder of the path should be",
}


def _why(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"cannot write the file: {reason.lower()}"


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write *data* to *path* atomically (see :func:`atomic_output`)."""
    with atomic_output(path) as handle:
        handle.write(data)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write *text* as UTF-8 with ``\\n`` line ends, atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def read_text(path: str | Path) -> str:
    """Read a text file as NFC, with a clear error for the usual mistakes.

    A missing file, a folder, an empty file and bytes that are not text each get an
    :class:`InputError` naming the file (and the line, for bad bytes).
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", path, hint="check the path and spelling")
    if path.is_dir():
        raise InputError("is a folder, not a text file", path)
    return decode_text(path.read_bytes(), path)


_TEXT_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
              (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_text(data: bytes, path: str | Path | None) -> str:
    """Text of *data* (a file's bytes, or standard input) as NFC with ``\\n`` line ends:
    UTF-8, or UTF-16/32 recognised by its byte order mark; anything else -- legacy
    Vietnamese encodings, NUL bytes, an empty text -- is an :class:`InputError`."""
    codec = next((c for bom, c in _TEXT_BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ("save the file as UTF-8, e.g. `iconv -f WINDOWS-1258 -t UTF-8 FILE` for "
                "Vietnamese (WINDOWS-1252 for Western European text)"
                if codec == "utf-8" else f"the byte order mark says {codec.upper()}; save "
                "the file as UTF-8")
        raise InputError(f"not valid {codec.upper().replace('-SIG', '')} (byte "
                         f"0x{data[exc.start]:02x} at offset {exc.start})", path, line,
                         hint=hint) from None
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError("holds NUL characters: not a text file (UTF-16 without a byte "
                         "order mark?)", path, line, hint="save the file as UTF-8")
    if not text.strip():
        raise InputError("file is empty", path,
                         hint="add the text, or leave the file out")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
