"""The personal-data guard: personnummer, phone numbers and e-mail addresses.

True hits in many notations, near-misses that must stay quiet, masking,
the allow-list, line numbers, and ``torget check`` with and without
``--strict`` on real content folders.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import CONFIG
from helpers import reply_text, thread_text, write_thread
from torget.privacy import AllowList, find_personal_data, luhn_valid, scan_text
from torget_cli import main


def with_check_digit(nine: str) -> str:
    """Complete nine digits with the Luhn check digit (computed here, independently)."""
    total = 0
    for index, char in enumerate(nine):
        n = int(char) * (2 if index % 2 == 0 else 1)
        total += n // 10 + n % 10
    return nine + str((10 - total % 10) % 10)


def hits(text: str, allowed=()):
    return [(h.kind, h.masked) for h in find_personal_data(text, allowed)]


# --------------------------------------------------------------------------
# personnummer and samordningsnummer


def test_check_digit_helper_agrees_with_known_numbers():
    # Skatteverket's published test numbers.
    assert with_check_digit("811218987") == "8112189876"
    assert with_check_digit("701063239") == "7010632391"
    assert luhn_valid("8112189876") and not luhn_valid("8112189875")


@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        ("19811218-9876", "personnummer", "19811218-****"),
        ("811218-9876", "personnummer", "811218-****"),
        ("8112189876", "personnummer", "811218****"),
        ("198112189876", "personnummer", "19811218****"),
        ("811218+9876", "personnummer", "811218+****"),  # 100 years or older
        ("811218–9876", "personnummer", "811218–****"),  # en dash from a word processor
        ("701063-2391", "samordningsnummer", "701063-****"),
        ("19701063-2391", "samordningsnummer", "19701063-****"),
        ("7010632391", "samordningsnummer", "701063****"),
        ("Mitt personnummer är 19811218-9876, hjälp!", "personnummer", "19811218-****"),
        ("pnr:811218-9876.", "personnummer", "811218-****"),
        (f"{with_check_digit('000229123')[:6]}-{with_check_digit('000229123')[6:]}", "personnummer", "000229-****"),
    ],
)
def test_identity_numbers_in_every_notation(text, kind, masked):
    assert hits(text) == [(kind, masked)]


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # Luhn fails
        "19811218-9870",  # Luhn fails
        "701063-2390",  # Luhn fails
        f"{with_check_digit('811232123')}",  # Luhn passes, but there is no 32 December
        f"{with_check_digit('810230123')[:6]}-{with_check_digit('810230123')[6:]}",  # 30 February
        f"{with_check_digit('810229123')[:6]}-{with_check_digit('810229123')[6:]}",  # 29 Feb 1981: no leap year
        f"{with_check_digit('701092239')[:6]}-{with_check_digit('701092239')[6:]}",  # day 92 - 60 = 32
        f"{with_check_digit('212000123')[:6]}-{with_check_digit('212000123')[6:]}",  # organisationsnummer (month 20)
        f"ORD-{with_check_digit('811218987')}",  # an order number that happens to look like one
        f"Beställning 4711{with_check_digit('811218987')}",  # inside a longer number
        "2026-03-02",
        "2026-03-02 09:15",
        "20260302",
        "ISBN 978-91-29-12345-6",
        "ISBN 91-0-012345-6",
        "9789129123456",
    ],
)
def test_identity_near_misses(text):
    assert hits(text) == []


# --------------------------------------------------------------------------
# phone numbers and e-mail addresses


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("070-123 45 67", "070-*** ** **"),
        ("070 123 45 67", "070 *** ** **"),
        ("0701234567", "070*******"),
        ("070-1234567", "070-*******"),
        ("08-123 456 78", "08-*** *** **"),
        ("08-12 34 56", "08-** ** **"),
        ("031-12 34 56", "031-** ** **"),
        ("0123-45 67 01", "0123-** ** **"),
        ("+46 70 123 45 67", "+46 70 *** ** **"),
        ("+46701234567", "+4670*******"),
        ("+46 (0)70-123 45 67", "+46 (0)70-*** ** **"),
        ("0046 8 123 456 78", "0046 8 *** *** **"),
        ("+47 22 12 34 56", "+47 ** ** ** **"),
        ("Ring mig på 070-123 45 67 efter kl 17.", "070-*** ** **"),
        ("ring 070-123 45 67 15 gånger", "070-*** ** **"),  # a trailing number is not part of it
    ],
)
def test_phone_numbers_in_swedish_notations(text, masked):
    assert hits(text) == [("phone", masked)]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("karin.andersson@example.com", "k***@example.com"),
        ("Mejla anna-lena+forum@post.exempel.se!", "a***@post.exempel.se"),
        ("åsa.öberg@exempel.se", "å***@exempel.se"),
        ("<mailto:olle@exempel.se>", "o***@exempel.se"),
    ],
)
def test_email_addresses(text, masked):
    assert hits(text) == [("email", masked)]


@pytest.mark.parametrize(
    "text",
    [
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
        "0123-4567",  # a four-digit area code needs five or six more digits
        "070 123",
        "version 1.2.3.4",
        "@ekbacka",
        "kontakt at ekbacka dot se",
    ],
)
def test_phone_and_email_near_misses(text):
    assert hits(text) == []


def test_a_number_wrapped_over_two_lines_is_found_once():
    assert hits("ring mig på 070-123\n45 67 i morgon") == [("phone", "070-*** ** **")]


# --------------------------------------------------------------------------
# allow-list


def test_allow_list_matches_other_notations_of_the_same_contact():
    allowed = ["0123-45 67 00", "Kontakt@Ekbacka.se"]
    for text in ("0123-45 67 00", "0123-456700", "+46 123 45 67 00", "tel:+46123456700", "kontakt@ekbacka.se"):
        assert hits(text, allowed) == [], text
    assert hits("0123-45 67 01 eller kontakt2@ekbacka.se", allowed) == [
        ("phone", "0123-** ** **"),
        ("email", "k***@ekbacka.se"),
    ]


def test_allow_list_reports_entries_it_cannot_read():
    assert AllowList(["0123-45 67 00", "Kontaktcenter", "mailto:a@b.se"]).invalid == ["Kontaktcenter"]


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
    assert [(p.line, p.is_error) for p in problems] == [(1, False), (5, False), (10, False)]
    text = "\n".join(str(p) for p in problems)
    assert "content/posts/x.md:1: warning: possible personal data: phone number 070-*** ** **" in text
    assert "content/posts/x.md:5: warning: possible personal data: e-mail address k***@example.com" in text
    assert "content/posts/x.md:10: warning: possible personal data: personal identity number (personnummer) 19811218-****" in text
    for secret in ("123 45 67", "karin@", "9876"):
        assert secret not in text


def test_strict_scan_makes_errors():
    problems = scan_text("x.md", FILE, strict=True)
    assert problems and all(p.is_error for p in problems)
    assert len(problems) == 4  # without the allow-list, the organisation's number too
    assert not any(str(p).startswith("x.md:17: warning") for p in problems)


# --------------------------------------------------------------------------
# torget check


def _check(content, *args):
    return CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--content", str(content), *args])


def test_check_warns_and_strict_fails_on_personal_data_in_archived_threads_and_faq(content_copy):
    write_thread(content_copy, "arkiverad.md", thread_text(
        title="Fråga om min faktura", extra="Archived: yes\n",
        body="Mitt personnummer är 811218-9876 och jag nås på 070-123 45 67.",
        replies=reply_text(body="Vi har tagit bort ditt personnummer.")))
    write_thread(content_copy, "kontakt.md", thread_text(type_="question", extra="").replace("Type: question\n", "")
                 + "\nMejla handläggaren på sara.lind@ekbacka.se.\n", folder="faq")

    relaxed = _check(content_copy)
    assert relaxed.exit_code == 0, relaxed.output
    lines = [l for l in relaxed.output.splitlines() if "personal data" in l]
    assert len(lines) == 3, relaxed.output
    assert re.search(r"content/posts/arkiverad\.md:8: warning: possible personal data: personal identity number "
                     r"\(personnummer\) 811218-\*\*\*\*", relaxed.output)
    assert re.search(r"content/posts/arkiverad\.md:8: warning: .*phone number 070-\*\*\* \*\* \*\*", relaxed.output)
    assert re.search(r"content/faq/kontakt\.md:\d+: warning: .*e-mail address s\*\*\*@ekbacka\.se", relaxed.output)
    assert "811218-9876" not in relaxed.output and "sara.lind" not in relaxed.output

    strict = _check(content_copy, "--strict")
    assert strict.exit_code == 1
    assert "3 errors, 0 warnings" in strict.output
    assert re.search(r"content/posts/arkiverad\.md:8: possible personal data: personal identity number", strict.output)


def test_sample_content_passes_strict_check():
    result = CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_allowed_contacts_setting_is_what_keeps_the_sample_quiet(tmp_path):
    config = tmp_path / "governanceconf.py"  # not pelicanconf: Pelican caches settings modules by name
    config.write_text(CONFIG.read_text(encoding="utf-8") + "\nTORGET_ALLOWED_CONTACTS = ['kontakt@ekbacka.se', 'Växeln']\n",
                      encoding="utf-8")
    content = CONFIG.parent / "content"
    result = CliRunner().invoke(main, ["check", "--config", str(config), "--content", str(content), "--strict"])
    assert result.exit_code == 1
    assert "phone number 0123-** ** **" in result.output  # the switchboard is no longer allowed
    assert "possible personal data: e-mail address" not in result.output
    assert "TORGET_ALLOWED_CONTACTS: 'Växeln' is neither an e-mail address nor a phone number" in result.output
