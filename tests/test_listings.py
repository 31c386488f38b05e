"""torget_listings and the thread view on plain Pelican, generators built
directly (tests/plain.py)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from helpers import reply_text, thread_text, write_thread
from plain import RecordingWriter, generators, recording_write

from torget import DEFAULT_TIMEZONE


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=ZoneInfo(DEFAULT_TIMEZONE))


@pytest.fixture(scope="module")
def forum(tmp_path_factory):
    """Five published threads (C and D last active at the same minute),
    one archived, one FAQ entry; then the article generator and the type
    pages' generator."""
    from torget_listings import TypePages

    root = tmp_path_factory.mktemp("listings")
    content = root / "content"
    write_thread(content, "a.md", thread_text(title="A", category="Avfall", extra="Tags: sopor, kärl\n", date="2026-01-01 10:00"))
    write_thread(content, "b.md", thread_text(title="B", category="Avfall", extra="Tags: sopor, kärl\n", date="2026-01-02 10:00",
                                              type_="problem"))
    write_thread(content, "c.md", thread_text(title="C", category="Bygg", extra="Tags: sopor\n", date="2026-01-03 10:00"))
    write_thread(content, "d.md", thread_text(title="D", category="Bygg", extra="Tags: bygglov\nLocked: yes\n",
                                              date="2026-01-01 08:00", replies=reply_text(date="2026-01-03 10:00")))
    write_thread(content, "e.md", thread_text(title="E", category="Avfall", extra="Tags: kärl\nArchived: yes\n",
                                              date="2026-01-05 10:00"))
    write_thread(content, "f.md", "Title: F\nDate: 2026-01-06 10:00\nCategory: Avfall\nAuthor: Ekbacka kommun\n\nSvar.\n", folder="faq")
    articles, types = generators(content, root / "output", TypePages, TORGET_CATEGORIES=None,
                                 TORGET_SEARCH_PROCESS="inline")
    return articles, types


def by_slug(generator) -> dict:
    return {a.slug: a for a in (*generator.articles, *generator.hidden_articles)}


def test_one_recency_order_newest_first_ties_by_slug(forum):
    from torget.site.view import newest_first, recency

    articles, _ = forum
    threads = [a for a in articles.articles if a.kind == "thread"]
    assert [a.slug for a in newest_first(threads)] == ["d", "c", "b", "a"]  # C and D tie: slug z→a
    assert recency(by_slug(articles)["d"]) == (at("2026-01-03 10:00"), "d")
    assert [(value, [a.slug for a in items]) for value, items in articles.context["thread_types"] if items] == [
        ("question", ["d", "c", "a"]), ("problem", ["b"])]


def test_neighbours_and_related_threads(forum):
    articles, _ = forum
    threads = by_slug(articles)
    assert (threads["a"].prev_thread, threads["a"].next_thread) == (None, threads["b"])
    assert (threads["b"].prev_thread, threads["b"].next_thread) == (threads["a"], None)  # E is archived
    assert [a.slug for a in threads["a"].related] == ["b", "c"]  # two shared tags first
    for slug in ("e", "f"):  # archived thread, FAQ entry
        assert (threads[slug].related, threads[slug].prev_thread, threads[slug].next_thread) == ([], None, None)


def test_linking_again_reuses_the_related_ranks_only_while_what_they_are_computed_from_is_the_same(forum, monkeypatch):
    """torget serve links again after an edit: the related threads are the
    ones computed from scratch, without computing them while order, tags
    and categories stay, and computed anew when they change."""
    import torget_listings

    articles, _ = forum
    threads = by_slug(articles)
    before = {slug: [a.slug for a in article.related] for slug, article in threads.items()}
    computed = []
    real = torget_listings._related
    monkeypatch.setattr(torget_listings, "_related", lambda *args: computed.append(1) or real(*args))
    torget_listings.link_neighbours(articles)
    assert computed == [] and {slug: [a.slug for a in a_.related] for slug, a_ in threads.items()} == before
    b = threads["b"]
    monkeypatch.setattr(b.category, "name", "Bygg")  # what related threads read changes
    torget_listings.link_neighbours(articles)
    assert computed == [1] and [a.slug for a in threads["a"].related] == ["b", "c"]
    assert [a.slug for a in threads["c"].related] == ["b", "a"]  # B now shares C's category
    monkeypatch.undo()
    torget_listings.link_neighbours(articles)  # the module's forum as it was, for the tests after this one
    assert {slug: [a.slug for a in a_.related] for slug, a_ in threads.items()} == before


