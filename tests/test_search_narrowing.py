"""Search that narrows and points (issue 26), in headless Chromium on the
sample forum: filters and order on the search page, kept in the URL;
results that link to the reply that matched and the thread page that
marks the searched words; instant results in the header's search box."""

from __future__ import annotations

import itertools
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from torget.content.forum import load_forum
from torget.search.index import DOC_TYPES, chunk_names, shard_names

from conftest import SAMPLE_CONTENT

pytestmark = pytest.mark.browser

AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def sample_url(sample_site, serve):
    return serve(sample_site.root)


def settled(page) -> None:
    page.wait_for_function("document.getElementById('search-status').textContent.match(/träff/)")
    page.wait_for_function("document.querySelector('[data-count=\"total:\"]').textContent.includes('(')")


def metas(page) -> list[str]:
    return page.locator(".search-result .thread-meta").all_inner_texts()


def test_only_faq_entries_and_the_url_keeps_the_filter(page, sample_url):
    page.goto(f"{sample_url}/search/?q=ansöka")
    settled(page)
    everything = metas(page)
    assert any("Vanlig fråga" in m for m in everything) and any("Vanlig fråga" not in m for m in everything)
    page.get_by_label("Vanlig fråga").check()
    page.wait_for_function("location.search.includes('type=faq')")
    settled(page)
    narrowed = metas(page)
    assert narrowed and all(m.startswith("Vanlig fråga") for m in narrowed)
    assert "av" in page.inner_text("#search-status")
    # the count beside the filter is what it leaves
    assert page.inner_text("[data-count='type:faq']") == f"({len(narrowed)})"
    page.reload()
    settled(page)
    assert page.is_checked("input[value=faq]") and metas(page) == narrowed
    page.go_back()
    settled(page)
    assert not page.is_checked("input[value=faq]") and metas(page) == everything


def test_counts_add_up_for_the_current_query(page, sample_url):
    page.goto(f"{sample_url}/search/?q=bygglov")
    settled(page)
    total = int(page.inner_text("[data-count='total:']").split("(")[1].rstrip(")"))
    types = [int(page.inner_text(f"[data-count='type:{t}']").strip("()")) for t in DOC_TYPES]
    answered = [int(page.inner_text(f"[data-count='answered:{a}']").split("(")[1].rstrip(")")) for a in ("yes", "no")]
    assert total == page.locator(".search-result").count() or total > 10
    assert sum(types) == total == sum(answered) and total > 2
    page.select_option("#filter-answered", "no")
    settled(page)
    assert page.locator(".search-result").count() == min(answered[1], 10)


