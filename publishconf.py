"""Production settings: pelicanconf.py plus absolute URLs and feeds.

Build with: torget build --config publishconf.py
Set SITEURL to where the site is published (the CI workflow passes it in
the TORGET_SITEURL environment variable).
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("TORGET_SITEURL", "https://forum.ekbacka.se").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"

# Never reuse a developer's cache for a published build.
LOAD_CONTENT_CACHE = False
