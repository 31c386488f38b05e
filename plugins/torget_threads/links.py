"""``{filename}``/``{static}`` links in replies, resolved as in the question."""

from __future__ import annotations

import weakref
from collections.abc import Hashable

from pelican.settings import DEFAULT_CONFIG

from torget.build.pelican_compat import update_links

from .reader import RenderedReply


#: Per articles generator: each article's replies as this function left
#: them (``torget serve`` sends the signal again after an edit).
_RESOLVED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def resolve_reply_links(generator) -> None:
    """Replies are rendered apart from ``article.content``: resolve their
    links as Pelican does the question's. With the default
    ``INTRASITE_LINK_REGEX`` a link starts with ``{`` or ``|``; replies
    with neither are left as they are, and so are the replies this
    function resolved before for the same generator (sent again)."""
    default = generator.settings.get("INTRASITE_LINK_REGEX") == DEFAULT_CONFIG["INTRASITE_LINK_REGEX"]

    def may_link(text: str) -> bool:
        return not default or "{" in text or "|" in text

    before = _RESOLVED.get(generator, {}) if isinstance(generator, Hashable) else {}
    now: dict[int, tuple] = {}
    for article in (*generator.articles, *generator.hidden_articles):
        replies = getattr(article, "replies", None)
        known = before.get(id(article))
        if (known is None or known[0] is not article or known[1] is not replies) and replies \
                and any(may_link(r.html) for r in replies):
            siteurl = article.get_siteurl()
            article.replies = tuple(
                RenderedReply(r.reply, update_links(article, r.html, siteurl)) if may_link(r.html) else r
                for r in replies
            )
        now[id(article)] = (article, getattr(article, "replies", None))
    if isinstance(generator, Hashable):
        _RESOLVED[generator] = now