def test_every_thread_article_has_its_view_with_the_values_the_plugins_computed(forum):
    from torget.site.view import TermLink, ThreadCard, ThreadView

    articles, _ = forum
    threads = by_slug(articles)
    assert set(threads) == {"a", "b", "c", "d", "e", "f"}
    for article in threads.values():
        view = article.view
        assert isinstance(view, ThreadView) and view.thread is article.thread
        assert (view.kind, view.last_activity, view.old_from, view.is_old, view.decay, view.popularity) == (
            article.kind, article.last_activity, article.old_from, article.is_old, article.decay, article.popularity)
        assert view.related == tuple(other.view.card for other in article.related)
    a, d = threads["a"].view, threads["d"].view
    assert a.next_thread == threads["b"].view.card and a.prev_thread is None
    assert d.card == ThreadCard(url="posts/d/", title="D", kind="thread", type="question", category="Bygg",
                                replies=1, last_activity=at("2026-01-03 10:00"), locked=True)
    assert a.category == TermLink("Avfall", "category/avfall/", True)
    assert [t.name for t in a.tags] == ["sopor", "kärl"] and all(t.live for t in a.tags)
    # "kärl" has a page (A and B use it); a tag only E used would not
    assert threads["e"].view.tags == (TermLink("kärl", "tag/karl/", True),)


def test_type_pages_are_written_by_their_generator_newest_first(forum):
    articles, types = forum
    writer = RecordingWriter()
    types.generate_output(writer)
    assert [(name, template) for name, template, _ in writer.calls] == [
        ("type/question/index.html", "type.html"), ("type/problem/index.html", "type.html")]
    name, _, kwargs = writer.calls[0]
    assert [a.slug for a in kwargs["paginated"]["articles"]] == ["d", "c", "a"]
    assert (kwargs["template_name"], kwargs["url"], kwargs["thread_type"]) == ("type", "type/question/", "question")


def test_tag_category_and_author_pages_make_the_writer_calls_pelican_makes(forum):
    from pelican.generators import ArticlesGenerator

    articles, _ = forum

    for method in ("generate_tags", "generate_categories", "generate_authors"):
        pelicans, ours = [], []
        getattr(ArticlesGenerator, method)(articles, recording_write(pelicans))
        getattr(articles, method)(recording_write(ours))
        assert ours == pelicans and pelicans


def test_a_taxonomy_page_that_would_overwrite_another_is_handled_as_pelican_does(forum, caplog):
    from pelican.writers import FileOverwriteFailedError

    articles, _ = forum
    caplog.set_level(logging.INFO, logger="torget.build.pelican_compat")

    def clashing(name, template, context, **kwargs):
        raise FileOverwriteFailedError(name)

    with pytest.raises(FileOverwriteFailedError):
        articles.generate_tags(clashing)  # tags with a slug: an error
    saved = [(tag, tag.slug) for tag, _ in articles.tags.items()]
    try:
        for tag, _ in saved:
            tag.slug = ""
        articles.generate_tags(clashing)  # no slug: skipped, as upstream does
    finally:
        for tag, slug in saved:
            tag.slug = slug
    assert "invalid slug" in caplog.text


