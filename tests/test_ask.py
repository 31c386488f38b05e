"""The ask page (plugins/torget_ask, ask.html, ask.js; the editor's torget-checks.js).

Every "Ställ en fråga" leads to it; while the resident types, the forum's
matching threads and FAQ entries appear (the search page's engine), the
channel's link carries what they wrote, and personal data gives a warning
before sending (the editor's checks, loaded on the first input; their
agreement with the build's in tests/test_form_checks.py). Driven in
headless Chromium on the built sample forum.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import CONFIG, load_settings
from test_browser import axe_violations
from torget.editor.formchecks import LIBPHONENUMBER_JS_VERSION, personal_data_table
from torget.settings.forum import ForumSettings

THREAD = "/posts/glomt-losenord-e-tjanster/"
#: Skatteverket's example personal identity number (valid Luhn digit).
IDENTITY = "811218-9876"

#: Layout shifts not caused by the visitor's own input (what CLS counts).
CLS = """
window.__cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
  .observe({ type: "layout-shift", buffered: true });
"""


@pytest.fixture(scope="module")
def base_url(sample_site, serve):
    return serve(sample_site.root)


def _mailto(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    fields = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return {"to": unquote(parts.path), **fields}


def suggestions(page) -> list[str]:
    return page.eval_on_selector_all("#ask-results a", "links => links.map(a => a.getAttribute('href'))")


def wait_for_suggestions(page, href: str) -> None:
    page.wait_for_function("href => [...document.querySelectorAll('#ask-results a')].some(a => a.getAttribute('href') === href)",
                           arg=href, timeout=15000)


# --- the page as built ---------------------------------------------------------


def test_the_ask_page_is_built_and_every_ask_link_leads_to_it(sample_site):
    page = sample_site.html("fraga/")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("h1").get_text() == "Ställ en fråga"
    assert page.find(id="ask-suggestions-title").get_text() == "Kanske finns svaret redan här"
    status = page.find(id="ask-status")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    send = page.find(id="ask-send")
    assert _mailto(send["href"])["to"] == "kontakt@ekbacka.se"
    assert "personnummer" in send.find_parent("section").select_one(".ask-privacy").get_text()
    assert not page.find("script", src=False) and not page.find(style=True) and not page.find("style")
    # the menu's link on every other page, with the page asked from
    thread = sample_site.html(THREAD)
    nav = thread.select_one(".main-nav a[href^='/fraga/']")
    assert nav.get_text() == "Ställ en fråga" and nav["href"] == f"/fraga/?fran={THREAD}"
    # the thread's ask box: the ask page first, with the thread as context
    box_link = thread.select_one("#fraga a.ask-page-link")
    assert box_link["href"].startswith(f"/fraga/?fran={THREAD}&om=Jag%20har%20gl")
    # the search page: the query goes along (search.js fills data-href-template)
    search = sample_site.html("search/")
    templates = [a["data-href-template"] for a in search.select("a[data-href-template^='/fraga/']")]
    assert templates and all("q={query}" in t and "fran=/search/" in t for t in templates)
    # the sitemap leaves it out
    assert "/fraga/" not in (sample_site.root / "sitemap.xml").read_text(encoding="utf-8")


def test_the_personal_data_checks_are_the_editors_and_load_only_on_input(sample_site):
    forum = ForumSettings.from_pelican(load_settings(CONFIG))
    table = json.loads((sample_site.root / "fraga" / "checks.json").read_text(encoding="utf-8"))
    assert table == personal_data_table(forum.lang, forum.allowed_contacts, forum.timezone)
    assert "email:kontakt@ekbacka.se" in table["allowed"]
    app = sample_site.html("fraga/").find(id="ask-app")
    assert app["data-checks-table"] == "checks.json" and app["data-checks-script"] == "/theme/js/torget-checks.js"
    phones = f"/theme/vendor/libphonenumber-js-{LIBPHONENUMBER_JS_VERSION}/libphonenumber-max.js"
    assert app["data-checks-phones"] == phones and (sample_site.root / phones.lstrip("/")).is_file()
    scripts = [s["src"] for s in sample_site.html("fraga/").find_all("script")]
    assert not any("checks" in src or "libphonenumber" in src for src in scripts)


def test_no_ask_page_without_a_channel_or_when_turned_off(build):
    site = build(TORGET_ASK_PAGE="")
    assert site.result.ok and not (site.root / "fraga").exists()
    assert site.html(THREAD).select_one(".main-nav a[href='#fraga']")
    assert not site.html(THREAD).select_one("a.ask-page-link")


def test_english_forums_get_ask_and_english_texts():
    settings = load_settings(CONFIG) | {"DEFAULT_LANG": "en"}
    assert ForumSettings.from_pelican(settings).ask_page == "ask/"
    assert ForumSettings.from_pelican(settings | {"TORGET_ASK": None}).ask_page == ""
    assert ForumSettings.from_pelican(settings | {"TORGET_ASK_PAGE": "/fragor/ny/"}).ask_page == "fragor/ny/"


def test_an_english_forum_asks_in_english(build):
    site = build(DEFAULT_LANG="en", TORGET_ASK={"email": "contact@example.org"},
                 TORGET_MATOMO_URL="https://matomo.example.org/", TORGET_MATOMO_SITE_ID="3")
    assert site.result.ok, site.result.problems[:3]
    page = site.html("ask/")
    assert page.find("h1").get_text() == "Ask a question"
    assert page.find(id="ask-suggestions-title").get_text() == "Maybe the answer is already here"
    assert page.find(id="ask-app")["data-count-n"] == "{n} answers in the forum are like your question."
    assert _mailto(page.find(id="ask-send")["href"])["subject"] == "Question: "
    thread = site.html(THREAD)
    assert thread.select_one(".main-nav a[href^='/ask/']").get_text() == "Ask a question"
    helpful = thread.find(id="helpful")
    assert helpful.find("h2").get_text() == "Did the answer help you?"
    assert [b.get_text() for b in helpful.find_all("button")] == ["Yes", "No"]


def test_a_bad_ask_page_path_is_reported():
    from torget.model import ContentError

    with pytest.raises(ContentError, match="TORGET_ASK_PAGE: ska vara en sökväg"):
        ForumSettings.from_pelican(load_settings(CONFIG) | {"TORGET_ASK_PAGE": "fråga?x=1"})


# --- in the browser ---------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("text", ["glömt lösenordet till e-tjänsterna", "losenord"])
def test_typing_shows_the_thread_that_answers(page, base_url, text):
    page.goto(base_url + "/fraga/")
    page.type("#ask-title", text, delay=20)
    wait_for_suggestions(page, THREAD)
    count = len(suggestions(page))
    assert 1 <= count <= 5
    status = page.inner_text("#ask-status")
    assert status == (f"{count} svar i forumet liknar din fråga." if count > 1 else "1 svar i forumet liknar din fråga.")


@pytest.mark.browser
def test_the_link_carries_title_and_question_and_personal_data_warns(page, base_url):
    page.goto(base_url + "/fraga/")
    page.type("#ask-title", "Glömt lösenordet", delay=10)
    page.fill("#ask-question", "Jag kommer inte in på Mina sidor sedan i måndags.")
    page.dispatch_event("#ask-question", "input")
    fields = _mailto(page.get_attribute("#ask-send", "href"))
    assert fields["to"] == "kontakt@ekbacka.se"
    assert fields["subject"] == "Fråga till kommunen: Glömt lösenordet"
    assert fields["body"].startswith("Jag kommer inte in på Mina sidor sedan i måndags.\n\n(Skickat från ")
    assert page.locator("#ask-warning").is_hidden()
    # a personal identity number: a warning in plain Swedish before sending
    page.type("#ask-question", f" Mitt personnummer är {IDENTITY}.", delay=5)
    page.wait_for_selector("#ask-warning", state="visible")
    assert "ser ut som att du har skrivit ett personnummer" in page.inner_text("#ask-warning")
    # the first choice of the link only shows the warning (and moves focus to it)
    page.evaluate("() => { window.__prevented = null; document.getElementById('ask-send').addEventListener("
                  "'click', e => { window.__prevented = e.defaultPrevented; e.preventDefault(); }); }")
    page.click("#ask-send")
    assert page.evaluate("window.__prevented") is True
    assert page.evaluate("document.activeElement.id") == "ask-warning"
    assert "Välj länken igen" in page.inner_text("#ask-warning")
    page.click("#ask-send")
    assert page.evaluate("window.__prevented") is False
    # the organisation's own number is not a resident's personal data; a phone number and an e-mail are
    page.fill("#ask-question", "Jag ringde 0123-45 67 00 men ingen svarade.")
    page.dispatch_event("#ask-question", "input")
    page.wait_for_selector("#ask-warning", state="hidden")
    page.fill("#ask-question", "Ring mig på 070-123 45 67 eller mejla anna.svensson@example.se")
    page.dispatch_event("#ask-question", "input")
    page.wait_for_selector("#ask-warning", state="visible")
    assert "ett telefonnummer och en e-postadress" in page.inner_text("#ask-warning")


@pytest.mark.browser
def test_the_checks_load_after_the_page_and_a_quick_send_waits_for_them(page, base_url):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(base_url + "/fraga/")
    page.wait_for_load_state("networkidle")
    assert not any("libphonenumber" in path or path.endswith(("torget-checks.js", "checks.json")) for path in fetched)
    page.evaluate("() => { window.__clicks = []; document.getElementById('ask-send').addEventListener("
                  "'click', e => { window.__clicks.push(e.defaultPrevented); e.preventDefault(); }); }")
    # typed and chosen before the table has come: the choice waits for the checks, which warn
    held = []
    page.route("**/fraga/checks.json", lambda route: held.append(route))
    page.fill("#ask-question", f"Mitt personnummer är {IDENTITY}")
    page.wait_for_function("() => !!window.TorgetChecks && !!window.libphonenumber")
    page.click("#ask-send")
    page.wait_for_timeout(400)
    assert page.locator("#ask-warning").is_hidden() and page.url.endswith("/fraga/")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_selector("#ask-warning", state="visible")
    assert page.evaluate("window.__clicks") == [True]
    assert "Välj länken igen" in page.inner_text("#ask-warning")
    assert any(path.endswith("/fraga/checks.json") for path in fetched)
    assert any(path.endswith("/libphonenumber-max.js") for path in fetched)


@pytest.mark.browser
def test_the_search_query_is_carried_to_the_ask_page(page, base_url):
    page.goto(base_url + "/search/?q=bygglov altan")
    page.wait_for_function("/träff/.test(document.getElementById('search-status').textContent)")
    href = page.get_attribute(".main-nav a[href^='/fraga/']", "href")
    assert "q=bygglov%20altan" in href and "fran=/search/" in href
    page.click(".main-nav a[href^='/fraga/']")
    expect(page.locator("#ask-title")).to_have_value("bygglov altan")  # ask.js is deferred: it fills it in
    wait_for_suggestions(page, "/posts/behover-jag-bygglov-for-altan/")
    body = _mailto(page.get_attribute("#ask-send", "href"))["body"]
    assert "(Skickat från http" in body and "/search/" in body


@pytest.mark.browser
def test_a_thread_as_context(page, base_url):
    page.goto(base_url + THREAD)
    page.click("#fraga a.ask-page-link")
    page.wait_for_selector("#ask-about", state="visible")  # ask.js is deferred: wait for it
    assert page.inner_text("#ask-about").startswith("Din fråga gäller ”Jag har glömt lösenordet")
    assert page.input_value("#ask-title") == ""
    page.type("#ask-title", "Nytt lösenord", delay=5)
    assert THREAD in _mailto(page.get_attribute("#ask-send", "href"))["body"]


@pytest.mark.browser
def test_without_javascript_the_page_offers_the_channel(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/fraga/")
    assert page.locator("#ask-send").is_visible()
    assert _mailto(page.get_attribute("#ask-send", "href"))["to"] == "kontakt@ekbacka.se"
    assert page.locator("#ask-title").is_hidden() and page.locator("#ask-results").is_hidden()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_accessible_and_nothing_shifts(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_init_script(CLS)
    page = context.new_page()
    page.goto(base_url + "/fraga/")
    assert axe_violations(page) == []
    page.type("#ask-title", "glömt lösenordet", delay=30)
    wait_for_suggestions(page, THREAD)
    page.wait_for_timeout(600)  # past the 500 ms in which a shift counts as the visitor's own
    page.type("#ask-question", f"Mitt personnummer är {IDENTITY}", delay=10)
    page.wait_for_selector("#ask-warning", state="visible")
    page.wait_for_timeout(600)
    assert axe_violations(page) == []
    assert page.evaluate("window.__cls") <= 0.1
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    context.close()


@pytest.mark.browser
def test_a_form_address_carries_title_question_and_page(page, build, serve):
    site = build(TORGET_ASK={"url": "https://e.ekbacka.se/fraga?q={query}&sida={url}"})
    assert site.result.ok
    base = serve(site.root)
    page.goto(base + f"/fraga/?fran={THREAD}")
    assert page.get_attribute("#ask-send", "href").startswith("https://e.ekbacka.se/fraga?q=&sida=http")
    page.fill("#ask-title", "Nytt lösenord")
    page.fill("#ask-question", "Hur gör jag & vad kostar det?")
    page.dispatch_event("#ask-question", "input")
    parts = urlsplit(page.get_attribute("#ask-send", "href"))
    fields = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert (parts.netloc, parts.path) == ("e.ekbacka.se", "/fraga")
    assert fields == {"q": "Nytt lösenord\n\nHur gör jag & vad kostar det?", "sida": base + THREAD}
    assert page.inner_text(".ask-send-link") == "Skicka din fråga i kommunens formulär"
