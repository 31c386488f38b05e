"""Pelican plugin: Atom feeds with absolute addresses in every build.

Pelican writes the feeds (``FEED_ALL_ATOM``, ``CATEGORY_FEED_ATOM``) from
the published articles. Through ``feed_generated`` this plugin makes every
link absolute with ``FEED_DOMAIN`` (else ``SITEURL``) and recomputes the
entry's tag: id, dates each entry by its thread's latest activity and
gives the feed the forum's language (``DEFAULT_LANG``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from feedgenerator import get_tag_uri
from pelican import signals

from torget.site.view import is_thread
from torget.addresses import site_link


def _absolute(base: str, link: str) -> str:
    if urlsplit(link).scheme or not base:
        return link
    return site_link(base, link)


def absolute_feed(context, feed) -> None:
    base = str(context.get("FEED_DOMAIN") or context.get("SITEURL") or "")
    if context.get("DEFAULT_LANG"):
        feed.feed["language"] = str(context["DEFAULT_LANG"])
    by_url = {}
    for article in context.get("articles", ()):
        by_url[_absolute(base, "/" + article.url)] = article
    if not urlsplit(feed.feed.get("link") or "").scheme:
        feed.feed["link"] = _absolute(base, feed.feed.get("link") or "/")
        feed.feed["id"] = feed.feed["link"]
    for item in feed.items:
        link = _absolute(base, item["link"])
        if link != item["link"]:
            item["link"] = link
            item["unique_id"] = get_tag_uri(link, item["pubdate"])
        article = by_url.get(link)
        if article is not None and is_thread(article):
            item["updateddate"] = article.thread.last_activity


def register() -> None:
    signals.feed_generated.connect(absolute_feed)
