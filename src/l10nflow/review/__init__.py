"""``l10nflow review``: review and repair alignments in a local web page.

``model`` builds article views (rows in reading order, index lines) from stores;
``operations`` makes the repairs (accept, edit, join, split, link, unlink) and writes the
store atomically, refusing a stale view; ``session`` holds the stores of one run and their
QA findings; ``server`` is the HTTP server and JSON API; ``pages`` renders the Jinja2
templates in ``templates/`` (assets in ``static/``); ``export`` writes the static site.
"""
