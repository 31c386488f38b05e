"""The one Markdown configuration: the site's ``MARKDOWN`` setting as Torget renders it.

Publishing (:mod:`torget.html.rendering`) and the warnings about HTML the
sanitizer removes (:mod:`torget.html.sanitize`) both render with
:func:`markdown_config`, so ``torget check`` sees the HTML the site publishes.
"""

from __future__ import annotations

#: The sample forum's ``MARKDOWN`` setting (pelicanconf.py), for callers
#: that have no settings.
DEFAULT_MARKDOWN = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"],
    "extension_configs": {"markdown.extensions.extra": {"tables": {"use_align_attribute": True}}},
    "output_format": "html5",
}
_META = ("markdown.extensions.meta", "meta")


def markdown_config(markdown_settings: dict | None) -> dict:
    """``markdown_settings`` (the ``MARKDOWN`` setting; ``None``: :data:`DEFAULT_MARKDOWN`)
    completed as Pelican's ``MarkdownReader`` completes it, in a copy.

    Every extension named in ``extension_configs`` is loaded, as Pelican
    loads it. Pelican's ``meta`` extension, which reads Pelican's own file
    header, is left out: a thread's header is read by
    :mod:`torget.format.parsing`, and a question or reply whose first line
    reads ``Tips: …`` is text, not metadata to drop.
    """
    config = dict(DEFAULT_MARKDOWN if markdown_settings is None else markdown_settings)
    configs = dict(config.get("extension_configs") or {})
    extensions = list(config.get("extensions") or [])
    extensions.extend(name for name in configs if name not in extensions)
    config["extension_configs"] = {name: value for name, value in configs.items() if name not in _META}
    config["extensions"] = [name for name in extensions if name not in _META]
    return config


class MarkdownRenderer:
    """Markdown to (unsanitized) HTML with one configuration: one
    ``Markdown`` instance, made when first needed and reset between texts,
    its link processors those of :mod:`torget.html.brackets` (the same
    HTML, sooner)."""

    def __init__(self, markdown_settings: dict | None = None):
        self.config = markdown_config(markdown_settings)
        self._markdown = None

    def convert(self, text: str) -> str:
        if self._markdown is None:
            from markdown import Markdown

            from torget.html.brackets import BracketExtension

            self._markdown = Markdown(**self.config)
            self._markdown.registerExtensions([BracketExtension()], {})
        self._markdown.reset()
        return self._markdown.convert(text)
