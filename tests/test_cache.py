"""The one cache policy (torget.build.cache) and the one atomic write.

Every cache follows one on/off rule (a table, checked against each of the
caches); code versions come from the import graph, so a change to a
module a cache depends on refuses the old cache and a change elsewhere
keeps it; a save that stops half-way leaves the previous file whole.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

import torget_listings
import torget_search
from conftest import CONFIG
from helpers import thread_text, write_thread
from torget.build import cache as cachepolicy
from torget.build import cachefile, minify
from torget.atomic import atomic_write
from torget.build.cache import CachePolicy, code_version, import_closure, source_version
from torget.build.fingerprint import plugin_modules
from torget.build.run import PelicanCacheKey, _ParseCache, load_settings
from torget.build.scancache import ScanCache
from torget.records.privacy import scan_files

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"

#: (CACHE_CONTENT, CACHE_PATH set, LOAD_CONTENT_CACHE) → (written, read back):
#: the rule docs/settings.md states.
RULE = [
    (True, True, True, True, True),
    (True, True, False, True, False),  # publishconf.py: written, never read
    (False, True, True, False, False),
    (False, True, False, False, False),
    (True, False, True, False, False),  # no CACHE_PATH: nowhere to keep them
    (True, False, False, False, False),
    (False, False, True, False, False),
    (False, False, False, False, False),
]


def _settings(tmp_path: Path, content: bool, has_path: bool, load: bool) -> dict:
    return {"CACHE_CONTENT": content, "CACHE_PATH": str(tmp_path / "cache") if has_path else "",
            "LOAD_CONTENT_CACHE": load}


def _round_trips(settings: dict, thread: Path, monkeypatch) -> dict[str, bool]:
    """For each cache: save something, then whether a new instance reads it back."""
    parse = _ParseCache(settings)
    if parse.entries is not None:
        parse.entries["x"] = "parsed"
        parse.save()
    parse_again = _ParseCache(settings).entries
    scan = ScanCache(settings, ())
    scan_files([thread], (), scan)
    scan.save()
    scan_again = ScanCache(settings, ())
    scan_files([thread], (), scan_again)
    torget_search._save_cache(settings, {"terms": 1})
    PelicanCacheKey(settings).save()
    pelican = PelicanCacheKey(settings)  # (removes the key until the build succeeds)
    pelican.save()
    minified, related = _minified_twice(settings, thread.parent, monkeypatch), _related_twice(settings, monkeypatch)
    return {
        "parse": parse_again is not None and parse_again.get("x") == "parsed",
        "privacy": scan_again.scanned == 0,
        "search": torget_search._load_cache(settings) == {"terms": 1},
        "pelican": pelican.load,
        "minify": minified == [],
        "related": related == [],
    }


def _minified_twice(settings: dict, folder: Path, monkeypatch) -> list[str]:
    """Minify a script in two builds; what the second minified (not taken from the cache)."""
    script = folder / "a.js"
    for _ in range(2):
        script.write_text("/* A theme script. */\nvar answer = 42;\n", encoding="utf-8")
        done: list[str] = []
        with minify.kept_between_builds(settings):
            with monkeypatch.context() as patch:
                patch.setattr(minify, "minify", lambda source, real=minify.minify: done.append(source) or real(source))
                minify.minify_scripts(folder, ["a.js"])
        assert script.read_text(encoding="utf-8") == "var answer=42;\n"
    return done


def _related_twice(settings: dict, monkeypatch) -> list[int]:
    """Related threads' ranks in two builds; how often the second computed them."""
    computed: list[int] = []
    for _ in range(2):
        computed.clear()
        with monkeypatch.context() as patch:
            patch.setattr(torget_listings, "_related", lambda threads, count: computed.append(1))
            assert torget_listings._kept_ranks(settings, (4, []), [], 4) == []
    return computed


