"""torget_incremental on plain Pelican: reused pages equal a cold build.

Each build is ``Pelican(read_settings(pelicanconf.py, override=...))``
with ``TORGET_REUSE_FROM``: the previous output, or a folder that does not
exist for a first build.
(pelican-sitemap is left out: it remembers the first build of a process.)
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, nodes

from conftest import CONFIG, ROOT, SAMPLE_CONTENT

STAMP = ".torget-pages.json"


def pelican_build(output: Path, content: Path = SAMPLE_CONTENT, reuse_from: Path | str | None = None, **override) -> Path:
    """``reuse_from`` None: a first build (``torget build``'s, whose
    ``TORGET_REUSE_FROM`` names an output folder that does not exist yet)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    if reuse_from is None:
        reuse_from = output.parent / "no-previous-output"

    settings = read_settings(str(CONFIG), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "TORGET_BUILD_DATE": "2026-11-20",
        "TORGET_REUSE_FROM": str(reuse_from), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
        "CACHE_PATH": str(output.parent / f".cache-{output.name}"), **override,
    })
    settings["PLUGINS"] = [name for name in settings["PLUGINS"] if name != "pelican.plugins.sitemap"]
    Pelican(settings).run()
    return output


def tree(root: Path) -> dict:
    """Every file with its bytes and every folder, empty ones included."""
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def inode(path: Path) -> int:
    return os.stat(path).st_ino


def test_a_rebuild_links_unchanged_pages_renders_changed_ones_and_equals_a_cold_build(tmp_path, content_copy):
    first = pelican_build(tmp_path / "first", content_copy)
    stamp = json.loads((first / STAMP).read_text())
    assert len(stamp["pages"]) > 100 and {"posts/busskort-pa-sommarlovet", "tag/losenord"} <= set(stamp["folders"])
    archived = content_copy / "posts" / "nattparkering-vintern-2021.md"
    assert "Archived: yes" in archived.read_text() and "nattparkering" not in (first / STAMP).read_text()
    changed = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    changed.write_text(changed.read_text().replace("Title: Jag har glömt lösenordet", "Title: Jag minns inte lösenordet"))
    second = pelican_build(tmp_path / "second", content_copy, reuse_from=first)
    cold = pelican_build(tmp_path / "cold", content_copy)
    assert tree(second) == tree(cold)
    for page in ("posts/busskort-pa-sommarlovet/index.html", "posts/nattparkering-vintern-2021/index.html"):
        assert inode(second / page) == inode(first / page)  # linked (the second one is archived)
    for page in ("posts/glomt-losenord-e-tjanster/index.html", "tag/losenord/index.html"):
        assert inode(second / page) != inode(first / page)
        assert "Jag minns inte lösenordet" in (second / page).read_text()
    assert inode(second / "category/forskola-och-skola/index.html") == inode(first / "category/forskola-och-skola/index.html")


def test_deleted_and_renamed_threads_leave_no_folders_and_deleted_pages_are_rendered(tmp_path, content_copy):
    first = pelican_build(tmp_path / "first", content_copy)
    (first / "category/forskola-och-skola/index.html").unlink()  # gone since: rendered again
    (content_copy / "posts" / "busskort-pa-sommarlovet.md").unlink()
    renamed = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    renamed.rename(renamed.with_name("nytt-namn.md"))
    second = pelican_build(tmp_path / "second", content_copy, reuse_from=first)
    assert not (second / "posts" / "busskort-pa-sommarlovet").exists()
    assert not (second / "tag" / "busskort").exists()
    assert tree(second) == tree(pelican_build(tmp_path / "cold", content_copy))


def theme_copy(tmp_path: Path, template: str, old: str, new: str) -> Path:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    path = theme / "templates" / template
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))
    return theme


def test_a_template_showing_more_of_the_view_gets_pages_that_follow_it(tmp_path, content_copy):
    """A theme whose thread pages also mark locked related threads: locking
    a related thread changes those pages (its place among the threads does
    not change, so nothing else on them does)."""
    theme = theme_copy(tmp_path, "_thread.html", "{{ other.title }}</a>",
                       "{{ other.title }}</a>{% if other.locked %} (låst){% endif %}")
    first = pelican_build(tmp_path / "first", content_copy, THEME=str(theme))
    page = Path("posts/busskort-pa-sommarlovet/index.html")
    related = re.findall(r'<li><a href="/posts/([^/"]+)/">[^<]*</a></li>', (first / page).read_text())
    assert related, "the sample thread has related threads that are not locked"
    path = content_copy / "posts" / f"{related[0]}.md"
    path.write_text(path.read_text().replace("\nCategory: ", "\nLocked: yes\nCategory: ", 1))
    second = pelican_build(tmp_path / "second", content_copy, reuse_from=first, THEME=str(theme))
    assert f'/posts/{related[0]}/">' in (second / page).read_text()
    assert " (låst)" in (second / page).read_text()
    assert tree(second) == tree(pelican_build(tmp_path / "cold", content_copy, THEME=str(theme)))