def test_newest_first_orders_by_last_activity(page, sample_url, sample_site):
    threads = {t.slug: t for t in load_forum(SAMPLE_CONTENT).threads}
    page.goto(f"{sample_url}/search/?q=ansöka&sort=newest")
    settled(page)
    assert page.input_value("#filter-sort") == "newest"
    slugs = [urlsplit(h).path.strip("/").split("/")[-1]
             for h in page.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    assert len(slugs) >= 3
    activity = [threads[slug].last_activity for slug in slugs]
    assert activity == sorted(activity, reverse=True)
    page.select_option("#filter-sort", "")
    settled(page)
    relevance = page.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [urlsplit(h).path.strip("/").split("/")[-1] for h in relevance] != slugs


def test_unfiltered_results_keep_lunr_order(page, sample_url):
    """The filters' code leaves a query without filters as ranked."""
    page.goto(f"{sample_url}/search/?q=sophämtning")
    settled(page)
    shown = page.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href').split('?')[0])")
    engine = page.evaluate("""q => torgetSearch.search(q, false).then(f =>
        torgetSearch.documents(f.manifest, f.results.slice(0, 10)).then(rows => rows.map(r => r[1])))""", "sophämtning")
    assert shown == engine


def test_a_result_points_at_the_reply_and_the_thread_marks_the_word(page, sample_url, sample_site):
    page.goto(f"{sample_url}/search/?q=handläggningstid")
    settled(page)
    first = page.locator(".search-result").first
    href = first.locator("h2 a").get_attribute("href")
    parts = urlsplit(href)
    assert parts.fragment.startswith("svar-") and parse_qs(parts.query)["highlight"] == ["handläggningstid"]
    assert first.locator(".search-answer").inner_text().startswith("Svaret från Ekbacka kommun,")
    first.locator("h2 a").click()
    page.wait_for_selector("mark.search-hit")
    reply = page.locator(f"#{parts.fragment}")
    assert reply.locator("mark.search-hit").count() >= 1
    assert all(m.lower().startswith("handläggningstid") for m in page.locator("mark.search-hit").all_inner_texts())
    assert Axe().run(page, options=AXE_TAGS).response["violations"] == []
    # never in the page's HTML
    html = (sample_site.root / parts.path.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "search-hit" not in html and "<mark" not in html
    page.get_by_role("button", name="Ta bort markeringarna").click()
    assert page.locator("mark.search-hit").count() == 0 and "highlight" not in page.url
    assert page.locator(".highlight-bar").count() == 0


def test_a_result_the_question_answers_links_to_the_thread(page, sample_url):
    page.goto(f"{sample_url}/search/?q=lösenord")
    settled(page)
    href = page.locator(".search-result h2 a").first.get_attribute("href")
    assert "#" not in href and page.locator(".search-result").first.locator(".search-answer").count() == 0


def test_instant_results_in_the_header_box(page, sample_url):
    page.goto(f"{sample_url}/posts/glomt-losenord-e-tjanster/")
    box = page.locator("#site-search")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.click()
    page.keyboard.type("by", delay=30)
    page.wait_for_timeout(400)
    assert page.locator("#site-search-list li").count() == 0  # not before three letters
    page.keyboard.type("gg", delay=30)
    page.wait_for_selector("#site-search-list:not([hidden]) li[role=option]")
    page.wait_for_timeout(400)  # on a loaded machine "byg" may show first, and "bygg" redraw the list
    options = page.locator("#site-search-list li[role=option]")
    assert 1 <= options.count() <= 5 and box.get_attribute("aria-expanded") == "true"
    assert all("bygg" in t.lower() for t in options.all_inner_texts()[:3])
    assert "förslag" in page.inner_text("#site-search-list + [role=status]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "site-search-list-1"
    assert page.get_attribute("#site-search-list-1", "aria-selected") == "true"
    assert Axe().run(page, options=AXE_TAGS).response["violations"] == []
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and box.get_attribute("aria-activedescendant") is None
    page.keyboard.press("ArrowDown")
    title = options.nth(0).inner_text().split("\n")[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("h1") == title and "highlight=" in page.url


def test_instant_results_fetch_only_what_the_words_so_far_need(page, sample_url):
    """A word being typed is not corrected (no typo vocabulary), the list's
    titles come from title files, not document chunks, and a last word of
    one or two letters is not searched yet: the list stays that of the
    words before it."""
    page.goto(f"{sample_url}/posts/glomt-losenord-e-tjanster/")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url.rsplit("/", 1)[-1]))
    page.click("#site-search")
    page.keyboard.type("sophämtnin", delay=200)  # not an index term, only the start of one
    page.wait_for_selector("#site-search-list:not([hidden]) li[role=option]")
    page.wait_for_timeout(400)
    assert not [name for name in fetched if name.startswith("f.")]
    # the list shows titles: title files, not the search page's document chunks
    assert [name for name in fetched if name.startswith("n.")]
    assert not [name for name in fetched if name.startswith("d.")]
    page.keyboard.press("Control+a")
    page.keyboard.type("bygglov", delay=30)
    page.wait_for_function("document.querySelector('#site-search-list + [role=status]').textContent.match(/\\d/)")
    page.wait_for_timeout(400)
    before = page.locator("#site-search-list li[role=option]").all_inner_texts()
    shards = len([name for name in fetched if name.startswith("s.")])
    page.keyboard.type(" år", delay=30)  # a term of the forum, in another shard: not searched yet
    page.wait_for_timeout(600)
    assert page.locator("#site-search-list li[role=option]").all_inner_texts() == before
    assert len([name for name in fetched if name.startswith("s.")]) == shards


def test_enter_without_a_choice_opens_the_search_page(page, sample_url):
    page.goto(f"{sample_url}/faq/")
    page.click("#site-search")
    page.keyboard.type("bygg", delay=30)
    page.wait_for_selector("#site-search-list:not([hidden]) li[role=option]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/search/" and parse_qs(urlsplit(page.url).query)["q"] == ["bygg"]


def test_axe_on_the_search_page_with_filters(page, sample_url):
    page.goto(f"{sample_url}/search/?q=bygglov&type=question&answered=yes")
    settled(page)
    assert Axe().run(page, options=AXE_TAGS).response["violations"] == []


def test_index_numbers_documents_by_last_activity(sample_site):
    folder = sample_site.root / "search"
    manifest = json.loads((folder / "manifest.json").read_text())
    rows = [row for name in chunk_names(manifest) for row in json.loads((folder / name).read_text())]
    threads = {t.slug: t for t in load_forum(SAMPLE_CONTENT).threads}
    activity = [threads[row[1].strip("/").split("/")[-1]].last_activity for row in rows]
    assert [row[0] for row in rows] == list(range(len(rows))) and activity == sorted(activity)
    # each term's facts: a character per document it is in, in ascending id
    facts: dict[int, str] = {}
    for name in shard_names(manifest):
        for entry in json.loads((folder / name).read_text()):
            docs = sorted({doc for field in entry[3:] for doc in itertools.accumulate(field[1][::2])})
            assert len(entry[2]) == len(docs)
            for doc, code in zip(docs, entry[2]):
                assert facts.setdefault(doc, code) == code
    assert sorted(facts) == [row[0] for row in rows]
    for row in rows:
        code = ord(facts[row[0]]) - 48
        thread = threads[row[1].strip("/").split("/")[-1]]
        assert DOC_TYPES[(code >> 1) % len(DOC_TYPES)] == row[3]
        assert (code >> 1) // len(DOC_TYPES) == row[4]
        assert bool(code & 1) == (thread.is_faq or any(r.staff or r.accepted for r in thread.replies))
        assert [r[0] == "" for r in row[7]] == [r.staff for r in thread.replies]