@pytest.mark.parametrize("content, has_path, load, written, read", RULE)
def test_every_cache_follows_the_one_rule(tmp_path, monkeypatch, content, has_path, load, written, read):
    monkeypatch.chdir(tmp_path)  # where a cache without CACHE_PATH would land
    thread = write_thread(tmp_path / "content", "a.md", thread_text())
    settings = _settings(tmp_path, content, has_path, load)
    policy = CachePolicy.of(settings)
    assert (policy.enabled, policy.loads) == (written, read)
    assert _round_trips(settings, thread, monkeypatch) == dict.fromkeys(
        ("parse", "privacy", "search", "pelican", "minify", "related"), read)
    files = sorted(p.name for p in (tmp_path / "cache").glob("*")) if has_path else []
    expected = ["torget-cache-key", "torget-minify.pickle", "torget-parse.pickle", "torget-privacy.pickle",
                "torget-related.pickle", "torget-search-sv.pickle"]
    assert files == (expected if written else [])
    assert sorted(p.name for p in tmp_path.iterdir()) == (["cache"] if written else []) + ["content"]


def test_one_policy_object_per_rule(tmp_path):
    settings = _settings(tmp_path, True, True, True)
    assert CachePolicy.of(settings) is CachePolicy.of(dict(settings, SITENAME="Annat"))
    assert CachePolicy.of(settings) is not CachePolicy.of(dict(settings, LOAD_CONTENT_CACHE=False))


def test_no_module_but_the_policy_reads_the_cache_switches():
    """One rule: no other plugin module decides on its own whether to cache."""
    readers = []
    modules = sorted(PLUGINS.rglob("*.py"))
    assert len(modules) > 50
    for path in modules:
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Constant) and node.value in ("CACHE_CONTENT", "LOAD_CONTENT_CACHE"):
                readers.append(str(path.relative_to(PLUGINS)))
    # fingerprint.py lists LOAD_CONTENT_CACHE among the settings that change no output
    assert sorted(set(readers)) == ["torget/build/cache.py", "torget/build/fingerprint.py"]


def test_pelicans_cache_key_ignores_what_readers_do_not_use(tmp_path):
    settings = dict(_settings(tmp_path, True, True, True), TORGET_BUILD_DATE="2026-11-20", TIMEZONE="Europe/Oslo")
    PelicanCacheKey(settings).save()

    def loads(**changed) -> bool:
        key = PelicanCacheKey(dict(settings, **changed), **({"ignore": IGNORE} if "TORGET_REUSE_FROM" in changed else {}))
        key.save()
        return key.load

    IGNORE = frozenset({"TORGET_BUILD_DATE", "TORGET_REUSE_FROM"})
    assert loads(TORGET_BUILD_DATE="2026-11-21")  # the default: the build date is ignored
    assert loads(TORGET_RENDER_PROCESSES=1, OUTPUT_PATH="elsewhere")  # settings that change no output
    assert loads(TORGET_REUSE_FROM="/tmp/old")  # a caller's own list
    assert not loads(TIMEZONE="UTC")


# --------------------------------------------------------------------------
# Code versions


def _package(root: Path) -> Path:
    """A package ``fakepkg`` (no distribution of that name is installed)."""
    package = root / "fakepkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VALUE = 1\n")
    (package / "a.py").write_text("from fakepkg import b\n\ndef later():\n    from .c import thing\n    return thing\n")
    (package / "b.py").write_text("import json\nimport markdown\n")
    (package / "c.py").write_text("thing = 1\n")
    (package / "unrelated.py").write_text("import lunr\n")
    return package


def test_the_code_version_follows_the_import_graph(tmp_path):
    package = _package(tmp_path)
    sources, others = import_closure(["fakepkg.a"], tmp_path)
    assert sorted(sources) == ["fakepkg", "fakepkg.a", "fakepkg.b", "fakepkg.c"]
    assert others == {"markdown"}  # the standard library is Python's version
    before = source_version(["fakepkg.a"], tmp_path)
    (package / "unrelated.py").write_text("import lunr\nCHANGED = True\n")
    assert source_version(["fakepkg.a"], tmp_path) == before
    for name in ("b.py", "c.py", "__init__.py"):  # imported, imported in a function, the package itself
        (package / name).write_text((package / name).read_text() + "# changed\n")
        after = source_version(["fakepkg.a"], tmp_path)
        assert after != before, name
        before = after


