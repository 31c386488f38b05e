"""Every page passes a strict Content-Security-Policy (docs/deploying.md).

The built sample forum is served with the headers of docs/deploying.md
(:class:`torget_dev.serving.DeployedHandler`: the policy, cache headers, and
``404.html`` for unknown paths, as the hosts there are set up to).
Chromium opens every kind of page and runs a search; a listener installed
before any of the page's own code counts ``securitypolicyviolation``
events, and the console is read for "Refused to …" messages as well.
"""

from __future__ import annotations

import functools
import re

import pytest

from torget_dev.serving import DeployedHandler

pytestmark = pytest.mark.browser

#: The policy of issue 14 and docs/deploying.md.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

PAGES = {
    "start": "/",
    "thread": "/posts/glomt-losenord-e-tjanster/",
    "archived thread": "/posts/nattparkering-vintern-2021/",
    "old thread": "/posts/busskort-pa-sommarlovet/",
    "faq entry": "/faq/farligt-avfall/",
    "faq page": "/faq/",
    "category": "/category/avfall-och-atervinning/",
    "categories": "/category/",
    "tag": "/tag/losenord/",
    "tags": "/tag/",
    "type": "/type/suggestion/",
    "page": "/om-forumet/",
    "search": "/search/",
    "ask": "/fraga/",
    "statistics": "/statistik/",
    "accessibility statement": "/tillganglighetsredogorelse/",
    "404": "/finns-inte/",
}

#: Installed before any script of the page runs.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || ""}:${event.lineNumber} (${(event.sample || "").slice(0, 60)})`);
});
"""


@pytest.fixture(scope="session")
def serve_with_csp(serve):
    """``serve_with_csp(folder)`` → base URL of a server with the headers of
    docs/deploying.md (:class:`torget_dev.serving.DeployedHandler`), whose
    policy must be :data:`POLICY`."""
    return functools.partial(serve, handler_class=DeployedHandler)


class Watch:
    """A page that records policy violations, from events and the console."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text)
                     if "Content Security Policy" in message.text else None)

    def violations(self) -> list[str]:
        # A violation event is queued as a task: let queued tasks run first.
        self.page.evaluate("() => new Promise(done => setTimeout(done, 0))")
        return self.page.evaluate("() => window.__violations") + self.console

    def close(self):
        self.context.close()


@pytest.fixture
def watch(browser):
    watcher = Watch(browser)
    yield watcher
    watcher.close()


@pytest.fixture(scope="module")
def csp_url(sample_site, serve_with_csp):
    return serve_with_csp(sample_site.root)


def test_the_server_sends_the_policy(csp_url, watch):
    response = watch.page.goto(csp_url + "/")
    assert response.headers["content-security-policy"] == POLICY
    assert watch.page.goto(csp_url + "/finns-inte/").status == 404


def test_the_listener_sees_what_the_policy_blocks(tmp_path, serve_with_csp, watch):
    """The harness can fail: inline style, inline script and a foreign image are caught."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="sv"><title>t</title><p style="color:red">x</p>'
        "<script>window.ran = 1</script><img src=\"http://192.0.2.1/x.png\" alt=\"\">",
        encoding="utf-8",
    )
    watch.page.goto(serve_with_csp(tmp_path) + "/")
    watch.page.wait_for_function("() => window.__violations.length >= 3")
    found = watch.violations()
    assert any("style-src" in v for v in found) and any("script-src" in v for v in found)
    assert any("img-src" in v for v in found)
    assert watch.page.evaluate("() => window.ran") is None


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", PAGES)
def test_no_page_violates_the_policy(browser, csp_url, sample_site, name, width):
    path = PAGES[name]
    if name != "404":
        assert (sample_site.root / path.strip("/") / "index.html").is_file(), f"{path} was not built"
    watcher = Watch(browser, viewport={"width": width, "height": 900})
    try:
        page = watcher.page
        page.goto(csp_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        assert page.locator("main").count() == 1  # the page itself, styled and whole
        assert page.evaluate("() => getComputedStyle(document.body).fontFamily") != "Times New Roman"
        for summary in page.locator("main details > summary").all()[:3]:
            summary.click()  # FAQ answers: opened content
        assert watcher.violations() == []
    finally:
        watcher.close()


def test_search_with_results_violates_nothing(csp_url, watch):
    page = watch.page
    page.goto(csp_url + "/search/")
    page.fill("#search-input", "lösenord")
    page.wait_for_function("() => document.getElementById('search-status').textContent.match(/träff/i)")
    assert page.locator(".search-result").count() > 0
    assert page.locator(".search-result mark").count() > 0  # highlighted snippets
    page.keyboard.press("Enter")
    page.wait_for_function("() => decodeURIComponent(location.search) === '?q=lösenord'")
    page.goto(csp_url + "/search/?q=bygglov")  # a shared link to results
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 0")
    assert watch.violations() == []


def test_search_from_the_header_violates_nothing(csp_url, watch):
    """Typing in the site header's search field loads the index and shows results."""
    page = watch.page
    page.goto(csp_url + "/posts/glomt-losenord-e-tjanster/")
    field = page.locator("header input[type=search], #site-search-input, form[role=search] input").first
    field.fill("sophämtning")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 0")
    assert watch.violations() == []


def test_the_ask_pages_suggestions_and_personal_data_warning_violate_nothing(csp_url, watch):
    """The ask page loads the editor's checks (libphonenumber-js, torget-checks.js, checks.json) on input."""
    page = watch.page
    page.goto(csp_url + "/fraga/")
    page.type("#ask-title", "glömt lösenordet", delay=20)
    page.wait_for_function("() => document.querySelectorAll('#ask-results a').length > 0")
    page.fill("#ask-question", "Ring mig på 070-123 45 67, personnummer 811218-9876")
    page.wait_for_selector("#ask-warning", state="visible")
    assert page.evaluate("() => typeof window.TorgetChecks.create === 'function' && !!window.libphonenumber")
    assert watch.violations() == []


def test_the_built_html_has_no_inline_style_or_script(sample_site):
    """What the browser test proves page by page, for every file of the build."""
    from bs4 import BeautifulSoup

    found = []
    pages = sample_site.files(".html")
    assert len(pages) > 50
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(sample_site.root)
        found += [f"{where}: style= on <{t.name}>" for t in soup.find_all(style=True)]
        found += [f"{where}: <style>" for t in soup.find_all("style")]
        found += [f"{where}: {a} on <{t.name}>" for t in soup.find_all(True) for a in t.attrs if a.startswith("on")]
        found += [f"{where}: inline <script>" for t in soup.find_all("script")
                  if not t.get("src") and t.get("type") != "application/ld+json"]
        found += [f"{where}: javascript: URL" for t in soup.find_all(href=re.compile(r"^\s*javascript:", re.I))]
    assert found == [], "\n".join(found)
