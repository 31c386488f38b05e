"""Fingerprints of a build's inputs other than content.

Caches and reused pages stay valid only while the settings, the theme and
the plugin code that made them are unchanged. :func:`build_print` hashes
all three, :func:`settings_print` the settings alone; callers leave out
the settings their cache does not depend on.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from torget.html import sanitize

#: Settings that differ between builds without changing any output: where
#: things are written and how many processes do the work (tests build both
#: ways and compare every byte). What the build hands the plugins is not a
#: setting at all (torget.build.state).
VOLATILE = frozenset({
    "OUTPUT_PATH", "CACHE_PATH", "LOAD_CONTENT_CACHE", "TORGET_RENDER_PROCESSES", "TORGET_SEARCH_PROCESS",
    "TORGET_REUSE_FROM",
})


def files_digest(folders) -> str:
    """A hash of every file's name and bytes under ``folders``."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


#: Entries of dict settings that change no output either: the in-memory
#: cache of compiled templates (torget.build.templates).
VOLATILE_ENTRIES = {"JINJA_ENVIRONMENT": frozenset({"bytecode_cache"})}


def settings_print(settings, ignore=frozenset()) -> str:
    """A hash of the settings (all JSON-serialisable ones, except
    :data:`VOLATILE`, :data:`VOLATILE_ENTRIES` and ``ignore``)."""
    plain = {}
    for key, value in settings.items():
        if key in VOLATILE or key in ignore:
            continue
        if key in VOLATILE_ENTRIES and isinstance(value, dict):
            value = {name: entry for name, entry in value.items() if name not in VOLATILE_ENTRIES[key]}
        try:
            plain[key] = json.loads(json.dumps(value, sort_keys=True))
        except (TypeError, ValueError):
            continue
    return hashlib.sha256(json.dumps(plain, sort_keys=True, default=str).encode()).hexdigest()


def plugin_modules(settings) -> tuple[str, ...]:
    """Pelican, Markdown and the plugins of ``PLUGINS``, as module names
    (for :func:`torget.build.cache.code_version`)."""
    plugins = settings.get("PLUGINS") or ()
    return ("pelican", "markdown", *(getattr(plugin, "__name__", str(plugin)) for plugin in plugins))


def build_print(settings, ignore=frozenset()) -> str:
    """Settings (:func:`settings_print`), theme files, plugin code (the HTML
    allow-list of :mod:`torget.html.sanitize` among it), Pelican's and
    Markdown's versions and the sanitizer's
    (:data:`torget.html.sanitize.VERSION`: allow-list and nh3 release), as one hash."""
    digest = hashlib.sha256(settings_print(settings, ignore).encode())
    digest.update(files_digest([settings["THEME"], *settings.get("PLUGIN_PATHS", [])]).encode())
    digest.update(f"pelican {version('pelican')} markdown {version('markdown')} {sanitize.VERSION}".encode())
    return digest.hexdigest()
