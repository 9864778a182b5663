"""`l10nflow review`: repairs on real PO/XLIFF stores, the JSON API and its safety, the
static export, and re-align keeping what a person pinned.  (The page in a real browser:
test_review_browser.py.)"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape

from conftest import CORPUS
from l10nflow.align.pinned import find_run, pin_beads
from l10nflow.cli import main
from l10nflow.formats import read_store, write_store
from l10nflow.model import PINNED, Bead, State
from l10nflow.review.model import read_versioned
from l10nflow.review.operations import OperationError, StaleError, apply_operation
from l10nflow.review.server import ReviewServer
from l10nflow.review.session import ReviewSession

SEED = "2024-11-12-north-korea-ratifies-defense-treaty"
XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


@pytest.fixture(scope="module")
def aligned_once(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("aligned") / "locales"
    result = CliRunner().invoke(main, ["align", str(CORPUS), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def locales(aligned_once, tmp_path) -> Path:
    """A fresh copy of the bundled corpus aligned into PO files."""
    return Path(shutil.copytree(aligned_once, tmp_path / "locales"))


def seed_path(locales: Path) -> Path:
    return locales / "en" / f"{SEED}.po"


def check_po(msgfmt, path: Path) -> None:
    result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def op(path: Path, name: str, **args):
    _, version = read_versioned(path)
    return apply_operation(path, name, args, version)


def live(path: Path):
    return [u for u in read_store(path).units if not u.obsolete]


def unit(path: Path, key: str):
    return next(u for u in live(path) if u.key == key)


def pairs(path: Path):
    return [u for u in live(path) if u.source and u.target]


# --- repair operations on the seed article ------------------------------------------------

def test_accept_clears_fuzzy_marks_reviewed_and_pinned(locales, msgfmt):
    path = seed_path(locales)
    target = pairs(path)[3]
    path.write_text(path.read_text("utf-8").replace(
        f'msgctxt "{target.key}"', f'#, fuzzy\nmsgctxt "{target.key}"'), "utf-8")
    assert unit(path, target.key).state is State.NEEDS_REVIEW
    op(path, "accept", key=target.key)
    after = unit(path, target.key)
    assert after.state is State.REVIEWED and after.pinned and after.human_edited
    assert after.target == target.target
    text = path.read_text("utf-8")
    assert f"#, reviewed, {PINNED}" in text or f"#, {PINNED}, reviewed" in text
    check_po(msgfmt, path)


def test_edit_replaces_the_english(locales, msgfmt):
    path = seed_path(locales)
    target = pairs(path)[2]
    op(path, "edit", key=target.key, target="  The KCNA news agency said so.\n")
    after = unit(path, target.key)
    assert after.target == "The KCNA news agency said so."
    assert after.source == target.source and after.pinned
    assert after.state is State.REVIEWED
    check_po(msgfmt, path)


def test_join_then_split_gives_the_pairs_back(locales, msgfmt):
    path = seed_path(locales)
    first, second = pairs(path)[2:4]
    op(path, "join", key=first.key)
    joined = unit(path, first.key)
    assert joined.source == f"{first.source} {second.source}"
    assert joined.target == f"{first.target} {second.target}"
    assert joined.bead == "2-2" and joined.pinned
    assert second.key not in {u.key for u in live(path)}
    check_po(msgfmt, path)

    op(path, "split", key=first.key, source_at=1, target_at=1)
    again = pairs(path)[2:4]
    assert [(u.source, u.target) for u in again] == [(first.source, first.target),
                                                     (second.source, second.target)]
    assert all(u.pinned and u.bead == "1-1" for u in again)
    check_po(msgfmt, path)


def test_join_with_following_english_only_text_makes_a_1_2_pair(locales, msgfmt):
    path = seed_path(locales)
    units = live(path)
    title, byline = units[0], units[1]
    assert byline.target_only
    op(path, "join", key=title.key)
    after = live(path)
    assert after[0].target == f"{title.target} {byline.target}"
    assert after[0].bead == "1-2" and not any(u.key == byline.key for u in after)
    check_po(msgfmt, path)
    op(path, "split", key=title.key, source_at=1, target_at=1)
    back = live(path)
    assert back[0].target == title.target
    assert back[1].target_only and back[1].target == byline.target
    check_po(msgfmt, path)


def test_unlink_then_link_with_english_from_elsewhere(locales, msgfmt):
    path = seed_path(locales)
    target = pairs(path)[4]
    op(path, "unlink", key=target.key)
    units = live(path)
    index = next(i for i, u in enumerate(units) if u.key == target.key)
    assert units[index].target == "" and units[index].pinned
    assert units[index].state is State.NEW
    assert units[index + 1].target_only and units[index + 1].target == target.target
    check_po(msgfmt, path)

    related = next(u for u in units if u.target_only and u.target == "RELATED NEWS")
    op(path, "link", key=target.key, target_key=related.key)
    linked = unit(path, target.key)
    assert linked.target == "RELATED NEWS" and linked.pinned
    assert any("stands elsewhere" in note for note in linked.notes)
    assert not any(u.key == related.key for u in live(path))
    view = ReviewSession([locales], checks=False).article(SEED)
    row = next(r for r in view.rows if r.key == target.key)
    assert row.moved and row.pinned and row.kind == "pair"
    check_po(msgfmt, path)


def test_a_note_saying_the_english_stands_elsewhere_marks_the_pair_moved(locales):
    path = seed_path(locales)
    first, second, third = pairs(path)[1:4]
    text = path.read_text("utf-8")
    for key, note in ((first.key, "#. crossing pair: the English stands elsewhere (en7.1)"),
                      (second.key, "# desk: moved up in the English edition"),
                      (third.key, "# removed a stray space")):
        text = text.replace(f'msgctxt "{key}"', f'{note}\nmsgctxt "{key}"')
    path.write_text(text, "utf-8")
    rows = {r.key: r for r in ReviewSession([path], checks=False).article(SEED).rows}
    assert rows[first.key].moved and rows[second.key].moved and not rows[third.key].moved
    assert "crossing pair: the English stands elsewhere (en7.1)" in rows[first.key].notes


def test_refused_repairs_say_why_and_leave_the_file(locales):
    path = seed_path(locales)
    before = path.read_bytes()
    target_only = next(u for u in live(path) if u.target_only)
    a_pair = pairs(path)[0]
    cases = [
        ("accept", {"key": "no-such-key"}, "no pair with key"),
        ("accept", {"key": target_only.key}, "needs a pair"),
        ("link", {"key": a_pair.key, "target_key": target_only.key}, "not Vietnamese text"),
        ("split", {"key": a_pair.key, "source_at": 5, "target_at": 0}, "cannot split"),
        ("split", {"key": a_pair.key, "source_at": 1, "target_at": 1}, "both parts"),
        ("edit", {"key": a_pair.key, "target": "   "}, "empty"),
        ("edit", {"key": a_pair.key}, "needs 'target'"),
        ("explode", {"key": a_pair.key}, "unknown operation"),
    ]
    for name, args, words in cases:
        with pytest.raises(OperationError, match=words):
            op(path, name, **args)
    assert path.read_bytes() == before


def test_stale_save_is_refused_and_nothing_is_lost(locales):
    path = seed_path(locales)
    _, version = read_versioned(path)
    other = path.read_text("utf-8").replace("North Korea ratifies Mutual Defense Treaty",
                                            "North Korea ratifies the treaty (desk)")
    path.write_text(other, "utf-8")             # another editor saved meanwhile
    with pytest.raises(StaleError, match="changed on disk"):
        apply_operation(path, "accept", {"key": pairs(path)[0].key}, version)
    assert path.read_text("utf-8") == other


def test_repairs_on_xliff_keep_the_pinned_flag(locales, tmp_path):
    po = seed_path(locales)
    for name in ("a.xlf", "a.xliff"):
        path = tmp_path / name
        write_store(read_store(po), path)
        key = pairs(path)[1].key
        op(path, "accept", key=key)
        assert unit(path, key).pinned and unit(path, key).state is State.REVIEWED
        assert PINNED in path.read_text("utf-8")
        back = tmp_path / f"{name}.po"                 # and through PO again
        write_store(read_store(path), back)
        assert unit(back, key).pinned


def test_xliff_with_pins_is_schema_valid(locales, tmp_path):
    from schemas import assert_valid, xliff12, xliff20
    path12, path20 = tmp_path / "a.xlf", tmp_path / "a.xliff"
    for path in (path12, path20):
        write_store(read_store(seed_path(locales)), path)
        op(path, "unlink", key=pairs(path)[0].key)
    assert_valid(xliff12(), path12)
    assert_valid(xliff20(), path20)


# --- re-align keeps the repairs ----------------------------------------------------------

def test_find_run_and_pin_beads():
    sentences = ["A.", "B.", "C.", "D."]
    assert find_run(sentences, "B. C.", set()) == (1, 2)
    assert find_run(sentences, "B. C.", {2}) is None
    assert find_run(sentences, "X.", set()) is None
    beads = [Bead((0,), (0,), .9), Bead((1,), (1,), .4), Bead((), (2,), .8),
             Bead((2,), (3,), .9)]
    pinned = pin_beads(beads, [Bead((1,), (3,), 1.0)])
    assert pinned == [Bead((0,), (0,), .9), Bead((1,), (3,), 1.0), Bead((), (1,), .4),
                      Bead((), (2,), .8), Bead((2,), (), .9)]


def test_a_pin_on_a_repeated_sentence_takes_the_occurrence_where_it_is_expected():
    from l10nflow.align.pinned import pins_of
    from l10nflow.model import Unit
    source, target = ["A.", "X.", "C."], ["B.", "Y.", "Z.", "B."]
    beads = [Bead((0,), (1,)), Bead((), (2,)), Bead((1,), ()), Bead((2,), (3,))]
    pinned = Unit("k:3.1", "C.", "B.", bead="1-1", flags=[PINNED])
    others = [Unit("k:1.1", "A.", "Y.", bead="1-1"), Unit("k:2.1", "X.", "", bead="1-0")]
    assert pins_of([*others, pinned], source, target, beads) == [Bead((2,), (3,), 1.0)]
    early = Unit("k:1.1", "A.", "B.", bead="1-1", flags=[PINNED])
    assert pins_of([early, *others[1:], pinned], source, target, beads) == \
        [Bead((0,), (0,), 1.0), Bead((2,), (3,), 1.0)]


def test_realign_keeps_every_human_link_and_edit(locales, msgfmt):
    path = seed_path(locales)
    units = pairs(path)
    op(path, "accept", key=units[1].key)
    op(path, "edit", key=units[2].key, target="The news agency KCNA said it on Nov. 12.")
    op(path, "join", key=units[5].key)                       # 2-2
    op(path, "unlink", key=units[8].key)
    related = next(u for u in live(path) if u.target_only and u.target == "RELATED NEWS")
    op(path, "link", key=units[8].key, target_key=related.key)   # crossing link
    op(path, "unlink", key=units[10].key)                    # no English, on purpose
    op(path, "join", key=units[12].key)
    op(path, "split", key=units[12].key, source_at=1, target_at=0)   # 1-0 then 1-2
    human = {(u.source, u.target) for u in live(path) if u.pinned}
    assert len(human) == 7

    result = CliRunner().invoke(main, ["align", str(CORPUS), "-o", str(locales)])
    assert result.exit_code == 0, result.output
    kept = {(u.source, u.target) for u in live(path) if u.pinned}
    assert kept == human
    summary = next(line for line in result.output.splitlines() if "merged" in line)
    assert "human kept 7," in summary
    assert "obsoleted 0 (human 0)" in summary
    # the English the links took is not also left as English-only text
    only = [u.target for u in live(path) if u.target_only]
    assert "RELATED NEWS" not in only
    assert units[12].target not in only and units[13].target not in only
    check_po(msgfmt, path)
    # and a second re-align changes nothing
    before = path.read_bytes()
    CliRunner().invoke(main, ["align", str(CORPUS), "-o", str(locales)])
    assert path.read_bytes() == before


def test_realign_keeps_pins_in_xliff_stores(tmp_path):
    out = tmp_path / "locales"
    for run in range(2):
        result = CliRunner().invoke(main, ["align", str(CORPUS), "-o", str(out),
                                           "--format", "xliff2"])
        assert result.exit_code == 0, result.output
        path = out / "en" / f"{SEED}.xliff"
        if run == 0:
            first, second = pairs(path)[4:6]
            op(path, "join", key=first.key)
            op(path, "unlink", key=pairs(path)[0].key)
            human = {(u.source, u.target) for u in live(path) if u.pinned}
    assert {(u.source, u.target) for u in live(path) if u.pinned} == human
    assert (f"{first.source} {second.source}", f"{first.target} {second.target}") in human
    assert "human kept 2," in result.output


def test_review_command_serves_the_url_it_prints(locales):
    import re
    import sys
    process = subprocess.Popen([sys.executable, "-m", "l10nflow", "review", str(locales),
                                "--no-browser", "--no-checks"], stderr=subprocess.PIPE,
                               text=True)
    try:
        line = ""
        while "token=" not in line:
            line = process.stderr.readline()
            assert line, "the server stopped before printing its URL"
        port, token = re.search(r"127\.0\.0\.1:(\d+)/\?token=(\S+)", line).groups()
        connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
        connection.request("GET", f"/?token={token}")
        response = connection.getresponse()
        assert response.status == 200 and SEED in response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(10)


# --- the server: API, token, Host, stale saves, escaping -----------------------------------

@pytest.fixture
def server(locales):
    path = seed_path(locales)
    text = path.read_text("utf-8")
    first = pairs(path)[0]
    path.write_text(text.replace(f'msgstr "{first.target}"', f'msgstr "{XSS}"'.replace(
        '"window', '\\"window').replace('2">', '2\\">')), "utf-8")
    assert unit(path, first.key).target == XSS
    srv = ReviewServer(ReviewSession([locales], checks=True), "127.0.0.1", 0)
    srv.start_background()
    yield srv
    srv.shutdown()
    srv.server_close()


def request(srv, method, url, body=None, token=True, host=None):
    connection = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    headers = {"Host": host or f"127.0.0.1:{srv.port}"}
    if token:
        headers["X-L10nflow-Token"] = srv.token
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    connection.request(method, url, data, headers)
    response = connection.getresponse()
    payload = response.read().decode("utf-8")
    connection.close()
    return response.status, response.headers, payload


def test_api_reads_and_repairs(server, locales, msgfmt):
    status, _, body = request(server, "GET", "/api/articles")
    assert status == 200
    index = json.loads(body)
    assert len(index["articles"]) == 10 and index["threshold"] == 0.7
    seed = next(a for a in index["articles"] if a["id"] == SEED)
    assert seed["pairs"] == 16 and seed["target_only"] > 30
    assert sum(seed["histogram"]) == seed["pairs"]
    assert seed["findings"].get("error", 0) >= 1       # Kiev -> Kyiv
    status, _, body = request(server, "GET", f"/api/articles/{SEED}")
    article = json.loads(body)
    assert status == 200 and article["rows"][0]["target"] == XSS
    row = article["rows"][2]
    status, _, body = request(server, "POST", f"/api/articles/{SEED}/accept",
                              {"version": article["version"], "key": row["key"]})
    assert status == 200, body
    after = json.loads(body)
    assert after["version"] != article["version"]
    assert after["rows"][2]["pinned"] and after["rows"][2]["state"] == "reviewed"
    assert unit(seed_path(locales), row["key"]).pinned
    check_po(msgfmt, seed_path(locales))
    kiev = next(r for r in after["rows"] if "Kiev" in r["target"])
    assert any(f["check"] == "term-deprecated" and f["suggestion"] for f in kiev["findings"])


def test_api_refuses_a_stale_save_with_409(server, locales):
    _, _, body = request(server, "GET", f"/api/articles/{SEED}")
    article = json.loads(body)
    path = seed_path(locales)
    original = path.read_text("utf-8")
    changed = original.replace("Russian President Vladimir Putin", "President Putin")
    assert changed != original
    path.write_text(changed, "utf-8")
    status, _, body = request(server, "POST", f"/api/articles/{SEED}/edit",
                              {"version": article["version"], "key": article["rows"][2]["key"],
                               "target": "lost update"})
    assert status == 409
    assert "changed on disk" in json.loads(body)["error"]
    assert path.read_text("utf-8") == changed


def test_requests_without_the_token_or_from_a_foreign_host_are_refused(server):
    assert request(server, "GET", "/", token=False)[0] == 403
    assert request(server, "GET", "/api/articles", token=False)[0] == 403
    assert request(server, "GET", f"/?token={server.token}x", token=False)[0] == 403
    assert request(server, "GET", f"/?token={server.token}", token=False)[0] == 200
    assert request(server, "GET", f"/?token={server.token}", token=False,
                   host=f"evil.example:{server.port}")[0] == 403
    assert request(server, "GET", "/api/articles", host="attacker.test")[0] == 403
    # the API takes the token from the header only: a form on another site cannot post it
    status, _, _ = request(server, "POST", f"/api/articles/{SEED}/accept?token={server.token}",
                           {"key": "x", "version": "y"}, token=False)
    assert status == 403
    assert request(server, "GET", "/static/review.css", token=False)[0] == 200
    assert request(server, "GET", "/static/../session.py", token=False)[0] == 404


def test_bad_requests_get_clear_json_errors(server):
    version = json.loads(request(server, "GET", f"/api/articles/{SEED}")[2])["version"]
    status, _, body = request(server, "POST", f"/api/articles/{SEED}/accept",
                              {"key": 3, "version": version})
    assert status == 400 and "needs 'key'" in json.loads(body)["error"]
    status, _, body = request(server, "POST", f"/api/articles/{SEED}/accept",
                              {"key": "nope", "version": version})
    assert status == 404 and "no pair" in json.loads(body)["error"]
    status, _, body = request(server, "GET", "/api/articles/nope")
    assert status == 404 and "no article" in json.loads(body)["error"]
    status, _, body = request(server, "POST", f"/api/articles/{SEED}/accept", {"key": "x"})
    assert status == 400 and "needs 'version'" in json.loads(body)["error"]
    status, _, body = request(server, "POST", f"/api/articles/{SEED}/accept", [1, 2])
    assert status == 400 and "JSON object" in json.loads(body)["error"]
    path = server.session.entry(SEED).path
    path.write_text('msgid "a"\nmsgstr "b"\nmsgid "a"\n', "utf-8")   # broken meanwhile
    status, _, body = request(server, "GET", f"/api/articles/{SEED}")
    assert status == 400 and "msgstr" in json.loads(body)["error"]
    path.unlink()
    status, _, body = request(server, "GET", f"/api/articles/{SEED}")
    assert status == 500 and "cannot read" in json.loads(body)["error"]
    status, _, body = request(server, "GET", "/api/articles")       # the others still show
    assert status == 200
    titles = {a["id"]: a["title"] for a in json.loads(body)["articles"]}
    assert len(titles) == 10 and titles[SEED].startswith("(cannot read this store")


def test_pages_escape_text_and_forbid_inline_scripts(server):
    status, headers, page = request(server, "GET", f"/article/{SEED}?token={server.token}",
                                    token=False)
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert str(escape(XSS)) in page
    assert "<script>window" not in page and "<img src=x" not in page
    status, _, index = request(server, "GET", f"/?token={server.token}", token=False)
    assert status == 200 and "<svg" in index and SEED in index


# --- static export ------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


def test_export_writes_one_escaped_page_per_article_and_nothing_remote(locales, tmp_path):
    path = seed_path(locales)
    text = path.read_text("utf-8")
    path.write_text(text.replace("RELATED NEWS", "RELATED <b>NEWS</b> & more"), "utf-8")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["review", str(locales), "--export", str(site)])
    assert result.exit_code == 0, result.output
    pages = sorted((site / "articles").glob("*.html"))
    stores = sorted((locales / "en").glob("*.po"))
    assert [p.stem for p in pages] == [s.stem for s in stores]
    for page, store in zip(pages, stores, strict=True):
        html = page.read_text("utf-8")
        for item in live(store):
            for piece in (item.source, item.target):
                assert str(escape(piece)) in html, (page.name, piece)
        parser = _Links()
        parser.feed(html)
        assert parser.urls and all(not u.startswith(("http:", "https:", "//"))
                                   for u in parser.urls), parser.urls
        assert 'data-op="accept"' not in html
    seed_page = (site / "articles" / f"{SEED}.html").read_text("utf-8")
    assert "RELATED &lt;b&gt;NEWS&lt;/b&gt; &amp; more" in seed_page
    # furniture the aligner labelled shows its kind (the seed's byline, its teasers)
    assert '<span class="tag furniture"' in seed_page
    assert ">byline</span>" in seed_page and ">teaser</span>" in seed_page
    index = (site / "index.html").read_text("utf-8")
    assert all(f'href="articles/{p.name}"' in index for p in pages)
    assert (site / "static" / "review.css").is_file() and (site / "static" / "review.js").is_file()


def test_review_reports_bad_input_without_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["review", str(tmp_path), "--export", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no PO or XLIFF files" in result.output


def test_export_faults_are_clear_errors_and_leave_no_stray_files(locales, tmp_path,
                                                                 monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", "utf-8")
    result = CliRunner().invoke(main, ["review", str(locales), "--no-checks", "--export",
                                       str(blocker / "site")])
    assert result.exit_code == 2 and "blocker" in result.output
    assert "Traceback" not in result.output and blocker.read_text("utf-8") == "not a folder"

    site = tmp_path / "site"
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("os.replace", refuse)
    result = CliRunner().invoke(main, ["review", str(locales), "--no-checks", "--export",
                                       str(site)])
    assert result.exit_code == 2 and "permission denied" in result.output
    assert not [p for p in site.rglob("*") if p.is_file()]


def test_export_is_deterministic(locales, tmp_path):
    for name in ("one", "two"):
        result = CliRunner().invoke(main, ["review", str(locales), "--no-checks",
                                           "--export", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*")
                   if p.is_file())
    assert len(files) == 13
    for name in files:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_the_index_counts_moved_pairs(tmp_path):
    """The new-user trial found moved pairs tagged on the article pages but counted
    nowhere: the index has a Moved column and the header a total."""
    from l10nflow.formats import Store
    from l10nflow.model import Unit
    from l10nflow.review.model import summarise
    from l10nflow.review.pages import render_index

    store = Store([Unit("a:1.1", "Một.", "One.", State.TRANSLATED, 0.9, "1-1", "a"),
                   Unit("a:2.1", "Hai.", "Two.", State.TRANSLATED, 0.9, "1-1", "a",
                        kind="moved")], "vi", "en", "a")
    summary = summarise("a", "a.po", store, tmp_path / "a.po", [], 0.7)
    assert (summary.pairs, summary.moved) == (2, 1)
    page = render_index([summary], 0.7, static=True)
    assert "1 moved" in page and '<td class="num moved" data-value="1">1</td>' in page
