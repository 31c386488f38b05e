"""The plugins do not depend on their order in PLUGINS.

The sample forum is built with PLUGINS as configured, reversed and
rotated, by ``torget build`` and by plain ``pelican``: every build is byte
for byte the same (but for ``torget build``'s stamp files), and no output
file names an archived thread (tests/leaks.py scans every file). Each
build runs in a process of its own: Pelican's signals keep the order in
which plugins first connected to them for the life of a process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONFIG, ROOT, SAMPLE_CONTENT
from leaks import archived_leaks
from test_build import tree_bytes
from torget.build.run import STAMP_FILES, load_settings

CONFIGURED = load_settings(CONFIG)["PLUGINS"]


def build_in_own_process(folder: Path, plugins: list[str], plain: bool = False) -> Path:
    """The sample forum built with ``plugins`` in a new process: by
    ``torget build``, or with ``plain`` by ``pelican -s`` itself."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "orderconf.py"
    config.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
        f"PATH = {str(SAMPLE_CONTENT)!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nPLUGINS = {plugins!r}\n"
        f"TORGET_BUILD_DATE = '2026-11-20'\n",
        encoding="utf-8")
    output = folder / "output"
    command = ["-m", "pelican", "-s", str(config), "-o", str(output)] if plain else \
        ["-m", "torget_cli", "build", "--config", str(config), "--output", str(output)]
    run = subprocess.run([sys.executable, *command], cwd=folder, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return output


def _orders():
    yield "configured", CONFIGURED
    yield "reversed", CONFIGURED[::-1]
    for shift in (1, 5):
        yield f"rotated-{shift}", CONFIGURED[shift:] + CONFIGURED[:shift]


ORDERS = dict(_orders())


@pytest.fixture(scope="module")
def configured_site(tmp_path_factory) -> Path:
    return build_in_own_process(tmp_path_factory.mktemp("configured"), CONFIGURED)


def test_the_orders_differ():
    assert len(CONFIGURED) >= 8
    assert len({tuple(order) for order in ORDERS.values()}) == len(ORDERS)


@pytest.mark.parametrize("name", [n for n in ORDERS if n != "configured"])
def test_any_plugin_order_builds_the_same_site_without_leaks(tmp_path, configured_site, name):
    site = build_in_own_process(tmp_path, ORDERS[name])
    assert archived_leaks(site, SAMPLE_CONTENT) == {}
    assert tree_bytes(site) == tree_bytes(configured_site)


@pytest.mark.parametrize("name", ["configured", "reversed"])
def test_plain_pelican_in_any_order_builds_what_torget_build_builds(tmp_path, configured_site, name):
    site = build_in_own_process(tmp_path, ORDERS[name], plain=True)
    built = tree_bytes(configured_site)
    assert set(built) - set(tree_bytes(site)) == STAMP_FILES
    assert tree_bytes(site) == {path: data for path, data in built.items() if path not in STAMP_FILES}


def test_the_configured_order_has_no_leaks_either(configured_site):
    assert archived_leaks(configured_site, SAMPLE_CONTENT) == {}


def test_no_plugin_imports_another():
    import ast

    # Pelican plugins (a register function); torget_preview drives them from beside them
    plugins = sorted(p for p in (ROOT / "plugins").iterdir() if p.is_dir() and p.name.startswith("torget_")
                     and "\ndef register(" in (p / "__init__.py").read_text(encoding="utf-8"))
    assert (ROOT / "plugins" / "torget_preview") not in plugins and (ROOT / "plugins" / "torget_search") in plugins
    assert len(plugins) >= 8
    names = {p.name for p in plugins}
    imports = {}
    for plugin in plugins:
        sources = sorted(plugin.rglob("*.py"))
        assert sources, plugin
        for source in sources:
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
                for module in modules:
                    top = module.split(".")[0]
                    if top in names and top != plugin.name:
                        imports.setdefault(plugin.name, []).append(module)
    assert imports == {}
