"""The resident's journey (issue 18): from a question to an answer, or to a person.

Built sample forum, inspected as HTML and driven in headless Chromium:
the way to ask on every page, search without dead ends, the start page,
thread pages like a help desk, listings, feeds, no layout shift, and the
preview server (its own 404 page, reload after a rebuild, a busy port).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit
from urllib.request import urlopen
from urllib.error import HTTPError

import pytest

from conftest import CONFIG, PUBLISH_CONFIG, ROOT, SAMPLE_CONTENT, build_into
from helpers import reply_text, thread_text, write_thread
from leaks import archived_leaks
from torget.content.forum import load_forum
from torget.model import ContentError
from torget.settings.forum import ForumSettings

ATOM = "{http://www.w3.org/2005/Atom}"
THREAD = "posts/glomt-losenord-e-tjanster/"
LOCKED = "posts/gatlampa-trasig-vid-skolan/"
ARCHIVED = "posts/nattparkering-vintern-2021/"


def _mailto(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    return {"to": parts.path, **{key: values[0] for key, values in parse_qs(parts.query).items()}}


# --- 1. TORGET_ASK ------------------------------------------------------------


def test_ask_setting_reads_an_email_address_or_a_form_template():
    mail = ForumSettings.from_pelican({"TORGET_ASK": "kontakt@ekbacka.se"}).ask
    fields = _mailto(mail.link("https://forum.ekbacka.se/search/", "sopkärl & hämtning"))
    assert fields["to"] == "kontakt@ekbacka.se"
    assert fields["subject"] == "Fråga: sopkärl & hämtning"
    assert "sopkärl & hämtning" in fields["body"] and "https://forum.ekbacka.se/search/" in fields["body"]
    # the template keeps {query} where the page's script puts the encoded query
    template = mail.template("/search/")
    assert template.count("{query}") == 2 and " " not in template

    form = ForumSettings.from_pelican({"TORGET_ASK": {"url": "https://e.ekbacka.se/fraga?q={query}&sida={url}"}}).ask
    assert form.link("https://forum.ekbacka.se/posts/a/", "a b") == (
        "https://e.ekbacka.se/fraga?q=a%20b&sida=https%3A%2F%2Fforum.ekbacka.se%2Fposts%2Fa%2F")
    assert ForumSettings.from_pelican({}).ask is None


@pytest.mark.parametrize("value, message", [
    ({"email": "kontakt@ekbacka.se", "url": "https://x.se/"}, "either 'url'"),
    ({"email": "inte en adress"}, "is not an e-mail address"),
    ({"url": "javascript:alert(1)"}, "must be a web address"),
    ({"email": "kontakt@ekbacka.se", "subject": "{namn}"}, "only {query} and {url}"),
    ({"email": "kontakt@ekbacka.se", "to": "x"}, "unknown keys ['to']"),
])
def test_bad_ask_settings_are_reported_at_their_line(tmp_path, value, message):
    config = tmp_path / "pelicanconf.py"
    config.write_text(f'SITENAME = "x"\nTORGET_ASK = {value!r}\n', encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        ForumSettings.from_pelican({"TORGET_ASK": value}, config_path=str(config))
    problem = raised.value.problems[0]
    assert problem.line == 2 and message in problem.message and "TORGET_ASK" in problem.message


def test_type_intros_must_name_thread_types():
    with pytest.raises(ContentError, match="'fråga' is not a thread type"):
        ForumSettings.from_pelican({"TORGET_TYPE_INTROS": {"fråga": "x"}})


def test_every_page_offers_a_way_to_ask_with_the_privacy_reminder(sample_site):
    pages = sample_site.files(".html")
    assert len(pages) > 50
    for path in pages:
        relative = str(path.relative_to(sample_site.root))
        if relative.startswith("statistik/"):
            continue  # the editors' page, not for residents
        page = sample_site.html(relative)
        # the menu's "Ställ en fråga" leads to the ask page, saying where from
        nav = page.select_one(".main-nav a[href^='/fraga/']")
        assert nav and nav.get_text() == "Ställ en fråga", relative
        if relative.startswith("fraga/"):  # the ask page itself: its own way to send
            assert nav["aria-current"] == "page"
            assert _mailto(page.find(id="ask-send")["href"])["to"] == "kontakt@ekbacka.se"
            assert "personnummer" in page.select_one(".ask-send .ask-privacy").get_text()
            continue
        assert nav["href"].startswith("/fraga/?fran=/"), relative
        box = page.find(id="fraga")
        assert box is not None, relative
        assert box.select_one("a.ask-page-link")["href"].startswith("/fraga/?fran=/"), relative
        link = box.select_one("a.ask-link")
        assert _mailto(link["href"])["to"] == "kontakt@ekbacka.se", relative
        assert "personnummer" in box.select_one(".ask-privacy").get_text(), relative
        assert [a["href"] for a in box.select(".ask-other a")] == [
            "tel:+46123456700", "mailto:kontakt@ekbacka.se", "https://www.ekbacka.se/mina-sidor"], relative


def test_every_thread_asks_hittade_du_inte_svaret_with_its_title(sample_site):
    threads = [p for p in sample_site.files(".html") if p.parent.parent.name in ("posts", "faq")]
    assert len(threads) > 40
    for path in threads:
        page = sample_site.html(str(path.relative_to(sample_site.root)))
        box = page.find(id="fraga")
        assert box.find("h2").get_text() == "Hittade du inte svaret?", path
        fields = _mailto(box.select_one("a.ask-link")["href"])
        title = page.find("h1").get_text()
        assert fields["subject"] == f"Fråga till kommunen: {title}", path
        slug = path.parent.name
        assert f"/{path.parent.parent.name}/{slug}/" in fields["body"], path


def test_sample_texts_no_longer_promise_posting(sample_site):
    about = sample_site.html("om-forumet/").find("main").get_text(" ")
    rules = sample_site.html("regler/").find("main").get_text(" ")
    assert "Här kan du ställa en fråga" not in about and "kan inte skriva inlägg" in about
    assert "mejla kontakt@ekbacka.se" in about
    assert "Genom att skriva ett inlägg" not in rules and "mejlar din fråga" in rules
    assert "stängas av från att skriva" not in about + rules
    for path in (THREAD, LOCKED):
        text = sample_site.html(path).find("main").get_text(" ")
        assert "Skriv inte personuppgifter här" not in text and "tar inte emot fler svar" not in text


# --- 2. Search without dead ends ------------------------------------------------


def test_search_page_has_the_hidden_help_block(sample_site):
    page = sample_site.html("search/")
    help_block = page.find(id="search-help")
    assert help_block is not None and help_block.has_attr("hidden")
    # one ask box on the page: the menu's #fraga, hidden until search.js
    # has rendered the first search, its link a template for the query
    assert len(page.select(".ask-box")) == 1 and len(page.select("a.ask-link")) == 1
    ask = page.find(id="fraga")
    assert ask.has_attr("hidden") and "ask-box" in ask["class"]
    assert ask.find("h2").get_text() == "Hittade du inte det du letade efter?"
    links = page.select("a.ask-link[data-href-template]")
    assert len(links) == 1 and ask in links[0].parents
    # the ask page's links (menu and box) carry the query too
    assert len(page.select("a[data-href-template^='/fraga/']")) == 2
    template, href = links[0]["data-href-template"], links[0]["href"]
    assert "{query}" in template and "{query}" not in href
    # without a query the link is the template with an empty query
    assert href == template.replace("{query}", "")
    assert _mailto(template.replace("{query}", "bygglov%20altan"))["subject"] == "Fråga till kommunen: bygglov altan"
    assert help_block.find("a", href="/faq/")
    categories = {a["href"] for a in help_block.select("a[href^='/category/']")}
    assert categories == {f"/category/{p.name}/" for p in (sample_site.root / "category").iterdir() if p.is_dir()}
    # without JavaScript the help is shown (nojs.css, loaded from <noscript>)
    assert page.select_one("head noscript").find("link", href="/theme/css/nojs.css")
    nojs = (sample_site.root / "theme/css/nojs.css").read_text()
    assert "#search-help[hidden]" in nojs and "#fraga[hidden]" in nojs


# --- 3. Start page ----------------------------------------------------------------


def test_start_page_is_made_for_finding(sample_site):
    page = sample_site.html("index.html")
    main = page.find("main")
    assert main.find("h1").get_text() == "Vad undrar du?"
    assert "Fråga Ekbacka" not in main.find("h1").get_text()
    first = main.find(["form", "section", "ul", "ol"])
    assert first.name == "form" and first.get("role") == "search" and first.find("input", type="search")
    # one search box on the page: the header's is left out
    assert len(page.select("form[role=search]")) == 1
    # no thread is listed twice
    listed = [a["href"] for a in main.select("a[href^='/posts/'], a[href^='/faq/'][href$='/']") if a["href"] != "/faq/"]
    assert listed and len(listed) == len(set(listed))
    assert len(main.select(".start-popular .thread-item")) == 5
    assert len(main.select(".start-faq li")) == 5 and main.select_one(".start-faq a[href='/faq/']")
    # "Vanliga frågor" is a section of its own, not a lone duplicate of the menu link
    assert not page.select("p.faq-link")
    cards = main.select(".category-card")
    for card in cards:
        href = card.find("a")["href"]
        shown = int(card.select_one(".count").get_text().split()[0])
        listing = sample_site.html(href)
        assert "Alla trådar" in card.find("a").get_text()
        assert len(listing.select(".thread-item")) == shown, href
    assert len(cards) == 7


def test_start_page_popular_questions_span_the_forum(sample_site):
    page = sample_site.html("index.html")
    categories = {item.select_one(".thread-meta span:not(.badge)").get_text() for item in page.select(".start-popular .thread-item")}
    assert len(categories) >= 3


# --- 4. Thread pages ------------------------------------------------------------


def test_answered_status_is_truthful(sample_site):
    forum = load_forum(SAMPLE_CONTENT)
    seen = {True: 0, False: 0}
    for thread in forum.threads:
        if thread.is_faq:
            continue
        page = sample_site.html(f"posts/{thread.slug}/")
        answered = bool(thread.staff_replies or thread.accepted_reply)
        badge = page.select_one(".thread-kicker .badge-answered, .thread-kicker .badge-unanswered")
        assert badge.get_text() == ("Besvarad" if answered else "Obesvarad"), thread.slug
        text = page.select_one(".thread").get_text(" ")
        if not thread.staff_replies:
            assert "Senast besvarad" not in text, thread.slug
        seen[answered] += 1
    assert seen[True] >= 10 and seen[False] >= 2


def test_jump_to_the_accepted_answer_near_the_top(sample_site):
    page = sample_site.html(THREAD)
    jump = page.select_one(".jump-to-answer a")
    target = page.find(id=jump["href"][1:])
    assert "reply-accepted" in target["class"]
    # before the question's text
    html = str(page)
    assert html.index("jump-to-answer") < html.index('class="thread-body"')


def test_every_reply_has_a_visible_permalink(sample_site):
    page = sample_site.html(THREAD)
    replies = page.select("article.reply")
    assert len(replies) == 4
    for number, reply in enumerate(replies, start=1):
        link = reply.select_one(".reply-permalink a")
        assert link["href"] == f"/{THREAD}#svar-{number}" and reply["id"] == f"svar-{number}"
        assert link.get_text() == f"Länk till svar {number}"


def test_locked_explanation_stands_next_to_its_badge(sample_site):
    page = sample_site.html(LOCKED)
    locked = page.select_one(".thread-kicker .locked")
    assert locked.select_one(".badge-locked").get_text() == "Låst"
    assert "Tråden är låst" in locked.select_one(".locked-text").get_text()
    assert not page.select(".notice-locked")


def test_archived_thread_has_one_plain_notice_with_the_date(sample_site):
    page = sample_site.html(ARCHIVED)
    notices = page.select(".notice")
    assert len(notices) == 1 and "notice-archived" in notices[0]["class"]
    text = notices[0].get_text(" ")
    assert "gäller inte längre" in text and "uppdaterades senast 16 november 2021" in text
    assert "visas inte i listor" not in text and "Anledning" not in text


def test_old_thread_notice_gives_the_date_and_hides_nothing(sample_site):
    page = sample_site.html("posts/busskort-pa-sommarlovet/")
    status = page.select_one(".age-status")
    assert "is-old" in status["class"] and status.select(".age-current") == []
    assert "Senast besvarad 20 maj 2025" in status.get_text()


# --- 5. Listings and FAQ -------------------------------------------------------


def test_category_rows_do_not_repeat_the_category(sample_site):
    page = sample_site.html("category/avfall-och-atervinning/")
    rows = page.select(".thread-item")
    assert len(rows) == 10
    for row in rows:
        assert "Avfall och återvinning" not in row.select_one(".thread-meta").get_text()
    # elsewhere the category is shown
    assert any("Avfall och återvinning" in r.get_text() for r in sample_site.html("type/question/").select(".thread-item"))


def test_faq_entries_show_when_they_were_updated(sample_site):
    forum = {t.slug: t for t in load_forum(SAMPLE_CONTENT).threads if t.is_faq and not t.archived}
    modified = [t for t in forum.values() if t.modified]
    assert modified
    rows = [r for r in sample_site.html("category/avfall-och-atervinning/").select(".thread-item") if r.select_one(".badge-faq")]
    assert rows
    for row in rows:
        meta = row.select_one(".thread-meta").get_text(" ")
        assert "Uppdaterad" in meta and "svar" not in meta.lower()
    entry = modified[0]
    page = sample_site.html(f"faq/{entry.slug}/")
    stamp = page.select_one(".thread-meta time")
    assert page.select_one(".thread-meta").get_text().startswith("Uppdaterad")
    assert stamp["datetime"].startswith(entry.last_activity.date().isoformat())
    faq = sample_site.html("faq/")
    assert all("Uppdaterad" in item.select_one(".faq-meta").get_text() for item in faq.select("details.faq-item"))


def test_type_pages_have_an_intro_from_settings(sample_site):
    page = sample_site.html("type/suggestion/")
    assert page.select_one("main .lead").get_text().startswith("Förslag från invånare")


def test_tag_index_is_sorted_and_linked(sample_site):
    names = [a.get_text() for a in sample_site.html("tag/").select(".term-list a")]
    assert len(names) > 10 and names == sorted(names, key=str.lower)
    assert sample_site.html("index.html").select_one("footer a[href='/tag/']")
    assert sample_site.html("category/").select_one("main a[href='/tag/']")


# --- 6. Feeds -------------------------------------------------------------------


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory):
    """The sample forum built with pelicanconf.py, as `torget build` does."""
    site = build_into(tmp_path_factory.mktemp("preview") / "output")
    assert site.result.ok, site.result.problems
    return site


def _entries(path: Path) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_preview_build_has_feeds_with_absolute_links(preview_site):
    feeds = sorted((preview_site.root / "feeds").glob("*.atom.xml"))
    categories = [p.name for p in (preview_site.root / "category").iterdir() if p.is_dir()]
    assert len(categories) == 7
    assert {p.name for p in feeds} == {"all.atom.xml", *(f"{c}.atom.xml" for c in categories)}
    published = [t for t in load_forum(SAMPLE_CONTENT).threads if not t.archived]
    entries = _entries(preview_site.root / "feeds/all.atom.xml")
    assert len(entries) == len(published)
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("http://127.0.0.1:8000/"), link
        assert entry.find(f"{ATOM}id").text.startswith("tag:127.0.0.1,"), link
    updated = [datetime.fromisoformat(e.find(f"{ATOM}updated").text) for e in entries]
    assert updated == sorted(updated, reverse=True)


def test_feeds_are_linked_visibly_on_start_and_category_pages(preview_site):
    start = preview_site.html("index.html")
    assert start.select_one("main .feed-link a[href='/feeds/all.atom.xml']")
    for folder in (preview_site.root / "category").iterdir():
        if not folder.is_dir():
            continue
        page = preview_site.html(f"category/{folder.name}/")
        link = page.select_one("main .feed-link a")
        assert link["href"] == f"/feeds/{folder.name}.atom.xml" and "Atom" in link.get_text()
        assert page.select_one(f"head link[rel=alternate][href='/feeds/{folder.name}.atom.xml']")
        assert (preview_site.root / link["href"].strip("/")).is_file()


def test_feeds_leave_out_archived_threads(preview_site, sample_site):
    for site in (preview_site, sample_site):
        feeds = list((site.root / "feeds").glob("*.atom.xml"))
        assert len(feeds) == 8
        leaks = archived_leaks(site.root, SAMPLE_CONTENT)
        assert leaks == {}


def test_the_leak_scan_reads_feeds(preview_site, tmp_path):
    import shutil

    archived = next(t for t in load_forum(SAMPLE_CONTENT).threads if t.archived and not t.is_faq)
    copy = tmp_path / "site"
    shutil.copytree(preview_site.root, copy)
    feed = copy / "feeds/all.atom.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace(
        "</feed>", f'<entry><link href="http://127.0.0.1:8000/posts/{archived.slug}/"/></entry></feed>'), encoding="utf-8")
    assert archived_leaks(copy, SAMPLE_CONTENT) == {archived.slug: ["feeds/all.atom.xml"]}


def test_feeds_are_byte_identical_for_a_given_date(preview_site, tmp_path):
    again = build_into(tmp_path / "again")
    for path in sorted((preview_site.root / "feeds").glob("*.xml")):
        assert path.read_bytes() == (again.root / "feeds" / path.name).read_bytes(), path.name


# --- 8. The preview server --------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    """``torget serve`` in a subprocess, on a copy of the sample content.

    A thread reads its messages; tests wait for the line they need.
    """

    def __init__(self, tmp_path: Path):
        import shutil
        import threading

        self.content = tmp_path / "content"
        shutil.copytree(SAMPLE_CONTENT, self.content)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "torget_cli", "serve", "--port", str(self.port), "--content", str(self.content),
             "--output", str(tmp_path / "output"), "--date", "2026-11-20"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for("Visar ")  # "Visar output på http://…": the sample forum speaks Swedish

    def _read(self) -> None:
        for line in self.process.stderr:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.lines.append("<exited>")
            self.changed.notify_all()

    def wait_for(self, text: str, count: int = 1) -> None:
        """Until ``text`` has appeared ``count`` times in the server's output."""
        with self.changed:
            ready = self.changed.wait_for(
                lambda: sum(text in line for line in self.lines) >= count or "<exited>" in self.lines, timeout=300)
        assert ready and "<exited>" not in self.lines, "".join(self.lines)

    def build_id(self) -> str:
        with urlopen(self.url + "/__torget/build-id") as response:
            return response.read().decode()

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def preview(tmp_path):
    server = Preview(tmp_path)
    yield server
    server.stop()


