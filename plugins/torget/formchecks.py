"""The table the editor's form checks read, and where they apply.

:func:`browser_table` gathers, for one forum, what
``theme/static/js/torget-checks.js`` needs to check a form the way
``torget check`` checks a file: the patterns and lists of
:mod:`torget.contentrules`, the HTML allow-list of :mod:`torget.sanitize`,
``TORGET_ALLOWED_CONTACTS`` in the normal form of :mod:`torget.privacy`,
the declared categories, the site's time zone and the messages in the
forum's language. The ``torget_admin`` plugin writes it into the
editor's page. :func:`personal_data_table` is the part of it that
personal data reads, for the ask page (``torget_ask`` writes it as JSON).

:func:`with_checks` marks the fields of Decap CMS's configuration
(:func:`torget.cms.decap_config`) that the form checks: each keeps its
widget under ``torget_widget`` and gets the ``torget-checked`` widget
(``theme/static/js/torget-check-widgets.js``), which wraps it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import phonenumbers

from . import DEFAULT_TIMEZONE, contentrules, sanitize
from .i18n import STRINGS
from .privacy import AllowList

#: The vendored libphonenumber-js (theme/static/vendor/libphonenumber-js-<version>/).
LIBPHONENUMBER_JS_VERSION = "1.13.18"
#: The check each field gets, by field name; fields of the replies by "replies.<name>".
FIELD_RULES = {
    "title": "text", "author": "text", "body": "markdown", "summary": "text", "archive_reason": "text",
    "tags": "text", "category": "category", "slug": "slug", "modified": "modified",
    "replies.author": "text", "replies.role": "text", "replies.text": "markdown",
    "replies.date": "reply_date", "replies.accepted": "accepted",
}


def _messages(lang: str) -> dict[str, str]:
    prefix = "form_check_"
    return {key[len(prefix):]: text for key, text in STRINGS[lang].items() if key.startswith(prefix)}


def browser_table(lang: str, allowed: Iterable[str] = (), categories: Iterable[str] = (),
                  timezone: str = DEFAULT_TIMEZONE) -> dict[str, Any]:
    """What torget-checks.js reads (JSON): one forum's rules and messages."""
    mobile_tokens = {str(code): token for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE
                     if (token := phonenumbers.country_mobile_token(code))}
    return {
        "lang": lang if lang in STRINGS else "sv",
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
        "messages": _messages(lang if lang in STRINGS else "sv"),
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
