"""What an import leaves to do before the first build.

Two things in freshly imported files stop ``torget check`` and ``torget
build``, one error per file: a category ``TORGET_CATEGORIES`` does not
declare, and contact details the personal-data guard
(:mod:`torget.records.privacy`) finds. :func:`next_steps` finds both in the files
an import wrote or found unchanged, so that the import can say at once
what to add to the settings (:func:`category_lines`, ready to paste) and
which files to look at (masked, as the guard reports them).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from torget.content.categories import suggestions
from torget.content.forum import display_path, header_claim
from torget.model import Problem
from torget.records.privacy import scan_files
from torget.settingsfile.assign import Assignment


@dataclass(frozen=True)
class NextSteps:
    #: Undeclared category → how many imported files name it, in first-seen order.
    undeclared: dict[str, int]
    #: Declared names close to each undeclared one ("did you mean").
    close: dict[str, list[str]]
    #: Each hit of the personal-data guard, sorted by file and line (masked).
    personal_data: list[Problem]

    @property
    def ready(self) -> bool:
        return not self.undeclared and not self.personal_data


def next_steps(paths: Iterable[Path], declared: Iterable[str], allowed: Iterable[str] = (),
               progress: Callable[[Iterator], Iterator] | None = None) -> NextSteps:
    """The undeclared categories and personal-data hits of the imported ``paths``.

    ``declared`` are the names in ``TORGET_CATEGORIES``; when it declares
    none, every category is accepted and none is reported. ``progress``
    wraps the personal-data scan (a progress bar).
    """
    paths = list(paths)
    names = list(declared)
    counts: Counter[str] = Counter()
    for path in paths:
        claim = header_claim(path, display_path(path))
        if claim is not None and claim.category:
            counts[claim.category] += 1
    undeclared = {name: n for name, n in counts.items() if names and name not in names}
    close = {name: suggestions(name, names) for name in undeclared}
    found = [p for p in scan_files(paths, allowed, progress=progress) if p.is_error]
    return NextSteps(undeclared, close, sorted(found))


def category_form(found: Assignment | None) -> str:
    """How ``TORGET_CATEGORIES`` is written in the settings file (for :func:`category_lines`)."""
    if found is not None and found.kind == "list":
        return "list"
    return "text" if found is not None and found.text_values else "dict"


def category_lines(names: Iterable[str], form: str = "dict") -> list[str]:
    """Lines to paste into ``TORGET_CATEGORIES``, written as its value is:
    ``"dict"`` (name → settings), ``"text"`` (name → description) or ``"list"``."""
    lines = []
    for name in names:
        literal = json.dumps(name, ensure_ascii=False)
        if form == "list":
            lines.append(f"    {literal},")
        elif form == "text":
            lines.append(f'    {literal}: "",')
        else:
            lines.append(f'    {literal}: {{"description": ""}},')
    return lines
