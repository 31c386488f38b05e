"""Channel governance: the governance problems ``torget check`` and ``torget build`` add.

A public body may only run a channel it can govern. Each part of that is
read and checked in its own module:

- :mod:`torget.governance.channel`: the channel register entry (``TORGET_CHANNEL``),
  with its goals read by :mod:`torget.governance.goals`;
- :mod:`torget.governance.about`: the channel description, the about page
  (``TORGET_ABOUT_PAGE``, ``TORGET_ABOUT_TOPICS``);
- :mod:`torget.governance.accessibility`: the accessibility statement
  (``TORGET_ACCESSIBILITY``);
- :mod:`torget.records.privacy`: the personal-data guard and its allow-list
  (``TORGET_ALLOWED_CONTACTS``);
- :mod:`torget.followup.stats`: the statistics page's settings
  (``TORGET_STATS_URL``, ``TORGET_STATS_MONTHS``, ``TORGET_STATS_TOP``).

The settings themselves are read and checked with all others
(:mod:`torget.settings.schema`): gaps in the governance settings are warnings in
:attr:`torget.settings.forum.ForumSettings.problems`, at the setting's line, and
bad values are errors. :func:`governance_problems` adds what needs the
content: the about page's topics and the personal-data scan.

Governance problems are warnings: the site still builds, and ``torget
check --strict`` (which CI runs) fails on them. Personal-data hits are
errors in every command: ``torget build`` and ``torget serve`` stop on
them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from torget.governance.about import about_page_problems
from torget.model import Problem
from torget.records.privacy import scan_site

if TYPE_CHECKING:
    from torget.build.scancache import ScanCache


def governance_problems(forum, scan_cache: ScanCache | None = None, personal_data: bool = True) -> list[Problem]:
    """What ``torget check`` and ``torget build`` add to the content and settings checks.

    ``forum`` is the :class:`torget.settings.forum.ForumSettings`;
    ``scan_cache`` keeps the personal-data scan's results between runs.
    The about page's missing topics are warnings (``torget check
    --strict`` fails on them); personal-data hits are errors, which stop a
    build. ``personal_data=False`` skips the scan of every thread's and
    page's text.
    """
    return [
        *about_page_problems(forum),
        *(scan_site(forum.content, forum.allowed_contacts, scan_cache) if personal_data else ()),
    ]
