"""The benchmark's Hugo anchor (scripts/torget_bench/hugo.py): the sample forum's
threads converted to Hugo front matter, and built by Debian's ``hugo`` into
the kinds of pages Torget writes.

The build tests skip when ``hugo`` is missing, except with ``CI=true``
(.ci/run installs it), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from torget.content.forum import load_forum  # noqa: E402
from torget.model import Kind  # noqa: E402
from torget_bench import hugo  # noqa: E402


@pytest.fixture(scope="module")
def sample_threads():
    threads = load_forum(ROOT / "content").threads
    assert len(threads) > hugo.PAGINATION + 1
    return threads


def _one(threads, archived: bool = False):
    return next(t for t in threads if t.kind == Kind.THREAD and len(t.replies) >= 2 and t.tags
                and t.archived == archived)


def _front_matter(text: str) -> tuple[dict, str]:
    matter, _, body = text.partition("\n}\n")
    return json.loads(matter + "\n}"), body


def test_a_thread_becomes_front_matter_and_its_question(sample_threads):
    thread = _one(sample_threads)
    matter, body = _front_matter(hugo.page_text(thread))
    assert matter["title"] == thread.title
    assert matter["date"] == thread.date.isoformat()
    assert matter["lastmod"] == thread.replies[-1].date.isoformat()
    assert matter["categories"] == [thread.category]
    assert matter["tags"] == list(thread.tags)
    assert matter["types"] == [thread.type.value]
    assert [r["body"] for r in matter["replies"]] == [r.body for r in thread.replies]
    assert [r["author"] for r in matter["replies"]] == [r.author for r in thread.replies]
    assert body.strip() == thread.body.strip()
    assert "_build" not in matter


def test_an_archived_thread_is_listed_nowhere(sample_threads):
    archived = next(t for t in sample_threads if t.archived and t.kind == Kind.THREAD)
    matter, _ = _front_matter(hugo.page_text(archived))
    assert matter["_build"] == {"list": "never"}


@pytest.fixture(scope="module")
def hugo_site(tmp_path_factory, sample_threads):
    if not hugo.available():
        if os.environ.get("CI") == "true":
            pytest.fail("hugo is missing in CI; .ci/run must install Debian's hugo")
        pytest.skip("hugo is not installed (apt-get install hugo)")
    work = tmp_path_factory.mktemp("hugo")
    content = work / "content"
    for folder in ("posts", "faq"):
        shutil.copytree(ROOT / "content" / folder, content / folder)
    written = hugo.write_site(content, work / "site", "sv")
    assert written == len(sample_threads)
    built = hugo.build(work / "site", work / "out", work, timeout=300)
    assert built.seconds > 0 and built.peak_mb > 0
    return work / "out"


def test_hugo_writes_thread_pages_with_their_replies(hugo_site, sample_threads):
    thread = _one(sample_threads)
    page = (hugo_site / "posts" / thread.slug / "index.html").read_text(encoding="utf-8")
    assert f"<h1>{thread.title}</h1>" in page
    for number in range(1, len(thread.replies) + 1):
        assert f'<article id="svar-{number}">' in page
    assert f'id="svar-{len(thread.replies) + 1}"' not in page
    faq = next(t for t in sample_threads if t.kind == Kind.FAQ)
    assert (hugo_site / "faq" / faq.slug / "index.html").is_file()


def test_hugo_paginates_listings_by_twenty(hugo_site, sample_threads):
    listed = [t for t in sample_threads if t.kind == Kind.THREAD and not t.archived]
    pages = len(list((hugo_site / "page").glob("*/index.html")))  # page/1/ redirects to the start page
    assert pages == -(-len(listed) // hugo.PAGINATION)
    links = 0
    for number in range(1, pages + 1):
        listing = hugo_site / ("index.html" if number == 1 else f"page/{number}/index.html")
        links += listing.read_text(encoding="utf-8").count('<li><a href="/posts/')
    assert links == len(listed)


def test_hugo_writes_tag_category_and_type_pages_without_archived_threads(hugo_site, sample_threads):
    thread = _one(sample_threads)
    archived = next(t for t in sample_threads if t.archived and t.kind == Kind.THREAD)
    for folder in ("tags", "categories", "types"):
        assert (hugo_site / folder / "index.html").is_file(), folder
    assert len(list((hugo_site / "tags").glob("*/index.html"))) >= len(thread.tags)
    tagged = "".join(page.read_text(encoding="utf-8") for page in (hugo_site / "tags").rglob("index.html"))
    categories = "".join(page.read_text(encoding="utf-8") for page in (hugo_site / "categories").rglob("index.html"))
    for listing in (tagged, categories):
        assert f'href="/posts/{thread.slug}/"' in listing
        assert f'href="/posts/{archived.slug}/"' not in listing
    assert (hugo_site / "posts" / archived.slug / "index.html").is_file()  # readable by its link
