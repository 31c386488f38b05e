"""Search finds what residents type (issue 15): without å/ä/ö, with typos,
in other inflected forms and in synonyms the editors declare; suggests a
correction; answers odd queries with a message. Driven in headless
Chromium on built sites."""

from __future__ import annotations

import gzip
import json
from datetime import date
from urllib.parse import quote

import pytest

from conftest import build_into
from helpers import reply_text, thread_text, write_thread
from torget.model import ContentError
from torget.search.fold import fold
from torget.settings.forum import ForumSettings

pytestmark = pytest.mark.browser

DONE = """() => {
  const app = document.getElementById('search-app'), s = document.getElementById('search-status');
  const t = s && s.textContent.trim();
  return !!t && t !== app.dataset.loading.trim() && t !== app.dataset.hint.trim();
}"""


def search(page, base, query):
    page.goto(f"{base}/search/?q={quote(query)}")
    page.wait_for_function(DONE)
    return page.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href').split(/[?#]/)[0])")


@pytest.fixture(scope="module")
def sample_url(sample_site, serve):
    return serve(sample_site.root)


@pytest.fixture(scope="module")
def words_content(tmp_path_factory):
    content = tmp_path_factory.mktemp("words") / "content"
    same = dict(date="2026-10-05 10:00", category="E-tjänster och inloggning", replies=reply_text(date="2026-10-06 09:00", body="Vi hjälper dig gärna."))
    write_thread(content, "exakt.md", thread_text(title="Byta lösenord", body="Hur byter jag mitt lösenord?", **same))
    write_thread(content, "utan.md", thread_text(title="Byta losenord", body="Hur byter jag mitt losenord?", **same))
    write_thread(content, "forradet.md", thread_text(title="Frågor om bygglovet för förrådet",
                                                     body="Vad säger bygglovet om höjden?", **same))
    write_thread(content, "soptunna.md", thread_text(title="Trasig soptunna", body="Locket på min soptunna är trasigt.", **same))
    write_thread(content, "lanekort.md", thread_text(title="Eget kort på biblioteket", body="Hur får jag ett lånekort?", **same))
    write_thread(content, "bastu.md", thread_text(title="Fråga om badhuset", body="Är det en bastu i badhuset?", **same))
    write_thread(content, "objekt.md", thread_text(title="Ord som JavaScript-objekt har",
                                                   body="constructor toString valueOf hasOwnProperty __proto__", **same))
    for n in range(3):
        write_thread(content, f"basta{n}.md", thread_text(title=f"Basta pasta {n}", body="Basta med basta.", **same))
    return content


def _site(tmp_path_factory, serve, content, **settings):
    root = tmp_path_factory.mktemp("wordsite")
    site = build_into(root / "output", content, date(2026, 11, 20), **settings)
    assert site.result.ok, site.result.problems
    return serve(site.root)


@pytest.fixture(scope="module")
def words_url(tmp_path_factory, serve, words_content):
    return _site(tmp_path_factory, serve, words_content, TORGET_SEARCH_SYNONYMS=["bibliotekskort, lånekort"])


# -- folding -------------------------------------------------------------------

SPECIAL = ["lösenord", "LÖSENORD", "sophämtning", "Åre", "café", "naïve", "über", "Æble", "smørrebrød", "straße",
           "łódź", "ðæt", "þing", "façade", "señor", "crème brûlée", "x\u0301", "ǅ", "İstanbul", "ﬁnal", "e-tjänst"]


def test_folding_is_the_same_in_the_browser_and_in_python(page, sample_url):
    from test_language import SNOWBALL_DATA

    words = list(SPECIAL)
    path = SNOWBALL_DATA / "voc.txt.gz"
    if path.is_file():
        words += gzip.decompress(path.read_bytes()).decode("utf-8").split()
    search(page, sample_url, "lösenord")
    browser = page.evaluate("words => words.map(torgetSearch.fold)", words)
    assert browser == [fold(w) for w in words]
    assert fold("Lösenord") == "losenord" and fold("Æble") == "aeble" and fold("café") == "cafe"