def test_a_page_showing_what_no_fingerprint_covers_is_always_rendered(tmp_path, content_copy, caplog):
    """Pelican's pages (not threads) have no view: a thread page that
    lists them cannot be fingerprinted, so it is never reused."""
    theme = theme_copy(tmp_path, "_thread.html", '<div class="thread-body">',
                       '<p>{% for p in pages %}{{ p.title }}{% endfor %}</p><div class="thread-body">')
    caplog.set_level(logging.INFO, logger="torget_incremental.writer")
    first = pelican_build(tmp_path / "first", content_copy, THEME=str(theme))
    assert "shows a Page" in caplog.text
    page = content_copy / "pages" / "om-forumet.md"
    page.write_text(page.read_text().replace("Title: ", "Title: Nytt: ", 1))
    second = pelican_build(tmp_path / "second", content_copy, reuse_from=first, THEME=str(theme))
    thread = "posts/busskort-pa-sommarlovet/index.html"
    assert inode(second / thread) != inode(first / thread)
    assert "Nytt: " in (second / thread).read_text()
    assert tree(second) == tree(pelican_build(tmp_path / "cold", content_copy, THEME=str(theme)))


def _article_attributes(env: Environment, name: str, seen: set) -> set[str]:
    if name in seen:
        return set()
    seen.add(name)
    tree_ = env.parse(env.loader.get_source(env, name)[0])
    found = {node.attr for node in tree_.find_all(nodes.Getattr)
             if isinstance(node.node, nodes.Name) and node.node.name == "article"}
    for used in tree_.find_all((nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)):
        found |= _article_attributes(env, used.template.value, seen)
    return found


@pytest.mark.parametrize("template", ["article.html", "faq_entry.html"])
def test_thread_pages_read_their_article_only_through_the_view(template):
    """The page fingerprint covers ``article`` as its view and Pelican's
    rendered HTML (``content``, and ``summary``, made from it or the
    thread's Summary): a template reading anything else of the article
    directly would show what the fingerprint does not cover."""
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), extensions=["jinja2.ext.i18n"])
    env.filters.update({name: str for name in ("thread_jsonld", "date_text", "type_name", "phone_links", "shift_headings")})
    assert _article_attributes(env, template, set()) == {"view", "content", "summary"}


def test_the_mkdir_process_makes_folders_only_inside_an_existing_output(tmp_path):
    from torget_incremental.folders import FolderMaker, folders_of

    folders = folders_of(["posts/a b/index.html", "tag/x/y/index.html", "index.html"])
    assert folders == ["posts", "posts/a b", "tag", "tag/x", "tag/x/y"]
    (tmp_path / "out").mkdir()
    maker = FolderMaker(str(tmp_path / "out"), folders)
    maker.result()
    assert sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*")) == folders
    gone = tmp_path / "gone"  # a failed build's removed staging folder
    maker = FolderMaker(str(gone), folders)
    maker.result()
    assert maker.process is None and not gone.exists()


