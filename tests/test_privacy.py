"""The personal-data guard: personnummer, phone numbers and e-mail addresses.

True hits in every notation, near-misses that must stay quiet, masking,
the allow-list and the reviewed-false-positive markers, line numbers, the
scan cache, ``torget check`` and a build that refuses personal data and
leaves the previous site byte for byte as it was.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import CONFIG, SAMPLE_DATE, build_into
from helpers import reply_text, thread_text, write_thread
from torget.build.scancache import ScanCache
from torget.records.privacy import AllowList, find_personal_data, luhn_valid, scan_files, scan_text
from torget_cli import main


def with_check_digit(nine: str) -> str:
    """Complete nine digits with the Luhn check digit (computed here, independently)."""
    total = 0
    for index, char in enumerate(nine):
        n = int(char) * (2 if index % 2 == 0 else 1)
        total += n // 10 + n % 10
    return nine + str((10 - total % 10) % 10)


def split(ten: str, sep: str = "-") -> str:
    return f"{ten[:6]}{sep}{ten[6:]}"


def hits(text: str, allowed=()):
    return [(h.kind, h.masked) for h in find_personal_data(text, allowed)]


# --------------------------------------------------------------------------
# personnummer and samordningsnummer

PNR = "8112189876"  # Skatteverket's test number
SAMORDNING = "7010632391"
ORGANISATION = "2120000142"  # a municipality's organisationsnummer


def test_check_digit_helper_agrees_with_known_numbers():
    assert with_check_digit("811218987") == PNR
    assert with_check_digit("701063239") == SAMORDNING
    assert with_check_digit("212000014") == ORGANISATION
    assert with_check_digit("850709980") == "8507099805"
    assert luhn_valid(PNR) and not luhn_valid("8112189875")


NOTATIONS = [
    # (text, kind, masked)
    ("811218-9876", "personnummer", "811218-****"),
    ("19811218-9876", "personnummer", "19811218-****"),
    ("8112189876", "personnummer", "811218****"),
    ("198112189876", "personnummer", "19811218****"),
    ("811218+9876", "personnummer", "811218+****"),  # 100 years or older
    ("811218–9876", "personnummer", "811218–****"),  # en dash
    ("811218\u20119876", "personnummer", "811218\u2011****"),  # non-breaking hyphen (word processors)
    ("811218\u20109876", "personnummer", "811218\u2010****"),  # hyphen
    ("811218\u22129876", "personnummer", "811218\u2212****"),  # minus sign
    ("811218 9876", "personnummer", "811218 ****"),  # a space alone
    ("19850709 9805", "personnummer", "19850709 ****"),
    ("811218\u00a09876", "personnummer", "811218\u00a0****"),  # no-break space
    ("811218 – 9876", "personnummer", "811218 – ****"),  # spaces around an en dash
    ("811218 - 9876", "personnummer", "811218 - ****"),
    ("19811218 - 9876", "personnummer", "19811218 - ****"),
    ("811218 + 9876", "personnummer", "811218 + ****"),
    ("701063-2391", "samordningsnummer", "701063-****"),
    ("19701063-2391", "samordningsnummer", "19701063-****"),
    ("7010632391", "samordningsnummer", "701063****"),
    ("701063 2391", "samordningsnummer", "701063 ****"),
    ("701063\u20112391", "samordningsnummer", "701063\u2011****"),
    ("Mitt personnummer är 19811218-9876, hjälp!", "personnummer", "19811218-****"),
    ("pnr:811218-9876.", "personnummer", "811218-****"),
    ("(811218-9876)", "personnummer", "811218-****"),
    ("Kundnummer 811218-9876", "personnummer", "811218-****"),  # many use the personnummer as one
    (split(with_check_digit("000229123")), "personnummer", "000229-****"),  # 29 Feb 2000
]


@pytest.mark.parametrize(("text", "kind", "masked"), NOTATIONS)
def test_identity_numbers_in_every_notation(text, kind, masked):
    assert hits(text) == [(kind, masked)]


NEAR_MISSES = [
    "811218-9875",  # Luhn fails
    "19811218-9870",
    "701063-2390",
    "811218 9875",
    with_check_digit("811232123"),  # Luhn passes, but there is no 32 December
    split(with_check_digit("810230123")),  # 30 February
    split(with_check_digit("810229123")),  # 29 Feb 1981: no leap year
    split(with_check_digit("701092239")),  # day 92 - 60 = 32
    split(ORGANISATION),  # organisationsnummer: month 20
    ORGANISATION,
    f"16{ORGANISATION}",
    split(with_check_digit("556036079")),  # a company's (month 60)
    f"ORD-{PNR}",  # an order number that happens to look like one
    f"Ordernummer: {split(PNR)}",
    f"Fakturanummer {PNR}",
    f"OCR {PNR}",
    f"Beställning 4711{PNR}",  # inside a longer digit run
    f"{PNR}12",
    f"4711 {split(PNR, ' ')}",  # inside a longer run of spaced groups
    f"{split(PNR, ' ')} 12",
    f"12 345 {split(PNR, ' ')}",
    f"https://exempel.se/arende/{PNR}",
    f"v{PNR}",
    "2026-03-02",
    "2026-03-02 09:15",
    "20260302",
    "2026-03-02–2026-03-09",
    "ISBN 978-91-29-12345-6",
    "ISBN 91-0-012345-6",
    "9789129123456",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_identity_near_misses(text):
    assert hits(text) == []


# --------------------------------------------------------------------------
# phone numbers and e-mail addresses


PHONES = [
    ("070-123 45 67", "070-*** ** **"),
    ("070 123 45 67", "070 *** ** **"),
    ("0701234567", "070*******"),
    ("070-1234567", "070-*******"),
    ("070–123 45 67", "070–*** ** **"),
    ("070\u2011123 45 67", "070\u2011*** ** **"),  # non-breaking hyphen
    ("070-123\u00a045\u00a067", "070-***\u00a0**\u00a0**"),  # no-break spaces
    ("070 – 123 45 67", "070 – *** ** **"),
    ("08-123 456 78", "08-*** *** **"),
    ("08-12 34 56", "08-** ** **"),
    ("031-12 34 56", "031-** ** **"),
    ("0123-45 67 01", "0123-** ** **"),
    ("+46 70 123 45 67", "+46 70 *** ** **"),
    ("+46701234567", "+4670*******"),
    ("+46 (0)70-123 45 67", "+46 (0)70-*** ** **"),
    ("+46 8 123 456 78", "+46 8 *** *** **"),
    ("0046 8 123 456 78", "0046 8 *** *** **"),
    ("+47 22 12 34 56", "+47 22 ** ** **"),
    ("Ring mig på 070-123 45 67 efter kl 17.", "070-*** ** **"),
    ("ring 070-123 45 67 15 gånger", "070-*** ** **"),  # a trailing number is not part of it
]


@pytest.mark.parametrize(("text", "masked"), PHONES)
def test_phone_numbers_in_swedish_notations(text, masked):
    assert hits(text) == [("phone", masked)]


EMAILS = [
    ("karin.andersson@example.com", "k***@example.com"),
    ("Mejla anna-lena+forum@post.exempel.se!", "a***@post.exempel.se"),
    ("åsa.öberg@exempel.se", "å***@exempel.se"),
    ("<mailto:olle@exempel.se>", "o***@exempel.se"),
    ("(olle@exempel.se)", "o***@exempel.se"),
]


@pytest.mark.parametrize(("text", "masked"), EMAILS)
def test_email_addresses(text, masked):
    assert hits(text) == [("email", masked)]


CONTACT_NEAR_MISSES = [
    "112",
    "Ring 112 eller 1177 Vårdguiden",
    "Polisen 114 14",
    "123 45 Ekbacka",
    "SE-123 45 Ekbacka",
    "Avgiften är 1 250 kr per månad",
    "12 500 kronor",
    "0,50 kr per kilo",
    "2 450:-",
    "kl. 08.00–17.00",
    "vardagar 08-17",
    "02-03-2026",
    "Bankgiro 5050-1055",
    "OCR-nummer 0123456789",
    "Ordernummer: 0701234567",
    "Dnr KS 2023/0123",
    "0123-4567",  # too short for a four-digit area code
    "070 123",
    "version 1.2.3.4",
    "020-12 34 56",  # toll-free: an organisation's
    "0771-567 567",  # shared cost: an organisation's
    "https://exempel.se/amzn/click/048624864X",
    "NoS(\"0111111110\")",  # a binary literal
    "@ekbacka",
    "kontakt at ekbacka dot se",
]


@pytest.mark.parametrize("text", CONTACT_NEAR_MISSES)
def test_phone_and_email_near_misses(text):
    assert hits(text) == []


WRAPPED = [
    ("ring mig på 070-123\n45 67 i morgon", [("phone", "070-*** ** **")]),
    ("mitt personnummer är 811218-\n9876", [("personnummer", "811218- ****")]),
]


def test_a_number_wrapped_over_two_lines_is_found_once():
    for text, found in WRAPPED:
        assert hits(text) == found


# --------------------------------------------------------------------------
# allow-list and reviewed false positives


ALLOWED = ["0123-45 67 00", "Kontakt@Ekbacka.se"]
ALLOWED_NOTATIONS = ["0123-45 67 00", "0123-456700", "+46 123 45 67 00", "tel:+46123456700", "kontakt@ekbacka.se"]
NOT_ALLOWED = "0123-45 67 01 eller kontakt2@ekbacka.se"


def test_allow_list_matches_other_notations_of_the_same_contact():
    allowed = ALLOWED
    for text in ALLOWED_NOTATIONS:
        assert hits(text, allowed) == [], text
    assert hits(NOT_ALLOWED, allowed) == [
        ("phone", "0123-** ** **"),
        ("email", "k***@ekbacka.se"),
    ]


def test_allow_list_reports_entries_it_cannot_read():
    assert AllowList(["0123-45 67 00", "Kontaktcenter", "mailto:a@b.se"]).invalid == ["Kontaktcenter"]


REVIEWED = """Title: Ärendenummer
Date: 2026-03-02 09:15
Type: question
Category: Avfall och återvinning
Author: Karin
Not-personal-data: 811218-9876, 070-123 45 67, Kontaktcenter

