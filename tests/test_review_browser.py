"""The review page in a real headless Chromium (Debian's chromium + chromium-driver, driven
by Selenium through /usr/bin/chromedriver; nothing downloads a browser).

Elsewhere the tests skip with a reason; with L10NFLOW_REQUIRE_BROWSER=1 (set by .ci/run)
a missing browser fails them.  One browser serves the whole module.  Screenshots of the
index and the seed article go to a temporary folder, and also to $L10NFLOW_SCREENSHOTS
when it is set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS
from l10nflow.cli import main
from l10nflow.formats import read_store
from l10nflow.model import State
from l10nflow.review.server import ReviewServer
from l10nflow.review.session import ReviewSession

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SEED = "2024-11-12-north-korea-ratifies-defense-treaty"
XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
# A threshold above the aligner's usual confidence, so the seed has pairs to review.
THRESHOLD = 0.96


def _unavailable() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} not found (Debian packages chromium and chromium-driver)"
    return None


@pytest.fixture(scope="module")
def driver():
    reason = _unavailable()
    if reason:
        if os.environ.get("L10NFLOW_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests are required here but cannot run: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="l10nflow-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(20)
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def locales(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "locales"
    result = CliRunner().invoke(main, ["align", str(CORPUS), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    seed = out / "en" / f"{SEED}.po"
    text = seed.read_text("utf-8")
    planted = XSS.replace('"', '\\"')
    seed.write_text(text.replace('msgstr "Anh Vũ"', f'msgstr "{planted}"', 1), "utf-8")
    return out


@pytest.fixture(scope="module")
def server(locales):
    srv = ReviewServer(ReviewSession([locales], THRESHOLD), "127.0.0.1", 0)
    srv.start_background()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> list[Path]:
    return [tmp_path_factory.mktemp("screenshots"),
            *([Path(os.environ["L10NFLOW_SCREENSHOTS"])]
              if os.environ.get("L10NFLOW_SCREENSHOTS") else [])]


def seed_path(locales: Path) -> Path:
    return locales / "en" / f"{SEED}.po"


def units(locales: Path):
    return [u for u in read_store(seed_path(locales)).units if not u.obsolete]


def unit(locales: Path, key: str):
    return next(u for u in units(locales) if u.key == key)


def msgfmt_ok(path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return
    result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def screenshot(driver, shots: list[Path], name: str, whole: bool = False) -> None:
    first = shots[0] / name
    if whole:                    # the whole page, as tall as it is (up to a limit)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, min(height + 120, 6000))
    driver.save_screenshot(str(first))
    driver.set_window_size(1400, 1000)
    assert first.stat().st_size > 10_000
    for folder in shots[1:]:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(first, folder / name)


def wait(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(condition)


def open_seed(driver, server) -> str:
    driver.get(f"http://127.0.0.1:{server.port}/article/{SEED}?token={server.token}")
    return driver.find_element("tag name", "body").get_attribute("data-version")


def reloaded(driver, old_version: str) -> None:
    """Wait for the page to come back after a repair (a new version of the file)."""
    wait(driver, lambda d: d.execute_script("return document.body.dataset.version")
         not in (None, old_version))


def row(driver, key: str):
    return driver.find_element("css selector", f'li.row[data-key="{key}"]')


def press(driver, keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(driver).send_keys(keys).perform()


# --- tests ---------------------------------------------------------------------------------

def test_index_lists_articles_needing_review_first(driver, server, shots):
    driver.get(f"http://127.0.0.1:{server.port}/?token={server.token}")
    rows = driver.find_elements("css selector", "#articles tbody tr")
    assert len(rows) == 10
    needs = [int(r.find_element("css selector", "td.needs").get_attribute("data-value"))
             for r in rows]
    assert needs == sorted(needs, reverse=True) and needs[0] > 0
    assert driver.find_elements("css selector", "svg.histogram path.bar")
    screenshot(driver, shots, "review-index.png")
    header = driver.find_element("xpath", "//th[text()='Pairs']")
    header.click()
    pairs = [int(r.find_element("css selector", "td:nth-child(2)").text)
             for r in driver.find_elements("css selector", "#articles tbody tr")]
    assert pairs == sorted(pairs)
    driver.find_element("css selector", f'tr[data-id="{SEED}"] a.article-link').click()
    wait(driver, lambda d: d.find_elements("id", "rows"))
    assert SEED in driver.current_url


def test_seed_page_shows_both_texts_and_no_planted_script_runs(driver, server, locales, shots):
    open_seed(driver, server)
    assert driver.execute_script("return window.__xss") is None
    texts = [e.text for e in driver.find_elements("css selector", "li.row .tgt .text")]
    assert XSS in texts                       # shown as text, not run
    assert not driver.find_elements("css selector", "li.row img")
    kinds = {e.get_attribute("data-kind")
             for e in driver.find_elements("css selector", "li.row")}
    assert kinds >= {"pair", "target-only"}
    first = driver.find_element("css selector", "li.row .src .text").text
    assert first == units(locales)[0].source
    assert driver.find_elements("css selector", ".finding.error .check")   # Kiev -> Kyiv
    screenshot(driver, shots, "review-seed-article.png")
    screenshot(driver, shots, "review-seed-article-whole.png", whole=True)


def test_keyboard_next_pair_needing_review_then_accept(driver, server, locales):
    version = open_seed(driver, server)
    press(driver, "j")
    current = driver.find_element("css selector", "li.row.current")
    expected = driver.find_element("css selector", 'li.row[data-needs-review="true"]')
    assert current.get_attribute("data-key") == expected.get_attribute("data-key")
    key = current.get_attribute("data-key")
    assert unit(locales, key).state is not State.REVIEWED
    press(driver, "a")
    reloaded(driver, version)
    after = unit(locales, key)
    assert after.state is State.REVIEWED and after.pinned
    msgfmt_ok(seed_path(locales))
    assert row(driver, key).get_attribute("data-needs-review") == "false"
    assert "current" in row(driver, key).get_attribute("class")   # the place is kept


def test_edit_the_english_with_the_keyboard(driver, server, locales):
    version = open_seed(driver, server)
    key = units(locales)[3].key
    row(driver, key).click()
    press(driver, "e")
    area = row(driver, key).find_element("css selector", "textarea")
    area.clear()
    area.send_keys("The KCNA agency reported it on November 12 <b>officially</b>.")
    from selenium.webdriver.common.keys import Keys
    area.send_keys(Keys.CONTROL, Keys.ENTER)
    reloaded(driver, version)
    assert unit(locales, key).target == \
        "The KCNA agency reported it on November 12 <b>officially</b>."
    assert "<b>officially</b>" in row(driver, key).find_element("css selector", ".tgt").text
    msgfmt_ok(seed_path(locales))


def test_unlink_then_link_an_unmatched_pair_from_elsewhere(driver, server, locales, shots):
    version = open_seed(driver, server)
    key = units(locales)[6].key
    row(driver, key).find_element("css selector", 'button[data-op="unlink"]').click()
    reloaded(driver, version)
    assert unit(locales, key).target == "" and unit(locales, key).pinned
    version = driver.execute_script("return document.body.dataset.version")
    row(driver, key).find_element("css selector", 'button[data-op="link-start"]').click()
    related = next(u for u in units(locales) if u.target_only and u.target == "RELATED NEWS")
    button = row(driver, related.key).find_element("css selector", 'button[data-op="link-here"]')
    assert button.is_displayed()
    button.click()
    reloaded(driver, version)
    linked = unit(locales, key)
    assert linked.target == "RELATED NEWS" and linked.pinned
    assert "moved" in row(driver, key).get_attribute("class")
    assert row(driver, key).find_element("css selector", ".tag.moved").is_displayed()
    msgfmt_ok(seed_path(locales))
    screenshot(driver, shots, "review-seed-after-repairs.png", whole=True)


def test_join_and_split(driver, server, locales):
    from selenium.webdriver.support.ui import Select
    version = open_seed(driver, server)
    first, second = units(locales)[9:11]
    row(driver, first.key).find_element("css selector", 'button[data-op="join"]').click()
    reloaded(driver, version)
    joined = unit(locales, first.key)
    assert joined.source == f"{first.source} {second.source}"
    assert joined.target == f"{first.target} {second.target}" and joined.bead == "2-2"
    msgfmt_ok(seed_path(locales))
    version = driver.execute_script("return document.body.dataset.version")
    here = row(driver, first.key)
    here.find_element("css selector", 'button[data-op="split-start"]').click()
    Select(here.find_element("name", "source_at")).select_by_value("1")
    Select(here.find_element("name", "target_at")).select_by_value("1")
    here.find_element("css selector", "form.splitter button[type=submit]").click()
    reloaded(driver, version)
    back = [(u.source, u.target) for u in units(locales)[9:11]]
    assert back == [(first.source, first.target), (second.source, second.target)]
    msgfmt_ok(seed_path(locales))


def test_a_save_from_a_stale_page_is_refused_and_nothing_is_lost(driver, server, locales):
    open_seed(driver, server)
    path = seed_path(locales)
    original = path.read_text("utf-8")
    changed = original.replace("Russian President Vladimir Putin", "President Putin")
    assert changed != original
    path.write_text(changed, "utf-8")            # a re-align or an editor meanwhile
    key = units(locales)[2].key
    row(driver, key).find_element("css selector", 'button[data-op="accept"]').click()
    banner = wait(driver, lambda d: d.find_element("id", "message").is_displayed()
                  and d.find_element("id", "message"))
    assert "changed on disk" in banner.text
    assert driver.find_element("id", "message-reload").is_displayed()
    assert driver.execute_script("return document.body.dataset.lastStatus") == "409"
    assert path.read_text("utf-8") == changed
    driver.find_element("id", "message-reload").click()
    wait(driver, lambda d: "President Putin" in d.find_element("id", "rows").text)
