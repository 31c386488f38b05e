"""Channel governance: every governance problem for ``torget check`` and ``torget build``.

A public body may only run a channel it can govern. Each part of that is
read and checked in its own module; this one only gathers their problems
(:func:`governance_problems`):

- :mod:`torget.channel`: the channel register entry (``TORGET_CHANNEL``),
  with its goals read by :mod:`torget.goals`;
- :mod:`torget.about`: the channel description, the about page
  (``TORGET_ABOUT_PAGE``, ``TORGET_ABOUT_TOPICS``);
- :mod:`torget.accessibility`: the accessibility statement
  (``TORGET_ACCESSIBILITY``);
- :mod:`torget.privacy`: the personal-data guard and its allow-list
  (``TORGET_ALLOWED_CONTACTS``);
- :mod:`torget.stats`: the statistics page's settings
  (``TORGET_STATS_URL``, ``TORGET_STATS_MONTHS``, ``TORGET_STATS_TOP``).

Governance problems are warnings: the site still builds, and ``torget
check --strict`` (which CI runs) fails on them. Personal-data hits are
errors in every command: ``torget build`` and ``torget serve`` stop on
them. Settings problems are located at the line of the setting's
assignment in the settings file (``TORGET_CONFIG_PATH``,
:func:`torget.fields.setting_problems`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .about import about_page_problems
from .accessibility import accessibility_problems
from .channel import ChannelEntry
from .fields import setting_problems
from .model import Problem
from .privacy import AllowList, allowed_contacts, scan_settings
from .stats import StatsOptions


def governance_problems(settings: Mapping[str, Any], personal_data: bool = True) -> list[Problem]:
    """Everything ``torget check`` and ``torget build`` add to the content checks.

    Channel register, about page and accessibility statement problems are
    warnings (``torget check --strict`` fails on them); personal-data hits
    are errors, which stop a build. ``personal_data=False`` skips the scan
    of every thread's and page's text.
    """
    allowed = allowed_contacts(settings)
    stats_issues = [
        problem
        for name, message in StatsOptions.from_pelican(settings).issues
        for problem in setting_problems(settings, name, [message])
    ]
    invalid = [f"{entry!r} is neither an e-mail address nor a phone number" for entry in AllowList(allowed).invalid]
    return [
        *setting_problems(settings, "TORGET_CHANNEL", ChannelEntry.from_pelican(settings).issues),
        *about_page_problems(settings),
        *accessibility_problems(settings),
        *setting_problems(settings, "TORGET_ALLOWED_CONTACTS", invalid),
        *stats_issues,
        *(scan_settings(settings) if personal_data else ()),
    ]
