"""l10nflow: align, store, check and export Vietnamese-English translations.

The pipeline is a library first; the ``l10nflow`` command is a thin layer over it::

    documents -> sentences -> aligned beads -> stored units -> findings -> exports

Modules: :mod:`l10nflow.segment`, :mod:`l10nflow.align`, :mod:`l10nflow.corpus`,
:mod:`l10nflow.formats`, :mod:`l10nflow.vietnamese`.
"""

__version__ = "0.1.0"
