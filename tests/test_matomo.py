"""Search statistics with Matomo (TORGET_MATOMO_URL, TORGET_MATOMO_SITE_ID).

A configured forum reports each submitted search, and only those, as one
Matomo site-search hit (HTTP Tracking API, sent with sendBeacon); an
unconfigured one sends nothing anywhere. The Matomo here is a local
server on 127.0.0.1 that records what reaches it.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import CONFIG, build_into, load_settings
from torget.model import ContentError
from torget.settings.forum import ForumSettings

pytestmark = pytest.mark.browser


class _Tracker(http.server.BaseHTTPRequestHandler):
    hits: list[dict[str, list[str]]] = []

    def _record(self):
        parts = urlsplit(self.path)
        if parts.path == "/matomo/matomo.php":
            type(self).hits.append(parse_qs(parts.query))
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()

    do_GET = do_POST = _record

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def tracker():
    _Tracker.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tracker)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def tracked_url(tmp_path_factory, tracker, serve):
    site = build_into(tmp_path_factory.mktemp("matomo") / "output",
                      TORGET_MATOMO_URL=f"http://127.0.0.1:{tracker.server_port}/matomo",
                      TORGET_MATOMO_SITE_ID="7")
    assert site.result.ok, (site.result.problems, site.result.log_errors)
    return serve(site.root)


def wait_for_hits(count: int, limit: float = 30.0) -> list[dict]:
    deadline = time.monotonic() + limit
    while len(_Tracker.hits) < count:
        assert time.monotonic() < deadline, f"Matomo got {len(_Tracker.hits)} hits, expected {count}"
        time.sleep(0.05)
    return _Tracker.hits


def shown_count(page) -> int:
    page.wait_for_function("/träff/.test(document.getElementById('search-status').textContent)")
    status = page.locator("#search-status").inner_text()
    match = re.search(r"(\d+|Inga|1) träff", status)
    return 0 if match.group(1) == "Inga" else int(match.group(1))


def test_each_submitted_search_is_one_site_search_hit(page, tracked_url):
    _Tracker.hits.clear()
    page.goto(f"{tracked_url}/search/")
    page.type("#search-input", "sophämtning", delay=30)  # results as one types: not reported
    page.wait_for_function("location.search.includes('q=soph')")
    page.keyboard.press("Enter")
    first = shown_count(page)
    hit = wait_for_hits(1)[0]
    assert hit["idsite"] == ["7"] and hit["rec"] == ["1"]
    assert hit["search"] == ["sophämtning"] and hit["search_count"] == [str(first)]
    assert hit["url"][0].startswith(f"{tracked_url}/search/?q=")

    page.fill("#search-input", "")
    page.type("#search-input", "bygglv", delay=30)  # a typo, submitted
    page.keyboard.press("Enter")
    page.wait_for_function("decodeURIComponent(location.search) === '?q=bygglv'")
    wait_for_hits(2)
    # Typing a third query without submitting it reports nothing.
    page.fill("#search-input", "hemtjänst")
    page.wait_for_function("decodeURIComponent(location.search) === '?q=hemtjänst'")
    shown_count(page)
    page.wait_for_load_state("networkidle")
    assert [h["search"] for h in _Tracker.hits] == [["sophämtning"], ["bygglv"]]


def test_arriving_with_a_query_is_a_submitted_search(page, tracked_url):
    _Tracker.hits.clear()
    page.goto(f"{tracked_url}/search/?q=bibliotekskort")
    count = shown_count(page)
    hits = wait_for_hits(1)
    assert hits[0]["search"] == ["bibliotekskort"] and hits[0]["search_count"] == [str(count)]


def test_an_unconfigured_forum_sends_nothing_anywhere(page, sample_site, serve, tracker):
    manifest = json.loads((sample_site.root / "search" / "manifest.json").read_text(encoding="utf-8"))
    assert "analytics" not in manifest
    base = serve(sample_site.root)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _Tracker.hits.clear()
    page.goto(f"{base}/search/?q=sophämtning")
    shown_count(page)
    page.fill("#search-input", "bygglov")
    page.keyboard.press("Enter")
    page.wait_for_function("decodeURIComponent(location.search) === '?q=bygglov'")
    page.wait_for_load_state("networkidle")
    assert requests and all(url.startswith(base + "/") for url in requests), requests
    assert _Tracker.hits == []


@pytest.mark.parametrize(("url", "site_id", "message"), [  # in the sample forum's language
    ("https://matomo.ekbacka.se/", "", "TORGET_MATOMO_SITE_ID: ange TORGET_MATOMO_URL och TORGET_MATOMO_SITE_ID tillsammans"),
    ("", "3", "TORGET_MATOMO_URL: ange TORGET_MATOMO_URL och TORGET_MATOMO_SITE_ID tillsammans"),
    ("ftp://matomo.ekbacka.se/", "3", "TORGET_MATOMO_URL: ska vara http(s)-adressen"),
    ("https://matomo.ekbacka.se/", "tre", "TORGET_MATOMO_SITE_ID: ska vara Matomos webbplats-id"),
])
def test_bad_matomo_settings_are_reported(url, site_id, message):
    settings = load_settings(CONFIG) | {"TORGET_MATOMO_URL": url, "TORGET_MATOMO_SITE_ID": site_id}
    with pytest.raises(ContentError) as raised:
        ForumSettings.from_pelican(settings)
    assert any(message in str(problem) for problem in raised.value.problems)


def test_matomo_address_is_normalised():
    settings = load_settings(CONFIG) | {"TORGET_MATOMO_URL": "https://matomo.ekbacka.se/matomo.php",
                                        "TORGET_MATOMO_SITE_ID": 12}
    forum = ForumSettings.from_pelican(settings)
    assert (forum.matomo_url, forum.matomo_site_id) == ("https://matomo.ekbacka.se/", "12")
