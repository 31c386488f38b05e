"""One HTML allow-list for everything Torget publishes, and warnings about what it removes.

:func:`clean` runs ``nh3`` with the allow-list below on all rendered and
imported HTML (docs/safety.md; what is kept: docs/content-format.md, *HTML
in posts*). :func:`html_problems`, :func:`thread_problems` and
:func:`page_problems` tell an editor beforehand, as ``path:line`` warnings,
what :func:`clean` will remove. :data:`VERSION` names the allow-list and
the ``nh3`` release, for cache keys.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from importlib.metadata import version as _package_version
from pathlib import Path

import nh3

from torget.addresses import REPLY_ANCHOR_PATTERN
from torget.format import rules as contentrules
from torget.format.lexing import header_lines, split_blocks, text_lines
from torget.format.urls import IMAGE_SCHEMES, url_scheme
from torget.html.markdown_config import MarkdownRenderer
from torget.i18n import _
from torget.model import Problem, Severity

#: Tags kept (their attributes only as :data:`ATTRIBUTES` says).
TAGS = frozenset({
    # blocks
    "p", "div", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "details", "summary", "figure", "figcaption",
    # tables
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    # inline
    "a", "img", "br", "wbr", "em", "i", "strong", "b", "u", "s", "strike", "del", "ins", "mark",
    "small", "sub", "sup", "code", "kbd", "samp", "var", "tt", "span", "abbr", "cite", "q",
})
#: Tags removed together with everything inside them.
CLEAN_CONTENT_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "noframes", "noembed",
    "object", "embed", "applet", "svg", "math", "textarea", "select", "xmp", "title",
})
#: Attributes kept, per tag; values are checked further by :func:`_value`.
ATTRIBUTES = {
    "a": frozenset({"href", "title", "class"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "abbr": frozenset({"title"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
    "details": frozenset({"open"}),
    "code": frozenset({"class"}),
    "div": frozenset({"class"}),
    "sup": frozenset({"id"}),
    "li": frozenset({"id"}),
}
#: Attributes kept with one of a few values (Markdown's table alignment,
#: with ``tables`` configured to ``use_align_attribute``).
ATTRIBUTE_VALUES = {
    "th": {"align": frozenset({"left", "center", "right"})},
    "td": {"align": frozenset({"left", "center", "right"})},
}
#: Schemes a link may have; links without a scheme (relative, ``#…``,
#: ``{filename}…``) are kept too.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Classes kept: Markdown's footnotes, and ``language-…`` on code.
CLASSES = frozenset({"footnote", "footnote-ref", "footnote-backref"})
_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#.-]{1,40}$")
#: Footnote ids as Markdown writes them, with the reply prefix
#: :func:`torget.html.rendering.prefix_footnotes` adds (``svar-1-fn:1``). No other ids: an id could
#: clash with the page's own (DOM clobbering).
_FOOTNOTE_ID = re.compile(rf"^(?:{REPLY_ANCHOR_PATTERN}-)?fn(?:ref\d*)?:[\w.-]{{1,80}}$")
_NUMBER = re.compile(r"^\d{1,4}$")
_NUMERIC = frozenset({"width", "height", "colspan", "rowspan", "start"})

#: Changes whenever the allow-list, this module or nh3 changes.
VERSION = "nh3 {} list {}".format(
    _package_version("nh3"), hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
)


def _value(tag: str, attribute: str, value: str) -> str | None:
    """An allowed attribute's value as kept, or ``None`` to remove it
    (``nh3``'s ``attribute_filter``, and the check's)."""
    if attribute == "id":
        return value if _FOOTNOTE_ID.match(value) else None
    if attribute == "class":
        kept = [c for c in value.split() if c in CLASSES or (tag == "code" and _LANGUAGE_CLASS.match(c))]
        return " ".join(kept) or None
    if attribute in _NUMERIC:
        return value if _NUMBER.match(value.strip()) else None
    if tag == "img" and attribute == "src":
        scheme = url_scheme(value)
        return value if (scheme is None and value.strip()) or scheme in IMAGE_SCHEMES else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    tag_attribute_values={tag: {a: set(v) for a, v in values.items()} for tag, values in ATTRIBUTE_VALUES.items()},
    attribute_filter=_value,
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


def clean(fragment: str) -> str:
    """The fragment with only allowed tags, attributes and URLs left."""
    return _CLEANER.clean(fragment)


# --- telling the editor ----------------------------------------------------

#: Markdown that may produce HTML :func:`clean` changes is raw HTML or an
#: autolink (``<``), an attribute list (``{: …}``), or a link, image or
#: reference target that may have a scheme other than http(s), mailto or
#: tel (a colon, or an entity that may hide one, in a target that does not
#: start with one of those).
_SUSPECT_INLINE_TARGET = re.compile(r"\]\(\s*<?(?!https?://|mailto:|tel:)[^\s)>]*[:&]", re.IGNORECASE)
_SUSPECT_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?!https?://|mailto:|tel:)\S*[:&]",
                                re.MULTILINE | re.IGNORECASE)
_ATTRIBUTE_LIST = re.compile(r"(?<!\\)\{[^}\n]*\}")  # {: #id .class key=value }, not \{escaped}
#: Extensions whose own HTML :func:`clean` keeps (short names): with only
#: these the quick test of :func:`may_change` holds. Another (``toc``'s
#: heading ids, ``codehilite``'s classes) may add what is removed, and then
#: every text is rendered.
_QUICK_TEST_EXTENSIONS = frozenset({"extra", "abbr", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
                                    "tables", "sane_lists", "nl2br", "smarty"})
#: Per ``MARKDOWN`` setting (its repr): its renderer, and whether the quick test holds.
_RENDERERS: dict[str, tuple[MarkdownRenderer, bool]] = {}


def _renderer(markdown_settings: dict | None) -> tuple[MarkdownRenderer, bool]:
    key = repr(markdown_settings)
    if key not in _RENDERERS:
        renderer = MarkdownRenderer(markdown_settings)
        _RENDERERS[key] = renderer, _quick_test_holds(renderer.config)
    return _RENDERERS[key]


def _quick_test_holds(config: dict) -> bool:
    """Whether the configured extensions are all known to add nothing
    :func:`clean` removes (tables only with ``align`` attributes, not styles)."""
    names = [n.removeprefix("markdown.extensions.") if isinstance(n, str) else None for n in config["extensions"]]
    if not set(names) <= _QUICK_TEST_EXTENSIONS:
        return False
    configs = {str(k).removeprefix("markdown.extensions."): v or {} for k, v in config["extension_configs"].items()}
    tables = configs.get("tables") or (configs.get("extra") or {}).get("tables") or {}
    return not ({"extra", "tables"} & set(names)) or bool(tables.get("use_align_attribute"))


def may_change(text: str, markdown_settings: dict | None = None) -> bool:
    """Whether rendering ``text`` may give HTML that :func:`clean` changes
    (a quick test: most posts have no raw HTML and only plain links)."""
    return _may_change(text, _renderer(markdown_settings)[1])


def _may_change(text: str, quick_test_holds: bool) -> bool:
    if not quick_test_holds:
        return True
    if "<" in text or ("{" in text and _ATTRIBUTE_LIST.search(text)):
        return True
    return bool(("](" in text and _SUSPECT_INLINE_TARGET.search(text))
                or ("]:" in text and _SUSPECT_REFERENCE.search(text)))


def html_problems(path: str, text: str, first_line: int, markdown_settings: dict | None = None) -> list[Problem]:
    """A warning at ``path:line`` for every tag, attribute or URL in the
    HTML that ``text`` (Markdown starting on line ``first_line``) renders
    to and that :func:`clean` removes."""
    if not may_change(text, markdown_settings):
        return []
    html = _renderer(markdown_settings)[0].convert(text)
    finder = _LineFinder(text, first_line)
    found: list[Problem] = []
    for tag, needles, message in _Removals.of(html):
        problem = Problem(path, finder.line(needles, tag), message, Severity.WARNING)
        if problem not in found:
            found.append(problem)
    return found


def thread_problems(thread, path: Path, markdown_settings: dict | None = None) -> list[Problem]:
    """:func:`html_problems` for the question and every reply of a parsed
    thread file (``thread``, read from ``path``); reads the file only when
    some text may lose HTML."""
    quick = _renderer(markdown_settings)[1]
    if not any(_may_change(body, quick) for body in (thread.body, *(r.body for r in thread.replies))):
        return []
    problems: list[Problem] = []
    for start, lines in split_blocks(text_lines(_read(path))):
        body_at = len(header_lines(lines))
        problems.extend(html_problems(thread.source_path, "\n".join(lines[body_at:]), start + body_at, markdown_settings))
    return problems


def page_problems(path: Path, shown: str, markdown_settings: dict | None = None) -> list[Problem]:
    """:func:`html_problems` for a Markdown page (``content/pages``): its
    text, and its ``Summary:``, which Pelican renders as Markdown too.
    ``shown`` is the path as problems name it."""
    text = _read(path)
    if not may_change(text, markdown_settings):
        return []
    lines = text_lines(text)
    header = header_lines(lines)
    if header and header[0].key is None:  # no metadata: all of it is text
        header = []
    problems: list[Problem] = []
    for line in header:
        if line.key and line.key.lower() == "summary" and not line.continues:
            problems.extend(html_problems(shown, line.value, line.index + 1, markdown_settings))
    problems.extend(html_problems(shown, "\n".join(lines[len(header):]), len(header) + 1, markdown_settings))
    return problems


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


_LINE_MARKER = contentrules.compiled("line_marker")
_VOID = frozenset({"area", "base", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta",
                   "param", "source", "track", "wbr"})


class _Removals(HTMLParser):
    """What :func:`clean` removes from HTML: ``(needles, message)`` pairs,
    the needles being strings to look for in the Markdown source."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, tuple[str, ...], str]] = []
        self.tags = 0  # start tags seen: problems of one tag share a number
        self.inside = 0  # depth inside a tag removed with its content

    @classmethod
    def of(cls, html: str) -> list[tuple[int, tuple[str, ...], str]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.found

    def _found(self, item: tuple[tuple[str, ...], str]) -> None:
        self.found.append((self.tags, *item))

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, void=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, void=True)

    def handle_comment(self, data):
        # the personal-data guard's line marker is meant to be left out
        if not self.inside and not _LINE_MARKER.fullmatch(f"<!--{data}-->"):
            self.tags += 1
            self._found((("<!--" + data[:40],), _("HTML comment is removed when published")))

    def handle_endtag(self, tag):
        if tag in CLEAN_CONTENT_TAGS and self.inside:
            self.inside -= 1

    def _start(self, tag: str, attrs, void: bool) -> None:
        void = void or tag in _VOID
        self.tags += 1
        if self.inside:
            if tag in CLEAN_CONTENT_TAGS and not void:
                self.inside += 1
            return
        raw = self.get_starttag_text() or f"<{tag}"
        if tag in CLEAN_CONTENT_TAGS:
            if not void:
                self.inside += 1
            self._found(((raw, f"<{tag}"), _("HTML %(tag)s is removed with its content when published", tag="<%s>" % tag)))
            return
        if tag not in TAGS:
            self._found(((raw, f"<{tag}"), _("HTML %(tag)s is removed when published (its text is kept)", tag="<%s>" % tag)))
            return
        for name, value in attrs:
            value = value or ""
            needles = _needles(raw, name, value)
            if name in ATTRIBUTE_VALUES.get(tag, {}):
                if value not in ATTRIBUTE_VALUES[tag][name]:
                    self._found((needles, _value_message(tag, name, value)))
                continue
            if name not in ATTRIBUTES.get(tag, ()):
                self._found((needles, _attribute_message(tag, name)))
                continue
            if name in ("href", "src"):
                scheme = url_scheme(value)
                allowed = IMAGE_SCHEMES if tag == "img" else URL_SCHEMES
                if scheme is not None and scheme not in allowed:
                    self._found((needles, _url_message(tag, value)))
                    continue
            if _value(tag, name, value) is None:
                self._found((needles, _url_message(tag, value) if name == "src"
                                   else _value_message(tag, name, value)))


