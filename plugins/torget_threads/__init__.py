"""Pelican plugin: read thread and FAQ files into articles (docs/content-format.md).

One module per job: :mod:`.reader` (the readers; every article gets
``thread``, ``replies``, ``kind`` and ``last_activity``), :mod:`.ahead`
(rendering ahead in several processes), :mod:`.order` (stable order,
URLs expanded once), :mod:`.links` (links in replies), :mod:`.dates` (the
build date) and :mod:`.templates` (what every template gets).
"""

from __future__ import annotations

from pelican import signals

from torget.build import memo

from .ahead import render_ahead
from .dates import date_pages, fix_build_date
from .links import resolve_reply_links
from .order import freeze_urls, stable_order
from .reader import SanitizedHTMLReader, ThreadReader, add_reader, attach_thread, forget_threads
from .templates import add_template_helpers, use_forum_language


__all__ = ["SanitizedHTMLReader", "ThreadReader", "register"]


def empty_memo(pelican) -> None:
    """The run is written: nothing it memoized is needed any more."""
    memo.clear()


def register() -> None:
    signals.initialized.connect(fix_build_date)
    signals.initialized.connect(use_forum_language)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_init.connect(render_ahead)
    signals.article_generator_context.connect(attach_thread)
    signals.article_generator_pretaxonomy.connect(stable_order)
    signals.article_generator_pretaxonomy.connect(forget_threads)
    signals.article_generator_finalized.connect(freeze_urls)
    signals.article_generator_finalized.connect(resolve_reply_links)
    signals.page_generator_context.connect(date_pages)
    signals.finalized.connect(empty_memo)
