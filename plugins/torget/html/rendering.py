"""A thread's Markdown rendered to the HTML Torget publishes.

The question and each reply are rendered on their own with the site's
``MARKDOWN`` setting, configured as Pelican's Markdown reader configures
it (every extension named in ``extension_configs`` is loaded) but without
``markdown.extensions.meta``, which Pelican adds for its own file header:
a thread's header is read by :mod:`torget.format.parsing`, so a question or reply
whose first line looks like ``Tips: …`` is published, not swallowed as
metadata. The result is sanitized with :func:`torget.html.sanitize.clean`, and
its phone links made non-breaking (:func:`torget.html.phones.phone_links`).
Each reply's footnote ids get a prefix of their own (``svar-1-fn:1``): the
question and every reply would otherwise all number theirs from 1.

Two plugins use it: ``torget_threads`` renders what Pelican reads (ahead of
reading, in forked processes, or as it reads), and ``torget_search``
renders a thread whose HTML it finds nowhere else (the index text is the
text of this HTML, :func:`torget.search.index.html_text`). Both therefore get
the same bytes for the same thread and settings.
"""

from __future__ import annotations

import re

from torget.html.phones import phone_links
from torget.html.sanitize import DEFAULT_MARKDOWN, clean

_META = ("markdown.extensions.meta", "meta")
_FOOTNOTE = re.compile(r'((?:id|href)="#?)(fn(?:ref)?:)')


def markdown_config(markdown_settings: dict | None) -> dict:
    """``markdown_settings`` (the ``MARKDOWN`` setting; ``None``: the sample
    forum's, :data:`torget.html.sanitize.DEFAULT_MARKDOWN`) completed as
    Pelican's ``MarkdownReader`` completes it, without ``meta``, in a copy."""
    config = dict(DEFAULT_MARKDOWN if markdown_settings is None else markdown_settings)
    configs = dict(config.get("extension_configs") or {})
    extensions = list(config.get("extensions") or [])
    for name in configs:
        if name not in extensions:
            extensions.append(name)
    # Pelican's reader adds the ``meta`` extension for its own file header;
    # a thread's header is read by torget.format.parsing, and a question or reply
    # whose first line reads ``Tips: …`` is text, not metadata to drop.
    extensions = [name for name in extensions if name not in _META]
    configs = {name: value for name, value in configs.items() if name not in _META}
    config["extension_configs"] = configs
    config["extensions"] = extensions
    return config


_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def shift_headings(html_text: str, by: int) -> str:
    """Rendered HTML with every heading ``by`` levels lower (h2 → h3 for
    ``by=1``), at most h6: for an entry shown under a page's own headings."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + by)}", html_text)


def prefix_footnotes(html_text: str, prefix: str) -> str:
    """Give a reply's footnote ids and links their own prefix."""
    return _FOOTNOTE.sub(lambda m: m.group(1) + prefix + m.group(2), html_text)


class ThreadRenderer:
    """Renders threads with one ``MARKDOWN`` setting (one Markdown
    instance, reset between texts)."""

    def __init__(self, markdown_settings: dict | None = None):
        self.config = markdown_config(markdown_settings)
        self._markdown = None

    def _render(self, text: str) -> str:
        if self._markdown is None:
            from markdown import Markdown

            self._markdown = Markdown(**self.config)
        self._markdown.reset()
        return self._markdown.convert(text)

    def fragment(self, text: str) -> str:
        """One Markdown text's sanitized HTML."""
        return phone_links(clean(self._render(text)))

    def render(self, thread) -> tuple[str, tuple[str, ...]]:
        """The question's sanitized HTML and each reply's, in order."""
        return self.fragment(thread.body), tuple(
            phone_links(clean(prefix_footnotes(self._render(r.body), f"svar-{n}-"))) for n, r in enumerate(thread.replies, start=1)
        )
