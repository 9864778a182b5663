"""Store formats behind one interface: read a file into a :class:`Store` of units, write
one back.  Conversions between formats fall out of it.

>>> from l10nflow.formats import read_store, write_store
>>> store = read_store("locales/en/article.po")          # doctest: +SKIP
>>> write_store(store, "article.xlf")                    # doctest: +SKIP
"""

from . import po, tabular, tmx, xliff  # noqa: F401  (importing registers the formats)
from .base import (
    FORMATS,
    Piece,
    Store,
    StoreFormat,
    format_for_path,
    get_format,
    read_store,
    write_store,
)

__all__ = ["FORMATS", "Piece", "Store", "StoreFormat", "format_for_path", "get_format",
           "read_store", "write_store"]
