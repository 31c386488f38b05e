"""The editor's form checks in Decap CMS, in headless Chromium against decap-server.

On a copy of the sample content (``tests/test_cms.py``'s fixtures): a
personal identity number typed into a reply is refused at the field with a
Swedish message and no file is written; corrected, the thread saves and
passes ``torget check --strict``. Two accepted replies are refused at the
switches; an existing file's undeclared category is shown in the list, marked,
and refused. The page's rule table follows ``DEFAULT_LANG``. Screenshots of
the refused form at 1280 and 390 px go to ``$EDITOR_SHOTS`` when it is set.

The rules themselves are held to the Python checks in
``tests/test_form_checks.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_cms import CONFIG, decap_installed, decap_server, editor  # noqa: F401 (fixtures)
from torget_cli import main

SHOTS = os.environ.get("EDITOR_SHOTS")
#: How the unhandled rejections of a refused save read: a form with errors
#: (Decap's persistEntry returns Promise.reject() without a reason) and a
#: save its preSave listener stopped (it rejects with its failure action).
DECAP_REFUSALS = ("undefined", "Object")
PNR_MESSAGE = "Ser ut som ett personnummer (811218-****)"


@pytest.fixture
def admin(browser, editor):
    """As test_cms.admin: a logged-in editor page that fails the test on CSP
    violations, page errors and requests to any other host, except the
    rejections Decap leaves unhandled when it refuses to save (see
    :data:`DECAP_REFUSALS`)."""
    base, repo, rebuild = editor
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: None if str(error) in DECAP_REFUSALS else problems.append(f"page error: {error}"))
    page.on("console", lambda m: problems.append(f"console: {m.text}") if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1:", "data:", "blob:"))
            else problems.append(f"request to another host: {r.url}"))
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Trådar").first.wait_for()
    yield page, base, repo, rebuild
    context.close()
    assert problems == []


def content_state(repo: Path) -> dict[str, str]:
    """Every file under content/, by path, as a digest."""
    folder = repo / "content"
    files = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.rglob("*")) if p.is_file()}
    assert len(files) > 40
    return files


def persist_requests(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "persistEntry" in (r.post_data or "") else None)
    return requests


def publish(page) -> None:
    page.get_by_role("button", name="Publicera").first.click()
    page.get_by_text("Publicera nu").click()


def fill_date(field, value: str) -> None:
    """A date as the field takes it: the thread format, or a date picker's ``T``."""
    field.fill(value.replace(" ", "T") if field.get_attribute("type") == "datetime-local" else value)


def new_thread(page, base: str, title: str, replies: int) -> None:
    page.goto(f"{base}/admin/#/collections/threads/new")
    page.get_by_label("Rubrik").fill(title)
    fill_date(page.locator("[id^=date-field]").first, "2026-11-02 09:15")
    page.locator("[id^=type-field]").fill("Fråga")
    page.keyboard.press("Enter")
    page.locator("[id^=category-field]").fill("Avfall och")
    page.keyboard.press("Enter")
    page.get_by_label("Namn på den som frågar").fill("Karin")
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("När töms kärlen i Ekbacka?")
    add = page.get_by_role("button", name=re.compile(r"^(Add|Lägg till) svar$"))
    while page.locator("[id^=author-field]").count() < replies + 1:
        add.click()
    for n in range(1, replies + 1):
        page.locator("[id^=author-field]").nth(n).fill("Sara Lind")
        fill_date(page.locator("[id^=date-field]").nth(n), f"2026-11-02 1{n}:00")
        page.locator("[contenteditable=true]").nth(n).click()
        page.keyboard.type("Kärlen töms på tisdagar.")


def field_error(page, text: str):
    """The error list item with ``text``, which Decap writes at its field."""
    return page.locator("li", has_text=text)


