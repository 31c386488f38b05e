"""The editor's form checks agree with ``torget check``: one rule table, two implementations.

``theme/static/js/torget-checks.js`` runs in Node (with the vendored
libphonenumber-js, through ``tests/js/torget_checks_harness.js``) on the
table :func:`torget.editor.formchecks.browser_table` makes, and must give the
answers of the Python checks on every case of their tests:

- every identity notation, near-miss, phone number, e-mail address and
  contact near-miss of ``tests/test_privacy.py``, wrapped numbers, the
  allow-list and the reviewed-data markers (hits, masks and normal forms
  equal);
- every file of the bad-input corpus (``tests/test_bad_input.py``), the
  content-format cases of ``tests/test_parsing.py`` and every sample file:
  the same problems at the same lines for each rule the form checks
  (personal data, placeholders, control characters, slugs, accepted
  replies, reply dates, declared categories), and none where Python finds none.

The ask page warns with the same code: ``personalDataKinds`` on
:func:`torget.editor.formchecks.personal_data_table` (the part of the table the
build writes next to the page) must give the kinds Python finds on every
privacy case and on the ask page's own. The field checks and the HTML
warnings are tested on their own cases below; the form itself in
``tests/test_cms.py``, the ask page in ``tests/test_ask.py``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import test_bad_input
import test_parsing
import test_privacy
from conftest import CONFIG, ROOT
from helpers import reply_text, thread_text
from test_cms import node_binary
from torget import DEFAULT_TIMEZONE
from torget.format import rules as contentrules
from torget.build.run import load_settings
from torget.content.categories import category_problems
from torget.content.forum import header_claim, thread_files
from torget.editor.formchecks import browser_table, personal_data_table, with_checks
from torget.i18n import use_language
from torget.model import Kind
from torget.format.parsing import parse_page, parse_thread
from torget.records.privacy import AllowList, find_personal_data, normal_form, scan_text
from torget.html.sanitize import html_problems

HARNESS = ROOT / "tests" / "js" / "torget_checks_harness.js"
TZ = DEFAULT_TIMEZONE


def declared_categories():
    return list(load_settings(CONFIG, ROOT / "content", None, None)["TORGET_CATEGORIES"])


def js(ops: list[dict], allowed=(), categories=(), lang: str = "sv", table: dict | None = None) -> list:
    request = {"table": table or browser_table(lang, allowed, categories, TZ), "ops": ops}
    proc = subprocess.run([node_binary(), str(HARNESS)], input=json.dumps(request), capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    if proc.returncode:
        pytest.fail(f"torget_checks_harness.js failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def python_hits(text: str, allowed=()) -> list[dict]:
    return [{"kind": h.kind, "masked": h.masked, "key": h.key} for h in find_personal_data(text, allowed)]


# --- personal data: every case of tests/test_privacy.py ---------------------------


def privacy_texts() -> list[str]:
    texts = [text for text, _kind, _masked in test_privacy.NOTATIONS]
    texts += test_privacy.NEAR_MISSES
    texts += [text for text, _masked in test_privacy.PHONES + test_privacy.EMAILS]
    texts += test_privacy.CONTACT_NEAR_MISSES
    texts += [text for text, _found in test_privacy.WRAPPED]
    texts += [*test_privacy.ALLOWED_NOTATIONS, test_privacy.NOT_ALLOWED]
    texts += [test_privacy.REVIEWED, test_privacy.FILE]
    return texts


def test_every_privacy_case_finds_the_same_hits_masks_and_keys():
    texts = privacy_texts()
    assert len(texts) > 100
    found = js([{"op": "find", "text": t} for t in texts])
    disagree = [(t, got, python_hits(t)) for t, got in zip(texts, found, strict=True) if got != python_hits(t)]
    assert disagree == []
    # and the cases' own answers, so that agreeing on nothing cannot pass
    by_text = dict(zip(texts, found, strict=True))
    for text, kind, masked in test_privacy.NOTATIONS:
        assert [(h["kind"], h["masked"]) for h in by_text[text]] == [(kind, masked)], text
    for text, masked in test_privacy.PHONES:
        assert [(h["kind"], h["masked"]) for h in by_text[text]] == [("phone", masked)], text
    for text in test_privacy.NEAR_MISSES + test_privacy.CONTACT_NEAR_MISSES:
        assert by_text[text] == [], text


def test_the_allow_list_is_honoured_in_the_same_normal_form():
    allowed = test_privacy.ALLOWED
    texts = [*test_privacy.ALLOWED_NOTATIONS, test_privacy.NOT_ALLOWED, test_privacy.FILE]
    found = js([{"op": "find", "text": t} for t in texts], allowed=allowed)
    assert found == [python_hits(t, AllowList(allowed)) for t in texts]
    assert found[:5] == [[]] * 5 and len(found[5]) == 2
    values = [*allowed, *test_privacy.ALLOWED_NOTATIONS, "mailto:a@b.se", "Kontaktcenter", "811218-9876",
              "19811218 - 9876", "701063-2391", "2120000142", "020-12 34 56"]
    assert js([{"op": "normal", "value": v} for v in values]) == [normal_form(v) for v in values]


# --- the ask page: the kinds of personal data, on the ask page's table -------------

#: The ask page's own cases: (text, the kinds found), with ASK_ALLOWED as the organisation's contacts.
ASK_CASES = [
    ("Jag har glömt lösenordet till e-tjänsterna.", []),
    ("Mitt personnummer är 811218-9876.", ["identity"]),
    ("personnummer 198112189876 tack", ["identity"]),
    ("samordningsnummer 811278-9873", ["identity"]),
    ("811218-9875 har fel kontrollsiffra", []),
    ("Organisationsnummer 212000-0142", []),
    ("Ring mig på 070-123 45 67", ["phone"]),
    ("Ring +46 70 123 45 67 efter fem", ["phone"]),
    ("Jag ringde 0123-45 67 00 men ingen svarade.", []),
    ("Öppet 08.00-17.00 på vardagar", []),
    ("Mötet är 2026-11-20 klockan tio", []),
    ("Mejla anna.svensson@example.se", ["email"]),
    ("Jag mejlade kontakt@ekbacka.se i går", []),
    ("Glömt lösenordet\n811218-9876 och anna@example.se och 070-123 45 67", ["identity", "phone", "email"]),
]
ASK_ALLOWED = ["0123-45 67 00", "kontakt@ekbacka.se"]
KINDS = {"personnummer": "identity", "samordningsnummer": "identity", "phone": "phone", "email": "email"}


def python_kinds(text: str, allowed=()) -> list[str]:
    found = {KINDS[hit.kind] for hit in find_personal_data(text, AllowList(allowed))}
    return [kind for kind in ("identity", "phone", "email") if kind in found]


def test_the_ask_page_finds_the_same_kinds_on_its_own_table():
    texts = [*privacy_texts(), *(text for text, _ in ASK_CASES)]
    for allowed in ((), ASK_ALLOWED, test_privacy.ALLOWED):
        found = js([{"op": "kinds", "text": t} for t in texts], table=personal_data_table("sv", allowed, TZ))
        assert [(t, got) for t, got in zip(texts, found, strict=True) if got != python_kinds(t, allowed)] == []
        assert sum(bool(kinds) for kinds in found) > 50
    found = js([{"op": "kinds", "text": text} for text, _ in ASK_CASES], table=personal_data_table("sv", ASK_ALLOWED, TZ))
    assert found == [kinds for _, kinds in ASK_CASES]


def rule_of(message: str) -> str | None:
    """The form's rule for a Python problem, or None for one the form leaves to torget check."""
    if message.startswith("possible personal data"):
        return "personal_data"
    if message.startswith("Not-personal-data:") and "is neither" in message:
        return "reviewed"
    for prefix, rule in (("placeholder ", "placeholder"), ("invisible ", "control"),
                         ("more than one accepted reply", "accepted")):
        if message.startswith(prefix):
            return rule
    if message.startswith("slug ") and "may only contain" in message:
        return "slug"
    if "before the question" in message:
        return "reply_date"
    if "is not declared in TORGET_CATEGORIES" in message:
        return "category"
    return None