def test_preview_serves_the_sites_own_404_page(preview):
    with pytest.raises(HTTPError) as raised:
        urlopen(preview.url + "/finns/inte/")
    assert raised.value.code == 404
    body = raised.value.read().decode()
    assert "<h1>Sidan finns inte</h1>" in body and "Error response" not in body
    assert preview.build_id() == "1"


@pytest.mark.browser
def test_preview_reloads_open_pages_after_a_rebuild(preview, page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(preview.url + f"/{THREAD}")
    assert page.locator("script[src='/__torget/reload.js']").count() == 1
    page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.includes('/__torget/status.json'))")
    source = preview.content / "posts/glomt-losenord-e-tjanster.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Title: Jag har glömt lösenordet", "Title: Nytt: jag har glömt lösenordet", 1), encoding="utf-8")
    preview.wait_for("Uppdaterade ")  # the preview's fast path: this page first, then the rest
    page.wait_for_function("document.querySelector('h1').textContent.startsWith('Nytt:')")
    assert int(preview.build_id()) > 1
    assert errors == []


def test_a_busy_port_is_a_clear_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "torget_cli", "serve", "--port", str(port), "--output", str(tmp_path / "out")],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
    assert result.returncode == 2
    assert result.stderr.strip() == f"fel: port {port} används redan; prova --port {port + 1}"
    assert not (tmp_path / "out").exists()  # nothing was built


