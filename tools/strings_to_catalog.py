"""Move keyed interface strings (the old ``STRINGS`` tables) into the catalog.

``python tools/strings_to_catalog.py TABLE.py FILE...`` reads ``STRINGS =
{"sv": {key: text}, "en": {key: text}}`` from TABLE.py, rewrites every
``t("key", ...)`` / ``gt("key", ...)`` call in the FILEs (templates or Python)
to ``_("English text", ...)`` and records the Swedish text of each msgid in
``plugins/torget/locale/sv/LC_MESSAGES/torget.po`` after extracting
(see docs/translating.md). ``{name}`` placeholders become ``%(name)s``.
"""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "plugins/torget/locale/sv/LC_MESSAGES/torget.po"
CALL = re.compile(r"(?<![\w.])g?t\((['\"])([a-z0-9_]+)\1")


def msgid(text: str, template: bool) -> str:
    """``{name}`` to ``%(name)s``; a literal ``%`` doubled where it is formatted."""
    if template or "{" in text:
        text = text.replace("%", "%%")
    return re.sub(r"\{(\w+)\}", r"%(\1)s", text)


def literal(text: str, quote: str) -> str:
    return quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def rewrite(source: str, english: dict[str, str], template: bool, found: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        quote, key = match.group(1), match.group(2)
        if key not in english:
            return match.group(0)
        found[key] = msgid(english[key], template)
        return "_(" + literal(found[key], '"' if quote == "'" and not template else quote)

    return CALL.sub(replace, source)


def fill_catalog(translations: dict[str, str]) -> list[str]:
    """Extract and update the catalog, then set the msgstr of each msgid."""
    from babel.messages.pofile import read_po, write_po

    subprocess.run(["make", "-C", str(ROOT), "catalogs"], check=True)
    with PO.open("rb") as f:
        catalog = read_po(f)
    missing = []
    for english, swedish in translations.items():
        message = catalog.get(english)
        if message is None:
            missing.append(english)
        elif not message.string:
            message.string = swedish
            message.flags.discard("fuzzy")
    with PO.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False, sort_output=True, no_location=True)
    return missing


def main(argv: list[str]) -> int:
    table = runpy.run_path(argv[0])["STRINGS"]
    translations: dict[str, str] = {}
    for name in argv[1:]:
        path = Path(name)
        template = path.suffix == ".html"
        found: dict[str, str] = {}
        path.write_text(rewrite(path.read_text(encoding="utf-8"), table["en"], template, found), encoding="utf-8")
        for key, english in found.items():
            translations[english] = msgid(table["sv"][key], template)
    for english in fill_catalog(translations):
        print(f"not extracted (dynamic key? mark it with N_): {english!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
