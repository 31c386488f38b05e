"""Untrusted HTML in, clean Markdown out.

Imported posts are HTML written by strangers. :func:`html_to_markdown`
first sanitizes it with the site's one HTML allow-list
(:func:`torget.html.sanitize.clean`, ``nh3``: no scripts, styles, event
handlers, ``javascript:`` or ``data:`` URLs), then walks the result with
BeautifulSoup and writes Markdown for what a forum post needs: paragraphs,
line breaks, emphasis, links, images, lists, code, blockquotes, headings,
rules and simple tables. Tags the converter does not write (``details``,
``dl`` …) are unwrapped; everything else becomes its text.

The Markdown is safe to render with the site's Markdown settings: text is
escaped so that nothing in it turns into raw HTML, a link, a heading or a
``--- reply ---`` marker; code fences are only used when the code cannot
close them early.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urljoin, urlsplit

import markdown as markdown_lib
from bs4 import BeautifulSoup, NavigableString, Tag

from torget.html.sanitize import URL_SCHEMES, clean

BLOCK_TAGS = frozenset(
    {"p", "div", "blockquote", "ul", "ol", "li", "pre", "hr", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
)
INLINE_TAGS = frozenset(
    {"a", "img", "em", "i", "strong", "b", "code", "br", "span", "sub", "sup", "kbd", "s", "strike",
     "del", "ins", "u", "small", "abbr", "cite", "q", "mark", "tt"}
)
TABLE_TAGS = frozenset({"thead", "tbody", "tfoot", "tr", "th", "td", "caption"})
#: Tags the converter writes Markdown for; the others that the allow-list
#: keeps are unwrapped, their content kept.
CONVERTED_TAGS = BLOCK_TAGS | INLINE_TAGS | TABLE_TAGS

_SPACE = re.compile(r"[ \t\n\r\f]+")
_ENTITY = re.compile(r"&(#?[A-Za-z0-9]+;)")
_ALWAYS = re.compile(r"([\\`*_\[\]{}#|])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])(?=\s|$)")
_FENCE_LINE = re.compile(r"^\s{0,3}(```|~~~)", re.MULTILINE)
_COMMENT_MARKDOWN = markdown_lib.Markdown()


def sanitize(fragment: str) -> BeautifulSoup:
    """The fragment through the allow-list, with the tags the converter
    does not know unwrapped."""
    soup = BeautifulSoup(clean(fragment), "html.parser")
    for tag in soup.find_all(lambda t: t.name not in CONVERTED_TAGS):
        tag.unwrap()
    return soup


def html_to_markdown(fragment: str, base_url: str = "") -> str:
    """Sanitize an HTML fragment and convert it to Markdown.

    Relative links and images are made absolute against ``base_url`` (the
    page the post came from). Returns ``""`` when nothing is left.
    """
    soup = sanitize(fragment)
    text = "\n\n".join(_Converter(base_url).blocks(soup))
    return text.strip("\n") + "\n" if text.strip() else ""


def text_to_markdown(text: str, base_url: str = "") -> str:
    """Convert short Markdown-like plain text (Stack Exchange comments).

    The text is HTML-escaped first, rendered as Markdown and then goes
    through :func:`html_to_markdown`, so links and emphasis survive but
    nothing in it can become HTML.
    """
    _COMMENT_MARKDOWN.reset()
    rendered = _COMMENT_MARKDOWN.convert(html.escape(text, quote=False))
    return html_to_markdown(rendered, base_url)


def escape_text(text: str) -> str:
    """Escape Markdown syntax in running text (one line at a time)."""
    text = _ENTITY.sub(r"&amp;\1", text)
    text = text.replace("<", "&lt;")
    return _ALWAYS.sub(r"\\\1", text)


def _escape_line_start(line: str) -> str:
    """Escape what would start a block (quote, list, setext underline,
    definition, fence) at the start of a line."""
    if line.startswith("~~~"):
        return "&#126;" + line[1:]
    if line[:1] in (">", "+", "-"):
        return "\\" + line
    if line[:1] in ("=", ":"):
        return f"&#{ord(line[0])};" + line[1:]
    return _LIST_NUMBER.sub(r"\1\\\2", line, count=1)


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join(
        [first + lines[0]] + [(rest + line) if line.strip() else "" for line in lines[1:]]
    )


class _Converter:
    def __init__(self, base_url: str):
        self.base_url = base_url

    # --- blocks -------------------------------------------------------
    def blocks(self, node: Tag, nested: bool = False) -> list[str]:
        """Markdown blocks for a node's children."""
        out: list[str] = []
        run: list = []

        def flush() -> None:
            paragraph = self.paragraph(run)
            if paragraph:
                out.append(paragraph)
            run.clear()

        for child in node.children:
            if isinstance(child, Tag) and (child.name in BLOCK_TAGS or child.name in TABLE_TAGS):
                flush()
                out.extend(self.block(child, nested))
            else:
                run.append(child)
        flush()
        return out

    def block(self, tag: Tag, nested: bool) -> list[str]:
        name = tag.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self.inline_line(tag)
            return [f"{'#' * int(name[1])} {text}"] if text else []
        if name == "blockquote":
            inner = "\n\n".join(self.blocks(tag, nested=True))
            return [_indent(inner, "> ", "> ").replace("\n\n", "\n>\n")] if inner.strip() else []
        if name in ("ul", "ol"):
            return self.listing(tag)
        if name == "pre":
            return self.code_block(tag.get_text(), nested)
        if name == "hr":
            return ["* * *"]
        if name == "table" or name in TABLE_TAGS:
            return self.table(tag)
        return self.blocks(tag, nested)

    def listing(self, tag: Tag) -> list[str]:
        items = [child for child in tag.children if isinstance(child, Tag)]
        stray = [child for child in tag.children if isinstance(child, NavigableString) and child.strip()]
        rendered = []
        for number, item in enumerate(items, start=1):
            marker = f"{number}. " if tag.name == "ol" else "- "
            parts = self.blocks(item, nested=True) if item.name == "li" else self.block(item, True)
            if not parts:
                continue
            rendered.append((marker, parts))
        if stray:
            rendered.append(("- ", [self.paragraph(stray)]))
        if not rendered:
            return []
        loose = any(sum(not _is_list(p) for p in parts) > 1 for _, parts in rendered)
        gap = "\n\n" if loose else "\n"
        lines = [_indent(gap.join(parts), marker.ljust(4), "    ") for marker, parts in rendered]
        return [gap.join(lines)]

    def code_block(self, code: str, nested: bool) -> list[str]:
        code = code.strip("\n")
        if not code.strip():
            return []
        lines = code.split("\n")
        if nested or _FENCE_LINE.search(code):
            return ["\n".join(("    " + line) if line.strip() else "" for line in lines)]
        return ["```\n" + code + "\n```"]

    def table(self, tag: Tag) -> list[str]:
        rows = []
        for row in tag.find_all("tr"):
            cells = [self.inline_line(cell) for cell in row.find_all(["th", "td"])]
            if any(cells):
                rows.append(cells)
        if not rows:
            return self.blocks(tag, nested=True) if tag.name != "table" else []
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "|" + " --- |" * width)
        return ["\n".join(lines)]

    # --- inline -------------------------------------------------------
    def paragraph(self, nodes: list) -> str:
        text = "".join(self.inline(node) for node in nodes)
        lines = [_escape_line_start(line.strip()) for line in text.split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        return "  \n".join(line for line in lines if line)

    def inline_line(self, tag: Tag) -> str:
        """Inline Markdown on one line (headings, table cells)."""
        text = "".join(self.inline(child) for child in tag.children)
        return _escape_line_start(" ".join(part.strip() for part in text.split("\n") if part.strip()))

    def inline(self, node) -> str:
        if isinstance(node, NavigableString):
            if type(node) is not NavigableString:  # comments, CDATA, doctypes
                return ""
            return escape_text(_SPACE.sub(" ", str(node)))
        name = node.name
        if name == "br":
            return "\n"
        if name == "img":
            src = self.url(node.get("src", ""))
            alt = escape_text(_SPACE.sub(" ", node.get("alt", "")).strip())
            return f"![{alt}]({src})" if src else alt
        inner = "".join(self.inline(child) for child in node.children)
        if name == "a":
            href = self.url(node.get("href", ""))
            label = " ".join(inner.split())
            if not href:
                return inner
            return f"[{label or escape_text(href)}]({href})"
        if name in ("em", "i"):
            return _wrap(inner, "*")
        if name in ("strong", "b"):
            return _wrap(inner, "**")
        if name in ("code", "kbd", "tt"):
            return _code_span(_SPACE.sub(" ", node.get_text()))
        return inner

    def url(self, value: str) -> str:
        """An absolute URL with an allowed scheme (http(s), mailto, tel),
        safe inside ``(...)``, or ``""``."""
        value = value.strip()
        if not value or value.startswith("#"):
            return ""
        absolute = urljoin(self.base_url, value) if self.base_url else value
        if urlsplit(absolute).scheme.lower() not in URL_SCHEMES:
            return ""
        return quote(absolute, safe="/:?#[]@!$&'*+,;=%~-._")


def _is_list(block: str) -> bool:
    return block.startswith("-   ") or bool(re.match(r"\d+\.\s", block))


def _wrap(inner: str, mark: str) -> str:
    """Emphasis with the spaces moved outside the markers."""
    stripped = inner.strip()
    if not stripped or "\n" in stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _code_span(code: str) -> str:
    if not code.strip():
        return code
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"
