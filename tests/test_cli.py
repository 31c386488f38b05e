"""The torget command as an editor uses it."""

from __future__ import annotations

import re
import subprocess
import sys

from click.testing import CliRunner

from conftest import CONFIG, ROOT
from helpers import write_thread
from torget.forum import load_forum
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
    assert lines == [
        f"{path}:1: empty Title",
        f"{path}:2: unparsable Date '2025-31-12' (expected YYYY-MM-DD or YYYY-MM-DD HH:MM)",
        f"{path}:3: unknown Type 'fråg' (expected one of: question, problem, suggestion, praise)",
        f"{path}:6: Votes must be a whole number, not 'många'",
        f"{path}:10: reply has no Author",
    ]
    assert "Traceback" not in result.stderr


def test_check_reports_reply_before_question(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "a.md", FIVE_MISTAKES.replace("Date: 2025-31-12", "Date: 2025-12-31").replace("Title:", "Title: Sopor"))
    result = CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--content", str(content)])
    assert result.exit_code == 1
    assert re.search(r"a\.md:18: reply dated 2020-01-01 09:00 before the question \(2025-12-31 00:00\)", result.output)


def test_new_creates_a_valid_thread(tmp_path):
    content = tmp_path / "content"
    result = CliRunner().invoke(
        main,
        ["new", "--config", str(CONFIG), "--content", str(content), "--title", "Hur söker jag bygglov för en altan?",
         "--type", "question", "--category", "Bygga och bo", "--author", "Kim", "--tags", "bygglov, altan"],
    )
    assert result.exit_code == 0, result.output
    path = content / "posts" / "hur-soker-jag-bygglov-for-en-altan.md"
    assert path.is_file()
    forum = load_forum(content)
    assert forum.errors == ()
    thread = forum.threads[0]
    assert thread.tags == ("bygglov", "altan") and thread.replies[0].staff
    again = CliRunner().invoke(main, ["new", "--config", str(CONFIG), "--content", str(content), "--title", "Hur söker jag bygglov för en altan?", "--type", "question", "--category", "X", "--author", "Y"])
    assert again.exit_code != 0 and "already exists" in again.output


def test_new_prompts_for_what_is_missing(tmp_path):
    content = tmp_path / "content"
    result = CliRunner().invoke(main, ["new", "--config", str(CONFIG), "--content", str(content)],
                                input="Får jag elda i trädgården?\nquestion\nMiljö\nAnna\n")
    assert result.exit_code == 0, result.output
    assert (content / "posts" / "far-jag-elda-i-tradgarden.md").is_file()


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
    assert f"{config}:{line}: TORGET_OLD_AFTER: '3 years' is not one of: 6 months, 1 year, 2 years, never" in result.output


def test_every_command_has_help():
    for command in main.commands:
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output and len(result.output) > 120, command
