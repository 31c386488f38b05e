"""Minify the search's own scripts in a built site.

``search.js`` and ``highlight.js`` are written to be read, with long
comments; a visitor's first search downloads ``search.js`` whole, so the
build removes comments and needless whitespace from the copies in the
output with rjsmin (which renames nothing and never changes what the code
does). The theme's files stay as they are. Deterministic: the same source
gives the same bytes, and minifying a minified file changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import rjsmin

#: The scripts minified, relative to the output folder.
SCRIPTS = ("theme/js/search.js", "theme/js/highlight.js")


def minify_scripts(output: Path, scripts=SCRIPTS) -> list[str]:
    """Minify each of ``scripts`` under ``output`` that exists; returns those minified."""
    done = []
    for name in scripts:
        path = Path(output) / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        small = rjsmin.jsmin(text).strip() + "\n"
        if small != text:
            path.write_text(small, encoding="utf-8")
        done.append(name)
    return done
