"""Plain Pelican for plugin tests: settings from pelicanconf.py with
overrides, and Pelican's article generator built directly."""

from __future__ import annotations

from pathlib import Path

from conftest import CONFIG


def plain_settings(content: Path, output: Path, **override) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(CONFIG), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "TORGET_BUILD_DATE": "2026-11-20",
        "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "TORGET_RENDER_PROCESSES": 1,
        "CACHE_PATH": str(output.parent / f".cache-{output.name}"), **override,
    })


def generators(content: Path, output: Path, *classes, **override) -> list:
    """``Pelican`` initialised (plugins registered) and the article
    generator and ``classes`` built and given their context, as
    ``Pelican.run`` does, up to ``all_generators_finalized``."""
    from pelican import Pelican, signals
    from pelican.generators import ArticlesGenerator

    settings = plain_settings(content, output, **override)
    pelican = Pelican(settings)
    context = {**settings, "generated_content": {}, "static_links": set(), "static_content": {},
               "localsiteurl": settings["SITEURL"]}
    built = [cls(context=context, settings=settings, path=settings["PATH"], theme=settings["THEME"],
                 output_path=pelican.output_path) for cls in (ArticlesGenerator, *classes)]
    for generator in built:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    signals.all_generators_finalized.send(built)
    return built


class RecordingWriter:
    """Stands in for Pelican's writer: records ``write_file`` calls."""

    def __init__(self):
        self.calls: list[tuple[str, str, dict]] = []

    def write_file(self, name, template, context, **kwargs):
        self.calls.append((name, template.name, kwargs))


def recording_write(calls: list):
    """A ``write`` for Pelican's ``generate_tags``/``_categories``/``_authors``
    that records each call: file name, template and arguments (lists by the
    identity of their items)."""
    def write(name, template, context, **kwargs):
        calls.append((name, template.name, {k: (list(map(id, v)) if isinstance(v, list) else v) for k, v in kwargs.items()}))
    return write
