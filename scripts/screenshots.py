"""Take the README's screenshots of a built site in headless Chromium.

Usage: python scripts/screenshots.py [OUTPUT_DIR] [DEST_DIR]
Serves OUTPUT_DIR (default output/) on a free localhost port and writes PNG
files to DEST_DIR (default docs/screenshots/).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "start": "/",
    "thread": "/posts/glomt-losenord-e-tjanster/",
    "old-thread": "/posts/busskort-pa-sommarlovet/",
    "archived": "/posts/nattparkering-vintern-2021/",
    "faq": "/faq/",
    "category": "/category/avfall-och-atervinning/",
    "search": "/search/?q=sopk%C3%A4rl%20h%C3%A4mtning",
    # a search that finds nothing: the way to ask, the FAQ and the categories
    "search-empty": "/search/?q=parkeringstillst%C3%A5nd%20husbil",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    dest = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    dest.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width, suffix in ((1280, ""), (390, "-mobile")):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in PAGES.items():
                page.goto(base + path)
                if name == "search":
                    page.wait_for_selector(".search-result")
                elif name == "search-empty":
                    page.wait_for_function("/träff/.test(document.getElementById('search-status').textContent)")
                page.screenshot(path=str(dest / f"{name}{suffix}.png"), full_page=width > 400)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
