"""Pelican plugin: read thread and FAQ files into articles.

Replaces Pelican's Markdown reader with one that understands Torget's
thread format (``docs/content-format.md``) for files under
``content/posts`` and ``content/faq``; other Markdown (``content/pages``)
is read as usual. Everything read is sanitized with the one HTML
allow-list of :mod:`torget.html.sanitize` (threads, replies and FAQ entries
as they are rendered, here or ahead in forked processes; pages, their
formatted metadata such as ``Summary:``, and ``.html`` files read by
Pelican's HTML reader), so Pelican's content cache holds only sanitized
HTML; the build fingerprint names the allow-list
(:data:`torget.html.sanitize.VERSION`). Each article gets:

- ``article.thread``: the parsed :class:`torget.model.Thread`;
- ``article.replies``: the replies with their rendered HTML;
- ``article.last_activity``: latest activity, for ordering;
- ``article.kind``: ``thread`` or ``faq`` (FAQ entries live under ``faq/``).

Pages without a ``Date:`` get the build date, so that their sitemap
``lastmod`` does not come from the clock.

Once all articles are read, each article's ``url`` and ``save_as`` are
fixed with Pelican's own per-article overrides (``override_url``,
``override_save_as``): Pelican otherwise expands the URL pattern again on
every access, and a forum's pages ask for thread URLs hundreds of
thousands of times (14 % of a 10,000-thread build).

It also gives every template the forum settings (``forum``), the UI
strings (``t``) and date formatting, and fixes the build date once.

``torget build`` checks and parses every thread file before Pelican runs;
the reader takes those threads (:func:`torget.build.state.current`, set by
the build) instead of parsing the files again. Pelican's content cache holds
what the reader returns: the rendered HTML and metadata, not the thread's
text, which is attached to each article (cached or not) through the
``article_generator_context`` signal. Each thread is thus parsed once and
held in memory once.

Markdown is most of the time Pelican spends reading. Before Pelican reads,
the threads ``torget build`` parsed whose HTML is not in Pelican's content
cache are rendered ahead, split between the build's process and forked
ones (``TORGET_RENDER_PROCESSES``); the reader takes that HTML from the
build state (:attr:`torget.build.state.BuildState.rendered`), where the
search index's process finds it too. The HTML is the same either way (a
test builds both and compares every byte); rendering is
:mod:`torget.html.rendering`'s.

Articles are ordered by ``ARTICLE_ORDER_BY`` with ties broken by slug, so
that threads with the same date are listed in the same order on every
build (Pelican reads files in a per-process order).

Settings read: ``ARTICLE_ORDER_BY``, ``PATH``, ``MARKDOWN``, ``FORMATTED_FIELDS``, ``TIMEZONE``,
``INTRASITE_LINK_REGEX``, ``FAQ_ENTRY_URL``/``FAQ_ENTRY_SAVE_AS`` patterns
for FAQ entries (default ``faq/{slug}/``); through
:class:`torget.settings.forum.ForumSettings`: ``TORGET_RENDER_PROCESSES``
(default ``auto``: the usable cores, at most 4; ``1`` renders while
reading), ``TORGET_CATEGORIES``, ``TORGET_BUILD_DATE``, ``DEFAULT_LANG``
and the other ``TORGET_*`` settings the templates use. In a plain
``pelican`` run, ``initialized`` sets an empty ``TORGET_BUILD_DATE`` to
today, so that the clock is read once.
"""

from __future__ import annotations

import html
import logging
import os
import time
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from operator import attrgetter
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.readers import HTMLReader, MarkdownReader
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import SafeDatetime, get_date, order_content

from torget import DEFAULT_TIMEZONE
from torget.build import state as buildstate
from torget.build.background import Background, BackgroundError
from torget.content.forum import kind_of
from torget.i18n import TYPE_INTROS, Dates, current_language, month_names, period, translations, type_name, use_language
from torget.model import ContentError, Kind, Reply
from torget.format.parsing import read_thread_file
from torget.html.phones import phone_links
from torget.site.relevance import today_in
from torget.html.rendering import ThreadRenderer, shift_headings
from torget.html.sanitize import clean
from torget.settings.forum import ForumSettings

