"""Words for counts in messages: "1 unit", "2 units", never "1 unit(s)"."""

from __future__ import annotations

__all__ = ["counted"]


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``counted(1, "unit")`` -> ``"1 unit"``; ``counted(3, "entry", "entries")``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
