"""The torget command as an editor uses it."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import CONFIG, ROOT
from helpers import english_settings, thread_text, write_thread
from torget.content.forum import load_forum
from torget_cli import main

FIVE_MISTAKES = """Title:
Date: 2025-31-12
Type: fråg
Category: Avfall och återvinning
Author: Karin
Votes: många

Varför kom inte sopbilen?

--- reply ---
Date: 2026-01-02 09:00
Staff: yes

Vi kollar.

--- reply ---
Author: Olle
Date: 2020-01-01 09:00

Samma här.
"""


def test_check_reports_five_mistakes_as_path_line_message(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "sophamtning.md", FIVE_MISTAKES)
    result = subprocess.run(
        [sys.executable, "-m", "torget_cli", "check", "--config", str(CONFIG), "--content", str(content)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1
    lines = [l for l in result.stderr.splitlines() if re.match(r"^\S+\.md:\d+: ", l)]
    assert len(lines) == 5, result.stderr
    path = "content/posts/sophamtning.md"
    assert lines == [  # in the sample forum's language (DEFAULT_LANG = "sv")
        f"{path}:1: Title är tom",
        f"{path}:2: Date '2025-31-12' går inte att läsa (skriv ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DD TT:MM)",
        f"{path}:3: okänd Type 'fråg' (använd en av: question, problem, suggestion, praise)",
        f"{path}:6: Votes måste vara ett heltal, inte 'många'",
        f"{path}:10: svaret saknar Author",
    ]
    assert "Läste 0 trådar: 5 fel, 1 varning." in result.stderr  # and no about page
    assert "Traceback" not in result.stderr


def test_check_speaks_english_when_the_forum_does(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "sophamtning.md", FIVE_MISTAKES)
    result = subprocess.run(
        [sys.executable, "-m", "torget_cli", "check", "--config", str(english_settings(tmp_path)), "--content", str(content)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1
    lines = [l for l in result.stderr.splitlines() if re.match(r"^\S+\.md:\d+: ", l)]
    path = "content/posts/sophamtning.md"
    assert lines == [
        f"{path}:1: empty Title",
        f"{path}:2: unparsable Date '2025-31-12' (expected YYYY-MM-DD or YYYY-MM-DD HH:MM)",
        f"{path}:3: unknown Type 'fråg' (expected one of: question, problem, suggestion, praise)",
        f"{path}:6: Votes must be a whole number, not 'många'",
        f"{path}:10: reply has no Author",
    ]
    assert "Checking content" in result.stderr and "0 threads read: 5 errors, 1 warning." in result.stderr


def test_check_reports_reply_before_question(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "a.md", FIVE_MISTAKES.replace("Date: 2025-31-12", "Date: 2025-12-31").replace("Title:", "Title: Sopor"))
    result = CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--content", str(content)])
    assert result.exit_code == 1
    assert re.search(r"a\.md:18: svaret är daterat 2020-01-01 09:00, före frågan \(2025-12-31 00:00\)", result.output)


def _new(content, *args, input=None):
    return CliRunner().invoke(main, ["new", "--config", str(CONFIG), "--content", str(content), *args], input=input)


def _check(content, *args):
    return CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--content", str(content), *args])


def _fill_in(path):
    text = path.read_text(encoding="utf-8")
    assert "[FYLL I: " in text
    path.write_text(re.sub(r"\[FYLL I: [^\]]*\]", "Hej! Så här gör du.", text), encoding="utf-8")


def test_new_with_flags_only_writes_a_file_that_cannot_be_published_unfilled(tmp_path):
    content = tmp_path / "content"
    result = _new(content, "--title", "Hur söker jag bygglov för en altan?", "--type", "fråga",
                  "--category", "bygga och bo", "--author", "Kim", "--tags", "bygglov, altan")
    assert result.exit_code == 0, result.output
    path = content / "posts" / "hur-soker-jag-bygglov-for-en-altan.md"
    assert f"Skapade {path}: tråd (fråga) i 'Bygga och bo', etiketter bygglov, altan" in result.output
    assert "på rad 8 " in result.output
    text = path.read_text(encoding="utf-8")
    assert "Type: fråga\nCategory: Bygga och bo\nTags: bygglov, altan\nAuthor: Kim\n" in text
    assert "--- reply ---" not in text and "Staff" not in text  # no pre-filled staff reply

    check = _check(content)
    assert check.exit_code == 1
    assert "hur-soker-jag-bygglov-for-en-altan.md:8: platshållaren '[FYLL I: Skriv frågan här.]'" in check.output
    assert "Läste 0 trådar: 1 fel, 1 varning." in check.output  # and no about page
    _fill_in(path)
    forum = load_forum(content)
    assert forum.errors == () and forum.threads[0].tags == ("bygglov", "altan") and forum.threads[0].replies == ()

    again = _new(content, "--title", "Hur söker jag bygglov för en altan?", "--type", "question",
                 "--category", "Bygga och bo", "--author", "Y")
    assert again.exit_code != 0 and "finns redan" in again.output


def test_new_staff_reply_only_when_asked_and_also_to_fill_in(tmp_path):
    content = tmp_path / "content"
    result = _new(content, "--title", "Fler sopkärl", "--type", "suggestion", "--category", "Avfall och återvinning",
                  "--author", "Olle", "--tags", "", "--staff-reply")
    assert result.exit_code == 0, result.output
    path = content / "posts" / "fler-sopkarl.md"
    assert "på raderna 7 och 14 " in result.output
    check = _check(content)
    assert re.findall(r"fler-sopkarl\.md:(\d+): platshållaren", check.output) == ["7", "14"]
    _fill_in(path)
    [thread] = load_forum(content).threads
    assert thread.replies[0].staff and thread.replies[0].author == "Ekbacka kommun"


def test_new_faq_entry_is_by_the_organisation(tmp_path):
    content = tmp_path / "content"
    result = _new(content, "--faq", "--title", "Vad kostar ett lånekort?", "--category", "Kultur och fritid", "--tags", "")
    assert result.exit_code == 0, result.output
    text = (content / "faq" / "vad-kostar-ett-lanekort.md").read_text(encoding="utf-8")
    assert "Author: Ekbacka kommun\n" in text and "Type:" not in text and "[FYLL I: Skriv svaret här.]" in text


def test_new_reports_every_bad_flag_before_writing(tmp_path):
    content = tmp_path / "content"
    result = _new(content, "--title", "X", "--type", "fråg", "--category", "Avfal och återvinning",
                  "--author", "K", "--slug", "Ny Fråga!")
    assert result.exit_code == 2
    assert "--type: 'fråg' är inte en av:" in result.output
    assert "--category: 'Avfal och återvinning' finns inte i TORGET_CATEGORIES; menade du " \
           "'Avfall och återvinning'?" in result.output
    assert "--slug: 'Ny Fråga!' får bara innehålla a-z, 0-9 och enstaka '-' (till exempel 'ny-fraga')" in result.output
    assert not content.exists() or not list(content.rglob("*.md"))
    assert "Traceback" not in result.output


def test_new_without_a_terminal_names_the_missing_flags(tmp_path):
    result = _new(tmp_path / "content", "--title", "Ny fråga", input="")
    assert result.exit_code == 2
    assert "--type, --category, --author saknas" in result.output


def test_new_rejects_a_slug_another_file_uses(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "gammal.md", thread_text(category="Bygga och bo", extra="Slug: ny-fraga\n"), folder="faq")
    result = _new(content, "--title", "Ny fråga", "--type", "question", "--category", "Bygga och bo", "--author", "K")
    assert result.exit_code == 1 and "sluggen 'ny-fraga' används redan av" in result.output
    assert not (content / "posts").exists()


def test_new_prompts_offer_categories_and_swedish_types_and_ask_for_tags(tmp_path):
    content = tmp_path / "content"
    answers = "Får jag elda i trädgården?\nfråg\nförslag\nMiljö\nAvfal\n1\nAnna\neldning, trädgård\n"
    result = _new(content, input=answers)
    assert result.exit_code == 0, result.output
    assert "Rubrik: " in result.output and "Typ (fråga, problem, förslag, beröm): " in result.output
    assert "Kategorier:\n  1. Avfall och återvinning\n" in result.output and "  7. Omsorg och stöd\n" in result.output
    assert "Kategori (nummer eller namn): " in result.output
    assert "'fråg' är inte en av" in result.output  # asked again
    assert "'Miljö' finns inte i TORGET_CATEGORIES" in result.output
    assert "'Avfal' finns inte i TORGET_CATEGORIES; menade du 'Avfall och återvinning'?" in result.output
    assert "Författare (frågeställarens visningsnamn): " in result.output
    assert "Etiketter (med komma emellan, tomt för inga)" in result.output
    text = (content / "posts" / "far-jag-elda-i-tradgarden.md").read_text(encoding="utf-8")
    assert "Type: förslag\nCategory: Avfall och återvinning\nTags: eldning, trädgård\nAuthor: Anna\n" in text


# --------------------------------------------------------------------------
# every problem at once


def test_one_run_reports_every_problem_of_every_file(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "a.md", FIVE_MISTAKES.replace("Date: 2025-31-12", "Date: 2025-12-31")
                 .replace("Title:", "Title: Sopor").replace("Staff: yes", "Staff: yes\nAccepted: yes")
                 .replace("Date: 2020-01-01 09:00", "Date: 2020-01-01 09:00\nAccepted: yes"))
    write_thread(content, "sophamtning.md", thread_text(category="Avfall och återvinning"))
    write_thread(content, "ny.md", thread_text(category="Avfal och återvinning", extra="Slug: sophamtning\n",
                                               body="Ring 070-123 45 67."))
    result = _check(content)
    assert result.exit_code == 1
    found = [l for l in result.output.splitlines() if re.match(r"^\S+\.md:\d+: ", l)]
    assert [l.split(": ", 1)[0].rsplit("/", 1)[-1] for l in found] == [
        "a.md:3", "a.md:6", "a.md:10", "a.md:17", "a.md:19",
        "ny.md:4", "ny.md:6", "ny.md:8",
    ], result.output
    text = "\n".join(found)
    # The first accepted reply has an error of its own (no Author): both are still reported.
    assert "a.md:17: mer än ett svar är markerat som lösning (det första på rad 10)" in text
    assert "a.md:19: svaret är daterat 2020-01-01 09:00, före frågan" in text
    # where to declare a category: the settings file at the setting's line
    line = next(n for n, l in enumerate(CONFIG.read_text().splitlines(), 1) if l.startswith("TORGET_CATEGORIES ="))
    assert re.search(rf"ny\.md:4: kategorin 'Avfal och återvinning' finns inte i TORGET_CATEGORIES \(\S*pelicanconf\.py:{line}\); "
                     r"menade du 'Avfall och återvinning'\?", text)
    assert re.search(r"ny\.md:6: sluggen 'sophamtning' används två gånger \(också av \S*content/posts/sophamtning\.md\)", text)
    assert "ny.md:8: möjliga personuppgifter: telefonnummer 070-*** ** **" in text
    assert "Läste 2 trådar: 8 fel, 1 varning." in result.output  # the about page is missing


def test_archive_refuses_pages(content_copy):
    page = content_copy / "pages" / "regler.md"
    before = page.read_bytes()
    result = CliRunner().invoke(main, ["archive", "--config", str(CONFIG), "--content", str(content_copy), str(page)])
    assert result.exit_code == 1
    assert "är en sida, inte en tråd eller vanlig fråga, och sidor kan inte arkiveras" in result.output
    assert page.read_bytes() == before


def test_missing_config_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["check", "--config", str(tmp_path / "nope.py")])
    assert result.exit_code != 0 and "settings file not found" in result.output


def test_bad_setting_is_reported_at_its_line(tmp_path):
    config = tmp_path / "pelicanconf.py"
    config.write_text(CONFIG.read_text().replace('TORGET_OLD_AFTER = "1 year"', 'TORGET_OLD_AFTER = "3 years"')
                      .replace('PATH = "content"', f'PATH = "{ROOT / "content"}"').replace('THEME = "theme"', f'THEME = "{ROOT / "theme"}"'))
    line = next(i for i, l in enumerate(config.read_text().splitlines(), 1) if l.startswith("TORGET_OLD_AFTER"))
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 1
    assert f"{config}:{line}: TORGET_OLD_AFTER: '3 years' är inte en av: 6 months, 1 year, 2 years, never" in result.output


def test_every_command_has_help():
    for command in main.commands:
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output and len(result.output) > 120, command


@pytest.mark.parametrize("text, line, kind", [
    ("SITENAME = 'x'\nfrom no_such_settings import *  # noqa\n", 2, "ModuleNotFoundError: No module named 'no_such_settings'"),
    ("SITENAME = 'x'\n\nTIMEZONE = (\n", 3, "SyntaxError"),
    ("SITENAME = 1 / 0\n", 1, "ZeroDivisionError: division by zero"),
])
def test_a_settings_file_that_fails_is_reported_at_its_line(tmp_path, text, line, kind):
    """A settings file that does not run (a missing import, a syntax
    error, an exception) is `path:line: Error: message`, exit 1, no
    traceback, and nothing is built."""
    config = tmp_path / "conf.py"
    config.write_text(text)
    for command in (["check"], ["build", "--output", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, [*command, "--config", str(config)])
        assert result.exit_code == 1, result.output
        assert f"{config}:{line}: {kind}" in result.output
        assert "Traceback" not in result.output and "unexpectedly" not in result.output
    assert not (tmp_path / "out").exists()
