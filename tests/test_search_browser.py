"""Search in headless Chromium against built sites (issue 5)."""

from __future__ import annotations

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import build_into
from helpers import reply_text, thread_text, write_thread

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample_url(sample_site, serve):
    return serve(sample_site.root)


def results(page, query: str = "") -> list[str]:
    """The result titles once the status line counts them (for ``query``, when
    given: while typing, an earlier prefix's results may be showing)."""
    page.wait_for_function(
        "query => { const s = document.getElementById('search-status').textContent;"
        " return /träff|result/i.test(s) && s.includes(query); }", arg=query)
    return page.locator(".search-result h2 a").all_inner_texts()


def search_page(page, base, query):
    page.goto(f"{base}/search/?q={query}")
    return results(page)


def test_query_finds_the_expected_thread(page, sample_url):
    found = search_page(page, sample_url, "glömt lösenord")
    assert found and "lösenord" in found[0]


def test_archived_threads_never_appear(page, sample_url):
    # words from the archived thread about night parking in winter 2021
    found = search_page(page, sample_url, "nattparkering vintern")
    assert not any("nattparkering" in title.lower() for title in found)
    status = page.inner_text("#search-status")
    assert "träff" in status


def test_results_show_type_category_date_and_highlighted_snippet(page, sample_url):
    search_page(page, sample_url, "lösenord")
    first = page.locator(".search-result").first
    meta = first.locator(".thread-meta").inner_text()
    assert "Fråga" in meta or "Vanlig fråga" in meta
    assert first.locator("time").get_attribute("datetime")
    marks = page.locator(".search-result mark").all_inner_texts()
    assert marks and all(m.lower().startswith("lösenord") for m in marks)
    assert page.get_attribute("#search-status", "aria-live") == "polite"


def test_results_as_you_type_update_the_url_and_back_works(page, sample_url):
    page.goto(sample_url + "/search/")
    page.fill("#search-input", "sophämtning")
    page.wait_for_function("location.search.includes('q=')")
    assert results(page)
    page.keyboard.press("Enter")
    page.fill("#search-input", "bygglov")
    page.keyboard.press("Enter")
    page.wait_for_function("decodeURIComponent(location.search) === '?q=bygglov'")
    bygglov = results(page)
    assert any("bygglov" in t.lower() for t in bygglov)
    page.go_back()
    page.wait_for_function("document.getElementById('search-input').value === 'sophämtning'")


def test_prefix_while_typing(page, sample_url):
    page.goto(sample_url + "/search/")
    page.type("#search-input", "snörö", delay=20)
    assert any("snö" in t.lower() for t in results(page, "snörö"))


