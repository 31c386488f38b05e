"""Reading dict-valued settings, where every issue is a message.

The governance settings are dicts an editor writes by hand
(``TORGET_CHANNEL``, ``TORGET_ACCESSIBILITY``, ``TORGET_ABOUT_TOPICS``).
:class:`Fields` reads one such dict and collects what is missing or wrong
instead of raising, so one run names every issue;
:func:`setting_problems` turns a setting's issues into warnings at the line
of its assignment in the settings file (``TORGET_CONFIG_PATH``, else
``pelicanconf.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from .forum import display_path
from .model import Problem, Severity
from .settings import setting_line

T = TypeVar("T")


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


def with_issues(value: T, issues: list[str]) -> T:
    """``value`` (a frozen dataclass with an ``issues`` field) holding ``issues``."""
    object.__setattr__(value, "issues", tuple(issues))
    return value


def config_path(settings: Mapping[str, Any]) -> str:
    """The settings file the settings came from (``TORGET_CONFIG_PATH``)."""
    return str(settings.get("TORGET_CONFIG_PATH") or "pelicanconf.py")


def setting_problems(settings: Mapping[str, Any], name: str, issues: Iterable[str]) -> list[Problem]:
    """Issues with one setting as warnings at the line of its assignment."""
    config = config_path(settings)
    line = setting_line(config, name)
    return [Problem(display_path(Path(config)), line, f"{name}: {issue}", Severity.WARNING) for issue in issues]
