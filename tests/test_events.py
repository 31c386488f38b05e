"""Measures of effect as Matomo events (theme/js/events.js, ask.js).

"Hjälpte svaret dig?" on threads and FAQ entries, the search result
opened (position and query) and an ask after a search, each one beacon to
Matomo's HTTP Tracking API, only with TORGET_MATOMO_URL and
TORGET_MATOMO_SITE_ID. The Matomo here is a local stand-in for matomo.php
on 127.0.0.1 that records what reaches it.
"""

from __future__ import annotations

import time

import pytest

from conftest import build_into
from test_browser import axe_violations
from test_matomo import _Tracker, tracker  # noqa: F401 (the stand-in matomo.php and its fixture)

pytestmark = pytest.mark.browser

THREAD = "/posts/glomt-losenord-e-tjanster/"
FAQ = "/faq/farligt-avfall/"


@pytest.fixture(scope="module")
def site(tmp_path_factory, tracker):
    built = build_into(tmp_path_factory.mktemp("events") / "output",
                       TORGET_MATOMO_URL=f"http://127.0.0.1:{tracker.server_port}/matomo",
                       TORGET_MATOMO_SITE_ID="7")
    assert built.result.ok, (built.result.problems, built.result.log_errors)
    return built


@pytest.fixture(scope="module")
def tracked_url(site, serve):
    return serve(site.root)


@pytest.fixture
def hits():
    _Tracker.hits.clear()
    return _Tracker.hits


def events(hits: list[dict], count: int, limit: float = 15.0) -> list[dict]:
    """The first ``count`` events, after waiting for them; one value each."""
    deadline = time.monotonic() + limit
    while len(hits) < count:
        assert time.monotonic() < deadline, f"Matomo got {len(hits)} hits, expected {count}: {hits}"
        time.sleep(0.05)
    return [{key: values[0] for key, values in hit.items()} for hit in hits]


def settle(page) -> None:
    """Long enough for a beacon that was (wrongly) sent to arrive."""
    page.wait_for_timeout(500)


def test_the_question_is_on_threads_and_faq_entries_only_with_matomo(site, sample_site):
    for path in (THREAD, FAQ):
        block = site.html(path).find(id="helpful")
        assert block is not None and block.has_attr("hidden"), path
        assert block.find("h2").get_text() == "Hjälpte svaret dig?"
        assert [b.get_text() for b in block.find_all("button")] == ["Ja", "Nej"]
        assert not sample_site.html(path).find(id="helpful"), path
    assert site.html("/").find("script", src="/theme/js/events.js")
    assert not sample_site.html("/").find("script", src="/theme/js/events.js")
    assert not site.html("/posts/nattparkering-vintern-2021/").find(id="helpful")  # archived


def test_one_yes_is_exactly_one_event(page, tracked_url, hits):
    page.goto(tracked_url + THREAD)
    page.wait_for_selector("#helpful", state="visible")
    page.focus("#helpful button[data-vote=yes]")
    page.keyboard.press("Enter")
    hit = events(hits, 1)[0]
    assert (hit["idsite"], hit["rec"], hit["ca"]) == ("7", "1", "1")
    assert (hit["e_c"], hit["e_a"]) == ("helpful-yes", THREAD)
    assert hit["e_n"].startswith("Jag har glömt lösenordet") and hit["url"] == tracked_url + THREAD
    # once per page view: the buttons are gone, the thanks is announced and focused
    assert page.locator("#helpful button").first.is_hidden()
    assert page.locator("#helpful-thanks").is_visible()
    assert page.evaluate("document.activeElement.id") == "helpful-answer"
    assert page.get_attribute("#helpful-answer", "role") == "status"
    settle(page)
    assert len(hits) == 1
    assert axe_violations(page) == []


def test_no_offers_the_ask_page_with_the_thread(page, tracked_url, hits):
    page.goto(tracked_url + FAQ)
    page.click("#helpful button[data-vote=no]")
    hit = events(hits, 1)[0]
    assert (hit["e_c"], hit["e_a"]) == ("helpful-no", FAQ)
    link = page.locator("#helpful-ask a")
    assert link.is_visible()
    title = page.inner_text("h1")
    page.click("#helpful-ask a")
    page.wait_for_url(lambda url: f"/fraga/?fran={FAQ}" in url)
    assert page.inner_text("#ask-about") == f"Din fråga gäller ”{title}”."
    settle(page)
    assert len(hits) == 1


def test_a_result_click_sends_the_search_and_position(page, tracked_url, hits):
    page.goto(tracked_url + "/search/?q=bygglov")
    page.wait_for_selector("#search-results li:nth-child(2) a")
    events(hits, 1)  # the site search itself (search.js)
    second = page.get_attribute("#search-results li:nth-child(2) a", "href")
    second = second.split("?")[0].split("#")[0]  # the event names the page, not the highlight or the reply
    page.click("#search-results li:nth-child(2) a")
    page.wait_for_url(lambda url: url.split("?")[0].endswith(second))
    hit = events(hits, 2)[1]
    assert (hit["e_c"], hit["e_a"], hit["e_n"], hit["e_v"]) == ("search-click", "bygglov", second, "2")
    assert "_id" not in hit and page.context.cookies() == []


def test_an_ask_after_a_search(page, tracked_url, hits):
    page.goto(tracked_url + "/search/?q=parkeringstillstånd")
    page.wait_for_function("/träff/.test(document.getElementById('search-status').textContent)")
    page.click(".main-nav a[href^='/fraga/']")
    page.wait_for_selector("#ask-title")
    page.fill("#ask-question", "Hur får jag ett parkeringstillstånd?")
    page.evaluate("() => document.getElementById('ask-send').addEventListener('click', e => e.preventDefault())")
    page.click("#ask-send")
    sent = [h for h in events(hits, 3) if h.get("e_c")]
    assert [(h["e_c"], h["e_a"]) for h in sent] == [("ask", "/search/"), ("ask-after-search", "parkeringstillstånd")]
    assert sent[0]["e_n"] == "parkeringstillstånd"


def test_without_the_settings_nothing_is_sent(page, sample_site, serve, tracker, hits):
    base = serve(sample_site.root)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + "/search/?q=bygglov")
    page.wait_for_selector("#search-results li a")
    page.click("#search-results li a")
    page.goto(base + "/fraga/?fran=/search/&q=bygglov")
    page.fill("#ask-question", "Behöver jag bygglov?")
    page.evaluate("() => document.getElementById('ask-send').addEventListener('click', e => e.preventDefault())")
    page.click("#ask-send")
    page.goto(base + THREAD)
    assert page.locator("#helpful").count() == 0
    page.wait_for_load_state("networkidle")
    assert requests and all(url.startswith(base + "/") for url in requests), requests
    assert hits == [] and page.evaluate("typeof window.torgetEvents") == "undefined"


@pytest.mark.parametrize("width", [1280])
def test_showing_the_question_moves_nothing(browser, tracked_url, width):
    """The question is shown by events.js into a slot that keeps its room."""
    context = browser.new_context(viewport={"width": width, "height": 2400})
    context.add_init_script("""window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
      window.__cls += e.value; }).observe({ type: "layout-shift", buffered: true });""")
    page = context.new_page()
    page.goto(tracked_url + "/posts/tack-for-snabb-snorojning/")  # short: on a tall screen all of it is in view
    page.wait_for_selector("#helpful", state="visible")
    page.wait_for_timeout(300)
    # what follows the question (the ask box) is on screen, so a shift would count
    assert page.evaluate("document.getElementById('fraga').getBoundingClientRect().top < innerHeight")
    assert page.evaluate("window.__cls") == 0
    context.close()
