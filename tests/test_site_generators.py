"""The whole-site outputs of torget_api, torget_admin, torget_ask,
torget_governance, torget_removed and torget_feeds, and torget_jsonld's
structured data, under plain Pelican.

Each plugin runs in its own ``pelican`` process (``Pelican(read_settings(…))``,
the plugins a test names and no others: plugins register on Pelican's
process-wide signals), as pelican-plugins test theirs; its files are
compared with those of ``torget build``. The API's generator is also
built directly with a context, as Pelican's generators are.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category

from conftest import CONFIG, ROOT, SAMPLE_CONTENT, build_into

#: The plugins the theme's templates need (filters, globals); each test adds its own.
BASE = ["torget_threads", "torget_archive", "torget_relevance", "torget_listings", "torget_jsonld"]

_RUN = """
import json, sys
from pelican import Pelican
from pelican.settings import read_settings
config, override, report = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
pelican = Pelican(read_settings(config, override=override))
seen = {key: pelican.settings.get(key) for key in ("SITEMAP", "IGNORE_FILES")}
pelican.run()
with open(report, "w", encoding="utf-8") as file:
    json.dump(seen, file)
"""


def plain_pelican(folder: Path, plugins: list[str], **override) -> tuple[Path, dict]:
    """Build the sample with plain Pelican and only ``plugins``; returns the
    output folder and the SITEMAP and IGNORE_FILES settings after ``initialized``."""
    output, report = folder / "output", folder / "settings.json"
    override = {"PATH": str(SAMPLE_CONTENT), "OUTPUT_PATH": str(output), "CACHE_PATH": str(folder / "cache"),
                "TORGET_BUILD_DATE": "2026-11-20", "PLUGINS": plugins, **override}
    run = subprocess.run([sys.executable, "-c", _RUN, str(CONFIG), json.dumps(override), str(report)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "ERROR" not in run.stderr, run.stderr[-3000:]
    return output, json.loads(report.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def torget_site(tmp_path_factory):
    """The sample built by ``torget build`` with every plugin and the same settings."""
    site = build_into(tmp_path_factory.mktemp("torget") / "output")
    assert site.result.ok, (site.result.problems, site.result.log_errors)
    return site.root


def same_files(plain: Path, built: Path, folder: str, pattern: str) -> list[str]:
    names = sorted(str(p.relative_to(built)) for p in (built / folder).rglob(pattern))
    assert names, f"torget build wrote no {folder}/{pattern}"
    for name in names:
        assert (plain / name).read_bytes() == (built / name).read_bytes(), name
    assert sorted(str(p.relative_to(plain)) for p in (plain / folder).rglob(pattern)) == names
    return names


def test_the_api_under_plain_pelican_is_torget_builds(tmp_path, torget_site):
    plain, _ = plain_pelican(tmp_path, [*BASE, "torget_api"])
    names = same_files(plain, torget_site, "api", "*.json")
    assert "api/threads.json" in names and any(n.startswith("api/category/") for n in names)


def _structured_data(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.find('<script type="application/ld+json">')
    return text[start:text.index("</script>", start)] if start >= 0 else ""


def test_structured_data_under_plain_pelican_and_no_api_without_its_plugin(tmp_path, torget_site):
    plain, _ = plain_pelican(tmp_path, BASE)
    assert not (plain / "api").exists()
    pages = sorted(p.relative_to(torget_site) for p in torget_site.glob("*/*/index.html")
                   if p.parts[-3] in ("posts", "faq"))
    described = [page for page in pages if _structured_data(torget_site / page)]
    assert len(described) > 20 and '"FAQPage"' in _structured_data(torget_site / described[0])
    for page in pages:
        assert _structured_data(plain / page) == _structured_data(torget_site / page), page


def test_the_editor_under_plain_pelican(tmp_path, torget_site):
    plain, seen = plain_pelican(tmp_path, [*BASE, "torget_admin"], SITEMAP={"format": "xml"})
    same_files(plain, torget_site, "admin", "config.yml")
    page = (plain / "admin" / "index.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex' in page and "decap-cms" in page
    assert "^admin/" in seen["SITEMAP"]["exclude"]
    # libphonenumber-js is the ask page's too; torget_ask is not loaded here
    assert not any(name.startswith("decap-cms") for name in seen["IGNORE_FILES"])


def test_without_the_editor_its_scripts_are_left_out(tmp_path):
    plain, seen = plain_pelican(tmp_path, [*BASE, "torget_admin"], TORGET_CMS=None, TORGET_ASK=None,
                                SITEMAP={"format": "xml"})
    assert not (plain / "admin").exists()
    assert {name.split("-")[0] for name in seen["IGNORE_FILES"]} >= {"decap", "libphonenumber"}
    assert not list((plain / "theme").rglob("decap-cms*"))
    assert "^admin/" not in seen["SITEMAP"].get("exclude", ())


def test_the_ask_page_under_plain_pelican(tmp_path, torget_site):
    plain, seen = plain_pelican(tmp_path, [*BASE, "torget_ask"])
    same_files(plain, torget_site, "fraga", "checks.json")
    checks = json.loads((plain / "fraga" / "checks.json").read_text(encoding="utf-8"))
    assert checks and isinstance(checks, dict)
    page = (plain / "fraga" / "index.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex' in page and "checks.json" in page
    assert "^fraga/" in seen["SITEMAP"]["exclude"]


def test_governance_pages_under_plain_pelican(tmp_path, torget_site):
    plain, seen = plain_pelican(tmp_path, [*BASE, "torget_governance"])
    statement = (plain / "tillganglighetsredogorelse" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in statement and "Digg" in statement
    statistics = (plain / "statistik" / "index.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex' in statistics and "<svg" in statistics
    assert "^statistik/" in seen["SITEMAP"]["exclude"]
    # the same figures as torget build's page: its tables are in both
    tables = lambda text: [t.split("</table>")[0] for t in text.split("<table")[1:]]  # noqa: E731
    built = (torget_site / "statistik" / "index.html").read_text(encoding="utf-8")
    assert tables(statistics) and tables(statistics) == tables(built)


def test_removed_pages_under_plain_pelican(tmp_path):
    plain, seen = plain_pelican(tmp_path, [*BASE, "torget_removed"], TORGET_REMOVED=["posts/borttagen-trad/"])
    page = (plain / "posts" / "borttagen-trad" / "index.html").read_text(encoding="utf-8")
    assert "Tråden har tagits bort" in page and 'content="noindex' in page
    assert "^posts/borttagen\\-trad/$" in seen["SITEMAP"]["exclude"]


def test_feeds_under_plain_pelican_have_absolute_links(tmp_path, torget_site):
    plain, _ = plain_pelican(tmp_path, [*BASE, "torget_feeds"])
    feed = (plain / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert 'xml:lang="sv"' in feed and "<link href=\"http://127.0.0.1:8000/posts/" in feed
    assert 'href="/posts/' not in feed
    same_files(plain, torget_site, "feeds", "*.xml")


# The API's generator built directly, with a context of articles.

def _article(slug: str, last: datetime, kind: str = "thread", category: str = "Avfall"):
    settings = dict(DEFAULT_CONFIG)
    thread = SimpleNamespace(slug=slug, title=slug.title(), type=SimpleNamespace(value="question"), category=category,
                             date=last, last_activity=last, replies=[1], staff_replies=[], is_faq=kind == "faq")
    return SimpleNamespace(kind=kind, thread=thread, metadata={"thread": thread}, url=f"posts/{slug}/",
                           category=Category(category, settings))


def test_the_api_generator_reads_the_published_articles_of_the_context(tmp_path):
    from torget_api import ApiGenerator

    same = datetime(2026, 5, 1, 12, tzinfo=timezone.utc)
    context = {
        "articles": [_article("b", same), _article("a", same), _article("ny", datetime(2026, 6, 1, tzinfo=timezone.utc)),
                     _article("fragor", same, kind="faq")],
        "hidden_articles": [_article("arkiv", datetime(2026, 7, 1, tzinfo=timezone.utc))],
    }
    settings = dict(DEFAULT_CONFIG, SITENAME="Forumet", SITEURL="https://forum.example",
                    ARTICLE_PATHS=["posts", "faq"])
    ApiGenerator(context, settings, str(tmp_path), "theme", str(tmp_path / "out")).generate_output(writer=None)
    index = json.loads((tmp_path / "out" / "api" / "threads.json").read_text(encoding="utf-8"))
    # the listings' recency order: newest activity first, ties by slug z→a;
    # FAQ entries and archived (hidden) threads left out
    assert [t["slug"] for t in index["threads"]] == ["ny", "b", "a"]
    assert index["site"] == "Forumet" and index["threads"][2]["url"] == "https://forum.example/posts/a/"
    assert index["categories"] == [{"name": "Avfall", "slug": "avfall", "count": 3,
                                    "url": "https://forum.example/category/avfall.html",
                                    "api": "https://forum.example/api/category/avfall.json"}]
    category = json.loads((tmp_path / "out" / "api" / "category" / "avfall.json").read_text(encoding="utf-8"))
    assert category["threads"] == index["threads"]