def test_scan_text_marks_the_same_lines():
    texts = [test_privacy.REVIEWED, test_privacy.FILE,
             test_privacy.REVIEWED.replace("Not-personal-data: 811218-9876, 070-123 45 67, Kontaktcenter\n", "")]
    found = js([{"op": "scan", "text": t} for t in texts])
    for text, got in zip(texts, found, strict=True):
        expected = [(p.line, rule_of(p.message), "error" if p.is_error else "warning") for p in scan_text("x.md", text)]
        assert [(p["line"], p["rule"], p["severity"]) for p in got] == expected
    assert [p["line"] for p in found[0]] == [6, 10]


# --- the content format: bad-input corpus, parsing cases, sample files ----------


def python_file_problems(path: Path, shown: str, kind: str, declared) -> set[tuple[int, str, str]]:
    text = path.read_text("utf-8")
    if kind == "page":
        problems = parse_page(shown, text, TZ)
    else:
        _, problems = parse_thread(shown, text, Kind.FAQ if kind == "faq" else Kind.THREAD, TZ)
        problems += category_problems(declared, [header_claim(path, shown)])
    problems += scan_text(shown, text)
    return {(p.line, rule, "error" if p.is_error else "warning") for p in problems if (rule := rule_of(p.message))}


def corpus_files(tmp_path: Path) -> list[tuple[Path, str, str]]:
    """(file, kind, case) for every UTF-8 file the bad-input cases and the parsing cases write."""
    files = []
    for case in test_bad_input.CASES:
        folder = tmp_path / case.name
        folder.mkdir()
        try:
            case.change(folder)
        except OSError:
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.suffix.lower() in (".md", ".markdown", ".mkd"):
                try:
                    path.read_text("utf-8")
                except UnicodeDecodeError:
                    continue  # the editor never opens such a file
                kind = path.relative_to(folder).parts[0]
                files.append((path, {"posts": "thread", "faq": "faq", "pages": "page"}[kind], case.name))
    parsing = tmp_path / "parsing" / "posts"
    parsing.mkdir(parents=True)
    for n, text in enumerate(parsing_cases()):
        path = parsing / f"case-{n}.md"
        path.write_text(text, encoding="utf-8", newline="")
        files.append((path, "thread", f"parsing-{n}"))
    return files


