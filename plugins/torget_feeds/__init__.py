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


def _article(by_url: dict, base: str, link: str):
    """The article whose absolute address is ``link``, or ``None``: looked
    up by the part after ``base`` (each feed lists a few of many articles)."""
    prefix = base.rstrip("/") + "/"
    candidates = [link[len(prefix):]] if base and link.startswith(prefix) else []
    candidates += [urlsplit(link).path.lstrip("/"), link.lstrip("/")]
    for url in candidates:
        article = by_url.get(url)
        if article is not None and _absolute(base, "/" + article.url) == link:
            return article
    return None


def absolute_feed(context, feed) -> None:
    base = str(context.get("FEED_DOMAIN") or context.get("SITEURL") or "")
    if context.get("DEFAULT_LANG"):
        feed.feed["language"] = str(context["DEFAULT_LANG"])
    by_url = {article.url: article for article in context.get("articles", ())}
    if not urlsplit(feed.feed.get("link") or "").scheme:
        feed.feed["link"] = _absolute(base, feed.feed.get("link") or "/")
        feed.feed["id"] = feed.feed["link"]
    for item in feed.items:
        link = _absolute(base, item["link"])
        if link != item["link"]:
            item["link"] = link
            item["unique_id"] = get_tag_uri(link, item["pubdate"])
        article = _article(by_url, base, link)
        if article is not None and is_thread(article):
            item["updateddate"] = article.thread.last_activity


def register() -> None:
    signals.feed_generated.connect(absolute_feed)
