"""The built sample forum in headless Chromium: accessibility and behaviour."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe

from torget import DEFAULT_TIMEZONE
from helpers import reply_text, thread_text, write_thread

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
PAGES = {
    "start": "/",
    "thread": "/posts/glomt-losenord-e-tjanster/",
    "unanswered thread": "/posts/laddstolpar-vid-kommunhuset/",
    "old thread": "/posts/busskort-pa-sommarlovet/",
    "archived thread": "/posts/nattparkering-vintern-2021/",
    "category": "/category/avfall-och-atervinning/",
    "type": "/type/suggestion/",
    "faq": "/faq/",
    "faq entry": "/faq/farligt-avfall/",
    "about": "/om-forumet/",
    "categories": "/category/",
    "tags": "/tag/",
    "tag": "/tag/bygglov/",
    "locked thread": "/posts/gatlampa-trasig-vid-skolan/",
    "search": "/search/?q=xyzzy",
    "ask": "/fraga/?q=glömt lösenord",
    "404": "/404.html",
}


@pytest.fixture(scope="module")
def base_url(sample_site, serve):
    return serve(sample_site.root)


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(page, base_url, sample_site, name):
    path = PAGES[name]
    if not (sample_site.root / path.split("?")[0].strip("/")).exists():
        pytest.fail(f"{path} was not built")
    page.goto(base_url + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", ["start", "thread", "faq"])
def test_axe_on_a_phone_at_400_percent_zoom(browser, base_url, name):
    """1280 px at 400 % zoom is a 320 px wide viewport: no horizontal scrolling."""
    context = browser.new_context(viewport={"width": 320, "height": 256})
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert axe_violations(page) == []
    context.close()


def test_keyboard_skip_link_moves_focus_to_main(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-64px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible(page, base_url):
    page.goto(base_url + PAGES["thread"])
    page.focus(".thread-actions a")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_site_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/")
    page.click(".category-card a >> text=Avfall och återvinning")
    assert "Avfall och återvinning" in page.inner_text("h1")
    page.click(".thread-item a >> nth=0")
    assert page.locator("article.thread").count() == 1
    # the build-time banner is there without JavaScript
    page.goto(base_url + PAGES["old thread"])
    assert page.locator(".notice-old").is_visible()
    context.close()


def test_faq_answers_open_by_keyboard(page, base_url):
    page.goto(base_url + "/faq/")
    summary = page.locator("details.faq-item summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.faq-item").first.get_attribute("open") is not None


@pytest.fixture(scope="module")
def young_thread_site(tmp_path_factory, serve):
    """A thread that becomes old on 2026-01-11 (1 year), built on 2025-06-01."""
    from conftest import build_into

    root = tmp_path_factory.mktemp("clock")
    content = root / "content"
    write_thread(content, "ung.md", thread_text(date="2025-01-10 10:00", replies=reply_text(date="2025-01-11 09:00")))
    site = build_into(root / "output", content, date(2025, 6, 1))
    assert site.result.ok
    return serve(site.root) + "/posts/ung/"


def _at(page, day: str):
    page.clock.set_fixed_time(datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=ZoneInfo(DEFAULT_TIMEZONE)))


@pytest.mark.parametrize("day, visible", [("2026-01-10", False), ("2026-01-11", True), ("2026-01-12", True)])
def test_banner_follows_the_readers_clock(page, young_thread_site, day, visible):
    _at(page, day)
    page.goto(young_thread_site)
    page.wait_for_load_state("load")
    assert page.locator(".notice-old").is_visible() is visible


def test_banner_script_causes_no_layout_shift(page, young_thread_site):
    _at(page, "2026-06-01")
    page.add_init_script(
        "window.__shift = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__shift += e.value })"
        ".observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(young_thread_site)
    page.wait_for_load_state("load")
    page.locator(".notice-old").wait_for(state="visible")
    # Layout shifts are reported by the next frames: wait for two.
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.locator(".notice-old").is_visible()
    assert page.evaluate("window.__shift") == 0