def parsing_cases() -> list[str]:
    """The content-format cases of tests/test_parsing.py (and torget new's placeholder), as files."""
    cases = [
        thread_text(replies=reply_text(date="2026-01-09 08:00") + "\n--- reply ---\nAuthor: Olle\n\nHej\n"),
        thread_text(replies=reply_text(accepted=True) + reply_text(accepted=True, date="2026-01-12 09:00")),
        thread_text(replies=reply_text(accepted=True) + reply_text(accepted=True) + reply_text(accepted=True)),
        thread_text(body="Så här ser filen ut:\n\n```\n--- reply ---\nAccepted: yes\n```\n", replies=reply_text(accepted=True)),
        thread_text(title="a\u2028b", body="Rad\u2029--- reply ---\ninte ett svar"),
        thread_text(date="2026-01-10 10:00+01:00", replies=reply_text(date="2026-01-10 09:30Z")),
        thread_text(date="2026-01-10 10:00", replies=reply_text(date="2026-01-10 09:30+00:00")),
        thread_text(date="2026-07-10 10:00", replies=reply_text(date="2026-07-10 08:30Z")),
        thread_text(body="[FYLL I: Skriv frågan här.]", replies=reply_text(body="[FILL IN: Write the answer here.]")),
        thread_text(category="Avfal och återvinning"),
        thread_text(category="Avfall och återvinning", extra="Not-personal-data: 070-123 45 67, Växeln\n",
                    body="Ring 070-123 45 67 eller 08-123 456 78."),
        test_parsing.thread_text(extra="Tags: 811218-9876\nSource-Url: https://x.se/?tel=0701234567\n"),
        "\ufeff" + thread_text(body="Mejla olle@exempel.se <!-- not-personal-data -->\nEller 19811218-9876.").replace("\n", "\r\n"),
    ]
    cases += [thread_text(extra=f"Slug: {slug}\n") for slug in ["Bad Slug", "åäö", "a--b", "-a", "ok-slug"]]
    return cases


