"""Reading dict-valued settings, and where a setting is assigned.

The governance settings are dicts an editor writes by hand
(``TORGET_CHANNEL``, ``TORGET_ACCESSIBILITY``, ``TORGET_ABOUT_TOPICS``).
:class:`Fields` reads one such dict and collects what is missing or wrong
instead of raising, so one run names every issue; the setting's parser
(:mod:`torget.settings.schema`) reports each as a :class:`~torget.model.Problem` at
the line of the setting's assignment, which :func:`setting_line` finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from torget.i18n import _


class Fields:
    """Reads one settings dict, collecting every issue as a message."""

    def __init__(self, data: Any, where: str, issues: list[str], known: Iterable[str]):
        self.where = where
        self.issues = issues
        if not isinstance(data, Mapping):
            issues.append(_("%(where)s must be a dict, not %(type)s", where=where or _("the setting"), type=type(data).__name__))
            data = {}
        self.data = data
        for key in data:
            if key not in known:
                issues.append(_("unknown key %(key)r", key=self._name(key)))

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def text(self, key: str, required: str = "") -> str:
        """A text value; ``required`` (an ``N_``-marked msgid) names what is
        missing when it is empty."""
        value = self.data.get(key)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.issues.append(_("missing %(key)r (%(what)s)", key=self._name(key), what=_(required)))
        return text

    def date(self, key: str, required: str = "") -> date | None:
        value = self.data.get(key)
        if value in (None, ""):
            if required:
                self.issues.append(_("missing %(key)r (%(what)s)", key=self._name(key), what=_(required)))
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.issues.append(f"{self._name(key)}: " + _("%(value)r is not a date (YYYY-MM-DD)", value=value))
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
