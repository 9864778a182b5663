"""The one interface every store format implements, and the registry of formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..errors import InputError
from ..fsutil import atomic_write_bytes
from ..model import Unit

__all__ = [
    "FORMATS",
    "Store",
    "StoreFormat",
    "format_for_path",
    "get_format",
    "read_store",
    "register",
    "write_store",
]


@dataclass
class Store:
    """The content of one store file: units plus file-level facts."""

    units: list[Unit]
    source_lang: str = "vi"
    target_lang: str = "en"
    article: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)   # e.g. PO header fields


class StoreFormat:
    """Base class of formats: read bytes into a :class:`Store`, write a store to bytes."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def loads(self, data: bytes, path: Path | None = None) -> Store:
        raise NotImplementedError

    def dumps(self, store: Store) -> bytes:
        raise NotImplementedError

    def read(self, path: str | Path) -> Store:
        path = Path(path)
        if not path.is_file():
            raise InputError("file not found", path)
        return self.loads(path.read_bytes(), path)

    def write(self, store: Store, path: str | Path) -> None:
        atomic_write_bytes(path, self.dumps(store))


FORMATS: dict[str, StoreFormat] = {}


def register(fmt: StoreFormat) -> StoreFormat:
    FORMATS[fmt.name] = fmt
    return fmt


def get_format(name: str) -> StoreFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError(f"unknown format {name!r}; known: {', '.join(sorted(FORMATS))}") from None


def format_for_path(path: str | Path) -> StoreFormat:
    name = Path(path).name.lower()
    for fmt in FORMATS.values():
        if name.endswith(fmt.extensions):
            return fmt
    known = ", ".join(e for f in FORMATS.values() for e in f.extensions)
    raise InputError("cannot tell the format from the file name", path,
                     hint=f"use one of: {known}, or say --to")


def read_store(path: str | Path) -> Store:
    return format_for_path(path).read(path)


def write_store(store: Store, path: str | Path, fmt: str | None = None) -> None:
    (get_format(fmt) if fmt else format_for_path(path)).write(store, path)
