"""The interface catalogs: complete, up to date with the code, and used.

Every msgid that ``pybabel extract`` (babel.cfg) finds in the code and
templates has a Swedish translation, and the catalog holds nothing else;
the catalog is as ``make catalogs`` writes it. docs/translating.md says how
to add a string.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup

from conftest import ROOT
from torget.i18n import LOCALE_DIR, _, ngettext, pgettext, translations, use_language

PO = LOCALE_DIR / "sv" / "LC_MESSAGES" / "torget.po"


def extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string babel.cfg extracts."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(ROOT, method_map, options_map):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((context, msgid))
    return found


def catalog():
    with PO.open("rb") as source:
        return read_po(source, locale="sv")


def test_every_extracted_string_has_a_swedish_translation_and_none_is_stale():
    in_code = extracted()
    assert len(in_code) > 150  # the templates' and the plugins' strings are found
    po = catalog()
    in_catalog = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in po if m.id}
    assert in_code - in_catalog == set(), "run `make catalogs` and translate the new msgids"
    assert in_catalog - in_code == set(), "run `make catalogs`: these msgids are no longer used"
    for message in po:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"no Swedish for {message.id!r}"
        assert "fuzzy" not in message.flags, message.id


def test_translations_keep_the_placeholders_and_are_safe_in_html():
    po = catalog()
    assert [(m.id, errors) for m, errors in po.check()] == []
    # Jinja2 marks a translation as safe HTML: no markup or attribute quotes.
    for message in po:
        for text in [*(message.id if isinstance(message.id, tuple) else (message.id,)),
                     *(message.string if isinstance(message.string, tuple) else (message.string,))]:
            assert not set(text) & set('<>&"'), text


def test_the_catalog_is_as_make_catalogs_writes_it():
    written = io.BytesIO()
    write_po(written, catalog(), width=0, sort_output=True, no_location=True, omit_header=False)
    assert written.getvalue().decode() == PO.read_text(encoding="utf-8")


def test_the_catalog_is_compiled_from_the_po_file():
    assert translations("sv").gettext("Skip to content") == "Hoppa till innehållet"
    use_language("sv")
    assert _("Page %(n)s of %(m)s", n=2, m=5) == "Sida 2 av 5"
    assert [ngettext("%(num)s thread", "%(num)s threads", n) for n in (1, 4)] == ["1 tråd", "4 trådar"]
    assert (pgettext("entry", "FAQ"), _("FAQ")) == ("Vanlig fråga", "Vanliga frågor")
    use_language("en")
    assert _("Page %(n)s of %(m)s", n=2, m=5) == "Page 2 of 5"
    assert pgettext("entry", "FAQ") == "FAQ"


def test_babel_cfg_names_folders_that_exist():
    for line in (ROOT / "babel.cfg").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            folder = line.split(":", 1)[1].strip(" ]").split("**")[0]
            assert Path(ROOT, folder).is_dir(), line


def swedish_phrases() -> set[str]:
    """The parts of the Swedish translations that English never has."""
    phrases = set()
    for message in catalog():
        if not message.id:
            continue
        english = " ".join(message.id if isinstance(message.id, tuple) else (message.id,))
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            for part in re.split(r"%\(\w+\)[sr]|%%", text):
                part = part.strip(" .,:;()–”'")
                if len(part) >= 6 and part not in english:
                    phrases.add(part)
    return phrases


def test_an_english_forum_shows_no_swedish_interface_text(build):
    site = build(DEFAULT_LANG="en")
    assert site.result.ok, site.result.problems
    # The sample's content and settings are Swedish: their text is theirs.
    theirs = " ".join(p.read_text(encoding="utf-8") for p in [*(ROOT / "content").rglob("*.md"), ROOT / "pelicanconf.py"])
    theirs += theirs.replace("\\n", "\n")  # the settings' strings as Python reads them
    phrases = {p for p in swedish_phrases() if p not in theirs}
    assert len(phrases) > 150
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        attributes = [str(value) for tag in soup.find_all(True) for name, value in tag.attrs.items()
                      if name in ("aria-label", "content", "title", "alt", "placeholder") or name.startswith("data-")]
        text = " ".join([soup.get_text(" "), *attributes])
        assert not [p for p in phrases if p in text], page
    thread = BeautifulSoup((site.root / "posts" / "glomt-losenord-e-tjanster" / "index.html").read_text(encoding="utf-8"),
                           "html.parser")
    assert thread.select_one(".skip-link").get_text() == "Skip to content"
    assert re.search(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d",
                     thread.get_text())


def test_dates_periods_and_numbers_in_both_languages():
    from datetime import datetime, timezone

    from torget.governance.i18n import figure
    from torget import DEFAULT_TIMEZONE
    from torget.i18n import Dates, month, period

    late = datetime(2025, 3, 4, 23, 30, tzinfo=timezone.utc)  # already the 5th in Stockholm (DEFAULT_TIMEZONE)
    use_language("sv")
    assert Dates(DEFAULT_TIMEZONE)(late) == "5 mars 2025" and month(2026, 11) == "november 2026"
    assert [period(1, "year"), period(1, "month"), period(6, "month"), period(2, "week")] == [
        "ett år", "en månad", "sex månader", "två veckor"]
    assert figure(1234.5, "hours") == "1\u00a0234,5 timmar" and figure(83.25, "percent") == "83,2 %"
    use_language("en")
    assert Dates(DEFAULT_TIMEZONE)(late) == "5 March 2025" and month(2026, 11) == "November 2026"
    assert [period(1, "year"), period(6, "month"), period(4, "week")] == ["one year", "six months", "4 weeks"]
    assert figure(1234.5, "hours") == "1,234.5 hours"