def test_every_content_format_case_gives_the_same_problems_at_the_same_lines(tmp_path):
    declared = load_settings(CONFIG, ROOT / "content", None, None)["TORGET_CATEGORIES"]
    from torget.settings.forum import ForumSettings

    categories = ForumSettings.from_pelican(load_settings(CONFIG, ROOT / "content", None, None)).categories
    use_language("en")  # rule_of reads the English messages
    files = corpus_files(tmp_path)
    assert len(files) > len(test_bad_input.CASES) - 10
    found = js([{"op": "file", "text": path.read_text("utf-8"), "kind": kind, "name": path.name}
                for path, kind, _ in files], categories=list(declared))
    rules = set()
    for (path, kind, case), got in zip(files, found, strict=True):
        expected = python_file_problems(path, f"content/{path.parent.name}/{path.name}", kind, categories)
        assert {(p["line"], p["rule"], p["severity"]) for p in got} == expected, (case, path.read_text("utf-8"))
        rules |= {rule for _, rule, _ in expected}
    assert rules == {"personal_data", "reviewed", "placeholder", "control", "slug", "accepted", "reply_date", "category"}


def test_every_sample_file_passes_both(tmp_path):
    files = [(path, "faq" if kind is Kind.FAQ else "thread") for path, kind in thread_files(ROOT / "content")]
    files += [(path, "page") for path in sorted((ROOT / "content" / "pages").glob("*.md"))]
    assert len(files) > 40
    allowed = load_settings(CONFIG, ROOT / "content", None, None).get("TORGET_ALLOWED_CONTACTS", ())
    found = js([{"op": "file", "text": p.read_text("utf-8"), "kind": k, "name": p.name} for p, k in files],
               allowed=allowed, categories=declared_categories())
    assert [(p.name, got) for (p, _), got in zip(files, found, strict=True) if got] == []


# --- one field of the form, and the messages in the forum's language -----------


def test_field_checks_speak_the_forums_language_and_honour_the_markers():
    source = "Title: X\nNot-personal-data: 070-123 45 67\n\nText\n"
    ops = [
        {"op": "field", "rule": "markdown", "value": "Mitt personnummer är 811218-9876."},
        {"op": "field", "rule": "text", "value": "Ring 070-123 45 67."},
        {"op": "field", "rule": "text", "value": "Ring 070-123 45 67.", "ctx": {"source": source}},
        {"op": "field", "rule": "markdown", "value": "Ärende 811218-9876 <!-- not-personal-data -->\nHej"},
        {"op": "field", "rule": "text", "value": "Växeln 0123-45 67 00"},
        {"op": "field", "rule": "text", "value": "Organisationsnummer 212000-0142, datum 2026-03-02"},
        {"op": "field", "rule": "markdown", "value": "[FYLL I: Skriv frågan här.]"},
        {"op": "field", "rule": "text", "value": "Lösen\x0bord"},
        {"op": "field", "rule": "slug", "value": "Ny Fråga"},
        {"op": "field", "rule": "slug", "value": ""},
        {"op": "field", "rule": "category", "value": "Miljö"},
        {"op": "field", "rule": "category", "value": "Avfall och återvinning"},
        {"op": "field", "rule": "reply_date", "value": "2026-01-09 08:00", "ctx": {"questionDate": "2026-01-10 10:00"}},
        {"op": "field", "rule": "reply_date", "value": "2026-01-10 10:00", "ctx": {"questionDate": "2026-01-10 10:00"}},
        {"op": "field", "rule": "accepted", "value": True, "ctx": {"acceptedCount": 2}},
        {"op": "field", "rule": "accepted", "value": True, "ctx": {"acceptedCount": 1}},
        {"op": "field", "rule": "markdown", "value": "Hej <script>x</script> <b onclick='y'>z</b>"},
        {"op": "field", "rule": "text", "value": ["lock", "mejla olle@exempel.se"]},
    ]
    results = js(ops, allowed=["0123-45 67 00"], categories=declared_categories())
    errors = [r["errors"] for r in results]
    assert errors[0] == ["Ser ut som ett personnummer (811218-****). Allt här publiceras: ta bort det. "
                         "Är det inte en personuppgift, skriv <!-- not-personal-data --> sist på raden."]
    assert "ett telefonnummer (070-*** ** **)" in errors[1][0]
    assert errors[2] == errors[3] == errors[4] == errors[5] == []
    assert errors[6] == ["Platshållaren [FYLL I: Skriv frågan här.] står kvar: skriv texten i stället."]
    assert errors[7][0].startswith("Osynligt tecken U+000B (rad 1, tecken 6)")
    assert errors[8] == ["Adressen Ny Fråga får bara innehålla a–z, 0–9 och enkla bindestreck."] and errors[9] == []
    assert errors[10] == ["Kategorin Miljö finns inte bland forumets kategorier (TORGET_CATEGORIES): välj en i listan."]
    assert errors[11] == []
    assert errors[12] == ["Svaret är daterat 2026-01-09 08:00, före frågan (2026-01-10 10:00)."] and errors[13] == []
    assert errors[14] == ["Bara ett svar kan lösa frågan: 2 svar är markerade."] and errors[15] == []
    assert errors[16] == [] and results[16]["warnings"] == [
        "Varning: HTML-taggen <script> med sitt innehåll tas bort när texten publiceras.",
        "Varning: attributet onclick på <b> tas bort när texten publiceras.",
    ]
    assert "en e-postadress (o***@exempel.se)" in errors[17][0]
    [english] = js([ops[0]], lang="en")
    assert english["errors"][0].startswith("This looks like a personal identity number (811218-****).")


