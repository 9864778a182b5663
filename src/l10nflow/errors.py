"""The one exception users see: what is wrong, where, and what to do."""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "L10nflowError", "OutputError"]


class L10nflowError(Exception):
    """An error caused by the user's input or settings, reported without a traceback.

    ``path`` and ``line`` say where the problem is; ``hint`` says what to do.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class InputError(L10nflowError):
    """A file that cannot be read or understood."""


class OutputError(L10nflowError):
    """A file that cannot be written (a folder in the way, no permission, a full disk)."""
