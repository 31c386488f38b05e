"""torget import kundo --api: a local server on 127.0.0.1 plays Kundo's public API.

The server serves the fixture export in tests/data/kundo under the API's
paths (``/api/properties/<slug>.json``, ``/api/<slug>.json?start=N``,
``/api/comment/<slug>/<id>.json?start=N``) and can be told to misbehave
on given requests: hang until the client gives up and asks again, answer
500, 503 or 429 (with ``Retry-After``), cut a response short, or send
broken JSON. Every wait in the client is bounded; the tests wait for
conditions (a second request), never for fixed times.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from torget.importers.kundo import import_kundo
from torget.importers.kundo_api import PAGE_SIZE, Client, FetchError, download
from torget_cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "kundo"
CONFIG = ROOT / "pelicanconf.py"
SLUG = "sjovik"


class KundoServer:
    """Kundo's API for the fixture forum, with faults on request."""

    def __init__(self, pages: dict[int, bytes] | None = None, comments: dict[str, list[bytes]] | None = None):
        self.properties = (FIXTURE / "properties.json").read_bytes()
        self.pages = pages if pages is not None else {
            0: (FIXTURE / "dialogs" / "page-1.json").read_bytes(),
            PAGE_SIZE: (FIXTURE / "dialogs" / "page-2.json").read_bytes(),
        }
        self.comments = comments if comments is not None else {
            p.stem: [p.read_bytes()] for p in (FIXTURE / "comments").glob("*.json")
        }
        #: request target → faults still to play, in order.
        self.faults: dict[str, list[str]] = defaultdict(list)
        self.log: list[str] = []
        self.hits: dict[str, int] = defaultdict(int)
        self.retried = threading.Condition()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server.serve(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # a client that gave up: not an error
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def body(self, path: str, query: dict) -> bytes | None:
        start = int(query.get("start", ["0"])[0])
        if path == f"/api/properties/{SLUG}.json":
            return self.properties
        if path == f"/api/{SLUG}.json":
            return self.pages.get(start, b"[]")
        prefix = f"/api/comment/{SLUG}/"
        if path.startswith(prefix) and path.endswith(".json"):
            pages = self.comments.get(path[len(prefix):-5])
            if pages is None:
                return None
            return pages[start // PAGE_SIZE] if start // PAGE_SIZE < len(pages) else b"[]"
        return None

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        with self.retried:
            self.log.append(handler.path)
            self.hits[handler.path] += 1
            self.retried.notify_all()
            fault = self.faults[handler.path].pop(0) if self.faults[handler.path] else ""
        parts = urllib.parse.urlsplit(handler.path)
        body = self.body(parts.path, urllib.parse.parse_qs(parts.query))
        if fault == "slow":  # answer only once the client has given up and asked again
            with self.retried:
                seen = self.hits[handler.path]
                self.retried.wait_for(lambda: self.hits[handler.path] > seen, timeout=10)
        elif fault in ("500", "503", "429"):
            handler.send_response(int(fault))
            if fault != "500":
                handler.send_header("Retry-After", "0")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        elif fault.startswith("retry-after="):
            handler.send_response(503)
            handler.send_header("Retry-After", fault.split("=", 1)[1])
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if body is None:
            handler.send_error(404, "Not Found")
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        if fault == "truncated":  # promises the whole body, sends half and hangs up
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return
        if fault == "trickle":  # a byte at a time, until the client gives up and asks again
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            with self.retried:
                seen = self.hits[handler.path]
            for byte in body:
                with self.retried:
                    if self.retried.wait_for(lambda: self.hits[handler.path] > seen, timeout=0.05):
                        return
                try:
                    handler.wfile.write(bytes([byte]))
                    handler.wfile.flush()
                except OSError:
                    return
            return
        if fault == "broken-json":  # a complete response whose JSON is cut
            body = body[: len(body) // 2]
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


@pytest.fixture
def kundo_server():
    with KundoServer() as server:
        yield server


def run_cli(server: KundoServer, folder: Path, content: Path, *extra: str):
    args = ["import", "kundo", "--config", str(CONFIG), "--content", str(content), "--api", SLUG,
            "--base", server.base, "--timeout", "0.5", "--backoff", "0", "--pause", "0", *extra, str(folder)]
    return CliRunner().invoke(main, args, catch_exceptions=False)


def saved_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def thread_files(content: Path) -> dict[str, bytes]:
    files = {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*.md"))}
    assert files
    return files


def test_the_whole_forum_is_downloaded_recovering_from_faults_and_imported(kundo_server, tmp_path):
    server = kundo_server
    page_2 = f"/api/{SLUG}.json?start={PAGE_SIZE}"
    server.faults[f"/api/properties/{SLUG}.json"] = ["500"]
    server.faults[page_2] = ["slow"]
    server.faults[f"/api/comment/{SLUG}/48312.json?start=0"] = ["truncated"]
    server.faults[f"/api/comment/{SLUG}/48309.json?start=0"] = ["broken-json", "429"]
    folder, content = tmp_path / "kundo-sjovik", tmp_path / "content"

    result = run_cli(server, folder, content)

    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output  # the fixture has broken dialogs on purpose
    assert "Hämtade 57 dialoger" in result.output  # in the sample forum's language
    for url, what in [(f"/api/properties/{SLUG}.json", "HTTP 500"), (page_2, "inget svar inom 0.5 s"),
                      (f"/api/comment/{SLUG}/48312.json?start=0", "bröts av"),
                      (f"/api/comment/{SLUG}/48309.json?start=0", "inte giltig JSON"),
                      (f"/api/comment/{SLUG}/48309.json?start=0", "HTTP 429")]:
        assert any(line.startswith(server.base + url + ": varning: ") and what in line
                   for line in result.output.splitlines()), what
    # Every response saved as it came, in the export layout: the public record.
    saved = saved_files(folder)
    fixture = {name: data for name, data in saved_files(FIXTURE).items() if name != "comments/47001.json"}
    assert saved == fixture
    # Importing the download gives the same threads as importing the fixture folder.
    direct = tmp_path / "direct"
    import_kundo(FIXTURE, direct)
    assert thread_files(content) == thread_files(direct)
    assert "Import till" in result.output and "53 importerade" in result.output


def test_a_second_run_fetches_nothing_that_was_saved(kundo_server, tmp_path):
    server = kundo_server
    folder, content = tmp_path / "kundo-sjovik", tmp_path / "content"
    # The server fails for good on page 2: the download stops, keeping what it saved.
    server.faults[f"/api/{SLUG}.json?start={PAGE_SIZE}"] = ["503"] * 3
    first = run_cli(server, folder, content, "--retries", "2")
    assert first.exit_code == 1 and "Traceback" not in first.output
    assert f"{server.base}/api/{SLUG}.json?start={PAGE_SIZE}: fel: gav upp efter 3 försök: HTTP 503" in first.output
    assert "kör samma kommando igen för att fortsätta" in first.output
    assert sorted(saved_files(folder)) == ["dialogs/page-1.json", "properties.json"]
    assert not list(content.rglob("*.md"))  # nothing imported from half a download

    server.log.clear()
    second = run_cli(server, folder, content)
    assert "Traceback" not in second.output and "Hämtade 57 dialoger" in second.output
    assert f"/api/properties/{SLUG}.json" not in server.log
    assert f"/api/{SLUG}.json?start=0" not in server.log
    assert server.log[0] == f"/api/{SLUG}.json?start={PAGE_SIZE}"
    comments = [p for p in server.log if p.startswith("/api/comment/")]
    assert len(comments) == len(set(comments)) == 45
    thread_files(content)

    server.log.clear()
    third = run_cli(server, folder, content)
    assert server.log == [] and "0 svar hämtade, 48 redan sparade" in third.output
    assert "0 importerade" in third.output and "53 oförändrade" in third.output


def test_a_4xx_names_the_url_and_is_not_retried(kundo_server, tmp_path):
    server = kundo_server
    # The forum does not exist: 404.
    server.body = lambda path, query, body=server.body: None if "properties" in path else body(path, query)
    result = run_cli(server, tmp_path / "dl", tmp_path / "content")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{server.base}/api/properties/{SLUG}.json: fel: HTTP 404 Not Found" in result.output
    assert server.log == [f"/api/properties/{SLUG}.json"]


def test_a_missing_comments_file_is_reported_and_the_rest_imported(kundo_server, tmp_path):
    server = kundo_server
    del server.comments["48312"]
    content = tmp_path / "content"
    result = run_cli(server, tmp_path / "dl", content)
    assert "Traceback" not in result.output and result.exit_code == 1
    assert (f"{server.base}/api/comment/{SLUG}/48312.json?start=0: fel: HTTP 404 Not Found; de här kommentarerna "
            "importeras inte") in result.output
    assert "comments/48312.json saknas" in result.output
    assert len(thread_files(content)) == 53


def test_comments_are_fetched_fifty_at_a_time_until_a_short_page(tmp_path):
    comments = json.loads((FIXTURE / "comments" / "48312.json").read_text(encoding="utf-8"))
    many = [dict(comments[0], text=f"<p>Svar {n}</p>", pub_date=f"2025-03-{12 + n // 24:02d}T{n % 24:02d}:00:00")
            for n in range(120)]
    pages = [json.dumps(many[i:i + PAGE_SIZE], ensure_ascii=False).encode() for i in range(0, 120, PAGE_SIZE)]
    dialogs = json.loads((FIXTURE / "dialogs" / "page-1.json").read_text(encoding="utf-8"))[:1]
    dialogs[0]["num_comments"] = 120
    with KundoServer(pages={0: json.dumps(dialogs).encode()}, comments={"48312": pages}) as server:
        result = run_cli(server, tmp_path / "dl", tmp_path / "content")
        assert result.exit_code == 0, result.output
        assert [p for p in server.log if "comment" in p] == [
            f"/api/comment/{SLUG}/48312.json?start={start}" for start in (0, 50, 100)]
    assert sorted(saved_files(tmp_path / "dl")) == [
        "comments/48312-page-2.json", "comments/48312-page-3.json", "comments/48312.json", "dialogs/page-1.json",
        "properties.json"]
    [thread] = (tmp_path / "content").rglob("*.md")
    text = thread.read_text(encoding="utf-8")
    assert text.count("--- reply ---") == 120
    assert text.index("Svar 0") < text.index("Svar 50") < text.index("Svar 119")


def test_retry_after_is_honoured_and_a_long_one_is_an_error(tmp_path):
    waits: list[float] = []
    with KundoServer() as server:
        server.faults[f"/api/properties/{SLUG}.json"] = ["retry-after=7", "retry-after=3600"]
        client = Client(timeout=2, retries=3, backoff=0.5, pause=0, sleep=waits.append)
        with pytest.raises(FetchError) as caught:
            download(SLUG, tmp_path / "dl", base=server.base, client=client)
    assert waits == [7.0]
    assert caught.value.url == f"{server.base}/api/properties/{SLUG}.json"
    assert "Retry-After" in caught.value.message and "try again later" in caught.value.message


def test_backoff_doubles_and_every_loop_is_bounded(tmp_path):
    waits: list[float] = []
    with KundoServer() as server:
        server.faults[f"/api/properties/{SLUG}.json"] = ["500"] * 10
        client = Client(timeout=2, retries=4, backoff=1, pause=0, sleep=waits.append)
        with pytest.raises(FetchError, match="gave up after 5 tries: HTTP 500"):
            download(SLUG, tmp_path / "dl", base=server.base, client=client)
    assert waits == [1, 2, 4, 8]
    # A server that ignores start= and always sends the first page: stopped, not an endless loop.
    page = (FIXTURE / "dialogs" / "page-1.json").read_bytes()
    with KundoServer(pages=defaultdict(lambda: page)) as server:
        server.body = lambda path, query, body=server.body: page if path == f"/api/{SLUG}.json" else body(path, query)
        with pytest.raises(FetchError, match="does not page with start="):
            download(SLUG, tmp_path / "dl2", base=server.base, client=Client(pause=0, sleep=waits.append))
        assert len([p for p in server.log if p.startswith(f"/api/{SLUG}.json")]) == 2


def test_command_line_mistakes_are_plain_errors(tmp_path):
    runner = CliRunner()
    base = ["import", "kundo", "--config", str(CONFIG), "--content", str(tmp_path / "c")]
    for args, message in [
        (["--api", "../etc"], "a forum slug is letters, digits"),
        (["--api", "sjovik", "--base", "ftp://kundo.se"], "must be an http:// or https:// address"),
        ([], "give the export folder (SOURCE), or --api SLUG"),
        (["--timeout", "3", str(FIXTURE)], "--timeout is only used with --api SLUG"),
        (["--api", "sjovik", "--timeout", "0"], "Invalid value for '--timeout'"),
    ]:
        result = runner.invoke(main, base + args, catch_exceptions=False)
        assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output, result.output
    assert not (tmp_path / "c").exists()


def test_a_trickling_response_times_out_and_a_huge_one_is_refused(tmp_path, monkeypatch):
    with KundoServer() as server:
        server.faults[f"/api/properties/{SLUG}.json"] = ["trickle"]
        client = Client(timeout=0.3, retries=2, backoff=0, pause=0)
        done = download(SLUG, tmp_path / "dl", base=server.base, client=client)
        assert done.dialogs == 57
        # Each byte came within the time-out, the whole body did not come within ten.
        assert client.retried[0] == (f"{server.base}/api/properties/{SLUG}.json", "no answer within 0.3 s")
        assert server.hits[f"/api/properties/{SLUG}.json"] == 2
        monkeypatch.setattr("torget.importers.kundo_api.MAX_RESPONSE", 1000)
        with pytest.raises(FetchError, match="the response is larger than 0 MB"):
            download(SLUG, tmp_path / "dl2", base=server.base, client=Client(pause=0))