def shoot(page, name: str, target) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        target.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_personal_identity_number_in_a_reply_is_refused_at_the_field_and_no_file_is_written(admin):
    from playwright.sync_api import expect

    page, base, repo, _ = admin
    before = content_state(repo)
    persisted = persist_requests(page)
    new_thread(page, base, "När töms soporna i Ekbacka?", replies=1)
    reply = page.locator("[contenteditable=true]").nth(1)
    reply.click()
    page.keyboard.press("End")
    page.keyboard.type(" Mitt personnummer är 811218-9876.")
    publish(page)
    error = field_error(page, PNR_MESSAGE)
    expect(error).to_be_visible()
    expect(error).to_contain_text("Allt här publiceras: ta bort det.")
    # at the reply's text: the error list is in the same field as that editor
    # at the reply's text: in the field (Decap's ControlContainer) that holds the reply's editor
    container = error.locator("xpath=ancestor::ul/../..")
    expect(container.locator("label").first).to_have_text("Text")
    assert container.locator("[contenteditable=true]").count() == 1
    assert "9876" not in error.inner_text()
    shoot(page, "reply-personnummer", error)
    page.wait_for_timeout(1000)
    assert persisted == [] and content_state(repo) == before

    # corrected, the thread saves and passes torget check --strict
    reply.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Kärlen töms på tisdagar. Tack för frågan!")
    expect(error).to_have_count(0)
    with page.expect_response(lambda r: "persistEntry" in (r.request.post_data or "")) as response:
        publish(page)
    assert response.value.ok
    written = repo / "content" / "posts" / "nar-toms-soporna-i-ekbacka.md"
    text = written.read_text("utf-8")
    assert "Kärlen töms på tisdagar. Tack för frågan!" in text and "9876" not in text
    result = CliRunner().invoke(main, ["check", "--strict", "--config", str(CONFIG), "--content", str(repo / "content")])
    assert result.exit_code == 0, result.output


def test_two_accepted_replies_are_refused(admin):
    from playwright.sync_api import expect

    page, base, repo, _ = admin
    before = content_state(repo)
    persisted = persist_requests(page)
    new_thread(page, base, "Hur sorterar jag glas?", replies=2)
    page.locator("[id^=accepted-field]").nth(0).click()
    page.locator("[id^=accepted-field]").nth(1).click()
    publish(page)
    errors = field_error(page, "Bara ett svar kan lösa frågan: 2 svar är markerade.")
    expect(errors).to_have_count(2)
    shoot(page, "two-accepted", errors.first)
    page.wait_for_timeout(1000)
    assert persisted == [] and content_state(repo) == before
    page.locator("[id^=accepted-field]").nth(1).click()
    expect(errors).to_have_count(0)  # both: the other switch's error goes too
    with page.expect_response(lambda r: "persistEntry" in (r.request.post_data or "")) as response:
        publish(page)
    assert response.value.ok
    text = (repo / "content" / "posts" / "hur-sorterar-jag-glas.md").read_text("utf-8")
    assert text.count("Accepted: yes") == 1


def test_a_field_is_checked_when_the_editor_leaves_it(admin):
    """Before any save: the message is at the field as soon as the editor moves on."""
    from playwright.sync_api import expect

    page, base, _, _ = admin
    page.goto(f"{base}/admin/#/collections/threads/new")
    title = page.get_by_label("Rubrik")
    title.fill("Ring mig på 070-123 45 67")
    page.get_by_label("Namn på den som frågar").click()
    expect(field_error(page, "Ser ut som ett telefonnummer (070-*** ** **)")).to_be_visible()
    title.fill("Ring mig")
    expect(field_error(page, "Ser ut som ett telefonnummer")).to_have_count(0)
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Mejla mig på karin@exempel.se")
    title.click()
    expect(field_error(page, "Ser ut som en e-postadress (k***@exempel.se)")).to_be_visible()