Ärendet har nummer 8112189876 och växeln 070 123 45 67.
Ett annat nummer: 19850709-9805 <!-- not-personal-data -->
Men detta är ett personnummer: 701063-2391.
"""


def test_reviewed_false_positives_by_header_and_line_marker():
    problems = scan_text("x.md", REVIEWED)
    assert [(p.line, p.is_error) for p in problems] == [(6, False), (10, True)]
    assert problems[0].message == ("Not-personal-data: 'Kontaktcenter' is neither a personal identity number, "
                                   "a phone number nor an e-mail address")
    assert "coordination number (samordningsnummer) 701063-****" in problems[1].message


def test_reviewed_entries_only_count_in_their_own_file():
    other = REVIEWED.replace("Not-personal-data: 811218-9876, 070-123 45 67, Kontaktcenter\n", "")
    assert [p.line for p in scan_text("y.md", other)] == [7, 7, 9]


# --------------------------------------------------------------------------
# files and lines

FILE = """Title: Ring mig på 070-123 45 67
Date: 2026-03-02 09:15
Type: question
Category: Avfall
Author: karin@example.com
Source-Url: https://gammalt.exempel.se/fragor/0701234567
Views: 0812345678

Mitt personnummer är
19811218-9876.

--- reply ---
Author: Sara Lind
Date: 2026-03-03 10:00
Staff: yes

