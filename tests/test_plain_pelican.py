"""The plugins on plain Pelican, as pelican-plugins test theirs.

``torget build`` wraps the very run ``pelican -s pelicanconf.py`` does: both
write the same bytes but for :data:`torget.build.run.STAMP_FILES`. The
plugin tests build Pelican's generators directly from ``read_settings``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings

from conftest import CONFIG, ROOT, SAMPLE_CONTENT, build_into
from helpers import reply_text, thread_text, write_thread
from test_build import tree_bytes
from torget import DEFAULT_TIMEZONE
from torget.build import memo, pelican_compat, state
from torget.build.run import STAMP_FILES

DATE = "2026-11-20"


@pytest.fixture(autouse=True)
def nothing_left_running():
    """Plugins stay connected to Pelican's signals for the whole test
    process: an index job a generator test did not wait for is stopped."""
    state.stop_all()
    yield
    state.stop_all()


def plain_settings(content: Path, output: Path, **override) -> dict:
    return read_settings(str(CONFIG), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "TORGET_BUILD_DATE": DATE,
        "CACHE_PATH": str(output.parent / f".cache-{output.name}"), **override})


def test_plain_pelican_writes_what_torget_build_writes(tmp_path):
    Pelican(plain_settings(SAMPLE_CONTENT, tmp_path / "plain")).run()
    site = build_into(tmp_path / "built")
    assert site.result.ok, site.result.log_errors
    plain, built = tree_bytes(tmp_path / "plain"), tree_bytes(site.root)
    assert set(built) - set(plain) == STAMP_FILES
    assert len(plain) > 200 and "search/manifest.json" in plain and "sitemap.xml" in plain
    assert plain == {name: data for name, data in built.items() if name not in STAMP_FILES}
    assert not memo.threads(DEFAULT_TIMEZONE)  # emptied after both runs


def articles_of(content: Path, output: Path, **override) -> ArticlesGenerator:
    """The sample settings' ArticlesGenerator after generate_context, with
    only ``torget_threads`` (and ``torget_search`` if asked) registered."""
    settings = plain_settings(content, output, PLUGINS=override.pop("PLUGINS", ["torget_threads"]), **override)
    pelican = Pelican(settings)  # registers the plugins, sends initialized
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl="")
    generator = ArticlesGenerator(context=context, settings=pelican.settings, path=pelican.path,
                                  theme=pelican.theme, output_path=pelican.output_path)
    generator.generate_context()
    return generator


def test_torget_threads_reads_threads_into_articles(tmp_path):
    content = tmp_path / "content"
    for name, date in (("b.md", "2026-01-05 10:00"), ("a.md", "2026-01-05 10:00"), ("c.md", "2026-01-01 10:00")):
        replies = "" if name == "c.md" else reply_text(body="Se [frågan]({filename}/posts/c.md).")
        write_thread(content, name, thread_text(title=f"Tråd {name}", date=date, replies=replies))
    write_thread(content, "gammal.md", thread_text(title="Arkiverad", extra="Archived: yes\n"))
    generator = articles_of(content, tmp_path / "out")
    slugs = [a.slug for a in generator.articles]
    assert slugs[:2] == ["a", "b"] and slugs[-1] == "c"  # newest first, ties by slug
    assert [a.slug for a in generator.hidden_articles] == ["gammal"]
    article = generator.articles[0]
    assert article.thread.title == "Tråd a.md" and article.kind == "thread"
    assert article.last_activity.isoformat().startswith("2026-01-11")
    [reply] = article.replies
    assert reply.reply.author == "Sara Lind" and 'href="/posts/c/"' in reply.html  # {filename} resolved
    assert article.url == "posts/a/" and article.override_url == "posts/a/"
    assert not memo.threads(DEFAULT_TIMEZONE)  # let go once every file is read


def test_torget_threads_takes_the_memos_thread_and_html_when_the_file_is_unchanged(tmp_path):
    content = tmp_path / "content"
    path = write_thread(content, "a.md", thread_text(title="Från filen"))
    from torget.format.parsing import read_thread_file
    from torget.model import Kind

    thread, _ = read_thread_file(path, Kind.THREAD, DEFAULT_TIMEZONE)
    memo.put_thread(str(path), DEFAULT_TIMEZONE, thread)
    settings = plain_settings(content, tmp_path / "out")
    memo.put_html(str(path), memo.markdown_key(settings["MARKDOWN"]), ("<p>Förrenderad</p>", ()))
    try:
        article = articles_of(content, tmp_path / "out", LOAD_CONTENT_CACHE=False).articles[0]
        assert article.content == "<p>Förrenderad</p>" and article.thread is thread
        # The file changes: a miss, read from the file.
        memo.put_thread(str(path), DEFAULT_TIMEZONE, thread)
        path.write_text(thread_text(title="Ändrad i filen"), encoding="utf-8")
        changed = articles_of(content, tmp_path / "out2", LOAD_CONTENT_CACHE=False).articles[0]
        assert changed.thread.title == "Ändrad i filen" and "Förrenderad" not in changed.content
    finally:
        memo.clear()


def test_the_search_generator_writes_the_index_in_generate_output(tmp_path):
    import torget_search

    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(title="Hur sorterar jag batterier?"))
    write_thread(content, "b.md", thread_text(title="Var lämnar jag grovavfall?"))
    output = tmp_path / "out"
    generator = articles_of(content, output, PLUGINS=["torget_threads", "torget_search"])
    assert generator.context["search_manifest"] == "/search/manifest.json"
    search = torget_search.SearchGenerator(generator.context, generator.settings, str(content), "", str(output))
    search.generate_output(writer=None)
    manifest = json.loads((output / "search" / "manifest.json").read_text())
    assert manifest["count"] == 2
    assert torget_search.get_generators(None) is torget_search.SearchGenerator


def test_a_failed_index_fails_generate_output_and_leaves_nothing_running(tmp_path, monkeypatch):
    import torget_search

    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text())

    def broken(*args, **kwargs):
        raise ValueError("index exploded")

    monkeypatch.setattr(torget_search, "build_index", broken)
    output = tmp_path / "out"
    generator = articles_of(content, output, PLUGINS=["torget_threads", "torget_search"],
                            TORGET_SEARCH_PROCESS="background")
    search = torget_search.SearchGenerator(generator.context, generator.settings, str(content), "", str(output))
    with pytest.raises(Exception, match="index exploded"):
        search.generate_output(writer=None)
    assert state.jobs() == ()


def test_jobs_left_running_by_a_failed_run_are_stopped():
    from torget.build.background import Background

    slow = state.start(Background(lambda: __import__("time").sleep(30)))
    with pytest.raises(RuntimeError), state.stopped_on_exit():
        raise RuntimeError("the run failed")
    assert slow.process is None and state.jobs() == ()


def test_pelican_compat_was_written_for_the_installed_versions():
    """Read pelican_compat's functions against the new upstream code, then
    add the version to WRITTEN_FOR."""
    assert pelican_compat.unknown_versions() == []


def test_only_pelican_compat_touches_private_pelican_attributes():
    import re

    private = re.compile(r"\b(_update_content|_main_pelican|_written_files|_get_writer|_cache_data_policy)\b")
    found = {}
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        if path.name != "pelican_compat.py" and private.search(path.read_text(encoding="utf-8")):
            found[str(path.relative_to(ROOT))] = private.findall(path.read_text(encoding="utf-8"))
    # torget_incremental's writer is the pages helper's (issue 24).
    assert set(found) <= {"plugins/torget_incremental/__init__.py"}


def test_the_index_starts_before_reading_when_the_memo_has_the_checks_threads(tmp_path, monkeypatch):
    """A hit or a miss, not a mode: under torget build the check's threads
    are in the memo and the index process starts before Pelican reads (it
    is sent the published URLs later); a plain run starts it after reading."""
    import torget_search

    sent = []
    real = torget_search._send

    def recording(pipe, entries):
        sent.append(len(entries))
        real(pipe, entries)

    monkeypatch.setattr(torget_search, "_send", recording)
    Pelican(plain_settings(SAMPLE_CONTENT, tmp_path / "plain")).run()
    assert sent == []
    assert build_into(tmp_path / "built").result.ok
    assert len(sent) == 1 and sent[0] > 40
