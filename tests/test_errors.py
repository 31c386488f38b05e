"""One error model: every Torget exception derives from ``TorgetError``, and
the ``torget`` command prints any of them as ``path:line: message``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import click
from click.testing import CliRunner

import torget
import torget_cli
import torget_preview
from conftest import CONFIG
from torget.importers.common import RecordError
from torget.model import ContentError, Problem, Severity, TorgetError
from torget_cli import main
from torget_cli.common import TorgetGroup

#: Exception classes the walk must find (it finds every one there is).
NAMED = {
    "torget.model.ContentError",
    "torget.records.history.HistoryError",
    "torget.records.forgetting.ForgetError",
    "torget.records.export.ExportError",
    "torget.content.editing.EditError",
    "torget.importers.common.RecordError",
    "torget_preview.update.Fallback",
    "torget.importers.common.Unreadable",
    "torget.importers.kundo_api.FetchError",
    "torget.importers.stackexchange.UnsafeXML",
    "torget.importers.safejson.JSONProblem",
    "torget.followup.matomo.MatomoError",
    "torget.build.outputguard.OutputRefused",
    "torget.build.background.BackgroundError",
}


def _exception_classes(package) -> dict[str, type]:
    found = {}
    for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if module_info.name.endswith(".__main__"):  # running it is the command itself
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = value
    return found


def test_every_exception_class_of_the_torget_package_is_a_torget_error():
    found = _exception_classes(torget) | _exception_classes(torget_preview)
    assert NAMED <= found.keys(), NAMED - found.keys()
    strays = sorted(name for name, cls in found.items() if not issubclass(cls, TorgetError))
    assert strays == []


def test_the_cli_defines_no_exception_of_its_own():
    assert _exception_classes(torget_cli) == {}


def test_a_content_error_reports_its_problems_and_a_plain_error_its_message():
    problems = [Problem("content/posts/b.md", 4, "two"), Problem("content/posts/a.md", 2, "one", Severity.WARNING)]
    assert ContentError(problems).problems_found() == sorted(problems)
    assert [str(p) for p in RecordError("export/forum.json", 7, "no title").problems_found()] == [
        "export/forum.json:7: no title"]
    assert [str(p) for p in TorgetError("nothing to do").problems_found()] == ["nothing to do"]


def _group_raising(error: Exception) -> click.Group:
    @click.group(cls=TorgetGroup)
    def group():
        pass

    @group.command()
    def fail():
        raise error

    return group


def test_the_command_prints_a_torget_error_as_path_line_message_and_exits_1():
    result = CliRunner().invoke(_group_raising(RecordError("kundo/dialogs.json", 12, "no title")), ["fail"])
    assert result.exit_code == 1
    assert result.output == "kundo/dialogs.json:12: no title\n"
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


def test_a_fault_that_is_no_torget_error_is_not_swallowed_by_the_group():
    result = CliRunner().invoke(_group_raising(KeyError("bug")), ["fail"])
    assert isinstance(result.exception, KeyError)


def test_bad_settings_end_any_command_at_the_setting_line_in_the_forums_language(tmp_path):
    config = tmp_path / "pelicanconf.py"
    text = CONFIG.read_text(encoding="utf-8").replace("TORGET_LIST_SIZE = 5", "TORGET_LIST_SIZE = 'fem'")
    config.write_text(text.replace('PATH = "content"', f'PATH = "{CONFIG.parent / "content"}"'), encoding="utf-8")
    line = text.splitlines().index("TORGET_LIST_SIZE = 'fem'") + 1
    result = CliRunner().invoke(main, ["forget", "--config", str(config), "--dry-run", "finns-inte"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output == f"{config}:{line}: TORGET_LIST_SIZE: ska vara ett positivt heltal, inte 'fem'\n"


def test_a_refusal_without_a_place_is_one_line_in_swedish(content_copy):
    result = CliRunner().invoke(main, ["forget", "--config", str(CONFIG), "--content", str(content_copy),
                                       "--dry-run", "finns-inte-alls"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith("finns-inte-alls: ingen tråd eller vanlig fråga med den sökvägen eller sluggen")
    assert len(result.output.splitlines()) == 1