def test_unaccented_queries_find_accented_threads(page, sample_url):
    for query, slug in [("losenord", "glomt-losenord-e-tjanster"), ("hemtjanst", "ansoka-om-hemtjanst"),
                        ("snorojning", "tack-for-snabb-snorojning"), ("sophamtning", "sophamtning-vid-helgdagar"),
                        ("haemtning", "sophamtning-vid-helgdagar")]:
        assert any(slug in href for href in search(page, sample_url, query)), query


def test_the_exact_spelling_ranks_at_least_as_high_as_a_folded_one(page, words_url):
    assert search(page, words_url, "lösenord")[:2] == ["/posts/exakt/", "/posts/utan/"]
    assert search(page, words_url, "losenord")[:2] == ["/posts/utan/", "/posts/exakt/"]
    scores = page.evaluate("torgetSearch.search('lösenord', false).then(f => f.results.slice().map(r => r.score))")
    assert scores[0] > scores[1] > 0


# -- inflection ------------------------------------------------------------------

def test_inflected_forms_find_the_threads_that_use_another_form(page, words_url):
    assert set(search(page, words_url, "lösenordet")[:2]) == {"/posts/exakt/", "/posts/utan/"}  # neither says -et
    assert search(page, words_url, "bygglov")[0] == "/posts/forradet/"  # it only says "bygglovet"
    assert search(page, words_url, "soptunnan")[0] == "/posts/soptunna/"
    assert search(page, words_url, "soptunnorna")[0] == "/posts/soptunna/"


# -- typos -----------------------------------------------------------------------

@pytest.mark.parametrize("query, slug", [
    ("bygglv", "bygglov"),                    # deletion, 6 letters
    ("hemtjäsnt", "hemtjanst"),               # transposition
    ("skolskuts", "skolskjuts"),              # deletion, 9 letters
    ("lösenrod", "losenord"),                 # transposition
    ("trygghtslamr", "vad-kostar-hemtjanst"),  # two edits in a word of twelve letters
    ("sophämtnig", "sophamtning"),
])
def test_typos_find_the_intended_thread(page, sample_url, query, slug):
    assert any(slug in href for href in search(page, sample_url, query)[:5]), query


def test_short_words_get_no_typo_correction_and_seven_letters_one_edit(page, sample_url):
    assert search(page, sample_url, "atlna") == []     # 5 letters, two edits from "altan"
    assert search(page, sample_url, "utegyym") == ["/posts/utegym-i-stadsparken/"]


def test_words_that_name_javascript_properties_are_plain_words(page, words_url):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for query in ("constructor", "toString", "__proto__ hasOwnProperty", "constructr", "valueof"):
        assert search(page, words_url, query)[:1] == ["/posts/objekt/"], query
    assert errors == []


def test_exact_matches_rank_above_typo_corrections(page, words_url):
    hrefs = search(page, words_url, "bastu")
    assert hrefs[0] == "/posts/bastu/" and len(hrefs) == 4  # then the three "basta" threads (bast, one edit)


