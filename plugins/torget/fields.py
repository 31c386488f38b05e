"""Reading dict-valued settings, and where a setting is assigned.

The governance settings are dicts an editor writes by hand
(``TORGET_CHANNEL``, ``TORGET_ACCESSIBILITY``, ``TORGET_ABOUT_TOPICS``).
:class:`Fields` reads one such dict and collects what is missing or wrong
instead of raising, so one run names every issue; the setting's parser
(:mod:`torget.schema`) reports each as a :class:`~torget.model.Problem` at
the line of the setting's assignment, which :func:`setting_line` finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any


class Fields:
    """Reads one settings dict, collecting every issue as a message."""

    def __init__(self, data: Any, where: str, issues: list[str], known: Iterable[str]):
        self.where = where
        self.issues = issues
        if not isinstance(data, Mapping):
            issues.append(f"{where or 'the setting'} must be a dict, not {type(data).__name__}")
            data = {}
        self.data = data
        for key in data:
            if key not in known:
                issues.append(f"unknown key {self._name(key)!r}")

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def text(self, key: str, required: str = "") -> str:
        """A text value; ``required`` names what is missing when it is empty."""
        value = self.data.get(key)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.issues.append(f"missing {self._name(key)!r} ({required})")
        return text

    def date(self, key: str, required: str = "") -> date | None:
        value = self.data.get(key)
        if value in (None, ""):
            if required:
                self.issues.append(f"missing {self._name(key)!r} ({required})")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.issues.append(f"{self._name(key)}: {value!r} is not a date (YYYY-MM-DD)")
            return None

    def items(self, key: str) -> list:
        value = self.data.get(key) or []
        if isinstance(value, (str, Mapping)):
            value = [value]
        return list(value)


def setting_line(config_path: str, name: str) -> int:
    """The line where ``name`` is assigned in the settings file, or 1."""
    try:
        text = Path(config_path).read_text(encoding="utf-8")
    except OSError:
        return 1
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1
