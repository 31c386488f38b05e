"""Take the README's screenshots of a built site in headless Chromium.

Usage: python scripts/screenshots.py [OUTPUT_DIR] [DEST_DIR]
Serves OUTPUT_DIR (default output/) on a free localhost port and writes PNG
files to DEST_DIR (default docs/screenshots/).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from torget_dev.serving import StaticHandler, serve  # noqa: E402

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


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    dest = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    dest.mkdir(parents=True, exist_ok=True)
    with serve(site, StaticHandler) as base, sync_playwright() as p:
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


if __name__ == "__main__":
    main()
