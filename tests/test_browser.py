"""Browser tests: Playwright driving Debian Chromium (/usr/bin/chromium)
against the site under uvicorn on loopback. A screenshot of each page goes to
test-artifacts/. Skipped when Chromium or Playwright is missing; a failure
when CI is set."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest

from web_fixtures import CHROMIUM, HOSTILE_NAME, TOKEN, need, wait_for

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SITE_RUNS_QUEUE = True  # the submit test waits for its scan (conftest.site)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need("Playwright", "the playwright package is not installed")
    if not os.access(CHROMIUM, os.X_OK):
        need("Chromium", f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    # Nothing leaves loopback: any other host is answered here.
    context.route(lambda url: not url.startswith(site.url),
                  lambda route: route.fulfill(status=200, content_type="text/html",
                                              body="<h1>external</h1>"))
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert errors == []


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"web-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000


def test_filter_the_leaderboard(page, site):
    url = site.url
    page.goto(f"{url}/models")
    assert page.locator("a.model-link").count() == 6
    page.select_option("#f-producer", "Alpha Labs")  # submits on change
    page.wait_for_url("**producer=Alpha+Labs**")
    names = page.locator("a.model-link").all_inner_texts()
    assert sorted(names) == ["Alpha-Chat-7B", "Alpha-Open-7B"]
    page.fill("#f-q", "chat")
    page.click("#f-apply")
    page.wait_for_url("**q=chat**")
    assert page.locator("a.model-link").all_inner_texts() == ["Alpha-Chat-7B"]
    page.click("a.sort:text('Model')")
    assert page.locator("#result-count").inner_text() == "1 model"
    shot(page, "leaderboard")


def test_model_page_and_an_evidence_link(page, site):
    url, slugs = site.url, site.slugs
    page.goto(f"{url}/models")
    page.click("a.model-link:text('Scanned-Model-1B')")
    page.wait_for_url(f"**/models/{slugs['Scanned-Model-1B']}")
    assert page.locator("#model-name").inner_text() == "Scanned-Model-1B"
    assert page.locator("#history tbody tr").count() == 4
    shot(page, "model")
    link = page.locator("a.evidence-link").first
    href = link.get_attribute("href")
    assert href == ("https://github.com/example/scanned-model/blob/"
                    "2222222222222222222222222222222222222222/src/model.py#L12")
    link.click()
    page.wait_for_url(href)
    assert page.locator("h1").inner_text() == "external"


def test_compare_two_models(page, site):
    url = site.url
    page.goto(f"{url}/models?sort=name&order=asc")
    page.check("input[name=m][value=alpha-open-7b]")
    page.check("input[name=m][value=gamma-community-70b]")
    page.click("#compare-button")
    page.wait_for_url("**/compare?**")
    headers = page.locator("#compare thead a").all_inner_texts()
    assert headers == ["Alpha-Open-7B", "Gamma-Community-70B"]
    assert page.locator("#compare tbody tr").count() > 10
    shot(page, "compare")


def test_submit_a_source(page, site):
    url, reg = site.url, site.reg
    page.goto(f"{url}/submit")
    page.fill("#source", "https://github.com/acme/browser-model")
    page.fill("#token", TOKEN)
    page.click("#submit-button")
    page.wait_for_load_state()
    assert page.locator("#submit-error").count() == 0, page.locator("#submit-error").inner_text()
    page.wait_for_url(re.compile(r"/submit\?id=\d+$"))
    assert "https://github.com/acme/browser-model" in page.locator("#submit-status").inner_text()
    sid = reg.submissions()[0]["id"]
    wait_for(lambda: reg.submission(sid)["status"] == "done")
    page.reload()
    page.click("#submit-status a")
    page.wait_for_url("**/models/scanned-browser-model")
    shot(page, "submit-result")
    page.goto(f"{url}/submit")
    page.fill("#source", "file:///etc/passwd")
    page.fill("#token", TOKEN)
    page.click("#submit-button")
    assert "file:// URLs cannot be submitted" in page.locator("#submit-error").inner_text()
    shot(page, "submit")


def test_copy_a_badge_snippet(page, site):
    url = site.url
    page.goto(f"{url}/models/alpha-open-7b")
    page.click("button.copy[data-target=snippet-md-best]")
    expected = page.input_value("#snippet-md-best")
    assert expected.startswith("[![MOF: Class III](")
    wait_for(lambda: page.locator("#copy-status").inner_text() == f"Copied: {expected}")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    badge = page.locator("#badge-img")
    assert badge.evaluate("img => img.naturalWidth") > 0
    page.locator("#badges").scroll_into_view_if_needed()
    shot(page, "badges")


def test_charts_page(page, site):
    url = site.url
    page.goto(f"{url}/charts")
    assert page.locator("figure svg").count() == 3
    shot(page, "charts")


VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# Rendered size of SVG text: its font size times the scale the viewBox is drawn at.
RENDERED_SIZE = "e => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a"
BOX = "e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_charts_are_legible_and_click_through(browser, site, viewport):
    """Chart text is at least 11 CSS px as drawn (at 1366 and at 390 px), no label of the
    class chart overlaps a bar, month labels do not run into each other, and the bars
    lead to the leaderboard filtered by class, by release month, and to the models
    whose release date is unknown."""
    url = site.url
    size = VIEWPORTS[viewport]
    context = browser.new_context(viewport=size, device_scale_factor=1,
                                  is_mobile=viewport == "phone", has_touch=viewport == "phone")
    context.route(lambda u: not u.startswith(url), lambda route: route.fulfill(status=200))
    page = context.new_page()
    try:
        page.goto(f"{url}/charts")
        sizes = page.locator("figure svg text").evaluate_all(
            f"els => els.map({RENDERED_SIZE})")
        assert len(sizes) > 20 and min(sizes) >= 11, (viewport, min(sizes))
        assert max(sizes) <= 24, (viewport, max(sizes))  # scaled, not blown up
        classes = page.locator("#chart-classes svg")
        texts = classes.locator("text").evaluate_all(f"els => els.map({BOX})")
        bars = classes.locator("rect.bar").evaluate_all(f"els => els.map({BOX})")
        assert len(bars) == 8
        assert not [(t, b) for t in texts for b in bars if overlap(t, b)]
        months = page.locator("#chart-time text[text-anchor=middle]").evaluate_all(
            f"els => els.map({BOX})")
        assert len(months) >= 2
        assert all(a[2] <= b[0] for a, b in itertools.pairwise(months))
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"web-charts-legible-{viewport}.png"),
                        full_page=True)
        # Click-through: class III under mofkit's rules
        page.locator('#chart-classes a[href="/models?class=3"] rect').click()
        page.wait_for_url("**/models?class=3")
        names = sorted(page.locator("a.model-link").all_inner_texts())
        assert names == sorted(["Alpha-Open-7B", HOSTILE_NAME])
        # a month of release (Gamma: released 2024-04, its record is dated 2024-11)
        page.goto(f"{url}/charts")
        page.locator('#chart-time a[href="/models?date_from=2024-04&date_to=2024-04"]').click()
        page.wait_for_url("**date_from=2024-04**")
        assert page.locator("a.model-link").all_inner_texts() == ["Gamma-Community-70B"]
        assert "2024-04-18" in page.locator("#leaderboard td.dates").first.inner_text()
        page.goto(f"{url}/charts")
        page.click("#no-release-date a")
        page.wait_for_url("**no_release_date=1")
        assert page.locator("a.model-link").all_inner_texts() == [HOSTILE_NAME]
        assert page.locator("#leaderboard td.dates").first.inner_text().startswith("unknown")
    finally:
        context.close()


# (name, path, selector of the verdict line the page must show without scrolling on a phone)
PAGES = [
    ("leaderboard", "/models", "#leaderboard .verdict-line"),
    ("grid", "/grid", None),
    ("model", "/models/alpha-chat-7b", "#verdict"),
    ("compare", "/compare?m=alpha-open-7b&m=gamma-community-70b&m=alpha-chat-7b",
     "#compare .verdict-line"),
    ("charts", "/charts", None),
    ("submit", "/submit", None),
]


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize(("name", "path", "verdict"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_fit_the_screen(browser, site, viewport, name, path, verdict):
    """No page scrolls sideways at 1366 or 390 px (wide tables scroll inside their own
    box, with a sticky first column); on a phone the verdict line is on the first
    screen; a screenshot of each goes to test-artifacts/."""
    url = site.url
    size = VIEWPORTS[viewport]
    context = browser.new_context(viewport=size, device_scale_factor=1,
                                  is_mobile=viewport == "phone", has_touch=viewport == "phone")
    context.route(lambda u: not u.startswith(url),
                  lambda route: route.fulfill(status=200, body=""))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(url + path)
        page.wait_for_load_state("load")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]")
        # a phone zooms a page that is too wide out (innerWidth grows): compare with the
        # screen's own width too
        assert widths[1] == size["width"], f"{name} at {viewport}: laid out at {widths[1]} px"
        assert widths[0] <= widths[1], f"{name} at {viewport}: {widths[0]} > {widths[1]} px"
        if verdict:
            line = page.locator(verdict).first
            assert line.is_visible()
            box = line.bounding_box()
            assert box is not None and box["y"] + box["height"] <= size["height"], \
                f"{name} at {viewport}: the verdict line is below the first screen"
            assert re.match(r"^(Class I{1,3} — |Unclassified)", line.inner_text())
        if name == "grid":
            first = page.locator("#grid tbody th.sticky").first
            assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
        if viewport == "phone" and name in ("leaderboard", "grid"):
            assert not page.locator("#filters").is_visible()  # behind the Filters button
            page.click("#filter-button")
            assert page.locator("#filters").is_visible()
            page.click("#filter-button")
        ARTIFACTS.mkdir(exist_ok=True)
        shot_path = ARTIFACTS / f"web-{name}-{viewport}.png"
        page.screenshot(path=str(shot_path), full_page=True)
        assert shot_path.stat().st_size > 1000
        assert errors == []
    finally:
        context.close()
