"""What a rebuild keeps from the last build besides Pelican's cache and
the page fingerprints: the minified search scripts (torget.build.minify)
and the related threads' ranks (torget_listings). Real builds into one
output folder with one cache folder: after a change of what a cache was
made from, the rebuild's output follows it and equals a cold build's."""

from __future__ import annotations

import re
import shutil

import torget_listings
from conftest import ROOT, build_into
from torget.build import minify


def test_a_rebuild_takes_the_minified_script_from_the_cache_until_its_source_changes(tmp_path, content_copy, monkeypatch):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    output, source = tmp_path / "site", theme / "static" / "js" / "search.js"
    assert build_into(output, content_copy, THEME=str(theme)).result.ok
    built = output / "theme" / "js" / "search.js"
    before = built.read_text(encoding="utf-8")
    minified: list[str] = []
    real = minify.minify
    monkeypatch.setattr(minify, "minify", lambda text: minified.append(text) or real(text))

    assert build_into(output, content_copy, THEME=str(theme)).result.ok
    assert minified == [] and built.read_text(encoding="utf-8") == before

    text = source.read_text(encoding="utf-8")
    assert "var PAGE = 10;" in text
    source.write_text(text.replace("var PAGE = 10;", "var PAGE = 12;"), encoding="utf-8")
    assert build_into(output, content_copy, THEME=str(theme)).result.ok
    after = built.read_text(encoding="utf-8")
    assert len(minified) == 1 and after != before and after == real(source.read_text(encoding="utf-8"))
    assert "12" in after and not after.startswith("/*")


def related_on(page) -> list[str]:
    """The related threads a thread page links to."""
    nav = re.search(r'<nav class="related".*?</nav>', page.read_text(encoding="utf-8"), re.S)
    return re.findall(r'<a href="[^"]*/posts/([^/"]+)/">', nav.group(0)) if nav else []


def test_a_rebuild_takes_the_related_threads_from_the_cache_until_tags_change(tmp_path, content_copy, monkeypatch):
    output = tmp_path / "site"
    assert build_into(output, content_copy).result.ok
    thread = "glomt-losenord-e-tjanster"
    page = output / "posts" / thread / "index.html"
    before = related_on(page)
    assert before, "the sample thread has related threads"
    computed: list[int] = []
    real = torget_listings._related
    monkeypatch.setattr(torget_listings, "_related", lambda *args: computed.append(1) or real(*args))

    assert build_into(output, content_copy).result.ok
    assert computed == [] and related_on(page) == before

    path = content_copy / "posts" / f"{thread}.md"
    text = path.read_text(encoding="utf-8")
    tags = re.search(r"^Tags: .*$", text, re.M)
    assert tags, "the sample thread has tags"
    path.write_text(text.replace(tags.group(0), "Tags: en-egen-etikett"), encoding="utf-8")
    assert build_into(output, content_copy).result.ok
    assert computed == [1] and related_on(page) != before

    cold = tmp_path / "cold"
    assert build_into(cold, content_copy).result.ok
    assert (cold / "posts" / thread / "index.html").read_bytes() == page.read_bytes()
