"""Screenshots of the editor at /admin/ for docs/editing.md.

Builds the sample forum from a copy of content/ into a temporary folder,
runs decap-server on that copy, and takes the editor's path in headless
Chromium (/usr/bin/chromium), writing docs/screenshots/cms-*.png:

    .venv/bin/python tools/cms/screenshots.py

Nothing in the project's content/ changes.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from torget.build.run import build_site, load_settings  # noqa: E402
from torget_cli.cms import install  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

    def log_message(self, *args):
        pass


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    server = install()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        shutil.copytree(ROOT / "content", repo / "content")
        port = _port()
        api = f"http://127.0.0.1:{port}/api/v1"
        env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
               "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "error"}
        backend = subprocess.Popen(["node", str(server)], env=env, cwd=repo)
        try:
            while socket.socket().connect_ex(("127.0.0.1", port)):
                time.sleep(0.1)
            settings = load_settings(ROOT / "pelicanconf.py", repo / "content", repo / "output", date(2026, 11, 20))
            settings["CACHE_PATH"] = str(repo / ".cache")
            settings["TORGET_CMS"] = {"local_backend": api}
            assert build_site(settings).ok
            web = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                  functools.partial(_Quiet, directory=str(repo / "output")))
            threading.Thread(target=web.serve_forever, daemon=True).start()
            shoot(f"http://127.0.0.1:{web.server_port}")
            web.shutdown()
        finally:
            backend.terminate()
            backend.wait()


def _login(browser, base: str, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height}, locale="sv-SE")
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Logga in").wait_for()
    return page


def _new_thread(page, base: str) -> None:
    """A new thread filled in as an editor would, the publish menu open."""
    page.goto(f"{base}/admin/#/collections/threads/new")
    page.get_by_label("Rubrik").fill("Locket på soptunnan har gått sönder")
    page.locator("[id^=type-field]").fill("Problem")
    page.keyboard.press("Enter")
    page.locator("[id^=category-field]").fill("Avfall och")
    page.keyboard.press("Enter")
    page.get_by_label("Taggar").fill("soptunna, lock")
    page.get_by_label("Namn på den som frågar").fill("Karin")
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Locket lossnade när tunnan tömdes i morse. Vart vänder jag mig?")
    page.get_by_role("button", name="Publicera").first.click()
    page.get_by_text("Publicera nu").wait_for()


def shoot(base: str) -> None:
    thread = "Vem kan få färdtjänst och hur lång tid tar det?"
    with sync_playwright() as playwright:
        # --lang: the date picker in Swedish (ÅÅÅÅ-MM-DD TT:MM), as on a Swedish computer
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--lang=sv-SE"])
        for width, height, suffix in ((1280, 800, ""), (390, 844, "-390")):
            page = _login(browser, base, width, height)
            page.screenshot(path=OUT / f"cms-login{suffix}.png")
            page.get_by_role("button", name="Logga in").click()
            page.get_by_text(thread + " (").wait_for()
            page.screenshot(path=OUT / f"cms-threads{suffix}.png")
            page.get_by_text(thread + " (").click()
            expect(page.get_by_label("Rubrik")).to_have_value(thread)
            page.get_by_role("link", name="Visa på webbplatsen").wait_for()
            page.screenshot(path=OUT / f"cms-edit{suffix}.png")
            if not suffix:
                page.get_by_text("Svar (frivillig)", exact=True).scroll_into_view_if_needed()
                page.screenshot(path=OUT / "cms-replies.png")
            _new_thread(page, base)
            page.screenshot(path=OUT / f"cms-new{suffix}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
