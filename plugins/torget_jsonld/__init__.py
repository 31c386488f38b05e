"""Pelican plugin: schema.org structured data for search engines.

Adds the Jinja filter ``thread_jsonld(article)``: the JSON of a thread or
FAQ entry page's ``<script type="application/ld+json">`` data block
(``QAPage``, ``DiscussionForumPosting`` or ``FAQPage``; nothing for an
archived thread), escaped so that content can never close the script
element. Which type a page gets, and why, is docs/deploying.md's
"Structured data".
"""

from __future__ import annotations

import json

from markupsafe import Markup
from pelican import signals

from torget.addresses import reply_anchor, site_link
from torget.search.index import html_text
from torget.settings.forum import ForumSettings

#: Thread types whose first post asks something an answer can settle.
QUESTION_TYPES = frozenset({"question", "problem"})


def _dump(data: dict) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


class Describer:
    """Builds the structured data of one site's pages."""

    def __init__(self, forum: ForumSettings):
        self.forum = forum
        self.siteurl = forum.site_url
        # No "url": the forum's address is not the organisation's website.
        self.organisation = {"@type": "Organization", "name": forum.organisation}

    def _url(self, article, fragment: str = "") -> str:
        return site_link(self.siteurl, article.url) + fragment

    def reply_author(self, reply) -> dict:
        if reply.staff and (self.forum.staff_display == "anonymous" or not reply.author.strip()):
            return dict(self.organisation)
        person = {"@type": "Person", "name": reply.author}
        if reply.staff:
            person["worksFor"] = dict(self.organisation)
        return person

    def asker(self, thread) -> dict:
        return {"@type": "Person", "name": thread.author}

    def _reply(self, article, item, index: int, kind: str) -> dict:
        date = item.reply.date.isoformat()
        return {
            "@type": kind,
            "text": html_text(item.html),
            "author": self.reply_author(item.reply),
            "dateCreated": date,
            "datePublished": date,
            "url": self._url(article, "#" + reply_anchor(index)),
        }

    def _dates(self, thread) -> dict:
        return {
            "dateCreated": thread.date.isoformat(),
            "datePublished": thread.date.isoformat(),
            "dateModified": (thread.modified or thread.date).isoformat(),
        }

    def qapage(self, article) -> dict:
        thread = article.thread
        question = {
            "@type": "Question",
            "name": thread.title,
            "text": html_text(article.content),
            "author": self.asker(thread),
            "answerCount": len(article.replies),
            "url": self._url(article),
            **self._dates(thread),
        }
        if thread.votes:
            question["upvoteCount"] = thread.votes
        answers = [(item, self._reply(article, item, i, "Answer")) for i, item in enumerate(article.replies, 1)]
        accepted = [answer for item, answer in answers if item.reply.accepted][:1]
        suggested = [answer for item, answer in answers if not accepted or answer is not accepted[0]]
        if accepted:
            question["acceptedAnswer"] = accepted[0]
        if suggested:
            question["suggestedAnswer"] = suggested
        return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": question,
                "publisher": dict(self.organisation)}

    def posting(self, article) -> dict:
        thread = article.thread
        posting = {
            "@context": "https://schema.org",
            "@type": "DiscussionForumPosting",
            "headline": thread.title,
            "text": html_text(article.content),
            "author": self.asker(thread),
            "url": self._url(article),
            "publisher": dict(self.organisation),
            **self._dates(thread),
        }
        if article.replies:
            posting["comment"] = [self._reply(article, item, i, "Comment")
                                  for i, item in enumerate(article.replies, 1)]
        return posting

    def faq_entry(self, article) -> dict:
        thread = article.thread
        answer = {"@type": "Answer", "text": str(article.content).strip(), "author": dict(self.organisation),
                  "url": self._url(article)}
        question = {"@type": "Question", "name": thread.title, "acceptedAnswer": answer}
        return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [question],
                "url": self._url(article), "publisher": dict(self.organisation),
                "datePublished": thread.date.isoformat(),
                "dateModified": article.last_activity.isoformat()}

    def describe(self, article) -> dict | None:
        """The structured data of a thread or FAQ entry page, or ``None``."""
        thread = article.thread
        if thread.archived:
            return None
        if thread.is_faq:
            return self.faq_entry(article)
        if thread.type is not None and thread.type.value in QUESTION_TYPES and article.replies:
            return self.qapage(article)
        return self.posting(article)


def thread_jsonld(article, describer: Describer) -> Markup:
    data = describer.describe(article)
    return _dump(data) if data else Markup("")


def add_filters(generator) -> None:
    describer = Describer(ForumSettings.from_pelican(generator.settings))
    generator.env.filters["thread_jsonld"] = lambda article: thread_jsonld(article, describer)


def register() -> None:
    signals.generator_init.connect(add_filters)