def test_typo_data_is_fetched_only_when_needed_in_small_files(browser, sample_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        fetched = []
        page.on("response", lambda r: fetched.append((r.url, len(r.body()))) if "/search/f." in r.url else None)
        search(page, sample_url, "bygglov")
        assert fetched == []  # plenty of exact matches: no typo vocabulary
        search(page, sample_url, "bygglv")
        assert fetched and all(size < 2_000 for _, size in fetched)
        assert page.locator("#search-suggestion a").inner_text() == "bygglov"
    finally:
        context.close()


# -- synonyms --------------------------------------------------------------------

def test_synonyms_find_the_words_the_editors_declared(page, words_url, tmp_path_factory, serve, words_content):
    assert search(page, words_url, "bibliotekskort") == ["/posts/lanekort/"]
    plain = _site(tmp_path_factory, serve, words_content, TORGET_SEARCH_SYNONYMS=[])
    assert search(page, plain, "bibliotekskort") == []


def test_synonyms_setting_is_checked():
    base = {"SITENAME": "X"}
    assert ForumSettings.from_pelican({**base, "TORGET_SEARCH_SYNONYMS": ["a, b", ("c", "d e")]}).search_synonyms == (
        ("a", "b"), ("c", "d e"))
    for bad in ("soptunna, sopkärl", ["ensam"], [3]):
        with pytest.raises(ContentError, match="TORGET_SEARCH_SYNONYMS"):
            ForumSettings.from_pelican({**base, "TORGET_SEARCH_SYNONYMS": bad})


# -- suggestions, the help block, odd queries ------------------------------------

def test_menade_du_suggests_a_forum_word_as_a_link_that_runs_it(page, sample_url):
    search(page, sample_url, "hemtjäsnt")
    link = page.locator("#search-suggestion a")
    assert page.locator("#search-suggestion").inner_text() == "Menade du hemtjänst?"
    assert link.get_attribute("href") == "/search/?q=" + quote("hemtjänst")
    link.click()
    page.wait_for_function("document.getElementById('search-input').value === 'hemtjänst'")
    page.wait_for_function("decodeURIComponent(location.search) === '?q=hemtjänst'")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('för ”hemtjänst”')")
    assert page.locator("#search-suggestion").count() == 0
    assert page.locator(".search-result").count() >= 3


def test_the_help_block_shows_with_few_results_and_carries_the_query(page, sample_url):
    page.goto(sample_url + "/search/")
    page.wait_for_function("window.torgetSearch")
    page.evaluate("""() => {
      const help = document.createElement('div');
      help.id = 'search-help'; help.hidden = true;
      const a = document.createElement('a');
      a.setAttribute('data-href-template', '/fraga/?titel={query}');
      help.appendChild(a);
      document.getElementById('search-app').appendChild(help);
    }""")
    page.fill("#search-input", "zebra & giraff")
    page.keyboard.press("Enter")
    page.wait_for_function("!document.getElementById('search-help').hidden")
    assert page.get_attribute("#search-help a", "href") == "/fraga/?titel=" + quote("zebra & giraff", safe="")
    page.fill("#search-input", "bygglov")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('search-help').hidden")


@pytest.mark.parametrize("query, says", [
    ("hur", "vanligt ord"), ("och", "vanligt ord"), ("hur och", "vanliga ord"),
    ("?", "bokstäver"), ("😀", "bokstäver"), ("مرحبا بالعالم", "bokstäver"), ("שלום", "bokstäver"),
    ("lösenord " * 2000, "söktes"), ("x" * 10_000, "Inga träffar"),
])
def test_odd_queries_get_a_message_and_no_console_error(browser, sample_url, query, says):
    context = browser.new_context()
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        search(page, sample_url, query)
        assert says in page.inner_text("#search-status")
        assert errors == []
    finally:
        context.close()


def test_typed_key_by_key_then_enter(page, sample_url):
    page.goto(sample_url + "/search/")
    page.type("#search-input", "hemtjanst", delay=30)
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('för ”hemtjanst”')")
    hrefs = page.locator(".search-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href').split(/[?#]/)[0])")
    assert any("hemtjanst" in h for h in hrefs[:3])


def test_manifest_carries_synonyms_stop_word_label_and_typo_buckets(sample_site):
    manifest = json.loads((sample_site.root / "search" / "manifest.json").read_text())
    assert manifest["stopWords"] == "stopWordFilter-sv"
    assert [["bibliotekskort"], ["lånekort"]] in manifest["synonyms"]
    assert set(manifest["fuzzy"]["lengths"]) <= set("abcdefghijklmnopqrstuvwxyz") and "h" in manifest["fuzzy"]["lengths"]


def test_prefix_while_typing_ignores_diacritics(page, sample_url):
    page.goto(sample_url + "/search/")
    page.type("#search-input", "snoro", delay=20)
    page.wait_for_function("document.getElementById('search-status').textContent.includes('”snoro”')")
    titles = page.locator(".search-result h2 a").all_inner_texts()
    assert titles and all("snöröjning" in t.lower() for t in titles[:2])