HTML_CASES = [
    ("Hej <strong>där</strong> och <a href=\"https://exempel.se\">länk</a>.", False),
    ("<script>alert(1)</script>", True),
    ("<p style=\"color:red\">röd</p>", True),
    ("<a href=\"javascript:alert(1)\">x</a>", True),
    ("[länk](javascript:alert(1))", True),
    ("<iframe src=\"https://exempel.se\"></iframe>", True),
    ("<marquee>gammalt</marquee>", True),
    ("`<script>` i kod är bara text", False),
    ("```\n<script>alert(1)</script>\n```", False),
    ("<img src=\"https://exempel.se/a.png\" alt=\"a\">", False),
    ("Ärende 811218-9876 <!-- not-personal-data -->", False),  # the reviewed-data marker
    ("Text <!-- en kommentar -->", True),
    ("\\<script> skrivet som text", True),  # Python-Markdown does not read \\< as an escape
]


@pytest.mark.parametrize(("text", "removed"), HTML_CASES)
def test_the_html_warning_agrees_with_the_sanitizer_check(text, removed):
    assert bool(html_problems("x.md", text, 1)) is removed
    [warnings] = js([{"op": "html", "text": text}])
    assert bool(warnings) is removed, warnings
    assert all(w.startswith("Varning: ") for w in warnings)


def test_every_rule_is_in_the_table_and_marks_the_checked_fields():
    from torget.editor.cms import CmsOptions, decap_config
    from torget.settings.forum import ForumSettings

    table = browser_table("sv")
    assert set(table["patterns"]) == set(contentrules.PATTERNS)
    for key, text in table["messages"].items():
        assert browser_table("en")["messages"][key] != text or "{" in text, key
    forum = ForumSettings("Forum", "Kommunen", cms=CmsOptions(local_backend="http://127.0.0.1:8081/api/v1"))
    config = with_checks(decap_config(forum, ["A"]))
    threads = next(c for c in config["collections"] if c["name"] == "threads")
    fields = {f["name"]: f for f in threads["fields"]}
    assert fields["body"]["widget"] == "torget-checked" and fields["body"]["torget_widget"] == "markdown"
    assert fields["category"]["torget_rule"] == "category" and fields["type"]["widget"] == "select"
    replies = {f["name"]: f for f in fields["replies"]["fields"]}
    assert replies["accepted"]["torget_rule"] == "accepted" and replies["date"]["torget_rule"] == "reply_date"
    assert fields["replies"]["widget"] == "list"
