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
"""

from __future__ import annotations

from pathlib import Path

from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print

#: The scripts minified, relative to the output folder.
SCRIPTS = ("theme/js/search.js", "theme/js/highlight.js", "theme/js/lunr-core.js")


def minify_scripts(output: Path, scripts=SCRIPTS) -> list[str]:
    """Minify each of ``scripts`` under ``output`` that exists; returns those minified."""
    done = []
    for name in scripts:
        path = Path(output) / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if text.startswith("/*"):
            path.write_text(minify(text), encoding="utf-8")
        done.append(name)
    return done


def minify(source: str) -> str:
    """``source`` (ES5) without comments and whitespace, its local names shortened."""
    return minify_print(es5(source), obfuscate=True, obfuscate_globals=False).strip() + "\n"
