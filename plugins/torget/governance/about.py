"""The channel description: the about page must cover the required topics.

A channel's description tells residents how the forum is meant to be used,
which posts are removed, how to report one, that posts are public records,
how personal data is handled and where personal matters go instead
(:data:`DEFAULT_ABOUT_TOPICS`, per language). :func:`about_page_problems`
finds the about page and warns, at the page's line, for each topic it
does not cover.

:func:`about_topics` reads the value of ``TORGET_ABOUT_TOPICS`` (merged
over the defaults of ``DEFAULT_LANG``) for :mod:`torget.settings.schema`;
:func:`about_page_problems` takes the forum settings: the page's slug
(``TORGET_ABOUT_PAGE``), the topics and the page folders (``PATH``,
``PAGE_PATHS``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from torget.settingsfile.fields import Fields
from torget.content.forum import display_path
from torget.i18n import _
from torget.model import Problem, Severity
from torget.format.parsing import header_values, text_lines


@dataclass(frozen=True)
class AboutTopic:
    """A topic the about page must cover.

    ``requires`` is a list of requirements; each is met when the page
    contains any one of its phrases (case-insensitive; Markdown emphasis
    and line breaks do not matter).
    """

    key: str
    label: str
    requires: tuple[tuple[str, ...], ...]


_LEGAL_LIST_SV = (
    ("kränkande uppgifter",),
    ("uppvigling",),
    ("hets mot folkgrupp",),
    ("barnpornografibrott",),
    ("olaga våldsskildring",),
    ("upphovsrättsintrång", "intrång i upphovsrätt"),
)

#: The topics of a channel description, per language (``DEFAULT_LANG``).
DEFAULT_ABOUT_TOPICS: dict[str, dict[str, dict[str, Any]]] = {
    "sv": {
        "usage": {
            "label": "hur forumet är tänkt att användas",
            "requires": [["hur forumet fungerar", "så fungerar forumet", "hur forumet är tänkt att användas",
                          "så använder du forumet", "forumet är till för"]],
        },
        "removed": {
            "label": "vilka inlägg som inte är tillåtna och tas bort",
            "requires": [["inte är tillåtna", "inte är tillåtet", "inte tillåtna", "inte tillåtet", "tas bort", "tar bort"], *_LEGAL_LIST_SV],
        },
        "report": {
            "label": "hur man anmäler ett inlägg",
            "requires": [["anmäl ett inlägg", "anmäl inlägg", "anmäla inlägg", "anmäla ett inlägg", "anmälan av inlägg"]],
        },
        "public_records": {
            "label": "att inlägg är allmänna handlingar och hur de arkiveras",
            "requires": [["allmän handling", "allmänna handlingar"], ["arkiv", "gallr", "diarief", "bevaras"]],
        },
        "personal_data": {
            "label": "hur personuppgifter behandlas",
            "requires": [["behandlar personuppgifter", "behandling av personuppgifter", "personuppgiftsbehandling",
                          "dataskyddsförordningen", "gdpr"]],
        },
        "other_channels": {
            "label": "andra kanaler för personliga ärenden",
            "requires": [["andra kontaktvägar", "andra kanaler", "andra sätt att kontakta", "personliga ärenden",
                          "ditt eget ärende", "enskilda ärenden"]],
        },
    },
    "en": {
        "usage": {
            "label": "how the forum is meant to be used",
            "requires": [["how the forum works", "how to use the forum", "the forum is for", "what the forum is for"]],
        },
        "removed": {
            "label": "which posts are not allowed and are removed",
            "requires": [
                ["not allowed", "are removed", "will be removed", "we remove"],
                ["offensive information", "defamatory", "kränkande uppgifter"],
                ["sedition", "incitement to rebellion", "uppvigling"],
                ["agitation against a population group", "incitement to hatred", "hate speech", "hets mot folkgrupp"],
                ["child pornography", "child sexual abuse", "barnpornografibrott"],
                ["unlawful depiction of violence", "unlawful portrayal of violence", "olaga våldsskildring"],
                ["copyright infringement", "infringe copyright", "upphovsrättsintrång"],
            ],
        },
        "report": {
            "label": "how to report a post",
            "requires": [["report a post", "report post", "reporting a post", "reporting posts"]],
        },
        "public_records": {
            "label": "that posts are public records and how they are archived",
            "requires": [["public record", "public document", "allmän handling", "allmänna handlingar"],
                         ["archiv", "retention", "disposal"]],
        },
        "personal_data": {
            "label": "how personal data is handled",
            "requires": [["process personal data", "processing of personal data", "handle personal data",
                          "personal data is handled", "data protection", "gdpr"]],
        },
        "other_channels": {
            "label": "other channels for personal matters",
            "requires": [["other channels", "other ways to contact", "personal matters", "your own case"]],
        },
    },
}


def about_topics(custom: Any, lang: str, issues: list[str]) -> tuple[AboutTopic, ...]:
    """The language's default topics with ``custom`` (the value of
    ``TORGET_ABOUT_TOPICS``) merged over them; issues are added to ``issues``.

    A topic set to ``None`` is dropped; a new key adds a topic.
    """
    merged = dict(DEFAULT_ABOUT_TOPICS.get(lang, DEFAULT_ABOUT_TOPICS["sv"]))
    custom = custom or {}
    if not isinstance(custom, Mapping):
        issues.append(_("must be a dict of topics"))
        custom = {}
    merged.update(custom)
    topics = []
    for key, spec in merged.items():
        if spec is None:
            continue
        fields = Fields(spec, str(key), issues, ("label", "requires"))
        requires = []
        for requirement in fields.items("requires"):
            phrases = (requirement,) if isinstance(requirement, str) else tuple(requirement)
            phrases = tuple(_normalise(str(p)) for p in phrases if str(p).strip())
            if phrases:
                requires.append(phrases)
        if not requires:
            issues.append(f"{key}: " + _("'requires' needs at least one phrase"))
            continue
        topics.append(AboutTopic(str(key), fields.text("label") or str(key), tuple(requires)))
    return tuple(topics)


_MARKUP = re.compile(r"[*_`>#|]+|\[|\]\([^)]*\)")


def _normalise(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).lower().split())


def find_page(content_dir: Path, slug: str, folders: Iterable[str] = ("pages",)) -> Path | None:
    """The Markdown page whose ``Slug:`` (or file name) is ``slug``.

    The header is read as the parser reads it (:func:`torget.format.parsing.header_values`).
    """
    for folder in folders:
        for path in sorted((content_dir / folder).rglob("*.md")):
            header = header_values(text_lines(path.read_text(encoding="utf-8", errors="replace")))
            if (header.get("slug") or path.stem) == slug:
                return path
    return None


def check_about_text(path: str, text: str, topics: Iterable[AboutTopic]) -> list[Problem]:
    """A warning for each topic the about page does not cover."""
    lines = [_normalise(line) for line in text_lines(text)]
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    flat = " ".join(lines)

    def line_of(phrase: str) -> int | None:
        at = flat.find(phrase)
        if at < 0:
            return None
        return max(i for i, start in enumerate(starts, 1) if start <= at)

    problems = []
    for topic in topics:
        found = [min(filter(None, map(line_of, req)), default=None) for req in topic.requires]
        missing = [req for req, line in zip(topic.requires, found) if line is None]
        if not missing:
            continue
        present = [line for line in found if line is not None]
        if present:
            names = ", ".join(repr(req[0]) for req in missing)
            message = _("the about page's text on %(topic)r does not mention: %(names)s", topic=topic.label, names=names)
        else:
            message = _("the about page does not cover %(topic)r (expected e.g. %(phrase)r)", topic=topic.label, phrase=topic.requires[0][0])
        problems.append(Problem(path, min(present, default=1), message, Severity.WARNING))
    return problems


def about_page_problems(forum) -> list[Problem]:
    """A warning for each topic the about page does not cover, or at
    ``TORGET_ABOUT_PAGE`` when there is no such page. ``forum`` is the
    :class:`torget.settings.forum.ForumSettings`."""
    slug = forum.about_page
    content_dir = forum.content.root
    page = find_page(content_dir, slug, forum.content.pages)
    if page is None:
        return [forum.problem("TORGET_ABOUT_PAGE", _("no page with slug %(slug)r in %(folder)s", slug=slug, folder=display_path(content_dir)),
                              Severity.WARNING)]
    return check_about_text(display_path(page), page.read_text(encoding="utf-8"), forum.about_topics)
