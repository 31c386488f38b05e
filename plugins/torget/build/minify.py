"""Minify the search's own scripts in a built site.

``search.js`` and ``highlight.js`` are written to be read, with long
comments and names; a visitor's first search downloads ``search.js``
whole, so the build minifies the copies in the output with calmjs.parse
(an ES5 parser and printer): comments and whitespace go, and local names
are shortened (properties and globals keep theirs). The theme's files
stay as they are. Deterministic: the same source gives the same bytes. A
theme script begins with its description comment, a minified copy does
not: an output copy without one is left as it is, so minifying twice
changes nothing.

Inside :func:`kept_between_builds` (``torget build`` runs Pelican in it)
what was minified is kept in a cache file (:mod:`torget.build.cache`),
keyed by a hash of the source and this module's code: a rebuild of an
unchanged theme prints no script again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print

from torget.build.cache import CacheFile, CachePolicy

#: The scripts minified, relative to the output folder.
SCRIPTS = ("theme/js/search.js", "theme/js/highlight.js", "theme/js/lunr-core.js")
#: The cache file, in the folder of Pelican's ``CACHE_PATH``.
CACHE_FILE = "torget-minify.pickle"

#: While a build runs in :func:`kept_between_builds`: source hash →
#: minified text, what the last build minified and what this one did.
_kept: dict[str, dict[str, str]] = {"previous": {}, "used": {}}


def minify_scripts(output: Path, scripts=SCRIPTS) -> list[str]:
    """Minify each of ``scripts`` under ``output`` that exists; returns those minified."""
    done = []
    for name in scripts:
        path = Path(output) / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if text.startswith("/*"):
            path.write_text(_minified(text), encoding="utf-8")
        done.append(name)
    return done


def minify(source: str) -> str:
    """``source`` (ES5) without comments and whitespace, its local names shortened."""
    return minify_print(es5(source), obfuscate=True, obfuscate_globals=False).strip() + "\n"


def _minified(source: str) -> str:
    """:func:`minify`, taken from the cache of :func:`kept_between_builds` if it holds it."""
    key = hashlib.blake2b(source.encode("utf-8"), digest_size=20).hexdigest()
    text = _kept["used"].get(key) or _kept["previous"].get(key)
    if text is None:
        text = minify(source)
    _kept["used"][key] = text
    return text


@contextmanager
def kept_between_builds(settings: dict) -> Iterator[None]:
    """Run a build whose minified scripts are kept in its cache folder
    (when Pelican's settings keep caches: :class:`torget.build.cache.CachePolicy`)."""
    file: CacheFile = CachePolicy.of(settings).file(CACHE_FILE, code=[__name__])
    previous = file.load()
    _kept.update(previous=previous if isinstance(previous, dict) else {}, used={})
    try:
        yield
        if _kept["used"] and _kept["used"] != _kept["previous"]:
            file.save(dict(_kept["used"]))
    finally:
        _kept.update(previous={}, used={})
