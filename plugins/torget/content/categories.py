"""Declared categories (``TORGET_CATEGORIES``) and the check against them.

A category page exists for every category a thread names, so a misspelled
``Category:`` (``Avfal och återvinning``) would silently make a new one.
A site declares its categories once in the settings::

    TORGET_CATEGORIES = {
        "Avfall och återvinning": {"description": "Sophämtning, återvinning …"},
        "Bygga och bo": {"slug": "bygga", "description": "Bygglov …"},
        "E-tjänster och inloggning": {},
    }

(a list of names, or a dict of name → description text, works too).
:func:`read_categories` reads and validates the setting;
:func:`category_problems` makes a thread in an undeclared category an error
at its ``Category:`` line, with "did you mean …" for close names. A site
that does not set ``TORGET_CATEGORIES`` accepts every category.

The description is shown on the category page; the slug, when given, is
the category's URL name (``category/<slug>/``) instead of one made from
the name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from torget.settingsfile.fields import setting_line
from torget.content.forum import display_path
from torget.i18n import _
from torget.model import Problem

KEYS = ("description", "slug")


@dataclass(frozen=True)
class Category:
    """A declared category."""

    name: str
    description: str = ""
    slug: str = ""


def read_categories(value: Any) -> tuple[tuple[Category, ...], list[str]]:
    """``TORGET_CATEGORIES`` as categories, and every issue with it."""
    from torget.format.parsing import SLUG  # the same rule as thread slugs

    issues: list[str] = []
    if value in (None, "", (), [], {}):
        return (), issues
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, (list, tuple)):
        items = [(name, None) for name in value]
    else:
        return (), [_("must be a dict of category names (or a list of names), not %(type)s", type=type(value).__name__)]
    categories: list[Category] = []
    seen_names: dict[str, str] = {}
    seen_slugs: dict[str, str] = {}
    for name, spec in items:
        if not isinstance(name, str) or not name.strip():
            issues.append(_("a category name must be a non-empty text, not %(name)r", name=name))
            continue
        name = name.strip()
        description, slug = "", ""
        if isinstance(spec, str):
            description = spec
        elif isinstance(spec, Mapping):
            unknown = sorted(str(key) for key in spec if key not in KEYS)
            if unknown:
                issues.append(_("%(name)s: unknown keys %(keys)s (expected: %(expected)s)",
                                name=name, keys=unknown, expected=", ".join(KEYS)))
            description = str(spec.get("description") or "")
            slug = str(spec.get("slug") or "")
        elif spec is not None:
            issues.append(_("%(name)s: expected a dict with description and slug, or a description text, not %(value)r",
                            name=name, value=spec))
        if slug and not SLUG.match(slug):
            issues.append(f"{name}: " + _("slug %(slug)r may only contain a-z, 0-9 and single '-'", slug=slug))
            slug = ""
        folded = name.casefold()
        if folded in seen_names:
            issues.append(_("%(name)r is declared twice (also as %(other)r)", name=name, other=seen_names[folded]))
            continue
        seen_names[folded] = name
        if slug:
            if slug in seen_slugs:
                issues.append(_("%(name)s: slug %(slug)r is also the slug of %(other)r", name=name, slug=slug, other=seen_slugs[slug]))
            seen_slugs[slug] = name
        categories.append(Category(name, " ".join(description.split()), slug))
    return tuple(categories), issues


def suggestions(name: str, declared: Iterable[str], count: int = 3) -> list[str]:
    """Declared names close to ``name`` (spelling, case, accents)."""
    from unidecode import unidecode

    names = list(declared)
    by_key: dict[str, str] = {}
    for declared_name in names:
        by_key.setdefault(unidecode(declared_name).casefold(), declared_name)
    key = unidecode(name).casefold()
    close = difflib.get_close_matches(key, list(by_key), n=count, cutoff=0.6)
    # A name that is the start of a declared one ("Avfall" for "Avfall och
    # återvinning") is close too, however short.
    close += [k for k in by_key if k.startswith(key) and k not in close]
    return [by_key[k] for k in close[:count]]


def category_problems(declared: Iterable[Category], claims: Iterable[Any], config: str = "pelicanconf.py") -> list[Problem]:
    """An error at each ``Category:`` line naming an undeclared category,
    with the declared names it may mean and where to declare it
    (``pelicanconf.py:LINE``, the ``TORGET_CATEGORIES`` assignment).

    ``claims`` are :class:`torget.content.forum.Claim` (every file's, errors or
    not). Nothing when no categories are declared.
    """
    names = [category.name for category in declared]
    if not names:
        return []
    known = set(names)
    where = f"{display_path(Path(config))}:{setting_line(config, 'TORGET_CATEGORIES')}"
    problems = []
    for claim in claims:
        if not claim.category or claim.category in known:
            continue
        close = suggestions(claim.category, names)
        hint = _("; did you mean %(names)s?", names=_(" or ").join(repr(c) for c in close)) if close else ""
        problems.append(Problem(
            claim.path, claim.category_line,
            _("category %(name)r is not declared in TORGET_CATEGORIES (%(where)s)", name=claim.category, where=where) + hint,
        ))
    return problems
