"""The words of a thread as the index and the result list see them: rendered HTML reduced to text, and excerpts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import unescape
from html.parser import HTMLParser

EXCERPT_CHARS = 280


_SPACE = re.compile(r"\s+")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Plain text cut at a word boundary, for result snippets."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + " …"


#: Elements whose start and end separate words: blocks, list items, table
#: cells, line breaks. Inline elements (emphasis, code, links, ``wbr`` …)
#: join their text to the text around them, as the page shows it.
_WORD_BREAKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
#: Links that only move within the page: Markdown's footnote marks (the
#: number in the text, the arrow back), not words of the post.
_NAVIGATION_CLASSES = frozenset({"footnote-ref", "footnote-backref"})


class _TextOf(HTMLParser):
    """The text of an HTML fragment (:func:`html_text`)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # each entity decoded once, attributes too
        self.parts: list[str] = []
        #: Inside a link: its text so far and its target (None: a footnote mark).
        self.link: list[str] | None = None
        self.target: str | None = None

    def handle_starttag(self, tag, attrs):
        parts = self.parts if self.link is None else self.link
        if tag in _WORD_BREAKS:
            parts.append(" ")
        elif tag == "img":
            alt = next((value for name, value in attrs if name == "alt" and value), "")
            if alt:  # the image's text, as a screen reader reads it
                parts.append(f" {alt} ")
        elif tag == "a":
            found = dict(attrs)
            self.link = []
            navigation = not _NAVIGATION_CLASSES.isdisjoint((found.get("class") or "").split())
            self.target = None if navigation else (found.get("href") or "").strip()

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            text = "".join(self.link)
            words = text.strip()
            # An autolink's text is its own target: an address, not words.
            if self.target is not None and words not in (self.target, self.target.removeprefix("mailto:")):
                self.parts.append(text)
            self.link = self.target = None
        elif tag in _WORD_BREAKS:
            (self.parts if self.link is None else self.link).append(" ")

    def handle_data(self, data):
        (self.parts if self.link is None else self.link).append(data)


#: A tag as the sanitizer writes them (html5ever's serializer): lowercase
#: names, each attribute ``name="value"``. Group 1 and 2: a start tag's
#: name and attributes; group 3: an end tag's name.
_TAG = re.compile(r'<(?:([a-z][a-z0-9]*)((?: [a-z][a-z0-9_:.-]*="[^"]*")*)|/([a-z][a-z0-9]*))>')
_ATTRIBUTE = re.compile(r' ([^=]+)="([^"]*)"')
#: Elements whose content HTMLParser reads as raw text.
_RAW_TEXT = frozenset(HTMLParser.CDATA_CONTENT_ELEMENTS)


def _feed_sanitized(parser: _TextOf, html_fragment: str) -> bool:
    """Give ``parser`` the events :class:`HTMLParser` would give for HTML
    written as the sanitizer writes it (:data:`_TAG`), without its
    character-by-character parsing; ``False`` (and nothing given) when
    the fragment holds anything else: a ``<`` that starts no such tag,
    a comment, a raw-text element."""
    events: list[tuple] = []
    position = 0
    for tag in _TAG.finditer(html_fragment):
        if tag.group(1) in _RAW_TEXT or tag.group(3) in _RAW_TEXT:
            return False
        text = html_fragment[position:tag.start()]
        if "<" in text:
            return False
        if text:
            events.append((parser.handle_data, unescape(text)))
        if tag.group(3) is not None:
            events.append((parser.handle_endtag, tag.group(3)))
        else:
            attrs = [(name, unescape(value)) for name, value in _ATTRIBUTE.findall(tag.group(2))]
            events.append((parser.handle_starttag, tag.group(1), attrs))
        position = tag.end()
    rest = html_fragment[position:]
    if "<" in rest:
        return False
    if rest:
        events.append((parser.handle_data, unescape(rest)))
    for handler, *arguments in events:
        handler(*arguments)
    return True


def html_text(html_fragment: str) -> str:
    """The words of rendered, sanitized HTML, for indexing and excerpts.

    The text a reader sees, entities decoded once (``&amp;lt;`` is
    ``&lt;``): code (inline, indented and fenced with backticks or tildes
    alike) is kept, since residents paste error messages and search for
    them; an image counts as its ``alt`` text; a link as its text, never
    its target, and an autolink (``<https://…>``, whose text is its
    target) not at all; other attributes (``title``, ``src``) are never
    words. Blocks, list items, table cells and line breaks separate
    words; inline markup does not (``lösen<em>ord</em>`` is
    ``lösenord``). Footnote marks (the number and the arrow back) are left
    out; the footnote's text is kept.
    """
    parser = _TextOf()
    if not _feed_sanitized(parser, html_fragment):
        parser.feed(html_fragment)
        parser.close()
    if parser.link is not None:  # a link left open: its text still counts
        parser.handle_endtag("a")
    return _SPACE.sub(" ", "".join(parser.parts)).strip()


def doc_texts(title: str, tags: Iterable[str], category: str, question: str,
              staff: Iterable[str], replies: Iterable[str]) -> tuple[str, ...]:
    """Field texts in :data:`~torget.search.scoring.FIELDS` order; ``question``, ``staff`` and
    ``replies`` are rendered HTML (:mod:`torget.html.rendering`), reduced to
    their text by :func:`html_text`."""
    return (
        title,
        " ".join(tags),
        category,
        html_text(question),
        " ".join(html_text(t) for t in staff),
        " ".join(html_text(t) for t in replies),
    )


def thread_texts(thread, question_html: str, reply_html: Sequence[str]) -> tuple[str, ...]:
    """:func:`doc_texts` of a thread whose question rendered to
    ``question_html`` and whose replies to ``reply_html`` (in order)."""
    staff = [html for reply, html in zip(thread.replies, reply_html) if reply.staff]
    others = [html for reply, html in zip(thread.replies, reply_html) if not reply.staff]
    return doc_texts(thread.title, thread.tags, thread.category, question_html, staff, others)
