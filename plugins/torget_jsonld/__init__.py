"""Pelican plugin: schema.org structured data for search engines.

Adds two Jinja filters that return JSON for a ``<script
type="application/ld+json">`` data block (never executed, so it is allowed
under a strict Content-Security-Policy):

- ``qapage_jsonld(article)``: a ``QAPage`` whose ``Question`` carries the
  accepted reply as ``acceptedAnswer`` and the other replies as
  ``suggestedAnswer``;
- ``faqpage_jsonld(articles)``: a ``FAQPage`` of the published FAQ entries.

``<``, ``>`` and ``&`` are escaped as ``\\u003c`` etc. so that content can
never close the script element.

Staff replies are named as the organisation when ``TORGET_STAFF_DISPLAY``
is ``anonymous``, as on the page.

Settings read: ``SITEURL``, ``TORGET_STAFF_DISPLAY``, ``TORGET_ORGANISATION``.
"""

from __future__ import annotations

import json

from markupsafe import Markup
from pelican import signals

from torget.settings import ForumSettings


def _dump(data: dict) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _answer(article, item, siteurl: str, index: int, forum: ForumSettings) -> dict:
    anonymous = item.reply.staff and forum.staff_display == "anonymous"
    return {
        "@type": "Answer",
        "text": item.reply.body.strip(),
        "dateCreated": item.reply.date.isoformat(),
        "author": {
            "@type": "Organization" if item.reply.staff else "Person",
            "name": forum.organisation if anonymous else item.reply.author,
        },
        "url": f"{siteurl}/{article.url}#svar-{index}",
        "upvoteCount": 0,
    }


def qapage_jsonld(article, forum: ForumSettings, siteurl: str = "") -> Markup:
    thread = article.thread
    answers = [_answer(article, item, siteurl, i, forum) for i, item in enumerate(article.replies, start=1)]
    question = {
        "@type": "Question",
        "name": thread.title,
        "text": thread.body.strip(),
        "dateCreated": thread.date.isoformat(),
        "author": {"@type": "Person", "name": thread.author},
        "answerCount": len(answers),
        "upvoteCount": thread.votes,
    }
    accepted = [a for a, item in zip(answers, article.replies) if item.reply.accepted]
    suggested = [a for a, item in zip(answers, article.replies) if not item.reply.accepted]
    if accepted:
        question["acceptedAnswer"] = accepted[0]
    if suggested:
        question["suggestedAnswer"] = suggested
    return _dump({"@context": "https://schema.org", "@type": "QAPage", "mainEntity": question})


def faqpage_jsonld(articles) -> Markup:
    entries = sorted((a for a in articles if getattr(a, "kind", None) == "faq"), key=lambda a: a.slug)
    return _dump(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": a.thread.title,
                    "acceptedAnswer": {"@type": "Answer", "text": a.thread.body.strip()},
                }
                for a in entries
            ],
        }
    )


def add_filters(generator) -> None:
    siteurl = generator.settings.get("SITEURL", "")
    forum = ForumSettings.from_pelican(generator.settings)
    generator.env.filters["qapage_jsonld"] = lambda article: qapage_jsonld(article, forum, siteurl)
    generator.env.filters["faqpage_jsonld"] = faqpage_jsonld


def register() -> None:
    signals.generator_init.connect(add_filters)