def test_keyboard_only(page, sample_url):
    page.goto(sample_url + "/search/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the menu's "Ställ en fråga"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("hemtjänst")
    page.keyboard.press("Enter")
    assert results(page)
    # the search button, the filters (five types, three selects), then the results
    page.keyboard.press("Tab")
    for _ in range(8):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#search-filters') !== null")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.search-result') !== null")


def test_index_loads_only_on_focus(page, sample_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(sample_url + "/posts/glomt-losenord-e-tjanster/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "/search/" in u or "lunr" in u]
    page.focus("#site-search")
    page.wait_for_function("typeof window.lunr !== 'undefined'")
    assert [u for u in requested if "/search/manifest.json" in u]
    assert not [u for u in requested if "/search/s." in u]  # no shards before a query


def test_without_javascript_the_search_page_explains_and_links(browser, sample_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_url + "/search/?q=bygglov")
    text = page.inner_text("main")
    assert "behöver JavaScript" in text
    assert page.locator("main noscript a, main a[href^='/category/']").count() >= 6
    assert page.locator("main a[href='/faq/']").count() == 1
    context.close()


def test_axe_on_search_page_with_results(page, sample_url):
    search_page(page, sample_url, "sophämtning")
    violations = Axe().run(page, options={
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
        "resultTypes": ["violations"]}).response["violations"]
    assert [v["id"] for v in violations] == []


@pytest.fixture(scope="module")
def twin_content(tmp_path_factory):
    content = tmp_path_factory.mktemp("twins") / "content"
    same = "Hur anmäler jag ett trasigt gatljus på min gata?"
    write_thread(content, "gammal.md", thread_text(title=same, date="2025-01-05 10:00", category="Gator, parker och trafik",
                                                  replies=reply_text(date="2025-01-06 10:00")))
    write_thread(content, "ny.md", thread_text(title=same, date="2026-10-05 10:00", category="Gator, parker och trafik",
                                              replies=reply_text(date="2026-10-06 10:00")))
    write_thread(content, "xss.md", thread_text(title='Varför <script>alert("x")</script> & "citat" i \'titeln\'?',
                                               body="Texten <img src=x onerror=alert(1)> nämner gatljus.", category="Gator, parker och trafik"))
    return content


def engine_scores(page, query):
    """URL -> the engine's score, for every result."""
    return dict(page.evaluate(
        """q => torgetSearch.search(q, false).then(found => { const all = found.results.slice();
             return torgetSearch.documents(found.manifest, all).then(rows => rows.map((row, i) => [row[1], all[i].score])); })""",
        query))


def _serve_twins(tmp_path_factory, serve, content, **settings):
    root = tmp_path_factory.mktemp("twinsite")
    site = build_into(root / "output", content, date(2026, 11, 20), **settings)
    assert site.result.ok, site.result.problems
    return serve(site.root)


def test_newer_thread_ranks_first_and_never_decay_ties(page, tmp_path_factory, serve, twin_content):
    url = _serve_twins(tmp_path_factory, serve, twin_content)
    titles = search_page(page, url, "trasigt gatljus")
    assert titles[:2] == ["Hur anmäler jag ett trasigt gatljus på min gata?"] * 2
    hrefs = page.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href').split('?')[0])")
    assert hrefs[0] == "/posts/ny/" and hrefs[1] == "/posts/gammal/"
    scores = engine_scores(page, "trasigt gatljus")
    assert scores["/posts/ny/"] > scores["/posts/gammal/"]

    url = _serve_twins(tmp_path_factory, serve, twin_content, TORGET_DECAY_PERIOD="never")
    page.goto(url + "/search/")
    scores = engine_scores(page, "trasigt gatljus")
    assert scores["/posts/ny/"] == scores["/posts/gammal/"]


def test_markup_in_titles_and_text_shows_as_text(page, tmp_path_factory, serve, twin_content):
    url = _serve_twins(tmp_path_factory, serve, twin_content)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    search_page(page, url, "citat titeln")
    link = page.locator(".search-result h2 a").first
    assert link.inner_text() == 'Varför <script>alert("x")</script> & "citat" i \'titeln\'?'
    assert page.locator(".search-results script, .search-results img").count() == 0
    assert dialogs == []


def test_back_returns_to_the_previous_submitted_query(page, sample_url):
    page.goto(sample_url + "/search/?q=bygglov")
    results(page)
    page.fill("#search-input", "sophämtning")
    page.wait_for_function("decodeURIComponent(location.search) === '?q=sophämtning'")
    page.keyboard.press("Enter")
    results(page)
    page.go_back()
    page.wait_for_function("document.getElementById('search-input').value === 'bygglov'")
    assert "bygglov" in page.inner_text("#search-status")


def test_wildcards_and_syntax_characters_are_plain_text(page, sample_url):
    page.goto(sample_url + "/search/")
    page.wait_for_function("window.torgetSearch")
    for query in ["b*gg", "***", "foo:", "+bygglov -altan", "bygglov~2", "^", "(snörö", "x" * 500]:
        found = page.evaluate("q => torgetSearch.search(q, true).then(f => f.results.length)", query)
        assert isinstance(found, int), query
    assert page.evaluate("torgetSearch.parse('b*gg', false).words") == ["b", "gg"]
    assert page.evaluate("torgetSearch.parse('(snörö', true).prefix") == "snörö"


def test_search_recovers_after_the_site_is_rebuilt(page, tmp_path_factory, serve, twin_content):
    import shutil

    root = tmp_path_factory.mktemp("redeploy")
    site = build_into(root / "output", twin_content, date(2026, 11, 20))
    url = serve(site.root)
    titles = search_page(page, url, "gatljus")
    assert titles
    # the nightly build: new decay factors, new shard names; the old ones are gone
    newer = build_into(root / "next", twin_content, date(2027, 6, 1))
    shutil.rmtree(site.root / "search")
    shutil.copytree(newer.root / "search", site.root / "search")
    page.fill("#search-input", "trasigt")
    page.keyboard.press("Enter")
    assert results(page)
    assert "kunde inte" not in page.inner_text("#search-status")