def test_an_existing_file_with_an_undeclared_category_shows_it_and_says_so(admin):
    from playwright.sync_api import expect

    page, base, repo, _ = admin
    path = repo / "content" / "posts" / "miljofragan.md"
    path.write_text("Title: Miljöfrågan\nDate: 2026-03-02 09:15\nType: question\nCategory: Miljö\nAuthor: Karin\n\n"
                    "Var lämnar jag farligt avfall?\n", encoding="utf-8")
    before = content_state(repo)
    page.goto(f"{base}/admin/#/collections/threads/entries/miljofragan")
    expect(page.get_by_text("Miljö (finns inte bland kategorierna)")).to_be_visible()
    title = page.get_by_label("Rubrik")
    title.press("End")
    title.press_sequentially("?")
    publish(page)
    error = field_error(page, "Kategorin Miljö finns inte bland forumets kategorier")
    expect(error).to_be_visible()
    shoot(page, "undeclared-category", error)
    page.wait_for_timeout(1000)
    assert content_state(repo) == before
    path.unlink()


def _meta_table(site) -> dict:
    meta = site.html("admin/").find("meta", attrs={"name": "torget-checks"})
    return json.loads(meta["content"])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_rule_table_is_in_the_forums_language(build, content_copy, lang):
    site = build(content=content_copy, DEFAULT_LANG=lang, TORGET_CMS={"local_backend": True},
                 TORGET_ALLOWED_CONTACTS=["kontakt@ekbacka.se", "0123-45 67 00"])
    assert site.result.ok, site.result.problems
    table = _meta_table(site)
    assert table["lang"] == lang
    assert table["messages"]["accepted"].startswith("Bara ett svar" if lang == "sv" else "Only one reply")
    assert table["allowed"] == ["email:kontakt@ekbacka.se", "tel:+46123456700"]
    assert "Avfall och återvinning" in table["categories"]
    config = (site.root / "admin" / "config.yml").read_text("utf-8")
    assert '"widget": "torget-checked"' in config and '"torget_rule": "reply_date"' in config


def test_the_whole_file_is_checked_before_it_is_written(admin):
    """Personal data in a header the form does not show (an unknown key kept
    as it was) is refused by the preSave check, with its line."""
    from playwright.sync_api import expect

    page, base, repo, _ = admin
    path = repo / "content" / "posts" / "telefonfragan.md"
    path.write_text("Title: Telefonfrågan\nDate: 2026-03-02 09:15\nType: question\nCategory: Avfall och återvinning\n"
                    "Author: Karin\nTelefon: 070-123 45 67\n\nNär töms kärlen?\n", encoding="utf-8")
    before = content_state(repo)
    persisted = persist_requests(page)
    page.goto(f"{base}/admin/#/collections/threads/entries/telefonfragan")
    title = page.get_by_label("Rubrik")
    expect(title).to_have_value("Telefonfrågan")
    title.press("End")
    title.press_sequentially("?")
    publish(page)
    refusal = page.get_by_text(re.compile(r"Sparades inte: rad 6: Ser ut som ett telefonnummer \(070-\*\*\* \*\* \*\*\)"))
    expect(refusal).to_be_visible()
    shoot(page, "whole-file", refusal)
    page.wait_for_timeout(500)
    assert persisted == [] and content_state(repo) == before
    path.unlink()


def test_html_the_site_will_remove_is_a_warning_under_the_field_not_an_error(admin):
    from playwright.sync_api import expect

    page, base, repo, _ = admin
    new_thread(page, base, "Kan jag skriva HTML?", replies=1)
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.press("End")
    page.keyboard.type(' <b class="stor">fet</b>')
    warning = page.locator(".torget-check-warning")
    expect(warning).to_have_text("Varning: attributet class på <b> tas bort när texten publiceras.")
    expect(warning).to_have_attribute("role", "status")
    shoot(page, "html-warning", warning)
    with page.expect_response(lambda r: "persistEntry" in (r.request.post_data or "")) as response:
        publish(page)
    assert response.value.ok
    assert 'class="stor"' in (repo / "content" / "posts" / "kan-jag-skriva-html.md").read_text("utf-8")
