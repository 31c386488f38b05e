"""Production settings: pelicanconf.py plus absolute URLs.

Build with: torget build --config publishconf.py
Set SITEURL to where the site is published (the CI workflow passes it in
the TORGET_SITEURL environment variable).
"""

import importlib.util
import os

# Load pelicanconf.py from beside this file by path: a plain import could
# pick up another module called "pelicanconf" already loaded in the process.
_spec = importlib.util.spec_from_file_location(
    "_torget_pelicanconf", os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelicanconf.py")
)
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)
globals().update({name: value for name, value in vars(_base).items() if name.isupper()})

SITEURL = os.environ.get("TORGET_SITEURL", "https://forum.ekbacka.se").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL

# A published build loads the build caches (CACHE_PATH) only in CI, where
# GitHub Actions and GitLab CI set CI=true and the caches come from the
# project's earlier CI builds; never a developer's. Pelican's content cache
# is loaded only while the code and settings that wrote it are unchanged
# (torget-cache-key), so a loaded cache writes the same bytes as none.
LOAD_CONTENT_CACHE = os.environ.get("CI") == "true"

# The editor at /admin/ is published only with a backend (GitLab or GitHub)
# in TORGET_CMS; the local backend is for the preview on a developer's machine.
TORGET_CMS = {**(TORGET_CMS or {}), "local_backend": False}  # noqa: F821 - from pelicanconf.py