log = logging.getLogger(__name__)
#: Fewer threads to render than this are rendered as they are read: a fork
#: would cost more than it saves.
RENDER_AHEAD_MIN = 200
#: TORGET_RENDER_PROCESSES = "auto" uses the usable cores, at most this many
#: (each forked process holds a copy-on-write copy of the threads it renders).
MAX_AUTO_RENDER_PROCESSES = 4


#: In a plain ``pelican`` run (no :class:`torget.build.state.BuildState`),
#: the threads this process parsed while reading, until all are read.
_PLAIN_RUN_THREADS: dict = {}


@dataclass(frozen=True)
class RenderedReply:
    """A reply together with its body rendered to HTML."""

    reply: Reply
    html: str


def safe_datetime(moment: datetime) -> SafeDatetime:
    return SafeDatetime(
        moment.year, moment.month, moment.day, moment.hour, moment.minute,
        moment.second, tzinfo=moment.tzinfo,
    )


class ThreadReader(MarkdownReader):
    """Reads thread files; falls back to plain Markdown for pages."""

    def __init__(self, settings):
        super().__init__(settings)
        self._renderer: ThreadRenderer | None = None
        #: source path → the thread's HTML, rendered ahead (render_ahead()).
        self.rendered: dict[str, tuple[str, tuple[str, ...]]] = {}
        #: Declared categories' own slugs (TORGET_CATEGORIES).
        self.category_slugs = {c.name: c.slug for c in ForumSettings.from_pelican(settings).categories if c.slug}

    def render_thread(self, thread) -> tuple[str, tuple[str, ...]]:
        """The question's HTML and each reply's (:mod:`torget.html.rendering`)."""
        if self._renderer is None:
            self._renderer = ThreadRenderer(self.settings["MARKDOWN"])
        return self._renderer.render(thread)

    def read(self, source_path):
        content_dir = Path(self.settings["PATH"])
        kind = kind_of(Path(source_path), content_dir)
        if kind is None:
            return clean_read(self, super().read(source_path))
        thread = parsed_thread(self.settings, str(source_path), kind)
        rendered = self.rendered.pop(str(source_path), None)
        content, reply_html = rendered if rendered is not None else self.render_thread(thread)
        process = self.process_metadata
        # What the reader returns is what Pelican caches between builds:
        # rendered HTML and Pelican's metadata, not the thread's text (the
        # build's own parse cache keeps that). attach_thread() adds the
        # thread back for every article, cached or not.
        category = process("category", thread.category)
        if thread.category in self.category_slugs:
            category.slug = self.category_slugs[thread.category]
        metadata = {
            "title": thread.title,
            "date": safe_datetime(thread.date),
            "category": category,
            "author": process("author", thread.author),
            "slug": thread.slug,
            "thread_source": str(source_path),
            "thread_kind": kind.value,
            "kind": thread.kind.value,
            "reply_html": reply_html,
            "last_activity": safe_datetime(thread.last_activity),
            "template": "faq_entry" if thread.is_faq else "article",
        }
        if thread.archived:
            # Hidden where it is read: every plugin and Pelican itself sees
            # it as unlisted, whatever the order of PLUGINS.
            metadata["status"] = "hidden"
        if thread.modified:
            metadata["modified"] = safe_datetime(thread.modified)
        if thread.tags:
            metadata["tags"] = process("tags", ", ".join(thread.tags))
        if thread.summary:
            metadata["summary"] = html.escape(thread.summary)
        if kind is Kind.FAQ:
            metadata["url"] = self.settings.get("FAQ_ENTRY_URL", "faq/{slug}/").format(slug=thread.slug)
            metadata["save_as"] = self.settings.get(
                "FAQ_ENTRY_SAVE_AS", "faq/{slug}/index.html"
            ).format(slug=thread.slug)
        return content, metadata

    def render_all(self, threads: dict, paths: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Render the threads at ``paths``; one that fails is left out and
        rendered again when Pelican reads it, which reports the error with
        the file's name as for any other file."""
        rendered = {}
        for path in paths:
            try:
                rendered[path] = self.render_thread(threads[path])
            except Exception:  # noqa: BLE001 - reported when the file is read
                continue
        return rendered


class SanitizedHTMLReader(HTMLReader):
    """Pelican's reader for ``.html`` content, with the HTML sanitized."""

    def read(self, filename):
        return clean_read(self, super().read(filename))


def clean_read(reader, read: tuple[str, dict]) -> tuple[str, dict]:
    """A reader's content and formatted metadata (``FORMATTED_FIELDS``,
    by default ``summary``), sanitized."""
    content, metadata = read
    for name in reader.settings.get("FORMATTED_FIELDS", ()):
        if isinstance(metadata.get(name), str):
            metadata[name] = clean(metadata[name])
    return phone_links(clean(content)), metadata


def render_processes(settings) -> int:
    """``TORGET_RENDER_PROCESSES``, with ``auto`` as the usable cores (up to 4)."""
    wanted = ForumSettings.from_pelican(settings).render_processes
    if wanted == "auto":
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return max(1, min(cores, MAX_AUTO_RENDER_PROCESSES))
    return wanted


def render_ahead(generator) -> None:
    """Render the threads Pelican is about to read in several processes.

    Pelican reads files one after another, and Markdown is most of the
    time it takes (87 % of reading 100,000 threads). Before it starts, the
    threads ``torget build`` parsed whose HTML is not in Pelican's content
    cache are split between this process and forked ones
    (:mod:`torget.build.background`); the reader then takes their HTML instead
    of rendering it. Below ``RENDER_AHEAD_MIN`` threads, or with one
    process, the reader renders as it reads.
    """
    state = buildstate.current()
    threads = state.parsed if state else {}
    readers = [r for r in generator.readers.readers.values() if isinstance(r, ThreadReader)]
    processes = render_processes(generator.settings)
    if not threads or not readers or processes < 2:
        return
    cache = generator.readers
    paths = sorted(p for p in threads if cache.get_cached_data(p, None) is None)
    if len(paths) < RENDER_AHEAD_MIN:
        return
    started = time.perf_counter()
    reader = readers[0]
    jobs = [
        Background(partial(reader.render_all, threads, paths[n::processes]), name="rendering threads")
        for n in range(1, processes)
    ]
    rendered = reader.render_all(threads, paths[0::processes])
    for job in jobs:
        try:
            rendered.update(job.result())
        except BackgroundError as error:  # its threads are rendered as they are read
            log.warning("%s", error)
    state.rendered.update(rendered)  # the search index takes it too
    for each in readers:  # one reader per file extension, all alike
        each.rendered = state.rendered
    log.info("rendered %d threads ahead in %d processes in %.1f s", len(rendered), processes,
             time.perf_counter() - started)


def parsed_thread(settings, source_path: str, kind: Kind):
    """The thread of a file: the one ``torget build`` parsed and checked,
    or, in a plain ``pelican`` run, parsed here (once per build)."""
    state = buildstate.current()
    parsed = state.parsed if state else _PLAIN_RUN_THREADS
    thread = parsed.get(source_path)
    if thread is None:
        thread, problems = read_thread_file(Path(source_path), kind, settings.get("TIMEZONE", DEFAULT_TIMEZONE))
        errors = [p for p in problems if p.is_error]
        for warning in (p for p in problems if not p.is_error):
            log.warning("%s", warning)
        if errors or thread is None:
            raise ContentError(errors)
        parsed[source_path] = thread
    return thread


def attach_thread(generator, metadata) -> None:
    """Give an article its thread and its replies with their HTML."""
    source = metadata.pop("thread_source", None)
    if source is None:
        return
    thread = parsed_thread(generator.settings, source, Kind(metadata.pop("thread_kind")))
    metadata["thread"] = thread
    metadata["replies"] = tuple(RenderedReply(r, h) for r, h in zip(thread.replies, metadata.pop("reply_html")))


def freeze_urls(generator) -> None:
    """Expand every article's URL pattern once (see the module docstring)."""
    for article in (*generator.articles, *generator.hidden_articles, *generator.translations,
                    *generator.hidden_translations, *generator.drafts, *generator.drafts_translations):
        article.override_url = article.url
        article.override_save_as = article.save_as


def resolve_reply_links(generator) -> None:
    """Resolve ``{filename}``/``{static}`` links in replies, as Pelican does
    for the question (replies are rendered apart from ``article.content``).

    With Pelican's default ``INTRASITE_LINK_REGEX`` a link starts with
    ``{`` or ``|``; replies without either are left as they are, which
    saves scanning every tag of every reply.
    """
    default = generator.settings.get("INTRASITE_LINK_REGEX") == DEFAULT_CONFIG["INTRASITE_LINK_REGEX"]

    def may_link(text: str) -> bool:
        return not default or "{" in text or "|" in text

    for article in (*generator.articles, *generator.hidden_articles):
        replies = getattr(article, "replies", None)
        if replies and any(may_link(r.html) for r in replies):
            siteurl = article.get_siteurl()
            article.replies = tuple(
                RenderedReply(r.reply, article._update_content(r.html, siteurl)) if may_link(r.html) else r
                for r in replies
            )


def date_pages(generator, metadata) -> None:
    """A page without ``Date:`` gets the build date, so that its sitemap
    ``lastmod`` does not come from the clock. (Not done in the reader: its
    output is cached across builds with other dates.)"""
    if "date" not in metadata:
        metadata["date"] = get_date(ForumSettings.from_pelican(generator.settings).build_date.isoformat())


def stable_order(generator) -> None:
    """Order articles as ``ARTICLE_ORDER_BY`` says, ties by slug.

    Pelican collects content files in a ``set``, whose order changes with
    every process, and only its translation grouping sorted them by slug
    before ordering by date. Torget turns that grouping off
    (``ARTICLE_TRANSLATION_ID = None``), so without this threads with the
    same date would be listed in a different order on every build. Runs
    before tags, categories and ``dates`` are built from ``articles``.
    """
    order_by = generator.settings.get("ARTICLE_ORDER_BY", "reversed-date")
    for name in ("articles", "hidden_articles", "drafts"):
        items = sorted(getattr(generator, name), key=attrgetter("slug"))
        setattr(generator, name, order_content(items, order_by))


def drop_parsed_threads(generator) -> None:
    """All files are read: threads the reader did not take (Pelican had them
    in its cache) need not stay in memory."""
    state = buildstate.current()
    (state.parsed if state else _PLAIN_RUN_THREADS).clear()


def add_reader(readers) -> None:
    for extension in ThreadReader.file_extensions:
        readers.reader_classes[extension] = ThreadReader
    for extension in SanitizedHTMLReader.file_extensions:
        readers.reader_classes[extension] = SanitizedHTMLReader


def fix_build_date(pelican) -> None:
    """Read the clock at most once per build: every plugin sees one date."""
    if not pelican.settings.get("TORGET_BUILD_DATE"):
        pelican.settings["TORGET_BUILD_DATE"] = today_in(
            pelican.settings.get("TIMEZONE", DEFAULT_TIMEZONE)
        ).isoformat()


def use_forum_language(pelican) -> None:
    """Speak the forum's language (``DEFAULT_LANG``) in this build's
    messages and pages."""
    use_language(pelican.settings.get("DEFAULT_LANG", "sv"))


def add_template_helpers(generator) -> None:
    """Install the catalog (``_``, ``ngettext``, ``pgettext``) and give
    templates ``forum``, the ``date_text``, ``type_name``, ``phone_links``
    (:mod:`torget.html.phones`) and ``shift_headings`` filters and the
    ``period``, ``month_names`` and ``type_intros`` helpers."""
    forum = ForumSettings.from_pelican(generator.settings)
    if "jinja2.ext.InternationalizationExtension" not in generator.env.extensions:
        # JINJA_ENVIRONMENT's "extensions" lists it; a settings file
        # written before the catalogs may not.
        generator.env.add_extension("jinja2.ext.i18n")
    generator.env.install_gettext_translations(translations(current_language()), newstyle=True)
    generator.env.globals.update(forum=forum, period=period, month_names=month_names, type_intros=TYPE_INTROS)
    generator.env.filters.update(
        date_text=Dates(forum.timezone),
        type_name=type_name,
        phone_links=lambda fragment: Markup(phone_links(str(fragment))),
        shift_headings=lambda fragment, by=1: Markup(shift_headings(str(fragment), by)),
    )


def register() -> None:
    signals.initialized.connect(fix_build_date)
    signals.initialized.connect(use_forum_language)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_init.connect(render_ahead)
    signals.article_generator_context.connect(attach_thread)
    signals.article_generator_pretaxonomy.connect(stable_order)
    signals.article_generator_pretaxonomy.connect(drop_parsed_threads)
    signals.article_generator_finalized.connect(freeze_urls)
    signals.article_generator_finalized.connect(resolve_reply_links)
    signals.page_generator_context.connect(date_pages)