def test_the_code_versions_cover_what_each_cache_depends_on():
    """The modules whose file hashes used to be picked by hand, and the
    field libraries whose versions were, are in the derived versions."""
    parse, _ = import_closure(["torget.content.forum"], PLUGINS)
    assert {"torget.format.parsing", "torget.model", "torget.html.sanitize"} <= parse.keys()
    search, libraries = import_closure(["torget_search"], PLUGINS)
    assert {"torget.search.index", "torget.search.language", "torget.html.rendering"} <= search.keys()
    assert {"snowballstemmer", "lunr", "markdown", "nh3"} <= libraries
    _, libraries = import_closure(["torget.records.privacy"], PLUGINS)
    assert {"phonenumbers", "stdnum"} <= libraries
    # Pelican's cache holds sanitized HTML: the allow-list and nh3 are in its key
    readers, libraries = import_closure(plugin_modules(load_settings(CONFIG)), PLUGINS)
    assert {"torget_threads", "torget.html.rendering", "torget.html.sanitize"} <= readers.keys()
    assert {"pelican", "markdown", "nh3"} <= libraries


def test_no_module_imports_by_a_computed_name():
    """The import graph is the whole truth only while every import is a statement."""
    dynamic = []
    modules = sorted(PLUGINS.rglob("*.py"))
    assert len(modules) > 50
    for path in modules:
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in ("import_module", "__import__"):
                    dynamic.append(f"{path.relative_to(PLUGINS)}:{node.lineno}")
    assert dynamic == []


@pytest.fixture
def source_copy(tmp_path, monkeypatch):
    """The plugins folder copied, and the policy's code versions read from the copy."""
    copy = tmp_path / "plugins"
    shutil.copytree(PLUGINS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cachepolicy, "SOURCE_ROOT", copy)
    code_version.cache_clear()
    yield copy
    code_version.cache_clear()


def test_a_cache_is_refused_after_a_change_to_code_it_depends_on(tmp_path, source_copy):
    settings = _settings(tmp_path, True, True, True)
    thread = write_thread(tmp_path / "content", "a.md", thread_text(body="Ring 070-765 43 21."))

    def scanned() -> int:
        cache = ScanCache(settings, ())
        scan_files([thread], (), cache)
        cache.save()
        code_version.cache_clear()  # as a new process would
        return cache.scanned

    assert scanned() == 1 and scanned() == 0
    about = source_copy / "torget" / "governance" / "about.py"  # not imported by the scan
    about.write_text(about.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    assert scanned() == 0
    parsing = source_copy / "torget" / "format" / "parsing.py"  # imported by the scan
    parsing.write_text(parsing.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    assert scanned() == 1 and scanned() == 0


# --------------------------------------------------------------------------
# The atomic write


class _Interrupted:
    def __reduce__(self):
        raise KeyboardInterrupt


def test_a_stopped_save_leaves_the_previous_file_and_no_half_file(tmp_path):
    path = tmp_path / "cache" / "torget-test.pickle"
    cachefile.save(path, "key", {"old": 1})
    before = path.read_bytes()
    with pytest.raises(KeyboardInterrupt):  # stopped after many bytes were written
        cachefile.save(path, "key", {"big": b"x" * 1_000_000, "stop": _Interrupted()})
    assert path.read_bytes() == before and cachefile.load(path, "key") == {"old": 1}
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_atomic_write_writes_text_and_bytes_whole(tmp_path):
    target = tmp_path / "new" / "file.json"
    atomic_write(target, "å\n")
    assert target.read_bytes() == "å\n".encode()
    atomic_write(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]
