"""An import's report: undeclared categories with the lines to add, and personal data, before the first build.

On the Kundo fixture (tests/data/kundo) and test_import_stackexchange's
small dump: the lines the import prints, pasted where it says, make every
category check pass; the contact details it lists are exactly those that
``torget check`` then stops, masked.
"""

from __future__ import annotations

import json
import re
import runpy
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CONFIG, ROOT
from test_import_stackexchange import make_dump
from torget.importers.report import category_form, category_lines, next_steps
from torget.settingsfile.assign import assignment
from torget_cli import main

FIXTURE = ROOT / "tests" / "data" / "kundo"
SLIPS = "Ring mig på 070-123 45 67 eller mejla anna.svensson@example.se. Mitt personnummer är 811218-9876."


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def config_copy(folder: Path, extra: str = "") -> Path:
    path = folder / "pelicanconf.py"
    text = CONFIG.read_text(encoding="utf-8")
    text += f"\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nTHEME = {str(ROOT / 'theme')!r}\n{extra}"
    path.write_text(text, encoding="utf-8")
    return path


def paste(config: Path, output: str) -> None:
    """Paste the printed lines where the report says (before the last line it names)."""
    match = re.search(r"TORGET_CATEGORIES i \S+ \(rad (\d+)–(\d+)\)", output)
    assert match, output
    lines = [line for line in output.splitlines() if line.startswith("    \"")]
    assert lines, output
    text = config.read_text(encoding="utf-8").splitlines(keepends=True)
    end = int(match.group(2))
    assert text[end - 1].strip() == "}"
    config.write_text("".join(text[:end - 1] + [line + "\n" for line in lines] + text[end - 1:]), encoding="utf-8")


def undeclared_errors(config: Path, content: Path) -> list[str]:
    checked = run("check", "--config", str(config), "--content", str(content))
    return [line for line in checked.output.splitlines() if "finns inte i TORGET_CATEGORIES" in line]


def test_kundo_import_lists_the_undeclared_category_and_the_lines_that_fix_it(tmp_path):
    config = config_copy(tmp_path)
    content = tmp_path / "content"
    result = run("import", "kundo", str(FIXTURE), "--config", str(config), "--content", str(content))
    assert "Kategorier som TORGET_CATEGORIES inte har: bygget stoppar trådarna i dem.\n  Allmänt (trådar: 35)\n" \
        in result.output
    assert '    "Allmänt": {"description": ""},' in result.output
    assert "Kontaktuppgifter" not in result.output
    assert len(undeclared_errors(config, content)) == 35  # what the report is for
    paste(config, result.output)
    assert undeclared_errors(config, content) == []
    assert "Allmänt" in runpy.run_path(str(config))["TORGET_CATEGORIES"]


def test_stackexchange_import_lists_its_site_category(tmp_path):
    dump = make_dump(tmp_path / "recycling.stackexchange.com", comments=None)
    config = config_copy(tmp_path)
    content = tmp_path / "content"
    result = run("import", "stackexchange", str(dump), "--config", str(config), "--content", str(content))
    assert "  recycling.stackexchange.com (trådar: 2)\n" in result.output
    paste(config, result.output)
    assert undeclared_errors(config, content) == []


def test_personal_data_is_listed_file_by_file_masked_as_check_stops_it(tmp_path):
    source = tmp_path / "kundo"
    shutil.copytree(FIXTURE, source)
    page = source / "dialogs" / "page-1.json"
    dialogs = json.loads(page.read_text(encoding="utf-8"))
    for dialog in dialogs[:2]:
        dialog["text"] = f"<p>{dialog['text']} {SLIPS}</p>"
    page.write_text(json.dumps(dialogs, ensure_ascii=False), encoding="utf-8")
    config = config_copy(tmp_path, 'TORGET_CATEGORIES = None\n')
    content = tmp_path / "content"
    result = run("import", "kundo", str(source), "--config", str(config), "--content", str(content))
    assert "Kategorier" not in result.output  # none declared: every category is accepted
    listed = result.output.split("personuppgiftsskyddet stoppar i bygget, fil för fil")[1].splitlines()[1:]
    assert len(listed) == 6
    for secret in ("070-123 45 67", "anna.svensson@example.se", "811218-9876"):
        assert secret not in result.output
    masked = ("070-*** ** **", "a***@example.se", "811218-****")
    assert sorted(next(m for m in masked if m in line) for line in listed) == sorted(masked * 2)
    assert len({line.split(":")[0] for line in listed}) == 2  # two files, each with its three
    checked = run("check", "--config", str(config), "--content", str(content))
    stopped = [line for line in checked.output.splitlines() if "möjliga personuppgifter" in line]
    assert sorted(stopped) == sorted(listed)


def test_a_clean_import_says_what_to_run(tmp_path):
    config = config_copy(tmp_path, 'TORGET_CATEGORIES = None\nDEFAULT_LANG = "en"\n')
    result = run("import", "kundo", str(FIXTURE), "--config", str(config), "--content", str(tmp_path / "content"))
    assert result.output.rstrip().endswith(
        "No unknown categories and no contact details: run torget check, then torget build.")


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ('{"A": {"description": "x"}}', '    "Allmänt \\"nytt\\"": {"description": ""},'),
        ('{"A": "x"}', '    "Allmänt \\"nytt\\"": "",'),
        ('["A"]', '    "Allmänt \\"nytt\\"",'),
    ],
)
def test_category_lines_follow_the_settings_form(tmp_path, value, line):
    config = tmp_path / "conf.py"
    config.write_text(f"TORGET_CATEGORIES = {value}\n", encoding="utf-8")
    found = assignment(config, "TORGET_CATEGORIES")
    [made] = category_lines(['Allmänt "nytt"'], category_form(found))
    assert made == line
    opening, closing = ("[", "]") if value.startswith("[") else ("{", "}")
    assert 'Allmänt "nytt"' in eval(f"{opening}\n{made}\n{closing}")  # noqa: S307 - a literal made here


def test_next_steps_reports_nothing_when_no_category_is_declared(tmp_path):
    path = tmp_path / "posts" / "a.md"
    path.parent.mkdir()
    path.write_text("Title: A\nDate: 2026-01-01 10:00\nType: question\nCategory: Okänd\nAuthor: K\n\nText.\n",
                    encoding="utf-8")
    assert next_steps([path], []).ready
    assert next_steps([path], ["Känd"]).undeclared == {"Okänd": 1}
