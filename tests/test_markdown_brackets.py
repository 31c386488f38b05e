"""torget.html.brackets: Markdown's link processors looking at brackets only give the same HTML."""

from __future__ import annotations

import random

import pytest
from markdown import Markdown

from torget.html import brackets
from torget.html.markdown_config import MarkdownRenderer, markdown_config

CONFIGS = {
    "sample forum": None,
    "plain Markdown": {"extensions": [], "output_format": "html5"},
}

PIECES = [
    "[", "]", "[", "]", "(", ")", "!", " ", " ", "text", "ord", "\\[", "\\]", "`", "<", ">", "\n", "\n\n",
    "[a](https://example.org)", "![bild](/b.png \"titel\")", "[ref][1]", "[ref][]", "[kort]", "[x] [y]",
    "](", "][", "[[", "]]", "[länk](<https://example.org/a b>)", "\n\n[1]: https://example.org/ref\n\n",
    "\n\n[kort]: https://example.org/kort\n\n", "*", "_", "**fet**", "https://example.org/",
]


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))


TEXTS = [random_text(random.Random(seed)) for seed in range(1500)] + [
    "[" * 400 + "a" + "]" * 399,
    "[a](b) " * 200,
    "[[[nested [link](https://example.org)]]] and [unclosed ( [x](y)",
    "text [with `code [` in it](https://example.org) and ![img [x]](/i.png)",
    "[a]\n\n[a]: https://example.org/a\n\n[b][a] [c] ![a]",
]


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_the_html_is_markdowns_own(config):
    """Every text renders to the same HTML with and without the extension."""
    stock = Markdown(**markdown_config(CONFIGS[config]))
    ours = MarkdownRenderer(CONFIGS[config])
    differing = []
    for text in TEXTS:
        stock.reset()
        if stock.convert(text) != ours.convert(text):
            differing.append(text)
    assert not differing, differing[:3]


#: Names of inline processors Markdown and its "extra" extensions register.
INLINE_NAMES = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong", "em_strong2",
                "not_strong", "abbr", "footnote")


def _order(md) -> list[str]:
    """The inline processors' names in the order Markdown runs them."""
    present = [name for name in INLINE_NAMES if name in md.inlinePatterns]
    return sorted(present, key=md.inlinePatterns.get_index_for_name)


def test_the_renderer_uses_the_bracket_processors_in_markdowns_order():
    """MarkdownRenderer's Markdown has each of REPLACED as ours, and the
    inline processors run in the same order as without the extension
    (the priorities in REPLACED are Markdown's)."""
    renderer = MarkdownRenderer(None)
    renderer.convert("x")
    md, stock = renderer._markdown, Markdown(**markdown_config(None))
    assert len(stock.inlinePatterns) == len(md.inlinePatterns) == len(_order(stock))
    assert _order(md) == _order(stock)
    for name, _, ours, _ in brackets.REPLACED:
        assert type(md.inlinePatterns[name]) is ours


def test_an_extensions_own_link_processor_is_left_alone():
    """When another extension has replaced a processor, it stays."""

    class Own(brackets.LinkInlineProcessor):
        pass

    from markdown.extensions import Extension

    class Replaces(Extension):
        def extendMarkdown(self, md):
            md.inlinePatterns.register(Own(md.inlinePatterns["link"].pattern, md), "link", 160)

    md = Markdown(extensions=[Replaces()])
    md.registerExtensions([brackets.BracketExtension()], {})
    assert type(md.inlinePatterns["link"]) is Own
    assert type(md.inlinePatterns["image_link"]) is brackets.Image


def test_bracket_ends_close_the_bracket_opened_before_each_stretch():
    """``[a[b]c]d]``: a link text starting after the first ``[`` ends past
    the last-but-one ``]``; after the second ``[``, past the first ``]``;
    after the text's end, nowhere."""
    text = "[a[b]c]d]"
    positions, ends = brackets.bracket_ends(text)
    assert positions == [0, 2, 4, 6, 8]
    end_at = lambda index: ends[brackets.bisect_left(positions, index)]  # noqa: E731
    assert end_at(1) == 7 and text[1:end_at(1) - 1] == "a[b]c"
    assert end_at(3) == 5 and text[3:end_at(3) - 1] == "b"
    assert end_at(7) == 9
    assert end_at(9) is None
