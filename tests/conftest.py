"""Shared fixtures: build real sites into temporary folders and serve them.

- ``build``: build a site from a content folder with the project's
  pelicanconf.py (or another config) for a fixed date; returns the result.
- ``sample_site``: the sample forum built once per session (2026-11-20).
- ``published_site``: the same as published, at ``PUBLISHED_SITEURL``
  (publishconf.py as it is), for the validators and structured data.
- ``serve``: serve a built folder on a free localhost port.
- ``browser``: headless Debian Chromium through Playwright (never downloads
  a browser). Browser tests skip when Chromium is missing, except with
  ``CI=true``, where they fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from torget_dev import serving
from torget.build.run import BuildResult, build_site, load_settings
from torget.i18n import use_language
from torget_dev.serving import StaticHandler

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "pelicanconf.py"
PUBLISH_CONFIG = ROOT / "publishconf.py"
SAMPLE_CONTENT = ROOT / "content"
SAMPLE_DATE = date(2026, 11, 20)
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Site:
    """A built site: its folder and helpers to read what it holds."""

    result: BuildResult

    @property
    def root(self) -> Path:
        return self.result.output

    def html(self, path: str) -> BeautifulSoup:
        target = self.root / path.strip("/")
        if target.is_dir() or path.endswith("/") or path == "":
            target = target / "index.html"
        return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")

    def files(self, *suffixes: str) -> list[Path]:
        return sorted(p for p in self.root.rglob("*") if p.is_file() and (not suffixes or p.suffix in suffixes))


def build_into(output: Path, content: Path = SAMPLE_CONTENT, build_date: date = SAMPLE_DATE, config: Path = CONFIG, **overrides) -> Site:
    settings = load_settings(config, content, output, build_date)
    settings["CACHE_PATH"] = str(output.parent / f".cache-{output.name}")
    settings.update(overrides)
    return Site(build_site(settings))


@pytest.fixture(scope="session")
def english_config(tmp_path_factory) -> Path:
    """The sample's settings with ``DEFAULT_LANG = "en"`` (tests/helpers.py)."""
    from helpers import english_settings

    return english_settings(tmp_path_factory.mktemp("english"))


@pytest.fixture(autouse=True)
def english_until_settings_are_read():
    """Messages are in English until a test reads a forum's settings
    (``DEFAULT_LANG``), as a fresh ``torget`` process would be."""
    use_language("en")


@pytest.fixture(autouse=True, scope="module")
def english_for_module_fixtures():
    """The same for module-scoped fixtures, which run before the
    function-scoped one above (a previous module may have left Swedish)."""
    use_language("en")


@pytest.fixture
def build(tmp_path):
    """``build(content=..., build_date=..., **settings)`` → :class:`Site`."""
    counter = iter(range(1000))

    def _build(content: Path = SAMPLE_CONTENT, build_date: date = SAMPLE_DATE, config: Path = CONFIG, output: Path | None = None, **overrides) -> Site:
        target = output or tmp_path / f"site{next(counter)}"
        return build_into(target, content, build_date, config, **overrides)

    return _build


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Site:
    site = build_into(tmp_path_factory.mktemp("sample") / "output", config=PUBLISH_CONFIG, SITEURL="")
    assert site.result.ok, site.result.problems + [site.result.log_errors]
    return site


PUBLISHED_SITEURL = "https://forum.ekbacka.se"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Site:
    site = build_into(tmp_path_factory.mktemp("published") / "output", config=PUBLISH_CONFIG, SITEURL=PUBLISHED_SITEURL,
                      FEED_DOMAIN=PUBLISHED_SITEURL)
    assert site.result.ok, site.result.problems + [site.result.log_errors]
    return site


@pytest.fixture(scope="session")
def corpus_forum(tmp_path_factory):
    """1,000 Stack Exchange threads, 30 % archived, built once in English.

    Returns ``(content folder, site)``; the site also has the unsharded
    reference index ``search/full-index.json``.
    """
    from torget_dev.corpus import corpus_path, make_forum

    if not corpus_path().is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{corpus_path()} is missing: CI must have shared/ beside the checkout")
        pytest.skip(f"{corpus_path()} is not here")
    root = tmp_path_factory.mktemp("corpus1k")
    content = root / "content"
    make_forum(content, 1000, archived_share=0.3, seed=3)
    # The corpus's categories are its Stack Exchange sites, not the sample's.
    site = build_into(root / "output", content, SAMPLE_DATE, PUBLISH_CONFIG, SITEURL="", DEFAULT_LANG="en",
                      TORGET_SEARCH_WRITE_FULL_INDEX=True, TORGET_CATEGORIES=None)
    assert site.result.ok, (site.result.problems[:5], site.result.log_errors[:5])
    return content, site


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the sample content."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


@pytest.fixture(scope="session")
def serve():
    """``serve(folder, handler_class=...)`` → base URL (:func:`torget_dev.serving.serve`);
    servers stop at the end of the session. ``handler_class`` is
    :class:`torget_dev.serving.StaticHandler` (the files as they are) unless
    given, e.g. :class:`torget_dev.serving.DeployedHandler` (docs/deploying.md's headers)."""
    with contextlib.ExitStack() as servers:

        def _serve(folder: Path, handler_class=StaticHandler) -> str:
            return servers.enter_context(serving.serve(folder, handler_class))

        yield _serve


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI; .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