class _Reuse:
    """Stands in for PageReuse: every page has fingerprint "same"."""

    def __init__(self, previous: Path):
        self.previous = previous
        self.writers = []

    def fingerprint(self, name, template, localcontext, own):
        return "same"

    def link(self, name, fingerprint, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.link(self.previous / name, path)
        return True


class _NoReuse(_Reuse):
    """Stands in for PageReuse with no previous page: every page is rendered."""

    def link(self, name, fingerprint, path):
        return False


def test_a_linked_page_written_again_never_writes_into_the_previous_output(tmp_path):
    """Pelican's rule for a page written twice holds for linked pages,
    and a page rendered over a linked one gets a file of its own."""
    from types import SimpleNamespace

    from pelican.settings import DEFAULT_CONFIG
    from pelican.writers import FileOverwriteFailedError
    from torget_incremental.writer import ReusingWriter

    previous = tmp_path / "previous"
    (previous / "posts" / "x").mkdir(parents=True)
    (previous / "posts" / "x" / "index.html").write_text("old")
    writer = type("Writer", (ReusingWriter,), {"reuse": _Reuse(previous)})(str(tmp_path / "out"), settings=DEFAULT_CONFIG)
    template = Environment().from_string("new")
    article = SimpleNamespace(metadata={"thread": object()})
    writer.write_file("posts/x/index.html", template, {}, article=article)
    assert (tmp_path / "out" / "posts" / "x" / "index.html").read_text() == "old"
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("posts/x/index.html", template, {}, article=article)
    writer.write_file("posts/x/index.html", template, {}, override_output=True)  # not a thread: rendered
    assert (tmp_path / "out" / "posts" / "x" / "index.html").read_text() == "new"
    assert (previous / "posts" / "x" / "index.html").read_text() == "old"


def test_building_again_into_an_output_with_linked_pages_leaves_the_previous_output_alone(tmp_path, content_copy):
    """A plain Pelican run into a folder that holds pages linked from the
    previous output renders changed pages into files of their own."""
    first = pelican_build(tmp_path / "first", content_copy)
    before = tree(first)
    second = pelican_build(tmp_path / "second", content_copy, reuse_from=first)
    changed = content_copy / "posts" / "glomt-losenord-e-tjanster.md"
    changed.write_text(changed.read_text().replace("Title: Jag har glömt lösenordet", "Title: Jag minns inte lösenordet"))
    pelican_build(second, content_copy, reuse_from=first)
    assert tree(first) == before
    assert "Jag minns inte lösenordet" in (second / "posts/glomt-losenord-e-tjanster/index.html").read_text()


def test_the_writer_paginates_and_writes_what_pelicans_writer_writes(tmp_path):
    """Listings are paginated by the plugin's writer itself (to fingerprint
    each page): with small pages, the site equals the one Pelican's own
    writer writes when no previous output is configured (and then no
    fingerprints are taken)."""
    ours = pelican_build(tmp_path / "ours", DEFAULT_PAGINATION=2)
    pelicans = pelican_build(tmp_path / "pelicans", reuse_from="", DEFAULT_PAGINATION=2)
    assert (ours / "category" / "forskola-och-skola" / "sida" / "3" / "index.html").is_file()
    assert (ours / STAMP).is_file() and not (pelicans / STAMP).exists()
    assert {k: v for k, v in tree(ours).items() if k != STAMP} == tree(pelicans)


def test_pages_rendered_in_several_processes_equal_pelicans_writer(tmp_path, monkeypatch):
    """The writer queues the pages it renders and shares them between
    processes (torget_incremental.split): the files are the bytes
    Pelican's own writer writes in one process."""
    from torget_incremental import split

    forked = []

    class Counted(split.Background):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            forked.append(self.process is not None)

    monkeypatch.setattr(split, "SPLIT_MIN", 1)
    monkeypatch.setattr(split, "Background", Counted)
    ours = pelican_build(tmp_path / "ours", TORGET_RENDER_PROCESSES=3, DEFAULT_PAGINATION=2)
    assert forked == [True, True]
    pelicans = pelican_build(tmp_path / "pelicans", reuse_from="", DEFAULT_PAGINATION=2)
    assert {k: v for k, v in tree(ours).items() if k != STAMP} == tree(pelicans)


def test_a_queued_page_written_again_follows_pelicans_rule(tmp_path):
    """A page is queued, not written, until the queue is rendered; written
    twice, the second replaces the first only with override_output."""
    from types import SimpleNamespace

    from pelican.writers import FileOverwriteFailedError
    from torget_incremental.writer import ReusingWriter

    from pelican.settings import read_settings

    settings = read_settings(str(CONFIG))
    writer = type("Writer", (ReusingWriter,), {"reuse": _NoReuse(tmp_path / "none")})(str(tmp_path / "out"), settings=settings)
    article = SimpleNamespace(metadata={"thread": object()}, status="published")
    writer.write_file("posts/x/index.html", Environment().from_string("first"), {}, article=article)
    assert not (tmp_path / "out" / "posts" / "x" / "index.html").exists()  # queued
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("posts/x/index.html", Environment().from_string("again"), {}, article=article)
    writer.write_file("posts/x/index.html", Environment().from_string("second"), {}, override_output=True, article=article)
    writer.render_queued()
    assert (tmp_path / "out" / "posts" / "x" / "index.html").read_text() == "second"
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("posts/x/index.html", Environment().from_string("third"), {})


@pytest.mark.parametrize(("cores", "wanted", "pages"), [(1, "auto", 1), (2, "auto", 1), (3, "auto", 2), (8, "auto", 3), (2, 3, 3), (8, 1, 1)])
def test_auto_leaves_the_search_index_a_core_for_pages(monkeypatch, cores, wanted, pages):
    from torget.build import ahead

    monkeypatch.setattr(ahead.os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert ahead.page_processes(wanted) == pages
    assert ahead.processes(wanted) == (min(cores, ahead.MAX_AUTO_PROCESSES) if wanted == "auto" else wanted)


@pytest.mark.parametrize("base", ["/srv/out", "/"])
@pytest.mark.parametrize("name", ["posts/a/index.html", "tag/b/2/index.html", "a//b", "./a", "a/./b", "a/", "x",
                                  ".", "a/..", "a/../b", "../out/x", "/etc/passwd", "...", "a/.../b"])
def test_the_writers_join_is_pelicans(base, name):
    """The writer joins page names to its folders by string where that is
    what Pelican's sanitised_join gives, and through it otherwise."""
    from pelican.utils import sanitised_join

    from torget_incremental.writer import joined

    def outcome(join):
        try:
            return join(base, name)
        except RuntimeError:
            return "refused"

    assert outcome(joined) == outcome(sanitised_join)