def test_newest_first_orders_moments_of_different_time_zones_as_the_recency_key_does():
    from types import SimpleNamespace

    from torget.site.view import newest, newest_first, recency

    utc, stockholm = ZoneInfo("UTC"), ZoneInfo(DEFAULT_TIMEZONE)
    moments = [datetime(2026, 1, 3, 9, 0, tzinfo=utc), datetime(2026, 1, 3, 10, 0, tzinfo=stockholm),  # the same instant
               datetime(2026, 1, 3, 9, 0, 0, 1, tzinfo=utc), datetime(2025, 7, 1, 12, 0, tzinfo=stockholm),
               datetime.fromisoformat("2026-01-03T04:00:00-05:00"), datetime(2026, 3, 29, 2, 30, tzinfo=stockholm)]
    articles = [SimpleNamespace(thread=SimpleNamespace(last_activity=moment, slug=slug))
                for moment, slug in zip(moments, ["b", "a", "c", "d", "e", "f"])]
    expected = sorted(articles, key=recency, reverse=True)
    assert newest_first(articles) == expected
    assert [a.thread.slug for a in expected[:4]] == ["f", "c", "e", "b"]  # e, b and a: one instant, slug z→a
    for size in range(len(articles) + 1):
        assert newest(articles, size) == expected[:size]


def test_views_computed_again_keep_what_did_not_change(forum, monkeypatch):
    """torget serve computes the views again after an edit: a card or view
    whose values are the same is the object it was; one whose values
    changed is made again, and so is every view that shows its card."""
    import torget_listings

    articles, _ = forum
    threads = by_slug(articles)
    torget_listings.attach_thread_views([articles])
    views = {slug: a.view for slug, a in threads.items()}
    torget_listings.attach_thread_views([articles])
    assert all(threads[slug].view is view for slug, view in views.items())
    monkeypatch.setattr(threads["b"], "title", "B, ändrad")
    torget_listings.attach_thread_views([articles])
    changed = {slug for slug, view in views.items() if threads[slug].view is not view}
    showing_b = {slug for slug, a in threads.items() if threads["b"] in (*a.related, a.prev_thread, a.next_thread)}
    assert changed == {"b"} | showing_b and showing_b
    assert threads["b"].view.title == threads["b"].view.card.title == "B, ändrad"
    assert all(views[slug] == threads[slug].view for slug in threads if slug not in changed)
    monkeypatch.undo()
    torget_listings.attach_thread_views([articles])
    assert threads["b"].view == views["b"]


def test_relevance_and_reply_links_are_not_computed_again_for_the_same_thread(forum, monkeypatch):
    import torget_relevance
    import torget_threads.links

    articles, _ = forum
    threads = by_slug(articles)
    torget_relevance.apply_relevance(articles)
    torget_threads.links.resolve_reply_links(articles)
    before = {slug: (a.popularity, a.decay, a.is_old, a.replies) for slug, a in threads.items()}
    computed, resolved = [], []
    real_relevance, real_links = torget_relevance.relevance_of, torget_threads.links.update_links
    monkeypatch.setattr(torget_relevance, "relevance_of", lambda *args: computed.append(1) or real_relevance(*args))
    monkeypatch.setattr(torget_threads.links, "update_links", lambda *args: resolved.append(1) or real_links(*args))
    torget_relevance.apply_relevance(articles)
    torget_threads.links.resolve_reply_links(articles)
    assert computed == [] and resolved == []
    assert {slug: (a.popularity, a.decay, a.is_old, a.replies) for slug, a in threads.items()} == before
    d = threads["d"]
    monkeypatch.setattr(d, "thread", replace(d.thread, views=d.thread.views + 1000))
    monkeypatch.setattr(d, "replies", tuple(type(r)(r.reply, '<a href="{filename}a.md">A</a>' + r.html) for r in d.replies))
    torget_relevance.apply_relevance(articles)
    torget_threads.links.resolve_reply_links(articles)
    assert len(computed) == 1 and d.popularity == before["d"][0] + 1000 * d.decay
    assert len(resolved) == len(d.replies)  # the new replies, once
    monkeypatch.undo()
    torget_relevance.apply_relevance(articles)
    assert d.popularity == before["d"][0]
