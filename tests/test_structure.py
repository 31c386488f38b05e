"""The package's structure: layer folders that import only downwards, no
import cycles, short functions and short module docstrings.

``LAYERS`` is the one declared table of the torget package's folders, lowest
first (docs/architecture.md explains each); a module may import from its own
folder and from folders listed before its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ROOT / "plugins"

#: The torget package's folders, lowest first ("" is the package's top level).
LAYERS = ("", "format", "html", "settingsfile", "content", "site", "search", "records", "governance", "followup", "editor",
          "settings", "importers", "build")
#: Where functions and module docstrings are held to the limits below.
CODE = [PLUGINS, ROOT / "scripts" / "torget_cli", ROOT / "scripts" / "torget_bench", ROOT / "scripts" / "torget_dev"]
MAX_FUNCTION_LINES = 60
MAX_DOCSTRING_LINES = 25


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PLUGINS).with_suffix("").parts).removesuffix(".__init__")


def _package() -> dict[str, Path]:
    modules = {_module(path): path for path in sorted((PLUGINS / "torget").rglob("*.py"))}
    assert len(modules) > 40
    return modules


def _runtime_nodes(tree: ast.Module):
    """Every node but those under ``if TYPE_CHECKING:`` (annotations only)."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for part in node.body for child in ast.walk(part))
    return (node for node in ast.walk(tree) if id(node) not in skipped)


def _imports(path: Path, modules) -> set[str]:
    """The package's modules ``path`` imports when it runs (function-level
    imports too; not those only for type checkers)."""
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("torget"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & set(modules)


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else ""


def test_every_folder_is_a_declared_layer():
    folders = {p.name for p in (PLUGINS / "torget").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(LAYERS) - {""}


def test_layers_import_only_downwards():
    modules = _package()
    wrong = []
    for name, path in modules.items():
        rank = LAYERS.index(_layer(name))
        for target in _imports(path, modules):
            if LAYERS.index(_layer(target)) > rank:
                wrong.append(f"{name} imports {target}")
    assert not wrong, "\n".join(wrong)


def _plugin_imports(path: Path) -> set[str]:
    """The plugin packages (``torget_*``, folders in plugins/) ``path`` imports at run time."""
    plugins = {p.name for p in PLUGINS.iterdir() if p.name.startswith("torget_") and (p / "__init__.py").exists()}
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else (
            [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        found.update(name.split(".")[0] for name in names)
    return found & plugins


def test_the_package_imports_no_plugin():
    """The plugins build on the package; what builds on the plugins
    (torget_preview) sits beside them."""
    wrong = {name: sorted(_plugin_imports(path)) for name, path in _package().items() if _plugin_imports(path)}
    assert not wrong, wrong
    assert _plugin_imports(PLUGINS / "torget_preview" / "update.py") == {"torget_threads"}  # the check sees imports


def test_no_import_cycles():
    modules = _package()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    # a package imports its submodules' names when they are imported; an
    # __init__ importing nothing keeps that from being a cycle
    cycles = []
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            name = todo.pop()
            if name == start:
                cycles.append(start)
                break
            if name not in seen:
                seen.add(name)
                todo.extend(graph[name])
    assert not cycles, cycles


def test_statistics_and_goals_share_the_figures_and_not_each_other():
    modules = _package()
    stats = _imports(modules["torget.followup.stats"], modules)
    assert {"torget.governance.figures", "torget.governance.goals"} <= stats
    assert "torget.governance.problems" not in stats


def _python_files() -> list[Path]:
    files = [path for folder in CODE for path in sorted(folder.rglob("*.py"))]
    assert len(files) > 100
    return files


@pytest.mark.parametrize("limit", [MAX_FUNCTION_LINES])
def test_functions_are_short(limit):
    long = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > limit:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} has {lines} lines")
    assert not long, "\n".join(long)


def test_module_docstrings_are_short():
    long = []
    for path in _python_files():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        if len(doc.splitlines()) > MAX_DOCSTRING_LINES:
            long.append(f"{path.relative_to(ROOT)}: {len(doc.splitlines())} lines")
    assert not long, "\n".join(long)
