"""Articles in a stable order, with their URLs expanded once."""

from __future__ import annotations

from operator import attrgetter

from pelican.utils import order_content


def stable_order(generator) -> None:
    """Order articles as ``ARTICLE_ORDER_BY`` says, ties by slug.

    Pelican collects content files in a ``set``, whose order changes with
    every process; Torget turns off the translation grouping that sorted
    them by slug (``ARTICLE_TRANSLATION_ID = None``). Runs before tags,
    categories and ``dates`` are built from ``articles``.
    """
    order_by = generator.settings.get("ARTICLE_ORDER_BY", "reversed-date")
    for name in ("articles", "hidden_articles", "drafts"):
        items = sorted(getattr(generator, name), key=attrgetter("slug"))
        setattr(generator, name, order_content(items, order_by))


def freeze_urls(generator) -> None:
    """Fix every article's ``url`` and ``save_as`` with Pelican's per-article
    overrides: Pelican otherwise expands the URL pattern on every access,
    and a forum's pages ask for thread URLs very many times."""
    for article in (*generator.articles, *generator.hidden_articles, *generator.translations,
                    *generator.hidden_translations, *generator.drafts, *generator.drafts_translations):
        article.override_url = article.url
        article.override_save_as = article.save_as
