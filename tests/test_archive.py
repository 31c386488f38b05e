"""Archived threads: readable by their link, absent everywhere else (issue 3)."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from conftest import CONFIG, SAMPLE_CONTENT
from leaks import archived_leaks
from torget.content.forum import load_forum
from torget_cli import main


def test_sample_forum_has_archived_threads_that_leak_nowhere(sample_site):
    leaks = archived_leaks(sample_site.root, SAMPLE_CONTENT)
    assert leaks == {}


def test_leak_scan_can_fail(sample_site, tmp_path):
    """The scan really looks: an archived title on the start page is found."""
    copy = tmp_path / "site"
    shutil.copytree(sample_site.root, copy)
    thread = next(t for t in load_forum(SAMPLE_CONTENT).threads if t.archived)
    index = copy / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</main>", f"<ul><li>{thread.title}</li></ul></main>"), encoding="utf-8")
    assert archived_leaks(copy, SAMPLE_CONTENT) == {thread.slug: ["index.html"]}
    api = copy / "api" / "threads.json"
    api.write_text(api.read_text(encoding="utf-8").replace("[", f'["/posts/{thread.slug}/",', 1), encoding="utf-8")
    assert archived_leaks(copy, SAMPLE_CONTENT) == {thread.slug: ["api/threads.json", "index.html"]}


def test_archived_page_is_built_with_noindex_and_notice(sample_site):
    page = sample_site.html("posts/nattparkering-vintern-2021/")
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    notice = page.select_one(".notice-archived")
    assert notice is not None and notice.get("role") == "note"
    assert "arkiverad" in notice.get_text()
    assert "Informationen är inte längre aktuell" in notice.get_text()
    # published threads are indexable
    assert not sample_site.html("posts/glomt-losenord-e-tjanster/").find("meta", attrs={"name": "robots"})


def test_archived_page_links_nothing_that_does_not_exist(sample_site):
    page = sample_site.html("posts/nattparkering-vintern-2021/")
    for link in page.select("main a[href^='/']"):
        target = sample_site.root / link["href"].split("#")[0].split("?")[0].strip("/")
        assert target.exists() or (target / "index.html").exists(), link["href"]
    # the archived-only tag is shown as text, not as a link
    tags = page.select_one(".tags")
    assert "vinterparkering-2021" in tags.get_text()
    assert not tags.find("a", string="vinterparkering-2021")
    assert not (sample_site.root / "tag" / "vinterparkering-2021").exists()


def test_archived_faq_entry_is_not_on_the_faq_page(sample_site):
    faq = sample_site.html("faq/")
    titles = [s.get_text(strip=True) for s in faq.select("summary")]
    assert titles and not any("äldreboenden" in t for t in titles)
    assert (sample_site.root / "faq/besok-pa-aldreboenden-under-pandemin/index.html").is_file()


def _run(*args):
    return CliRunner().invoke(main, ["--help"] if not args else list(args), catch_exceptions=False)


def test_archive_and_unarchive_round_trip_byte_for_byte(content_copy):
    path = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    original = path.read_bytes()
    result = _run("archive", "glomt-losenord-e-tjanster", "--reason", "Gäller en gammal version.", "--config", str(CONFIG), "--content", str(content_copy))
    assert result.exit_code == 0, result.output
    archived = path.read_bytes()
    assert b"Archived: yes\nArchive-reason: G\xc3\xa4ller en gammal version.\n" in archived
    assert load_forum(content_copy).find("glomt-losenord-e-tjanster").archived
    # only the two header lines were added
    assert archived.replace(b"Archived: yes\nArchive-reason: G\xc3\xa4ller en gammal version.\n", b"") == original
    result = _run("unarchive", str(path), "--config", str(CONFIG), "--content", str(content_copy))
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == original


def test_archive_keeps_crlf_line_endings(content_copy):
    path = content_copy / "posts" / "crlf.md"
    original = b"Title: X\r\nDate: 2026-01-01\r\nType: question\r\nCategory: A\r\nAuthor: B\r\n\r\nText\r\n"
    path.write_bytes(original)
    assert _run("archive", "crlf", "--config", str(CONFIG), "--content", str(content_copy)).exit_code == 0
    assert path.read_bytes() == original.replace(b"Author: B\r\n", b"Author: B\r\nArchived: yes\r\n")
    assert _run("unarchive", "crlf", "--config", str(CONFIG), "--content", str(content_copy)).exit_code == 0
    assert path.read_bytes() == original


def test_archive_reports_missing_and_ambiguous(content_copy):
    result = _run("archive", "finns-inte", "--config", str(CONFIG), "--content", str(content_copy))
    assert result.exit_code != 0 and "finns-inte: ingen tråd eller vanlig fråga med den sluggen" in result.output
    shutil.copy(content_copy / "posts/glomt-losenord-e-tjanster.md", content_copy / "faq/glomt-losenord-e-tjanster.md")
    result = _run("archive", "glomt-losenord-e-tjanster", "--config", str(CONFIG), "--content", str(content_copy))
    assert result.exit_code != 0 and "tvetydig" in result.output


def test_list_archived(content_copy):
    result = CliRunner().invoke(main, ["list", "--archived", "--config", str(CONFIG), "--content", str(content_copy)])
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    slugs = {line.split()[2] for line in lines}
    expected = {t.slug for t in load_forum(content_copy).threads if t.archived}
    assert slugs == expected and len(expected) >= 4
    assert all(line[:10].count("-") == 2 for line in lines)  # dates first


def test_generated_forum_of_1000_threads_with_30_percent_archived(corpus_forum):
    content, site = corpus_forum
    forum = load_forum(content)
    archived = [t for t in forum.threads if t.archived]
    assert len(forum.threads) == 1000 and 250 <= len(archived) <= 350
    assert archived_leaks(site.root, content) == {}
