"""Move keyed interface strings (the old ``STRINGS`` tables) into the catalog.

``python tools/strings_to_catalog.py [--names t,gt,rt] TABLE.py [TABLE.py …] -- FILE…``
reads every ``…STRINGS = {"sv": {key: text}, "en": {key: text}}`` literal in
the TABLE files (read as text, never imported), rewrites each
``t("key", …)`` call (and the other ``--names``) in the FILEs (templates or
Python) to ``_("English text", …)``, runs ``make catalogs`` and writes the
Swedish text of each new msgid into the Swedish catalog
(docs/translating.md). ``{name}`` placeholders become ``%(name)s``.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "plugins/torget/locale/sv/LC_MESSAGES/torget.po"
#: Keys whose English text another key shares with another meaning.
CONTEXTS = {"faq_entry": "entry", "stats_faq": "entry"}


def read_tables(paths: list[str]) -> dict[str, dict[str, str]]:
    """Every ``…STRINGS`` dict literal of ``paths``, merged by language."""
    merged: dict[str, dict[str, str]] = {"sv": {}, "en": {}}
    for path in paths:
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            if any(isinstance(t, ast.Name) and t.id.endswith("STRINGS") for t in targets) and node.value is not None:
                table = ast.literal_eval(node.value)
                for lang in merged:
                    merged[lang].update(table.get(lang, {}))
    return merged


def msgid(text: str, template: bool) -> str:
    """``{name}`` to ``%(name)s``; a literal ``%`` doubled where it is formatted."""
    if template or "{" in text:
        text = text.replace("%", "%%")
    return re.sub(r"\{(\w+)\}", r"%(\1)s", text)


def literal(text: str, quote: str) -> str:
    return quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def rewrite(source: str, english: dict[str, str], template: bool, found: dict[str, str], names=("t", "gt", "rt")) -> str:
    call = re.compile(r"(?<![\w.])(?:%s)\((['\"])([a-z0-9_]+)\1(\s*[,)])" % "|".join(map(re.escape, names)))

    def replace(match: re.Match) -> str:
        quote, key, after = match.group(1), match.group(2), match.group(3)
        if key not in english:
            return match.group(0)
        found[key] = msgid(english[key], template)
        quote = quote if template else '"'
        if key in CONTEXTS:
            return f"pgettext({literal(CONTEXTS[key], quote)}, {literal(found[key], quote)}{after}"
        return f"_({literal(found[key], quote)}{after}"

    return call.sub(replace, source)


def fill_catalog(translations: dict[tuple[str | None, str], str]) -> list[str]:
    """Extract and update the catalog, then set each empty msgstr."""
    from babel.messages.pofile import read_po, write_po

    subprocess.run(["make", "-C", str(ROOT), "catalogs"], check=True)
    with PO.open("rb") as f:
        catalog = read_po(f)
    missing = []
    for (context, english), swedish in translations.items():
        message = catalog.get(english, context=context)
        if message is None:
            missing.append(english)
        elif not message.string:
            message.string = swedish
            message.flags.discard("fuzzy")
    with PO.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False, sort_output=True, no_location=True)
    return missing


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", default="t,gt,rt", help="the translator calls to rewrite (default: t,gt,rt)")
    parser.add_argument("tables", nargs="+", help="files holding …STRINGS tables, then -- and the files to rewrite")
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    args.files = argv[split + 1:]
    table = read_tables(args.tables)
    translations: dict[tuple[str | None, str], str] = {}
    for name in args.files:
        path = Path(name)
        template = path.suffix == ".html"
        found: dict[str, str] = {}
        text = rewrite(path.read_text(encoding="utf-8"), table["en"], template, found, tuple(args.names.split(",")))
        path.write_text(text, encoding="utf-8")
        for key, english in found.items():
            translations[(CONTEXTS.get(key), english)] = msgid(table["sv"][key], template)
    for english in fill_catalog(translations):
        print(f"not extracted (a key chosen at run time? mark it with N_): {english!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
