"""Build real sites into temporary folders and inspect the HTML (issue 2)."""

from __future__ import annotations

import json
import shutil
import signal
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CONFIG, SAMPLE_CONTENT
from helpers import reply_text, thread_text, write_thread
from plain import recording_write
from torget_cli import main


def tree_bytes(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_sample_forum_builds_every_kind_of_page(sample_site):
    root = sample_site.root
    for path in ("index.html", "faq/index.html", "category/index.html", "tag/index.html", "404.html",
                 "om-forumet/index.html", "regler/index.html", "sitemap.xml", "feeds/all.atom.xml",
                 "type/question/index.html", "type/problem/index.html", "type/suggestion/index.html",
                 "type/praise/index.html", "category/avfall-och-atervinning/index.html"):
        assert (root / path).is_file(), path


def test_every_page_has_language_landmarks_skip_link_and_search(sample_site):
    for path in sample_site.files(".html"):
        page = sample_site.html(str(path.relative_to(sample_site.root)))
        assert page.html["lang"] == "sv", path
        assert page.find("main", id="main"), path
        assert page.find("header") and page.find("footer") and page.find("nav"), path
        skip = page.select_one("a.skip-link")
        assert skip and skip["href"] == "#main", path
        form = page.find("form", attrs={"role": "search"})
        assert form and form.find("input", attrs={"type": "search"}), path
        assert not page.select("script:not([src]):not([type='application/ld+json'])"), f"inline script in {path}"
        assert len(page.find_all("h1")) == 1, path


def test_thread_page_shows_question_replies_staff_and_accepted(sample_site):
    page = sample_site.html("posts/glomt-losenord-e-tjanster/")
    assert "lösenord" in page.find("h1").get_text()
    replies = page.select("article.reply")
    assert len(replies) == 4
    staff = page.select("article.reply-staff")
    assert staff and all("Svar från Ekbacka kommun" in r.get_text() for r in staff)
    accepted = page.select("article.reply-accepted")
    assert len(accepted) == 1 and "Löser frågan" in accepted[0].get_text()
    assert "Kundtjänst" in staff[0].select_one(".reply-role").get_text()
    actions = page.select_one(".thread-actions")
    report = actions.find("a", string="Anmäl inlägg")
    assert report["href"].startswith("mailto:kontakt@ekbacka.se?subject=") and "glomt-losenord-e-tjanster" in report["href"]
    assert actions.find("a", href="/regler/")
    assert [a["href"] for a in page.select("#fraga .ask-other a")][:2] == ["tel:+46123456700", "mailto:kontakt@ekbacka.se"]


def test_thread_page_carries_qapage_json_ld(sample_site):
    page = sample_site.html("posts/glomt-losenord-e-tjanster/")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "QAPage"
    question = data["mainEntity"]
    assert question["answerCount"] == 4
    assert question["acceptedAnswer"]["author"]["name"] == "Sara Lind"
    assert len(question["suggestedAnswer"]) == 3


def test_faq_page_groups_by_category_and_entries_carry_faqpage_json_ld(sample_site):
    page = sample_site.html("faq/")
    groups = page.select("section.faq-group")
    assert len(groups) >= 4
    assert page.find("script", type="application/ld+json") is None  # each entry on its own page
    entry = sample_site.html("faq/farligt-avfall/")
    data = json.loads(entry.find("script", type="application/ld+json").string)
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["name"] == entry.h1.get_text(strip=True)


def test_locked_threads_show_badge_and_notice(sample_site):
    locked = [p for p in sample_site.files(".html") if "posts/" in str(p) and "tråden är låst" in p.read_text().lower()]
    assert len(locked) >= 4
    page = sample_site.html(str(locked[0].relative_to(sample_site.root)))
    assert page.select_one(".thread-kicker .badge-locked")


def test_start_page_has_welcome_warning_categories_and_lists(sample_site):
    page = sample_site.html("index.html")
    assert "Här svarar Ekbacka kommun" in page.select_one(".lead").get_text()
    assert "personnummer" in page.select_one("#fraga .ask-privacy").get_text()
    cards = page.select(".category-card")
    assert len(cards) >= 6
    for card in cards:
        assert card.find("a")["href"].startswith("/category/")
        assert "trådar" in card.select_one(".count").get_text()
    assert len(page.select(".start-popular .thread-item")) == 5
    assert page.find("a", href="/faq/")


def test_category_pages_paginate(tmp_path, build):
    content = tmp_path / "content"
    for i in range(25):
        write_thread(content, f"t{i:02d}.md", thread_text(title=f"Fråga {i}", date=f"2026-01-{i + 1:02d} 10:00", category="Avfall"))
    site = build(content=content, TORGET_CATEGORIES=None)  # a site that declares no categories
    assert site.result.ok, site.result.problems
    first = site.html("category/avfall/")
    second = site.html("category/avfall/sida/2/")
    assert len(first.select(".thread-item")) == 20 and len(second.select(".thread-item")) == 5
    assert first.select_one(".pagination a[rel=next]")["href"] == "/category/avfall/sida/2/"
    assert "Sida 2 av 2" in second.select_one(".pagination").get_text()
    assert len(site.html("type/question/sida/2/").select(".thread-item")) == 5


def test_english_ui_and_dates(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(date="2026-03-04 10:00", replies=reply_text(date="2026-03-05 10:00")))
    site = build(content=content, DEFAULT_LANG="en")
    page = site.html("posts/a/")
    assert page.html["lang"] == "en"
    assert "4 March 2026" in page.select_one(".thread-meta").get_text()
    assert page.select_one("a.skip-link").get_text() == "Skip to content"
    sv = build(content=content).html("posts/a/")
    assert "4 mars 2026" in sv.select_one(".thread-meta").get_text()


def test_staff_can_be_shown_anonymously(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(replies=reply_text(author="Sara Lind") + reply_text(author="Olle", staff=False)))
    page = build(content=content, TORGET_STAFF_DISPLAY="anonymous", TORGET_ORGANISATION="Ekbacka kommun").html("posts/a/")
    authors = [a.get_text() for a in page.select(".reply-author")]
    assert authors == ["Ekbacka kommun", "Olle"]
    assert "Sara Lind" not in page.select_one("main").get_text()


def test_titles_are_escaped(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "x.md", thread_text(title='<script>alert("x")</script> & "citat"'))
    site = build(content=content)
    raw = (site.root / "posts/x/index.html").read_text()
    assert "<script>alert" not in raw
    assert site.html("posts/x/").find("h1").get_text() == '<script>alert("x")</script> & "citat"'


def test_same_date_builds_are_byte_identical(tmp_path, build):
    first = build(config=CONFIG, output=tmp_path / "one")
    second = build(config=CONFIG, output=tmp_path / "two")
    assert first.result.ok and second.result.ok
    assert tree_bytes(first.root) == tree_bytes(second.root)


def test_failed_build_leaves_previous_output_untouched(tmp_path, content_copy):
    output = tmp_path / "output"
    args = ["build", "--config", str(CONFIG), "--content", str(content_copy), "--output", str(output), "--date", "2026-11-20"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = tree_bytes(output)
    broken = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    broken.write_text(broken.read_text().replace("Type: question", "Type: fråg"))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "glomt-losenord-e-tjanster.md:3: okänd Type 'fråg'" in result.output  # the sample forum is Swedish
    assert tree_bytes(output) == before
    # no staging folder is left behind; only the good build's file list and
    # the build lock (torget.build.outputguard) sit beside the output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".output")) == [
        ".output.lock", ".output.torget-files"]


def test_template_error_also_keeps_the_old_site(tmp_path, content_copy):
    output = tmp_path / "output"
    theme = tmp_path / "theme"
    shutil.copytree(CONFIG.parent / "theme", theme)
    args = ["build", "--config", str(CONFIG), "--content", str(content_copy), "--output", str(output), "--date", "2026-11-20"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = tree_bytes(output)
    from conftest import build_into
    (theme / "templates" / "page.html").write_text("{% extends 'base.html' %}{% block content %}{{ page.nope.deeper }}{% endblock %}")
    site = build_into(output, content_copy, date(2026, 11, 20), THEME=str(theme))
    assert not site.result.ok and site.result.log_errors
    assert tree_bytes(output) == before


def test_build_date_moves_age_based_output(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(date="2025-01-10 10:00", replies=reply_text(date="2025-01-11 09:00")))
    before = build(content=content, build_date=date(2026, 1, 10)).html("posts/a/")
    after = build(content=content, build_date=date(2026, 1, 11)).html("posts/a/")
    assert "is-old" not in before.select_one(".age-status")["class"]
    assert before.select_one(".age-status")["data-old-from"] == "2026-01-11"
    assert "is-old" in after.select_one(".age-status")["class"]


def test_sample_content_checks_clean():
    result = CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--content", str(SAMPLE_CONTENT)])
    assert result.exit_code == 0, result.output
    assert "0 fel, 0 varningar" in result.output


def test_every_thread_page_with_its_css_and_scripts_is_under_30_kb_gzipped(sample_site):
    import gzip
    import re

    def gz(path):
        return len(gzip.compress(path.read_bytes(), 6))

    for page in (sample_site.root / "posts").glob("*/index.html"):
        html = page.read_text()
        assets = re.findall(r'(?:href|src)="(/theme/[^"]+\.(?:css|js))"', html)
        total = gz(page) + sum(gz(sample_site.root / a.lstrip("/")) for a in assets)
        assert "/theme/css/main.css" in assets
        assert total <= 30_000, (page, total)


def test_related_threads_share_tags_and_prev_next_stay_in_category(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(title="A", category="Avfall", extra="Tags: sopor, kärl\n", date="2026-01-01 10:00"))
    write_thread(content, "b.md", thread_text(title="B", category="Avfall", extra="Tags: sopor, kärl\n", date="2026-01-02 10:00"))
    write_thread(content, "c.md", thread_text(title="C", category="Bygg", extra="Tags: sopor\n", date="2026-01-03 10:00"))
    write_thread(content, "d.md", thread_text(title="D", category="Bygg", extra="Tags: bygglov\n", date="2026-01-04 10:00"))
    write_thread(content, "e.md", thread_text(title="E", category="Avfall", extra="Tags: kärl\nArchived: yes\n", date="2026-01-05 10:00"))
    site = build(content=content, TORGET_CATEGORIES=None)  # a site that declares no categories
    related = [a.get_text() for a in site.html("posts/a/").select(".related a")]
    assert related == ["B", "C"]  # two shared tags first; archived E never
    assert not site.html("posts/d/").select(".related")
    page = site.html("posts/b/")
    assert page.select_one(".prev-next a[rel=prev]")["href"] == "/posts/a/"
    assert page.select_one(".prev-next a[rel=next]") is None  # E is archived
    assert not site.html("posts/e/").select(".prev-next, .related")


def test_rebuild_reuses_unchanged_thread_pages_and_matches_a_full_build(tmp_path, content_copy):
    """torget_incremental: unchanged pages are linked, changed ones rendered."""
    import os
    from conftest import build_into

    output = tmp_path / "out"
    assert build_into(output, content_copy).result.ok
    same = output / "posts" / "busskort-pa-sommarlovet" / "index.html"
    changed = output / "posts" / "glomt-losenord-e-tjanster" / "index.html"
    inodes = (os.stat(same).st_ino, os.stat(changed).st_ino)
    path = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    path.write_text(path.read_text() + "\nEn ny mening om lösenord.\n")
    assert build_into(output, content_copy).result.ok
    assert os.stat(same).st_ino == inodes[0]  # linked from the previous build
    assert os.stat(changed).st_ino != inodes[1]
    assert "En ny mening om lösenord." in changed.read_text()
    full = build_into(tmp_path / "full", content_copy)
    assert tree_bytes(output) == tree_bytes(full.root)


def test_rebuild_reuses_unchanged_listing_pages_and_renders_changed_ones(tmp_path, content_copy):
    """torget_incremental: a listing page is rendered again only when a
    thread it lists shows something new (here: its title)."""
    from conftest import build_into

    output = tmp_path / "out"
    assert build_into(output, content_copy).result.ok
    other = output / "category" / "forskola-och-skola" / "index.html"  # lists busskort-pa-sommarlovet
    mine = output / "category" / "e-tjanster-och-inloggning" / "index.html"
    tag = output / "tag" / "losenord" / "index.html"
    marker = "<!-- from the previous build -->"
    for page in (other, mine, tag):
        page.write_text(page.read_text() + marker)  # only a reused page keeps it
    path = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    path.write_text(path.read_text().replace("Title: Jag har glömt lösenordet", "Title: Jag minns inte lösenordet"))
    assert build_into(output, content_copy).result.ok
    assert other.read_text().endswith(marker)
    for page in (mine, tag):
        assert marker not in page.read_text()
        assert "Jag minns inte lösenordet" in page.read_text()
    other.write_text(other.read_text().removesuffix(marker))
    full = build_into(tmp_path / "full", content_copy)
    assert tree_bytes(output) == tree_bytes(full.root)


def tree_entries(root):
    """Every file (with its bytes) and every folder, empty ones included."""
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def test_rebuild_after_deleting_and_renaming_threads_matches_a_full_build(tmp_path, content_copy):
    """torget_incremental makes the previous build's page folders ahead of
    the writer; those of deleted or renamed threads must not be left behind,
    not even empty."""
    from conftest import build_into

    output = tmp_path / "out"
    assert build_into(output, content_copy).result.ok
    assert (output / "posts" / "busskort-pa-sommarlovet").is_dir()
    assert (output / "tag" / "busskort").is_dir()  # only this thread has the tag
    (content_copy / "posts" / "busskort-pa-sommarlovet.md").unlink()
    renamed = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    renamed.rename(renamed.with_name("nytt-namn.md"))
    assert build_into(output, content_copy).result.ok
    for gone in ("posts/busskort-pa-sommarlovet", "posts/glomt-losenord-e-tjanster", "tag/busskort"):
        assert not (output / gone).exists(), gone
    assert (output / "posts" / "nytt-namn" / "index.html").is_file()
    full = build_into(tmp_path / "full", content_copy)
    assert tree_entries(output) == tree_entries(full.root)


def test_pages_deleted_from_the_output_are_rendered_again(tmp_path, content_copy):
    """A page whose fingerprint is unchanged but whose file someone deleted
    from the output is rendered, not lost."""
    from conftest import build_into

    output = tmp_path / "out"
    assert build_into(output, content_copy).result.ok
    thread = output / "posts" / "busskort-pa-sommarlovet" / "index.html"
    listing = output / "category" / "forskola-och-skola" / "index.html"
    thread.unlink()
    listing.unlink()
    assert build_into(output, content_copy).result.ok
    assert thread.is_file() and listing.is_file()
    full = build_into(tmp_path / "full", content_copy)
    assert tree_entries(output) == tree_entries(full.root)


def test_replaced_output_and_leftovers_are_removed_in_the_background(tmp_path, content_copy):
    """The replaced site goes to .<output>.old-* and a detached rm deletes
    it; a build also deletes such folders an earlier removal left."""
    import time

    from conftest import build_into

    output = tmp_path / "out"
    leftover = tmp_path / ".out.old-stopped"
    (leftover / "posts").mkdir(parents=True)
    (leftover / "posts" / "index.html").write_text("old")
    assert build_into(output, content_copy).result.ok
    assert build_into(output, content_copy).result.ok
    deadline = time.monotonic() + 60
    while list(tmp_path.glob(".out.old-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(tmp_path.glob(".out.old-*"))
    assert (output / "index.html").is_file()


def test_output_retention_is_kept_across_builds(tmp_path):
    from conftest import build_into

    output = tmp_path / "out"
    assert build_into(output).result.ok
    (output / "CNAME").write_text("forum.ekbacka.se\n")
    assert build_into(output, OUTPUT_RETENTION=["CNAME"]).result.ok
    assert (output / "CNAME").read_text() == "forum.ekbacka.se\n"


def test_anonymous_staff_names_do_not_leak_into_json_ld(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(replies=reply_text(author="Sara Lind")))
    site = build(content=content, TORGET_STAFF_DISPLAY="anonymous", TORGET_ORGANISATION="Ekbacka kommun")
    raw = (site.root / "posts/a/index.html").read_text()
    assert "Sara Lind" not in raw
    data = json.loads(site.html("posts/a/").find("script", type="application/ld+json").string)
    assert data["mainEntity"]["suggestedAnswer"][0]["author"]["name"] == "Ekbacka kommun"


def test_reply_footnotes_have_their_own_ids_and_links_resolve(tmp_path, build):
    content = tmp_path / "content"
    write_thread(content, "b.md", thread_text(title="Mål"))
    write_thread(content, "a.md", thread_text(
        body="Fråga[^1].\n\n[^1]: Fotnot i frågan.",
        replies=reply_text(body="Svar[^1], se [den andra tråden]({filename}/posts/b.md).\n\n[^1]: Fotnot i svaret.")))
    page = build(content=content).html("posts/a/")
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))
    assert page.select_one("#svar-1 a[href='/posts/b/']")
    assert page.select_one("#svar-1 a[href^='#svar-1-fn']")


def test_pelicans_content_cache_holds_no_per_build_values(tmp_path, content_copy):
    """Pelican pickles the settings into its content cache (through every
    Category and Tag). The values a build hands to the plugins (fingerprints,
    parsed threads, running background jobs) must not go with them: a
    running job cannot be pickled, which left a cut-off cache that broke
    the build after next."""
    import pickle

    from conftest import build_into

    output = tmp_path / "out"
    path = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    for sentence in ("", "Första ändringen.", "Andra ändringen."):
        path.write_text(path.read_text() + f"\n{sentence}\n")
        site = build_into(output, content_copy)
        assert site.result.ok, site.result.log_errors
    cache = pickle.loads((tmp_path / ".cache-out" / "ArticlesGenerator-Readers").read_bytes())
    _, (_, metadata) = next(iter(cache.values()))
    settings = metadata["category"].settings
    # The memo and the jobs beside Pelican (torget.build.memo, .state) are not
    # settings, so nothing live of one build is pickled into the cache.
    assert not [key for key in settings if key.startswith(("TORGET_PREVIOUS", "TORGET_PAGE_PRINTS",
                                                             "TORGET_PARSED", "TORGET_BACKGROUND"))]
    assert "OUTPUT_PATH" in settings
    assert "Andra ändringen." in (output / "posts" / "glomt-losenord-e-tjanster" / "index.html").read_text()


def test_a_build_stopped_while_pelican_saves_its_cache_does_not_break_the_next(tmp_path, content_copy, monkeypatch):
    """Pelican writes its content cache in place; a cut-off file would make
    every later build fail while unpickling it."""
    import pelican.cache

    from conftest import build_into

    output = tmp_path / "out"
    assert build_into(output, content_copy).result.ok
    path = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    path.write_text(path.read_text() + "\nEn ny mening.\n")

    def cut_off(cacher):
        if cacher._cache_data_policy:  # the cache Pelican writes (readers')
            Path(cacher._cache_path).write_bytes(b"")  # opened, nothing flushed yet
            raise KeyboardInterrupt

    monkeypatch.setattr(pelican.cache.FileDataCacher, "save_cache", cut_off)
    with pytest.raises(KeyboardInterrupt):
        build_into(output, content_copy)
    monkeypatch.undo()
    site = build_into(output, content_copy)
    assert site.result.ok, site.result.log_errors
    assert "En ny mening." in (output / "posts" / "glomt-losenord-e-tjanster" / "index.html").read_text()


def test_a_build_parses_each_thread_file_once(tmp_path, content_copy, monkeypatch):
    """The check's parsed threads are handed to Pelican's reader."""
    import collections

    import torget.content.forum
    import torget_threads.reader
    from conftest import build_into

    calls = collections.Counter()
    real = torget.content.forum.read_thread_file

    def counting(path, *args, **kwargs):
        calls[str(path)] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(torget.content.forum, "read_thread_file", counting)
    monkeypatch.setattr(torget_threads.reader, "read_thread_file", counting)
    site = build_into(tmp_path / "out", content_copy)
    assert site.result.ok and site.result.threads == len(calls) > 50
    assert set(calls.values()) == {1}


def test_pelicans_content_cache_is_not_used_after_a_settings_change(tmp_path):
    """Pelican's cache is keyed by file and mtime only; torget build keys
    it by settings, theme and plugin code too."""
    from conftest import build_into

    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(body="Rad ett\nrad två", replies=reply_text(body="Svar ett\nsvar två")))
    output = tmp_path / "out"
    markdown = {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"}
    assert build_into(output, content, MARKDOWN=markdown).result.ok
    assert "Rad ett\nrad två" in (output / "posts/a/index.html").read_text()
    assert (tmp_path / ".cache-out" / "torget-cache-key").is_file()
    # (a change that shows through the sanitizer, which writes <br> either way)
    with_breaks = {"extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.nl2br": {}}, "output_format": "html5"}
    assert build_into(output, content, MARKDOWN=with_breaks).result.ok
    page = (output / "posts/a/index.html").read_text()
    assert "Rad ett<br>" in page and "Svar ett<br>" in page


def test_a_failure_while_building_the_search_index_fails_the_build(tmp_path, content_copy, monkeypatch):
    """The index is built in a second process; its errors still count."""
    import torget_search
    from conftest import build_into

    output = tmp_path / "out"
    assert build_into(output, content_copy).result.ok
    before = tree_bytes(output)

    def broken(*args, **kwargs):
        raise ValueError("index exploded")

    monkeypatch.setattr(torget_search, "build_index", broken)
    site = build_into(output, content_copy)
    assert not site.result.ok
    assert any("index exploded" in message for message in site.result.log_errors)
    assert tree_bytes(output) == before
    assert not list(tmp_path.glob(".out.building-*"))


def test_background_returns_values_raises_errors_and_stops():
    import time

    from torget.build.background import Background, BackgroundError

    assert Background(lambda: {"files": 3}).result() == {"files": 3}
    failing = Background(lambda: 1 / 0)
    with pytest.raises(BackgroundError, match="ZeroDivisionError"):
        failing.result()
    slow = Background(lambda: time.sleep(30))
    process = slow.process
    slow.stop()
    # Ended by stop(), not by finishing its sleep: killed by SIGTERM.
    assert slow.process is None and not process.is_alive()
    assert process.exitcode == -signal.SIGTERM


def test_linear_tag_category_and_author_pages_write_what_pelican_would(tmp_path):
    """torget_listings replaces Pelican's quadratic generate_tags /
    generate_categories / generate_authors; the writer calls are the same."""
    from pelican import signals
    from pelican.generators import ArticlesGenerator
    from conftest import build_into

    captured = []

    def capture(generator):
        captured.append(generator)

    signals.article_generator_finalized.connect(capture, weak=False)
    try:
        assert build_into(tmp_path / "out").result.ok
    finally:
        signals.article_generator_finalized.disconnect(capture)
    [generator] = captured

    for method in ("generate_tags", "generate_categories", "generate_authors"):
        pelicans, ours = [], []
        getattr(ArticlesGenerator, method)(generator, recording_write(pelicans))
        getattr(generator, method)(recording_write(ours))
        assert ours == pelicans and (pelicans or method == "generate_authors")
    assert len(generator.tags) > 20


def test_search_index_built_inline_or_in_background_is_the_same(tmp_path):
    from conftest import build_into

    inline = build_into(tmp_path / "inline", TORGET_SEARCH_PROCESS="inline")
    background = build_into(tmp_path / "background", TORGET_SEARCH_PROCESS="background")
    assert inline.result.ok and background.result.ok
    assert tree_bytes(inline.root) == tree_bytes(background.root)
    wrong = build_into(tmp_path / "wrong", TORGET_SEARCH_PROCESS="sideways")
    assert not wrong.result.ok and not wrong.root.exists()
    assert [p.message for p in wrong.result.problems] == [
        "TORGET_SEARCH_PROCESS: 'sideways' är inte en av: auto, background, inline"]


def test_threads_with_the_same_date_are_listed_alike_in_every_process(tmp_path):
    """Pelican collects files in a set, whose order follows the process's
    string hashing; two builds with different hash seeds must still write
    the same bytes."""
    import os
    import subprocess
    import sys

    content = tmp_path / "content"
    for n in range(12):
        write_thread(content, f"t{n:02}.md", thread_text(title=f"Tråd {n}", date="2026-01-10 10:00",
                                                        extra="Tags: sopor\n"))
    outputs = []
    for seed in ("1", "2", "3"):
        output = tmp_path / f"out{seed}"
        subprocess.run(
            [sys.executable, "-m", "torget_cli", "build", "--config", str(CONFIG), "--content", str(content),
             "--output", str(output), "--date", "2026-11-20"],
            check=True, capture_output=True, cwd=tmp_path, env=dict(os.environ, PYTHONHASHSEED=seed),
        )
        outputs.append(tree_bytes(output))
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_plain_pelican_run_waits_for_the_search_index_and_fails_with_it(tmp_path, monkeypatch):
    """The search generator waits for the index process in generate_output;
    its failure fails a plain ``pelican`` run too."""
    from pelican import Pelican
    from pelican.settings import read_settings

    import torget_search
    from conftest import CONFIG, SAMPLE_CONTENT
    from torget.build.background import BackgroundError

    def run(output):
        Pelican(read_settings(str(CONFIG), override={
            "PATH": str(SAMPLE_CONTENT), "OUTPUT_PATH": str(output), "TORGET_BUILD_DATE": "2026-11-20",
            "CACHE_PATH": str(tmp_path / "cache")})).run()

    run(tmp_path / "plain")
    manifest = json.loads((tmp_path / "plain" / "search" / "manifest.json").read_text())
    assert manifest["count"] > 40

    def broken(*args, **kwargs):
        raise ValueError("index exploded")

    monkeypatch.setattr(torget_search, "build_index", broken)
    with pytest.raises(BackgroundError, match="index exploded"):
        run(tmp_path / "broken")


def test_threads_rendered_ahead_in_several_processes_give_the_same_site(tmp_path, monkeypatch, caplog):
    """Threads Pelican must read are rendered ahead, split between the build's
    process and a forked one; the site is byte for byte the one a build
    that renders while reading writes."""
    import logging

    import torget_threads.ahead
    from conftest import build_into

    monkeypatch.setattr(torget_threads.ahead, "RENDER_AHEAD_MIN", 1)
    serial = build_into(tmp_path / "serial", TORGET_RENDER_PROCESSES=1)
    rendered_here = []
    real = torget_threads.reader.ThreadReader.render_thread

    def counting(reader, thread):
        rendered_here.append(thread.slug)
        return real(reader, thread)

    monkeypatch.setattr(torget_threads.reader.ThreadReader, "render_thread", counting)
    with caplog.at_level(logging.INFO, logger="torget_threads"):
        parallel = build_into(tmp_path / "parallel", TORGET_RENDER_PROCESSES=2)
    assert serial.result.ok and parallel.result.ok
    # This process rendered its half ahead; the reader took the other half
    # from the memo, rendered in the forked process, and rendered nothing again.
    assert sorted(rendered_here) == sorted(set(rendered_here))
    assert len(rendered_here) == (parallel.result.threads + 1) // 2
    ahead = [r.getMessage() for r in caplog.records if "ahead" in r.getMessage()]
    assert ahead and ahead[0].startswith(f"rendered {parallel.result.threads} threads ahead in 2 processes")
    assert tree_bytes(serial.root) == tree_bytes(parallel.root)
    # A rebuild finds every thread in Pelican's cache: nothing to render ahead.
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="torget_threads"):
        again = build_into(tmp_path / "parallel", TORGET_RENDER_PROCESSES=2)
    assert again.result.ok and not [r for r in caplog.records if "ahead" in r.getMessage()]
    # The number of processes changes no output, so it keeps Pelican's cache.
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="torget_threads"):
        fewer = build_into(tmp_path / "parallel", TORGET_RENDER_PROCESSES=3)
    assert fewer.result.ok and not [r for r in caplog.records if "ahead" in r.getMessage()]
    wrong = build_into(tmp_path / "wrong", TORGET_RENDER_PROCESSES="many")
    assert not wrong.result.ok and not wrong.root.exists()
    assert [p.message for p in wrong.result.problems] == [
        "TORGET_RENDER_PROCESSES: ska vara auto eller ett heltal, 1 eller mer, inte 'many'"]


def test_a_reply_whose_first_line_looks_like_a_header_is_published(tmp_path, build):
    # Python-Markdown's meta extension, which Pelican's reader adds, would
    # take "Tips: …" as metadata and drop the line from the page.
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(
        body="Notera: frågan börjar med ett ord och ett kolon.\n\nMer text.",
        replies=reply_text(body="Tips: lämna saker i återbrukshörnan.\n\nResten av svaret.")))
    page = build(content=content).html("posts/a/")
    assert "Notera: frågan börjar med ett ord och ett kolon." in page.select_one(".question, article.thread").get_text()
    assert "Tips: lämna saker i återbrukshörnan." in page.select_one("#svar-1").get_text()


def test_the_sample_reply_starting_with_tips_is_on_its_page(sample_site):
    page = sample_site.html("posts/hamtning-av-grovavfall/")
    assert "Tips: på återvinningscentralen finns ett återbrukshörn" in " ".join(page.get_text().split())
