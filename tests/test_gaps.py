"""``torget gaps``: the content-gap report from Matomo's Reporting API.

The Matomo here is a local server on 127.0.0.1 that answers like Matomo's
documented Reporting API (``index.php?module=API&method=…&format=JSON``):
report rows with ``label`` and metrics, ``Events.getCategory`` with its
``eventAction`` rows as ``subtable`` (``expanded=1``), and its error
answer ``{"result": "error", "message": …}``. Every fault gives one clear
line and an exit code, never a traceback.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import CONFIG, ROOT
from torget.followup.gaps import build_report
from torget.followup.matomo import MatomoError, Period, report
from torget_cli import main

TOKEN = "0123456789abcdef0123456789abcdef"

KEYWORDS = [
    {"label": "bygglov", "nb_visits": 9, "nb_hits": 12, "sum_time_spent": 300, "exit_nb_visits": 1, "exit_rate": "11%"},
    {"label": "sophämtning", "nb_visits": 5, "nb_hits": 6, "exit_nb_visits": 0, "exit_rate": "0%"},
    {"label": "parkeringstillstånd", "nb_visits": 4, "nb_hits": 4, "exit_nb_visits": 2, "exit_rate": "50%"},
    {"label": "blomsterlåda", "nb_visits": 3, "nb_hits": 3, "exit_nb_visits": 3, "exit_rate": "100%"},
]
NO_RESULTS = [
    {"label": "blomsterlåda", "nb_visits": 3, "nb_hits": 3, "exit_nb_visits": 3, "exit_rate": "100%"},
]


def _event(label, n, subtable):
    return {"label": label, "nb_uniq_visitors": n, "nb_visits": n, "nb_events": n, "nb_events_with_value": 0,
            "sum_event_value": 0, "min_event_value": 0, "max_event_value": 0, "avg_event_value": 0,
            "idsubdatatable": len(label), "subtable": [{"label": a, "nb_visits": c, "nb_events": c} for a, c in subtable]}


EVENTS = [
    _event("search-click", 9, [("bygglov", 7), ("Sophämtning", 2)]),
    _event("helpful-no", 4, [("/posts/glomt-losenord-e-tjanster/", 3), ("/faq/farligt-avfall/", 1)]),
    _event("helpful-yes", 6, [("/posts/glomt-losenord-e-tjanster/", 5), ("/faq/logga-in-pa-mina-sidor/", 1)]),
    _event("ask", 5, [("/search/", 3), ("/posts/glomt-losenord-e-tjanster/", 2)]),
    _event("ask-after-search", 3, [("parkeringstillstånd", 2), ("blomsterlåda", 1)]),
]
ANSWERS = {
    "Actions.getSiteSearchKeywords": KEYWORDS,
    "Actions.getSiteSearchNoResultKeywords": NO_RESULTS,
    "Events.getCategory": EVENTS,
}


class _Matomo(http.server.BaseHTTPRequestHandler):
    mode = "ok"
    requests: list[dict] = []

    def do_POST(self):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        body = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        type(self).requests.append({"path": parts.path, "query": query, "body": body})
        mode = type(self).mode
        if mode == "slow":
            time.sleep(2)
        if body.get("token_auth") != [TOKEN] or mode == "token":
            return self._answer(200, {"result": "error", "message":
                                      "You can't access this resource as it requires 'view' access for the website id = 7."})
        if mode == "error":
            return self._answer(200, {"result": "error", "message": "Method 'getSiteSearchKeywords' does not exist"})
        if mode == "http500":
            return self._answer(500, "<html><body>Internal Server Error</body></html>")
        if mode == "malformed":
            return self._answer(200, "<!DOCTYPE html><html><body>Matomo › Sign in</body></html>")
        if mode == "shape":
            return self._answer(200, {"value": 3})
        self._answer(200, ANSWERS[query["method"][0]])

    def _answer(self, status, data):
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.end_headers()
        try:
            self.wfile.write(text.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the slow answer: the client gave up waiting

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def matomo():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Matomo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/matomo/"
    server.shutdown()


@pytest.fixture
def config(tmp_path, matomo):
    _Matomo.mode = "ok"
    _Matomo.requests = []
    path = tmp_path / "gapsconf.py"
    text = CONFIG.read_text(encoding="utf-8").replace('PATH = "content"', f'PATH = "{ROOT / "content"}"')
    path.write_text(text + f'\nTORGET_MATOMO_URL = "{matomo}"\nTORGET_MATOMO_SITE_ID = "7"\n', encoding="utf-8")
    return path


def run(config, tmp_path, *args, token=TOKEN):
    env = {"TORGET_MATOMO_TOKEN": token} if token is not None else {"TORGET_MATOMO_TOKEN": ""}
    return CliRunner().invoke(main, ["gaps", "--config", str(config), "--output", str(tmp_path / "out"),
                                     "--from", "2026-11-01", "--to", "2026-11-30", *args], env=env)


def test_the_report_from_the_reporting_api(config, tmp_path):
    result = run(config, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Rapporten är sparad" in result.output
    # what was asked: each method for the period, as JSON, the token in the body only
    methods = [r["query"]["method"][0] for r in _Matomo.requests]
    assert methods == ["Actions.getSiteSearchKeywords", "Actions.getSiteSearchNoResultKeywords", "Events.getCategory"]
    for request in _Matomo.requests:
        assert request["path"] == "/matomo/index.php"
        q = request["query"]
        assert (q["module"], q["idSite"], q["format"], q["period"], q["date"]) == (
            ["API"], ["7"], ["JSON"], ["range"], ["2026-11-01,2026-11-30"])
        assert "token_auth" not in q and request["body"]["token_auth"] == [TOKEN]
    assert _Matomo.requests[2]["query"]["secondaryDimension"] == ["eventAction"]

    assert (tmp_path / "out/.gitignore").read_text() == "*\n"  # search terms never reach a commit
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out/gaps.csv").read_text(encoding="utf-8"))))
    by = lambda section: [(r["label"], int(r["count"])) for r in rows if r["section"] == section]  # noqa: E731
    assert by("no_results") == [("blomsterlåda", 3)]
    # searches with results and no click: not bygglov nor sophämtning (clicked, any case)
    assert by("no_click") == [("parkeringstillstånd", 4)]
    assert by("unhelpful") == [("/posts/glomt-losenord-e-tjanster/", 3), ("/faq/farligt-avfall/", 1)]
    assert [r["yes_votes"] for r in rows if r["section"] == "unhelpful"] == ["5", "0"]
    assert by("asked_from") == [("/search/", 3), ("/posts/glomt-losenord-e-tjanster/", 2)]
    assert by("asked_after_search") == [("parkeringstillstånd", 2), ("blomsterlåda", 1)]
    # 22 searches with results (12 + 6 + 4); clicked: min(12, 7) + min(6, 2) = 9
    assert by("searches_with_results") == [("", 22)] and by("searches_clicked") == [("", 9)]

    page = BeautifulSoup((tmp_path / "out/gaps.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("h1").get_text() == "Innehållsluckor"
    assert "40,9 %" in page.get_text() and "9 av 22" in page.get_text()
    unhelpful = page.find(id="unhelpful").find_parent("section")
    link = unhelpful.find("a")
    assert link["href"] == "https://forum.ekbacka.se/posts/glomt-losenord-e-tjanster/"
    assert link.get_text().startswith("Jag har glömt lösenordet till e-tjänsterna")  # the title, then the path
    assert link.select_one(".path").get_text() == "/posts/glomt-losenord-e-tjanster/"
    assert page.find("link", rel="stylesheet")["href"] == "gaps.css" and (tmp_path / "out/gaps.css").is_file()
    assert [td.get_text() for td in link.find_parent("tr").find_all("td")] == ["3", "5"]
    assert not page.find("script") and not page.find(style=True) and not page.find("style")


@pytest.mark.parametrize(("mode", "expected"), [
    ("token", "Matomo godtog inte token i TORGET_MATOMO_TOKEN: You can't access this resource"),
    ("error", "Matomo svarade med ett fel: Method 'getSiteSearchKeywords' does not exist"),
    ("http500", "svarade med ett fel (HTTP 500)"),
    ("malformed", "Matomos svar gick inte att läsa som en rapport"),
    ("shape", "Matomos svar gick inte att läsa som en rapport"),
    ("slow", "svarade inte i tid"),
])
def test_each_fault_is_one_clear_message(config, tmp_path, mode, expected):
    _Matomo.mode = mode
    result = run(config, tmp_path, "--timeout", "0.5")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("fel: ") and expected in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_goal_on_the_click_share_is_followed_up(config, tmp_path):
    """A TORGET_CHANNEL goal may name search_click_percent: the report
    compares it; the statistics page, built without Matomo, shows no value."""
    goal = ('{"metric": "Andel sökningar som leder till ett klick", "target": 60, '
            '"statistic": "search_click_percent"}')
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"quantitative_goals": [', '"quantitative_goals": [' + goal + ", ", 1),
                      encoding="utf-8")
    result = run(config, tmp_path)
    assert result.exit_code == 0, result.output
    page = BeautifulSoup((tmp_path / "out/gaps.html").read_text(encoding="utf-8"), "html.parser")
    row = page.find(id="goals").find_parent("section").find("tbody").find("tr")
    assert [c.get_text() for c in row.find_all(["th", "td"])] == [
        "Andel sökningar som leder till ett klick", "minst 60 %", "40,9 %", "Inte uppnått"]
    assert "goal,Andel sökningar som leder till ett klick,40.9," in (tmp_path / "out/gaps.csv").read_text(encoding="utf-8")


def test_a_wrong_token_is_reported(config, tmp_path):
    result = run(config, tmp_path, token="fel")
    assert result.exit_code == 1 and "godtog inte token" in result.output


def test_a_network_error_is_one_message(tmp_path):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = tmp_path / "gapsconf.py"
    text = CONFIG.read_text(encoding="utf-8").replace('PATH = "content"', f'PATH = "{ROOT / "content"}"')
    path.write_text(text + f'\nTORGET_MATOMO_URL = "http://127.0.0.1:{port}/"\nTORGET_MATOMO_SITE_ID = "7"\n')
    result = run(path, tmp_path)
    assert result.exit_code == 1 and result.output.startswith(f"fel: Kunde inte nå Matomo på http://127.0.0.1:{port}/")
    assert "Traceback" not in result.output


def test_without_settings_or_token_nothing_is_asked(config, tmp_path):
    result = run(config, tmp_path, token=None)
    assert result.exit_code == 2 and "TORGET_MATOMO_TOKEN saknas" in result.output
    result = CliRunner().invoke(main, ["gaps", "--config", str(CONFIG), "--output", str(tmp_path / "out")],
                                env={"TORGET_MATOMO_TOKEN": TOKEN})
    assert result.exit_code == 2 and "TORGET_MATOMO_URL och TORGET_MATOMO_SITE_ID är inte satta" in result.output
    assert _Matomo.requests == []


def test_bad_counts_are_malformed():
    with pytest.raises(MatomoError) as raised:
        build_report(Period("2026-11-01", "2026-11-30"), [{"label": "x", "nb_hits": "många"}], [], [])
    assert raised.value.code == "malformed"


def test_the_token_comes_only_from_the_environment():
    """No setting, no file: the schema has no token setting."""
    from torget.settings.schema import BY_NAME

    assert not [name for name in BY_NAME if "TOKEN" in name]
    assert report.__module__ == "torget.followup.matomo"


def test_the_statistics_page_shows_such_a_goal_without_a_value(build):
    from conftest import load_settings

    channel = dict(load_settings(CONFIG)["TORGET_CHANNEL"])
    channel["quantitative_goals"] = [{"metric": "Andel sökningar som leder till ett klick", "target": 60,
                                      "statistic": "search_click_percent"}]
    site = build(TORGET_CHANNEL=channel)
    assert site.result.ok, site.result.problems[:3]
    row = next(tr for tr in site.html("statistik/").select("tr") if "leder till ett klick" in tr.get_text())
    assert [td.get_text(strip=True) for td in row.find_all("td")][:2] == ["minst 60 %", "–"]
