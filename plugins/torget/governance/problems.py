"""Channel governance: the governance problems ``torget check`` and ``torget build`` add.

The settings are checked with all others (:mod:`torget.settings.schema`);
:func:`governance_problems` adds what needs the content: the about page's
topics and the personal-data scan. Why these are warnings, and personal
data an error, is in docs/governance.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from torget.governance.about import about_page_problems
from torget.model import Problem
from torget.records.privacy import scan_site

if TYPE_CHECKING:
    from torget.content.forum import ContentFiles
    from torget.build.scancache import ScanCache


def governance_problems(forum, scan_cache: ScanCache | None = None, personal_data: bool = True,
                        found: ContentFiles | None = None) -> list[Problem]:
    """What ``torget check`` and ``torget build`` add to the content and settings checks.

    ``forum`` is the :class:`torget.settings.forum.ForumSettings`;
    ``scan_cache`` keeps the personal-data scan's results between runs.
    The about page's missing topics are warnings (``torget check
    --strict`` fails on them); personal-data hits are errors, which stop a
    build. ``personal_data=False`` skips the scan of every thread's and
    page's text. ``found``: the content files, if the caller has listed them
    (:func:`torget.content.forum.content_files`).
    """
    return [
        *about_page_problems(forum),
        *(scan_site(forum.content, forum.allowed_contacts, scan_cache, found=found) if personal_data else ()),
    ]
