"""What a preview build leaves out: the content files that have errors.

``torget serve`` builds with :func:`leave_out_broken`: every file under
the content folder that has an error is added, by its name, to Pelican's
``IGNORE_FILES`` for that build only, so that neither the checks nor
Pelican read it, and the rest of the site is built and served. What was
left out, and why, is :attr:`LeftOut.files`. ``torget build`` never
calls this: there, any error stops the build.

The checks that span files only lose claims when a file is left out, so
no other file gets a new error: of two files claiming one slug, the one
with the error (the one that does not keep the slug) is left out and the
other stays; if the one that keeps it is broken too, both go. An
undeclared category is an error of its own file only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from torget.content.forum import content_files, display_path
from torget.model import Problem

#: Rounds of leaving out and checking again. Leaving a file out takes its
#: claims out of the checks that span files, so it cannot add an error to
#: another file; the second round only confirms that.
ROUNDS = 3

Check = Callable[[dict], tuple[object, list[Problem]]]


@dataclass
class LeftOut:
    """The settings to build with, and what they leave out."""

    settings: dict
    forum: object
    #: The problems of the files that remain (they decide whether the build goes on).
    problems: list[Problem]
    #: Each file left out (as problems name it) → its errors; a file left
    #: out only because it shares its name with one of them has none.
    files: dict[str, tuple[Problem, ...]] = field(default_factory=dict)


def leave_out_broken(settings: dict, forum, problems: list[Problem], check: Check) -> LeftOut:
    """Leave out every content file with an error and check again.

    ``forum`` and ``problems`` are what ``check(settings)`` (the checks
    of :func:`torget.build.run.check_content`) found with ``settings``.
    Errors outside the content folder (the settings file) cannot be left
    out: they stay in :attr:`LeftOut.problems` and stop the build.
    """
    content = Path(settings["PATH"])
    before = _files(settings)
    left: dict[str, tuple[Problem, ...]] = {}
    for _ in range(ROUNDS):
        broken = _broken_files(content, problems)
        if not broken:
            break
        for shown, found in broken.items():
            left[shown] = (*left.get(shown, ()), *found)
        patterns = [_pattern(Path(shown).name) for shown in broken]
        settings = settings | {"IGNORE_FILES": [*(settings.get("IGNORE_FILES") or ()), *patterns]}
        forum, problems = check(settings)
    for shown in sorted(before - _files(settings) - set(left)):
        left[shown] = ()  # same name as a file with errors
    return LeftOut(settings, forum, problems, left)


def _broken_files(content: Path, problems: list[Problem]) -> dict[str, tuple[Problem, ...]]:
    """The files inside ``content`` that ``problems`` find an error in."""
    roots = {content.absolute(), content.resolve()}
    shown_as: dict[Path, str] = {}  # one name per file, however problems spell it
    broken: dict[str, list[Problem]] = {}
    for problem in problems:
        path = Path(os.path.abspath(problem.path))
        if problem.is_error and any(root in path.parents for root in roots) and os.path.lexists(path):
            broken.setdefault(shown_as.setdefault(path, problem.path), []).append(problem)
    return {shown: tuple(found) for shown, found in broken.items()}


def _files(settings: dict) -> set[str]:
    """Every file the build reads, as problems name them."""
    content = Path(settings["PATH"])
    found = content_files(content, settings.get("IGNORE_FILES") or ())
    shown = Path(display_path(content))
    return {str(shown / path.relative_to(content)) for path in [*(p for p, _ in found.threads), *found.pages]}


def _pattern(name: str) -> str:
    """An ``IGNORE_FILES`` pattern (:mod:`fnmatch`) for exactly this name."""
    return re.sub(r"([*?[])", r"[\1]", name)