def _needles(raw: str, name: str, value: str) -> tuple[str, ...]:
    """What to look for in the source, most telling first."""
    if not value:
        return raw, name
    marks = {"id": "#", "class": "."}
    written = re.search(rf"""\s{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", raw, re.IGNORECASE)
    written_value = next((g for g in written.groups() if g), "") if written else ""
    return (raw, f'{name}="{value}"', f"{name}='{value}'", f"{name}={value}",
            *((marks[name] + value.split()[0],) if name in marks else ()),
            *((value,) if len(value) >= 4 else ()),
            *((written_value,) if len(written_value) >= 4 else ()),  # as written: &#106;avascript:…
            *((value[-12:],) if len(value) >= 24 else ()), f"{name}=", name)


def _value_message(tag: str, name: str, value: str) -> str:
    return _("%(attribute)s on %(tag)s is removed when published", attribute="%s=%r" % (name, value), tag="<%s>" % tag)


def _attribute_message(tag: str, name: str) -> str:
    if name.startswith("on"):
        return _("event handler %(name)s on %(tag)s is removed when published (pages run no scripts from posts)",
                 name=name, tag="<%s>" % tag)
    if name == "style":
        return _("inline style on %(tag)s is removed when published (pages allow no inline styles)", tag="<%s>" % tag)
    return _("attribute %(name)s on %(tag)s is removed when published", name=name, tag="<%s>" % tag)


def _url_message(tag: str, value: str) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    if tag == "img":
        return _("image source %(url)r is removed when published (images must be on the site or at an http(s) address)",
                 url=shown)
    return _("link target %(url)r is removed when published (links may go to http, https, mailto, tel or the site)",
             url=shown)


class _LineFinder:
    """Finds where in the Markdown source a removed construct came from.

    Raw HTML passes through Markdown unchanged, so its start tag is found
    as it was written; for HTML Markdown wrote (a link's target, an
    attribute list) the attribute's value or name is looked for. The
    search moves forward through the text, as the HTML mostly follows the
    source's order, and else takes the nearest match before; what is not
    found is reported on the first line of the text.
    """

    def __init__(self, text: str, first_line: int):
        self.text = text.lower()
        self.first_line = first_line
        self.position = -1
        self.tag: int | None = None

    def line(self, needles: tuple[str, ...], tag: int) -> int:
        """The line of the first needle found; ``tag`` numbers the HTML
        tag the problem is in (another tag is looked for after the last)."""
        start = max(self.position, 0) if tag == self.tag else self.position + 1
        self.tag = tag
        for needle in needles:
            needle = needle.lower()
            if not needle:
                continue
            at = self.text.find(needle, start)
            if at < 0:  # the nearest before, e.g. an earlier attribute of the same tag
                at = self.text.rfind(needle, 0, start + len(needle))
            if at >= 0:
                self.position = at
                return self.first_line + self.text.count("\n", 0, at)
        return self.first_line + len(self.text) - len(self.text.lstrip("\n"))