Skriv inte personnummer här. Ring oss på 0123-45 67 00 i stället.
"""


def test_scan_reports_path_line_and_masked_match_only_for_free_text():
    problems = scan_text("content/posts/x.md", FILE, ["0123-45 67 00"])
    assert [(p.line, p.is_error) for p in problems] == [(1, True), (5, True), (10, True)]
    text = "\n".join(str(p) for p in problems)
    assert "content/posts/x.md:1: possible personal data: phone number 070-*** ** **" in text
    assert "content/posts/x.md:5: possible personal data: e-mail address k***@example.com" in text
    assert "content/posts/x.md:10: possible personal data: personal identity number (personnummer) 19811218-****" in text
    for secret in ("123 45 67", "karin@", "9876"):
        assert secret not in text
    assert len(scan_text("x.md", FILE)) == 4  # without the allow-list, the organisation's number too


def test_scan_cache_rescans_only_changed_texts(tmp_path):
    content = tmp_path / "content"
    first = write_thread(content, "a.md", FILE)
    second = write_thread(content, "b.md", thread_text(body="Inget personligt här."))
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    cold = ScanCache(settings, ())
    found = scan_files([first, second], (), cold)
    cold.save()
    assert cold.scanned == 2 and len(found) == 4

    warm = ScanCache(settings, ())
    assert scan_files([first, second], (), warm) == found and warm.scanned == 0
    warm.save()

    second.write_text(thread_text(body="Ring 070-765 43 21."), encoding="utf-8")
    changed = ScanCache(settings, ())
    again = scan_files([first, second], (), changed)
    assert changed.scanned == 1 and len(again) == 5
    assert not any("765" in p.message for p in again)

    other_allow_list = ScanCache(settings, ("0123-45 67 00",))
    assert len(scan_files([first, second], ("0123-45 67 00",), other_allow_list)) == 4
    assert other_allow_list.scanned == 2  # a new allow-list scans everything again
    stored = (tmp_path / "cache" / ScanCache.FILE).read_bytes()
    assert b"9876" not in stored and b"karin" not in stored  # only masked messages are kept


# --------------------------------------------------------------------------
# torget check


def _check(content, *args):
    return CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--content", str(content), *args])


def test_check_fails_on_personal_data_in_archived_threads_faq_and_pages(content_copy):
    write_thread(content_copy, "arkiverad.md", thread_text(
        title="Fråga om min faktura", category="Bygga och bo", extra="Archived: yes\n",
        body="Mitt personnummer är 811218\u20119876 och jag nås på 070-123 45 67.",
        replies=reply_text(body="Vi har tagit bort ditt personnummer.")))
    write_thread(content_copy, "kontakt.md", thread_text(category="Bygga och bo").replace("Type: question\n", "")
                 + "\nMejla handläggaren på sara.lind@ekbacka.se.\n", folder="faq")
    page = content_copy / "pages" / "regler.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nFrågor? Ring Olle på 070 765 43 21.\n", encoding="utf-8")

    result = _check(content_copy)
    assert result.exit_code == 1, result.output
    lines = [l for l in result.output.splitlines() if "personuppgifter" in l]
    assert len(lines) == 4, result.output
    assert re.search(r"content/posts/arkiverad\.md:8: möjliga personuppgifter: personnummer "
                     r"811218\u2011\*\*\*\*", result.output)
    assert re.search(r"content/posts/arkiverad\.md:8: .*telefonnummer 070-\*\*\* \*\* \*\*", result.output)
    assert re.search(r"content/faq/kontakt\.md:\d+: .*e-postadress s\*\*\*@ekbacka\.se", result.output)
    assert re.search(r"content/pages/regler\.md:\d+: .*telefonnummer 070 \*\*\* \*\* \*\*", result.output)
    assert "9876" not in result.output and "sara.lind" not in result.output and "765" not in result.output
    assert "4 fel, 0 varningar" in result.output


def test_sample_content_passes_strict_check():
    result = CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 fel, 0 varningar" in result.output


def test_allowed_contacts_setting_is_what_keeps_the_sample_quiet(tmp_path):
    config = tmp_path / "governanceconf.py"  # not pelicanconf: Pelican caches settings modules by name
    config.write_text(CONFIG.read_text(encoding="utf-8") + "\nTORGET_ALLOWED_CONTACTS = ['kontakt@ekbacka.se', 'Växeln']\n",
                      encoding="utf-8")
    content = CONFIG.parent / "content"
    result = CliRunner().invoke(main, ["check", "--config", str(config), "--content", str(content)])
    assert result.exit_code == 1
    assert "telefonnummer 0123-** ** **" in result.output  # the switchboard is no longer allowed
    assert "möjliga personuppgifter: e-postadress" not in result.output
    assert "TORGET_ALLOWED_CONTACTS: 'Växeln' är varken en e-postadress eller ett telefonnummer" in result.output


# --------------------------------------------------------------------------
# the build


def _snapshot(folder):
    files = {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert files
    return files


def test_build_refuses_personal_data_and_leaves_the_previous_site_untouched(content_copy, tmp_path):
    output = tmp_path / "site"
    good = build_into(output, content_copy, SAMPLE_DATE)
    assert good.result.ok, good.result.problems
    before = _snapshot(output)

    notations = [text for text, _kind, _masked in NOTATIONS if not text.startswith(("Mitt", "pnr", "(", "Kund"))]
    body = "\n\n".join(f"Mitt nummer är {text}." for text in notations)
    write_thread(content_copy, "personnummer.md", thread_text(category="Bygga och bo", body=body))
    write_thread(content_copy, "svar.md", thread_text(
        title="Svar med telefon", category="Bygga och bo",
        replies=reply_text(body="Ring mig på 070-123 45 67.")))
    write_thread(content_copy, "granskad.md", thread_text(
        title="Granskat ärende", category="Bygga och bo", extra="Not-personal-data: 811218-9876\n",
        body="Ärendenummer 811218 9876.\n\nBeställning 4711 811218 9876, faktura 2120000142.\n"))

    failed = build_into(output, content_copy, SAMPLE_DATE)
    assert not failed.result.ok
    found = [p for p in failed.result.problems if "personuppgifter" in p.message]
    assert all(p.is_error for p in found)
    lines = {(p.path.rsplit("/", 1)[-1], p.line) for p in found}
    assert lines == {("personnummer.md", 7 + 2 * n) for n in range(len(notations))} | {("svar.md", 14)}
    reported = "\n".join(map(str, found))
    assert "9876" not in reported and "123 45 67" not in reported and "granskad.md" not in reported
    assert _snapshot(output) == before  # byte for byte
    assert not list(tmp_path.glob(".site.building-*"))


def test_build_with_only_allowed_contacts_publishes(tmp_path, content_copy):
    write_thread(content_copy, "vaxeln.md", thread_text(
        category="Bygga och bo", body="Ring växeln på +46 123 45 67 00 eller mejla kontakt@ekbacka.se."))
    site = build_into(tmp_path / "site", content_copy, SAMPLE_DATE)
    assert site.result.ok, site.result.problems
    assert "+46 123 45 67 00" in site.html("posts/vaxeln/").get_text()


def test_torget_build_names_every_file_and_line_masked_and_keeps_the_site(content_copy, tmp_path):
    output = tmp_path / "out"

    def build():
        return CliRunner().invoke(main, ["build", "--config", str(CONFIG), "--content", str(content_copy),
                                         "--output", str(output), "--date", SAMPLE_DATE.isoformat()])

    first = build()
    assert first.exit_code == 0, first.output
    before = _snapshot(output)
    write_thread(content_copy, "a.md", thread_text(category="Bygga och bo", body="Mitt pnr är 19850709 9805."))
    write_thread(content_copy, "b.md", thread_text(category="Bygga och bo", body="Hej!",
                                                   replies=reply_text(body="Mejla mig: olle.svensson@exempel.se")))
    result = build()
    assert result.exit_code == 1
    assert re.search(r"content/posts/a\.md:7: möjliga personuppgifter: personnummer "
                     r"19850709 \*\*\*\*", result.output)
    assert re.search(r"content/posts/b\.md:14: möjliga personuppgifter: e-postadress o\*\*\*@exempel\.se", result.output)
    assert "lämnades som den var" in result.output
    assert "9805" not in result.output and "olle.svensson" not in result.output
    assert _snapshot(output) == before
