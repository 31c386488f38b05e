"""Pelican readers: thread and FAQ files into articles, other HTML sanitized.

The reader returns ``(content, metadata)``: the question's HTML and
Pelican's metadata, with each reply's HTML (what Pelican's content cache
keeps). The thread itself comes from :mod:`torget.build.memo` when the
check parsed it (else it is parsed here) and is attached to every article,
cached or not, on ``article_generator_context``.
"""

from __future__ import annotations

import html
import logging
import weakref
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican.readers import HTMLReader, MarkdownReader
from pelican.utils import SafeDatetime

from torget.build import memo
from torget.content.forum import kind_of
from torget.format.parsing import read_thread_file
from torget.html.phones import phone_links
from torget.html.rendering import ThreadRenderer
from torget.html.sanitize import clean
from torget.model import ContentError, Kind, Reply
from torget.settings.forum import ForumSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedReply:
    """A reply together with its body rendered to HTML."""

    reply: Reply
    html: str


def safe_datetime(moment: datetime) -> SafeDatetime:
    return SafeDatetime(moment.year, moment.month, moment.day, moment.hour, moment.minute,
                        moment.second, tzinfo=moment.tzinfo)


class ThreadReader(MarkdownReader):
    """Reads thread files; falls back to plain Markdown for pages."""

    def __init__(self, settings):
        super().__init__(settings)
        self._renderer: ThreadRenderer | None = None
        forum = ForumSettings.from_pelican(settings)
        self.timezone = forum.timezone
        #: What rendered HTML depends on besides the file (memo key).
        self.markdown = memo.markdown_key(settings.get("MARKDOWN"))
        #: Declared categories' own slugs (TORGET_CATEGORIES).
        self.category_slugs = {c.name: c.slug for c in forum.categories if c.slug}
        #: The folders of threads and FAQ entries (ARTICLE_PATHS, TORGET_FAQ_PATHS).
        self.content_folders = forum.content

    def render_thread(self, thread) -> tuple[str, tuple[str, ...]]:
        """The question's HTML and each reply's (:mod:`torget.html.rendering`)."""
        if self._renderer is None:
            self._renderer = ThreadRenderer(self.settings["MARKDOWN"])
        return self._renderer.render(thread)

    def read(self, source_path):
        kind = kind_of(Path(source_path), self.content_folders)
        if kind is None:
            return clean_read(self, super().read(source_path))
        thread = parsed_thread(str(source_path), kind, self.timezone)
        content, reply_html = memo.take_html(str(source_path), self.markdown) or self.render_thread(thread)
        return content, self.metadata(thread, str(source_path), kind, reply_html)

    def metadata(self, thread, source_path: str, kind: Kind, reply_html) -> dict:
        """Pelican's metadata of a thread (not its text: attach_thread adds it)."""
        process = self.process_metadata
        category = process("category", thread.category)
        if thread.category in self.category_slugs:
            category.slug = self.category_slugs[thread.category]
        metadata = {
            "title": thread.title, "date": safe_datetime(thread.date), "category": category,
            "author": process("author", thread.author), "slug": thread.slug,
            "thread_source": source_path, "thread_kind": kind.value, "kind": thread.kind.value,
            "reply_html": reply_html, "last_activity": safe_datetime(thread.last_activity),
            "template": "faq_entry" if thread.is_faq else "article",
        }
        if thread.archived:  # hidden where it is read, whatever the order of PLUGINS
            metadata["status"] = "hidden"
        if thread.modified:
            metadata["modified"] = safe_datetime(thread.modified)
        if thread.tags:
            metadata["tags"] = process("tags", ", ".join(thread.tags))
        if thread.summary:
            metadata["summary"] = html.escape(thread.summary)
        if kind is Kind.FAQ:
            metadata["url"] = self.settings.get("FAQ_ENTRY_URL", "faq/{slug}/").format(slug=thread.slug)
            metadata["save_as"] = self.settings.get("FAQ_ENTRY_SAVE_AS", "faq/{slug}/index.html").format(
                slug=thread.slug)
        return metadata


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


def parsed_thread(source_path: str, kind: Kind, timezone: str):
    """The thread of a file: the memo's (the check parsed it) or parsed here."""
    thread = memo.thread(source_path, timezone)
    if thread is None:
        thread, problems = read_thread_file(Path(source_path), kind, timezone)
        errors = [p for p in problems if p.is_error]
        for warning in (p for p in problems if not p.is_error):
            log.warning("%s", warning)
        if errors or thread is None:
            raise ContentError(errors)
        memo.put_thread(source_path, timezone, thread)
    return thread


#: generator → its forum's time zone: attach_thread runs once per article,
#: and reading the settings (:meth:`ForumSettings.from_pelican`) once per
#: generator is enough.
_timezones: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def attach_thread(generator, metadata) -> None:
    """Give an article its thread and its replies with their HTML."""
    source = metadata.pop("thread_source", None)
    if source is None:
        return
    timezone = _timezones.get(generator)
    if timezone is None:
        timezone = _timezones[generator] = ForumSettings.from_pelican(generator.settings).timezone
    thread = parsed_thread(source, Kind(metadata.pop("thread_kind")), timezone)
    metadata["thread"] = thread
    metadata["replies"] = tuple(RenderedReply(r, h) for r, h in zip(thread.replies, metadata.pop("reply_html")))


def forget_threads(generator) -> None:
    """All files are read: the memo's threads need not stay in memory."""
    memo.forget_threads()


def add_reader(readers) -> None:
    for extension in ThreadReader.file_extensions:
        readers.reader_classes[extension] = ThreadReader
    for extension in SanitizedHTMLReader.file_extensions:
        readers.reader_classes[extension] = SanitizedHTMLReader
