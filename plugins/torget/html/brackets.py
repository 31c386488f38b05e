"""Markdown's link processors, finding each link's closing bracket by looking at brackets only.

Python-Markdown's link, image and reference processors find the ``]``
that closes a link's ``[`` by walking every character of the text they
work on, again each time the text changes (after every link they
replace): most of the time Markdown spends on a thread with many
brackets. :class:`BracketExtension` registers the same processors, under
Markdown's own names and priorities, whose ``getText`` walks only the
text's brackets, found by one regular expression, and gives the same
closing bracket for every position: the HTML is the same (a test renders
with and without). :class:`torget.html.markdown_config.MarkdownRenderer`
adds it to every Markdown it makes.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from markdown.extensions import Extension
from markdown.inlinepatterns import (
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)

_BRACKET = re.compile(r"[\[\]]")


def bracket_ends(text: str) -> tuple[list[int], list[int | None]]:
    """The positions of ``text``'s brackets, and per stretch between them
    (stretch ``k`` is the positions after ``k`` brackets) the position
    just past the ``]`` that closes a ``[`` opened before the stretch,
    or ``None`` when none does. A link whose text starts at ``index``
    ends at ``ends[bisect_left(brackets, index)]``."""
    brackets = [found.start() for found in _BRACKET.finditer(text)]
    ends: list[int | None] = [None] * (len(brackets) + 1)
    waiting: list[tuple[int, int]] = []  # (stretch, depth), depth rising
    depth = 0
    for stretch in range(len(brackets) + 1):
        start = brackets[stretch - 1] + 1 if stretch else 0
        while waiting and depth < waiting[-1][1]:
            ends[waiting.pop()[0]] = start
        waiting.append((stretch, depth))
        if stretch < len(brackets):
            depth += 1 if text[brackets[stretch]] == "[" else -1
    return brackets, ends


class _BracketsOnly:
    """``getText`` of :class:`~markdown.inlinepatterns.LinkInlineProcessor`
    by :func:`bracket_ends`, computed once per text."""

    _text: str | None = None
    _ends: tuple[list[int], list[int | None]] = ([], [None])

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 (Markdown's name)
        if self._text is not data:
            self._text, self._ends = data, bracket_ends(data)
        brackets, ends = self._ends
        end = ends[bisect_left(brackets, index)]
        if end is None:
            return data[index:], len(data), False
        return data[index:end - 1], end, True


class Link(_BracketsOnly, LinkInlineProcessor):
    pass


class Image(_BracketsOnly, ImageInlineProcessor):
    pass


class Reference(_BracketsOnly, ReferenceInlineProcessor):
    pass


class ImageReference(_BracketsOnly, ImageReferenceInlineProcessor):
    pass


class ShortReference(_BracketsOnly, ShortReferenceInlineProcessor):
    pass


class ShortImageReference(_BracketsOnly, ShortImageReferenceInlineProcessor):
    pass


#: Markdown's name of each processor replaced, the stock class it replaces,
#: ours, and its priority (``markdown.inlinepatterns.build_inlinepatterns``).
REPLACED: tuple[tuple[str, type, type, int], ...] = (
    ("reference", ReferenceInlineProcessor, Reference, 170),
    ("link", LinkInlineProcessor, Link, 160),
    ("image_link", ImageInlineProcessor, Image, 150),
    ("image_reference", ImageReferenceInlineProcessor, ImageReference, 140),
    ("short_reference", ShortReferenceInlineProcessor, ShortReference, 130),
    ("short_image_ref", ShortImageReferenceInlineProcessor, ShortImageReference, 125),
)


class BracketExtension(Extension):
    """Replaces each of :data:`REPLACED` that is still Markdown's own
    (another extension's replacement is left alone)."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's name)
        for name, stock, ours, priority in REPLACED:
            if name in md.inlinePatterns and type(md.inlinePatterns[name]) is stock:
                md.inlinePatterns.register(ours(md.inlinePatterns[name].pattern, md), name, priority)