def test_published_and_plain_builds_have_no_preview_script(sample_site, preview_site):
    for site in (sample_site, preview_site):
        for path in site.files(".html", ".js"):
            assert "__torget" not in path.read_text(encoding="utf-8"), path


def test_make_serve_takes_a_port():
    result = subprocess.run(["make", "-n", "serve", "PORT=8001"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "torget serve --port 8001" in result.stdout


# --- Browser: real behaviour ----------------------------------------------------------

PAGE_TYPES = {
    "start": "/",
    "thread": f"/{THREAD}",
    "old thread": "/posts/busskort-pa-sommarlovet/",
    "archived thread": f"/{ARCHIVED}",
    "locked thread": f"/{LOCKED}",
    "category": "/category/avfall-och-atervinning/",
    "type": "/type/suggestion/",
    "tags": "/tag/",
    "faq": "/faq/",
    "faq entry": "/faq/farligt-avfall/",
    "about": "/om-forumet/",
    "404": "/404.html",
    "search": "/search/?q=sopk%C3%A4rl%20h%C3%A4mtning",
    "search without results": "/search/?q=xyzzyqw",
}
SHIFTS = (
    "window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
    " if (!e.hadRecentInput) window.__shift += e.value }).observe({type: 'layout-shift', buffered: true});"
)


@pytest.fixture(scope="module")
def base_url(sample_site, serve):
    return serve(sample_site.root)


def _after_paint(page):
    """Two frames later, so shifts of the last change are recorded (bounded by
    Playwright's timeout: a hidden page may never run a frame)."""
    page.wait_for_function("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))")


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_cumulative_layout_shift_is_at_most_0_1(browser, base_url, name, width, height):
    """Every layout shift from first paint until the page (and, on the search
    page, its results) is complete, summed: an upper bound of CLS. On the
    search page the index and shards are held back until the page has been
    painted, so results always arrive on a page the reader already sees."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(SHIFTS)
    page = context.new_page()
    held, state = [], {"painted": False}

    def hold(route):
        if state["painted"]:
            route.continue_()
        else:
            held.append(route)

    page.route(re.compile(r"/search/.+\.(json|js)|/theme/vendor/"), hold)
    page.goto(base_url + PAGE_TYPES[name], wait_until="commit")
    page.wait_for_function("performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')")
    state["painted"] = True
    for route in held:
        route.continue_()
    page.wait_for_load_state("load")
    if name.startswith("search"):
        assert held, "the search page fetched nothing to hold back"
        page.wait_for_function("/träff/.test(document.getElementById('search-status').textContent)")
    _after_paint(page)
    shift = page.evaluate("window.__shift")
    context.close()
    assert shift <= 0.1


@pytest.mark.browser
def test_search_page_preloads_are_each_fetched_once(page, base_url):
    """search.js, lunr's scripts and the manifest are preloaded on the search
    page; the page must use those responses rather than fetch them again."""
    requested, messages = [], []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.on("console", lambda message: messages.append(message.text))
    page.goto(base_url + "/search/?q=sophämtning")
    page.wait_for_function("/träff/.test(document.getElementById('search-status').textContent)")
    page.wait_for_load_state("networkidle")
    preloaded = page.eval_on_selector_all("link[rel=preload]", "links => links.map(l => new URL(l.href).pathname)")
    assert len(preloaded) == 5 and {"/search/manifest.json", "/theme/js/search.js"} <= set(preloaded)
    for path in preloaded:
        assert requested.count(path) == 1, (path, requested)
    assert not [m for m in messages if "preload" in m]


@pytest.mark.browser
def test_reply_permalink_is_highlighted_when_targeted(page, base_url):
    page.goto(base_url + f"/{THREAD}")
    link = page.locator("#svar-3 .reply-permalink a")
    assert link.is_visible()
    before = page.eval_on_selector("#svar-3", "e => getComputedStyle(e).outlineStyle")
    link.click()
    page.wait_for_url(re.compile("#svar-3$"))
    assert page.url == base_url + f"/{THREAD}#svar-3"
    assert before == "none"
    assert page.eval_on_selector("#svar-3", "e => getComputedStyle(e).outlineStyle") == "solid"
    assert page.eval_on_selector("#svar-2", "e => getComputedStyle(e).outlineStyle") == "none"
    # the accepted answer is one click from the top
    page.goto(base_url + f"/{THREAD}")
    page.click(".jump-to-answer a")
    assert page.eval_on_selector(".reply-accepted", "e => e.matches(':target')")


@pytest.mark.browser
def test_thread_ask_link_carries_the_question(page, base_url):
    page.goto(base_url + f"/{THREAD}")
    box = page.locator("#fraga")
    assert box.is_visible() and "Hittade du inte svaret?" in box.inner_text()
    href = box.locator("a.ask-link").get_attribute("href")
    assert unquote(href).startswith("mailto:kontakt@ekbacka.se?subject=Fråga till kommunen: Jag har glömt lösenordet")
    # the menu link leads to the ask page, with the thread as the page asked from
    page.click(".main-nav a[href^='/fraga/']")
    page.wait_for_url(lambda url: url.endswith(f"/fraga/?fran=/{THREAD}"))


@pytest.mark.browser
def test_no_javascript_search_shows_the_help(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/search/?q=bygglov")
    assert page.locator("#search-help").is_visible()
    assert page.locator("#search-help a[href='/faq/']").is_visible()
    # the one ask box is visible, and "#fraga" lands on it
    assert page.locator(".ask-box").count() == 1
    page.goto(base_url + "/search/?q=bygglov#fraga")
    assert page.locator("#fraga").is_visible()
    assert _in_viewport(page, "#fraga")
    assert _mailto(page.get_attribute("#fraga a.ask-link", "href"))["to"] == "kontakt@ekbacka.se"
    context.close()


def _in_viewport(page, selector: str) -> bool:
    """Waits until the element's top is on screen (to the pixel: an anchor
    may be scrolled to a fraction above it); times out, failing, if not."""
    page.wait_for_function("""selector => { const r = document.querySelector(selector).getBoundingClientRect();
      return r.height > 0 && r.top > -1 && r.top < innerHeight; }""", arg=selector, timeout=5000)
    return True


@pytest.mark.browser
@pytest.mark.parametrize("query", ["xyzzyqw blorf", "sophämtning", ""])
def test_search_page_has_one_ask_box_carrying_the_query(page, base_url, query):
    """One ask box on the search page, with or without results (not one in
    the no-results help and another as the page's own): it carries the
    query, and the menu's #fraga resolves to it, visible."""
    page.goto(base_url + "/search/" + (f"?q={query}" if query else ""))
    page.wait_for_function("/träff|Skriv/.test(document.getElementById('search-status').textContent)")
    page.wait_for_selector("#fraga", state="visible")
    assert page.locator(".ask-box").count() == 1
    assert page.locator("a.ask-link").count() == 1
    assert page.locator("a[href^='mailto:'][href*='subject=']").count() == 1
    box = page.locator(".ask-box")
    assert box.get_attribute("id") == "fraga"
    fields = _mailto(box.locator("a.ask-link").get_attribute("href"))
    assert fields["to"] == "kontakt@ekbacka.se"
    assert fields["subject"] == f"Fråga till kommunen: {query}"
    assert page.locator("#search-help").is_visible() is (query == "xyzzyqw blorf")
    if query == "xyzzyqw blorf":  # the ask box comes first in the no-results help
        assert page.evaluate("""() => document.getElementById('fraga')
          .compareDocumentPosition(document.getElementById('search-help')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    # the menu's "Ställ en fråga" (the ask page) carries the query; "#fraga" lands on the box
    nav = page.get_attribute(".main-nav a[href^='/fraga/']", "href")
    assert nav == "/fraga/?q=" + quote(query, safe="") + "&fran=/search/"
    page.evaluate("location.hash = 'fraga'")
    assert page.evaluate("document.querySelector(':target') === document.querySelector('.ask-box')")
    assert _in_viewport(page, "#fraga")


SEARCH_JS = (ROOT / "theme/static/js/search.js").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.skipif("search-help" not in SEARCH_JS,
                    reason="CONTRACT TEST: passes once the search branch's search.js (which fills #search-help) is merged")
@pytest.mark.parametrize("query, shown", [("xyzzyqw blorf", True), ("sophämtning", False)])
def test_few_results_show_the_ask_link_with_the_query(page, base_url, query, shown):
    """Contract with search.js: fewer than 3 results unhide #search-help and
    fill every a[data-href-template] with the URL-encoded query."""
    page.goto(base_url + "/search/?q=" + query)
    page.wait_for_function("/träff/.test(document.getElementById('search-status').textContent)")
    count = page.locator(".search-result").count()
    assert (count < 3) is shown
    if shown:
        page.wait_for_selector("#search-help", state="visible")
        href = page.locator("#fraga a.ask-link[data-href-template]").get_attribute("href")
        assert f"Fråga till kommunen: {query}" in unquote(href)
    else:
        assert not page.locator("#search-help").is_visible()
