"""The table the editor's form checks read, and where they apply.

:func:`browser_table` gathers, for one forum, what
``theme/static/js/torget-checks.js`` needs to check a form the way
``torget check`` checks a file: the patterns and lists of
:mod:`torget.format.rules`, the HTML allow-list of :mod:`torget.html.sanitize`,
``TORGET_ALLOWED_CONTACTS`` in the normal form of :mod:`torget.records.privacy`,
the declared categories, the site's time zone and the messages in the
forum's language. The ``torget_admin`` plugin writes it into the
editor's page. :func:`personal_data_table` is the part of it that
personal data reads, for the ask page (``torget_ask`` writes it as JSON).

:func:`with_checks` marks the fields of Decap CMS's configuration
(:func:`torget.editor.cms.decap_config`) that the form checks: each keeps its
widget under ``torget_widget`` and gets the ``torget-checked`` widget
(``theme/static/js/torget-check-widgets.js``), which wraps it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

import phonenumbers

from torget import DEFAULT_TIMEZONE
from torget.format import rules as contentrules
from torget.html import sanitize
from torget.i18n import LANGUAGES, N_, translations
from torget.records.privacy import AllowList

#: The vendored libphonenumber-js (theme/static/vendor/libphonenumber-js-<version>/).
LIBPHONENUMBER_JS_VERSION = "1.13.18"
#: The check each field gets, by field name; fields of the replies by "replies.<name>".
FIELD_RULES = {
    "title": "text", "author": "text", "body": "markdown", "summary": "text", "archive_reason": "text",
    "tags": "text", "category": "category", "slug": "slug", "modified": "modified",
    "replies.author": "text", "replies.role": "text", "replies.text": "markdown",
    "replies.date": "reply_date", "replies.accepted": "accepted",
}


#: The browser's messages (torget-checks.js fills each ``{name}``): English
#: msgids, each placeholder handed over as ``{name}`` (:func:`_messages`).
MESSAGES = {
    "personal_data": N_("This looks like %(what)s (%(masked)s). Everything here is published: remove it. If it is not personal data, write %(marker)s at the end of the line."),
    "personnummer": N_("a personal identity number"),
    "samordningsnummer": N_("a coordination number"),
    "phone": N_("a phone number"),
    "email": N_("an e-mail address"),
    "reviewed": N_("Not-personal-data: %(entry)s is neither a personal identity number, a phone number nor an e-mail address."),
    "placeholder": N_("The placeholder %(text)s is still here: write the text instead."),
    "control": N_("Invisible character U+%(code)s (line %(line)s, column %(column)s): delete it. It often comes along when text is pasted from a word processor."),
    "slug": N_("The address %(slug)s may only contain a-z, 0-9 and single hyphens."),
    "accepted": N_("Only one reply can answer the question: %(count)s replies are marked."),
    "reply_date": N_("The reply is dated %(date)s, before the question (%(question)s)."),
    "category": N_("The category %(name)s is not one of the forum's categories (TORGET_CATEGORIES): choose one from the list."),
    "category_option": N_("%(name)s (not one of the categories)"),
    "html": N_("Warning: %(what)s is removed when the text is published."),
    "html_tag": N_("the HTML tag %(tag)s"),
    "html_content": N_("the HTML tag %(tag)s with its content"),
    "html_attribute": N_("the attribute %(name)s on %(tag)s"),
    "html_link": N_("the link %(url)s"),
    "html_comment": N_("the HTML comment"),
    "refused": N_("Not saved: %(problems)s"),
    "at_line": N_("line %(line)s: %(message)s"),
    "see_fields": N_("Correct what is marked in the form before saving."),
}
#: What a placeholder becomes in the browser's text: ``{name}`` unless listed.
_IN_BROWSER = {"marker": "<!-- not-personal-data -->", "tag": "<{tag}>"}


def _messages(lang: str) -> dict[str, str]:
    catalog = translations(lang)
    return {key: catalog.gettext(text) % {name: _IN_BROWSER.get(name, "{%s}" % name)
                                          for name in re.findall(r"%\((\w+)\)s", text)}
            for key, text in MESSAGES.items()}


def browser_table(lang: str, allowed: Iterable[str] = (), categories: Iterable[str] = (),
                  timezone: str = DEFAULT_TIMEZONE) -> dict[str, Any]:
    """What torget-checks.js reads (JSON): one forum's rules and messages."""
    mobile_tokens = {str(code): token for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE
                     if (token := phonenumbers.country_mobile_token(code))}
    return {
        "lang": lang if lang in LANGUAGES else "sv",
        "patterns": contentrules.js_patterns(),
        "spaces": contentrules.SPACES,
        "reviewed_key": contentrules.REVIEWED_KEY,
        "unscanned_keys": sorted(contentrules.UNSCANNED_KEYS),
        "source_prefix": contentrules.SOURCE_PREFIX,
        "service_types": list(contentrules.SERVICE_TYPES),
        "mobile_tokens": mobile_tokens,
        "true": list(contentrules.TRUE),
        "date_years": list(contentrules.DATE_YEARS),
        "allowed": sorted(AllowList(allowed).keys),
        "categories": list(categories),
        "timezone": timezone,
        "html": {
            "tags": sorted(sanitize.TAGS),
            "clean_content_tags": sorted(sanitize.CLEAN_CONTENT_TAGS),
            "attributes": {tag: sorted(names) for tag, names in sorted(sanitize.ATTRIBUTES.items())},
            "attribute_values": {tag: {name: sorted(values) for name, values in sorted(names.items())}
                                 for tag, names in sorted(sanitize.ATTRIBUTE_VALUES.items())},
            "url_schemes": sorted(sanitize.URL_SCHEMES),
            "image_schemes": sorted(sanitize.IMAGE_SCHEMES),
        },
        "messages": _messages(lang if lang in LANGUAGES else "sv"),
    }


#: The patterns and keys of the table that torget-checks.js reads to find personal data.
PERSONAL_DATA_PATTERNS = ("six_digits", "identity", "identity_label", "email", "email_local",
                          "diallable", "not_phone", "phone_run", "number_label")
PERSONAL_DATA_KEYS = ("lang", "spaces", "service_types", "mobile_tokens", "allowed", "timezone")


def personal_data_table(lang: str, allowed: Iterable[str] = (), timezone: str = DEFAULT_TIMEZONE) -> dict[str, Any]:
    """The part of :func:`browser_table` that personal data reads (the ask page's warning)."""
    table = browser_table(lang, allowed, (), timezone)
    return {"patterns": {name: table["patterns"][name] for name in PERSONAL_DATA_PATTERNS},
            **{key: table[key] for key in PERSONAL_DATA_KEYS}}


def _mark(fields: list[dict], prefix: str = "") -> None:
    for field in fields:
        name = prefix + field["name"]
        if field.get("fields"):
            _mark(field["fields"], name + ".")
        rule = FIELD_RULES.get(name)
        if rule and field.get("widget") != "torget-checked":
            field["torget_widget"] = field.get("widget", "string")
            field["torget_rule"] = rule
            field["widget"] = "torget-checked"


def with_checks(config: dict) -> dict:
    """A copy of Decap's configuration with the checked fields marked."""
    config = copy.deepcopy(config)
    for collection in config.get("collections", ()):
        _mark(collection.get("fields", []))
    return config
