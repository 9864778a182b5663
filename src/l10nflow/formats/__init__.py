"""Store formats behind one interface: read a file into a :class:`Store` of units, write
one back.  Conversions between formats fall out of it.

>>> from l10nflow.formats import read_store, write_store
>>> store = read_store("locales/en/article.po")          # doctest: +SKIP
>>> write_store(store, "article.xlf")                    # doctest: +SKIP
"""

from .base import (
    FORMAT_MODULES,
    Piece,
    Store,
    StoreFormat,
    all_formats,
    format_for_path,
    get_format,
    read_store,
    write_store,
)

__all__ = ["FORMATS", "FORMAT_MODULES", "Piece", "Store", "StoreFormat", "all_formats",
           "format_for_path", "get_format", "read_store", "write_store"]


def __getattr__(name: str) -> object:
    # The formats' modules are imported on first use (see FORMAT_MODULES); FORMATS here
    # stays what it always was: every format by name, in the order of FORMAT_MODULES.
    if name == "FORMATS":
        return {fmt.name: fmt for fmt in all_formats()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
