"""Compiled templates kept in memory (torget.build.templates): compiled once,
and never reused where compiling would give other code."""

from __future__ import annotations

import jinja2
import pytest

from conftest import CONFIG
from torget.build.fingerprint import settings_print
from torget.build.run import load_settings
from torget.build.templates import ENTRY, MemoryBytecodeCache, install
from torget.i18n import current_language, use_language


@pytest.fixture
def compiled(monkeypatch):
    """Counts Jinja's compilations; the cache starts empty."""
    MemoryBytecodeCache._store.clear()
    count = [0]
    original = jinja2.Environment.compile

    def compile(self, *args, **kwargs):
        count[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    yield count
    MemoryBytecodeCache._store.clear()


def _environment(templates: dict, **options) -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.DictLoader(templates),
                                     bytecode_cache=MemoryBytecodeCache("test"), **options)
    environment.filters["language"] = lambda text: f"{text}:{current_language()}"
    return environment


def test_a_template_is_compiled_once_for_every_environment_alike(compiled):
    templates = {"page.html": "<p>{{ title }}</p>"}
    first = _environment(templates).get_template("page.html").render(title="a")
    second = _environment(templates).get_template("page.html").render(title="b")
    assert (first, second) == ("<p>a</p>", "<p>b</p>")
    assert compiled[0] == 1


def test_changed_source_other_options_or_another_language_compile_again(compiled):
    assert _environment({"page.html": "{{ 1 }} "}).get_template("page.html").render() == "1 "
    assert _environment({"page.html": "{{ 2 }} "}).get_template("page.html").render() == "2 "
    assert _environment({"page.html": "{{ 2 }} "}, keep_trailing_newline=True).get_template("page.html")
    assert compiled[0] == 3
    # Jinja folds a filter over a constant while compiling: code compiled
    # in one language must not serve another.
    folded = {"page.html": "{{ 'typ'|language }}"}
    before = current_language()
    try:
        use_language("sv")
        assert _environment(folded).get_template("page.html").render() == "typ:sv"
        use_language("en")
        assert _environment(folded).get_template("page.html").render() == "typ:en"
    finally:
        use_language(before)
    assert compiled[0] == 5


def test_the_settings_get_the_cache_and_their_fingerprint_does_not_change():
    settings = load_settings(CONFIG)
    assert isinstance(settings["JINJA_ENVIRONMENT"][ENTRY], MemoryBytecodeCache)
    without = dict(settings, JINJA_ENVIRONMENT={k: v for k, v in settings["JINJA_ENVIRONMENT"].items() if k != ENTRY})
    assert settings_print(settings) == settings_print(without)
    changed = dict(settings, JINJA_ENVIRONMENT={**settings["JINJA_ENVIRONMENT"], "trim_blocks": False})
    assert settings_print(changed) != settings_print(settings)
    own = jinja2.FileSystemBytecodeCache()
    mine = {"JINJA_ENVIRONMENT": {ENTRY: own}}
    install(mine, "")
    assert mine["JINJA_ENVIRONMENT"][ENTRY] is own
