"""A thread's Markdown rendered to the HTML Torget publishes.

The question and each reply are rendered with the site's ``MARKDOWN``
(:mod:`torget.html.markdown_config`), sanitized, their phone links made
non-breaking, and each reply's footnote ids prefixed (``svar-1-fn:1``).
``torget_threads`` and ``torget_search`` both render with it.
"""

from __future__ import annotations

import re

from torget.addresses import reply_anchor
from torget.html.markdown_config import MarkdownRenderer, markdown_config  # noqa: F401 (torget_search reads markdown_config here)
from torget.html.phones import phone_links
from torget.html.sanitize import clean

_FOOTNOTE = re.compile(r'((?:id|href)="#?)(fn(?:ref)?:)')


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
        self._markdown = MarkdownRenderer(markdown_settings)
        self.config = self._markdown.config

    def fragment(self, text: str) -> str:
        """One Markdown text's sanitized HTML."""
        return phone_links(clean(self._markdown.convert(text)))

    def render(self, thread) -> tuple[str, tuple[str, ...]]:
        """The question's sanitized HTML and each reply's, in order."""
        return self.fragment(thread.body), tuple(
            phone_links(clean(prefix_footnotes(self._markdown.convert(r.body), reply_anchor(n) + "-")))
            for n, r in enumerate(thread.replies, start=1)
        )
