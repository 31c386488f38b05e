"""The part of lunr.js a search page needs, written from lunr 2.3.9's own sources.

A search page runs lunr's tokenizer, a language's pipeline and
``lunr.Query``'s clause defaults; it scores by itself. lunr.min.js also
holds the index, builder, vectors, token sets and query parser: most of
its bytes. ``python -m torget.search.lunr_core`` writes
``theme/static/js/lunr-core.js`` from the vendored files in
``theme/static/vendor/lunr-2.3.9/lib/`` (:data:`LIB_FILES`, in lunr's own
build order), unchanged; tests/test_lunr_core.py checks that the file is
up to date and gives the terms lunr.min.js gives (docs/search.md, "lunr.js").
"""

from __future__ import annotations

import sys
from pathlib import Path

from torget.search.languages.base import LUNR_JS_VERSION

ROOT = Path(__file__).resolve().parents[3]
LIB = ROOT / "theme" / "static" / "vendor" / f"lunr-{LUNR_JS_VERSION}" / "lib"
TARGET = ROOT / "theme" / "static" / "js" / "lunr-core.js"
#: lunr's sources a search page needs, in the order lunr's build joins them.
LIB_FILES = ("lunr.js", "utils.js", "token.js", "tokenizer.js", "pipeline.js", "stemmer.js",
             "stop_word_filter.js", "trimmer.js", "query.js")

HEADER = f"""/* lunr {LUNR_JS_VERSION}'s namespace, utils, token, tokenizer, pipeline, Porter
 * stemmer, stop-word filter, trimmer and query, from its own sources
 * (theme/static/vendor/lunr-{LUNR_JS_VERSION}/lib/, MIT, Copyright (C) 2013
 * Oliver Nightingale; the licence is in that folder's LICENSE). Written by
 * `python -m torget.search.lunr_core`: do not edit. Sets the global lunr,
 * as lunr.min.js does in a browser, so lunr-languages' files load after it.
 */
;(function () {{
"""
FOOTER = "window.lunr = lunr\n})();\n"


def core_source(lib: Path = LIB) -> str:
    """The text of ``lunr-core.js``: :data:`LIB_FILES` in one function,
    lunr's version in place of its build's ``@VERSION`` placeholder."""
    parts = [(lib / name).read_text(encoding="utf-8") for name in LIB_FILES]
    parts[0] = parts[0].replace('lunr.version = "@VERSION"', f'lunr.version = "{LUNR_JS_VERSION}"')
    return HEADER + "\n".join(parts) + FOOTER


def main() -> int:
    TARGET.write_text(core_source(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
