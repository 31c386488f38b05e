"""Build a site safely: check first, build elsewhere, then swap.

:func:`build_site` is what ``torget build`` and ``torget serve`` run:

1. read ``pelicanconf.py`` (or ``publishconf.py``) and the forum settings;
2. check every content file, and scan every thread and page for personal
   data (:mod:`torget.records.privacy`); on any error, stop before building;
3. run Pelican into a fresh folder beside the output folder, counting
   every error Pelican or a plugin logs;
4. only if nothing failed, stamp the new folder and swap it into place.

A failed build therefore leaves the previous site byte for byte as it was.
The preview (``torget serve``) builds with ``leave_out``: files with errors
are left out (:mod:`torget.build.leaveout`) and the rest is built.
Before any of this, :mod:`torget.build.outputguard` decides whether the output
folder may be replaced at all (a folder Torget wrote, or an empty one;
never the project or content folder) and locks it for the build.
The replaced site is renamed to ``.<output>.old-*`` beside the output and
removed by a separate, low-priority ``rm -rf`` that the build does not wait
for (deleting thousands of page folders took 10 % of a rebuild, and it
slowed the next build down when it ran beside it). A build also removes
any such folder an earlier removal left behind.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from torget import DEFAULT_TIMEZONE
from torget.build import cachefile
from torget.build.state import BuildState, running
from torget.content.forum import Forum, load_forum
from torget.content.categories import category_problems
from torget.governance.problems import governance_problems
from torget.i18n import _, use_language
from torget.build.leaveout import leave_out_broken
from torget.model import ContentError, Problem
from torget.build.outputguard import BuildLock, OutputFolder, OutputRefused, refusal, write_marks
from torget.site.relevance import today_in
from torget.settings.forum import ForumSettings

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    output: Path
    problems: list[Problem] = field(default_factory=list)
    log_errors: list[str] = field(default_factory=list)
    #: Threads and FAQ entries read (published, hidden and archived).
    threads: int = 0
    #: Why the output folder was not touched at all (see torget.build.outputguard).
    refused: str | None = None
    #: A preview build's files left out (path → its errors; torget.build.leaveout).
    left_out: dict[str, tuple[Problem, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.refused and not any(p.is_error for p in self.problems) and not self.log_errors


class _ErrorCollector(logging.Handler):
    """Collects every ERROR a build logs, so the build can fail on it."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message = f"{message}: {record.exc_info[1]}"
        self.messages.append(message)


def load_settings(config: Path, content: Path | None = None, output: Path | None = None, build_date: date | None = None) -> dict:
    """Pelican settings from ``config`` with the CLI's overrides applied."""
    from pelican.settings import read_settings

    override: dict = {}
    if content is not None:
        override["PATH"] = str(content.resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(output.resolve())
    if build_date is not None:
        override["TORGET_BUILD_DATE"] = build_date.isoformat()
    settings = read_settings(str(config), override=override)
    settings["TORGET_CONFIG_PATH"] = str(config)
    # The one place a CLI command chooses its language: every message after
    # this is in the forum's language.
    use_language(settings.get("DEFAULT_LANG", "sv"))
    if not settings.get("TORGET_BUILD_DATE"):
        # The one place a CLI build reads the clock.
        settings["TORGET_BUILD_DATE"] = today_in(settings.get("TIMEZONE", DEFAULT_TIMEZONE)).isoformat()
    return settings


def check_content(settings: dict, progress=None, personal_data: bool = True,
                  parsed: dict | None = None) -> tuple[Forum | None, list[Problem]]:
    """Validate settings and every content file; nothing is written.

    Also runs the channel governance checks (:mod:`torget.governance.problems`):
    channel register, about page, accessibility statement and, unless
    ``personal_data`` is off, the personal-data scan of every thread, FAQ
    entry and page (:mod:`torget.records.privacy`), whose hits are errors; and
    checks each thread's category against ``TORGET_CATEGORIES``
    (:mod:`torget.content.categories`). ``parsed`` is passed on to
    :func:`torget.content.forum.load_forum`.
    """
    try:
        forum_settings = ForumSettings.from_pelican(settings)
    except ContentError as error:
        return None, list(error.problems)
    cache = _ParseCache(settings)
    forum = load_forum(Path(settings["PATH"]), forum_settings.timezone, progress, cache.entries, parsed,
                       ignore=settings.get("IGNORE_FILES") or (), markdown_settings=settings.get("MARKDOWN"))
    cache.save()
    categories = category_problems(forum_settings.categories, forum.claims, forum_settings.config_path)
    governance = governance_problems(settings, forum_settings, personal_data)
    return forum, sorted([*forum.problems, *categories, *forum_settings.problems, *governance])


class _ParseCache:
    """Parsed thread files kept between runs under ``CACHE_PATH``.

    Used when Pelican's own content cache is (``CACHE_CONTENT`` and
    ``LOAD_CONTENT_CACHE``), so a rebuild parses only changed files.
    """

    VERSION = 2

    @staticmethod
    def _code_version() -> str:
        """Changes whenever the parser or the model changes."""
        from hashlib import sha256

        here = Path(__file__).parent.parent
        names = ("format/parsing.py", "model.py", "html/sanitize.py")
        return sha256(b"".join((here / name).read_bytes() for name in names)).hexdigest()

    def __init__(self, settings: dict):
        self.enabled = bool(settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH"))
        self.path = Path(settings.get("CACHE_PATH") or ".") / "torget-parse.pickle"
        # path → (stamp, result) for load_forum; each entry pickled on its
        # own, so saving after one file changed pickles only that file's.
        self.entries: cachefile.PickledValues | None = None
        if self.enabled:
            entries = cachefile.load(self.path, self._key()) if settings.get("LOAD_CONTENT_CACHE") else None
            self.entries = cachefile.PickledValues(entries if isinstance(entries, dict) else {})

    def _key(self) -> tuple:
        return (self.VERSION, self._code_version())

    def save(self) -> None:
        """Write the cache if anything in it changed."""
        if not self.enabled or not self.entries.changed:
            return
        cachefile.save(self.path, self._key(), dict(self.entries))


def build_site(settings: dict, progress=None, force: bool = False, leave_out: bool = False) -> BuildResult:
    """Check, build into a temporary folder, and swap it into place.

    ``force`` lets the build replace an output folder that holds files
    Torget did not write (never the project or content folder).
    ``leave_out`` (the preview only) builds without the content files that
    have errors instead of failing (:attr:`BuildResult.left_out`).
    """
    given = Path(settings["OUTPUT_PATH"])
    output = given.resolve()
    reason = refusal(given, settings, force)
    if reason:
        return BuildResult(output, refused=reason)
    try:
        with BuildLock(OutputFolder(output)):
            return _check_and_build(settings, output, progress, leave_out)
    except OutputRefused as error:
        return BuildResult(output, refused=str(error))


def _check_and_build(settings: dict, output: Path, progress, leave_out: bool = False) -> BuildResult:
    remove_later(sorted(output.parent.glob(f".{output.name}.old-*")))  # left by a stopped removal
    # The check includes the personal-data scan: a hit is an error, so
    # nothing is built and the previous output stays as it was.
    # Threads parsed by the check, handed to the reader (plugin
    # torget_threads) so that a file is parsed once and its thread is
    # held in memory once.
    parsed: dict = {}
    forum, problems = check_content(settings, progress, parsed=parsed)
    left_out: dict[str, tuple[Problem, ...]] = {}
    if leave_out and forum is not None:
        def check(narrower: dict):
            parsed.clear()
            return check_content(narrower, parsed=parsed)

        kept = leave_out_broken(settings, forum, problems, check)
        settings, forum, problems, left_out = kept.settings, kept.forum, kept.problems, kept.files
    result = BuildResult(output, problems, threads=len(forum.threads) if forum else 0, left_out=left_out)
    del forum
    if not result.ok:
        return result
    return _build_into(settings, output, result, parsed)


def _build_into(settings: dict, output: Path, result: BuildResult, parsed: dict) -> BuildResult:
    from pelican import Pelican

    _reset_sitemap_plugin()
    cache_key = PelicanCacheKey(settings)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    prints_file = output.parent / f".{output.name}.pages.json"
    state = BuildState(
        settings=ForumSettings.from_pelican(settings),
        parsed=parsed,
        previous_output=output if output.is_dir() else None,
        previous_prints=_read_prints(prints_file) if output.is_dir() else {},
    )
    jobs = state.jobs
    try:
        pelican = Pelican(
            dict(settings, OUTPUT_PATH=str(staging), DELETE_OUTPUT_DIRECTORY=False, LOAD_CONTENT_CACHE=cache_key.load)
        )
        with running(state):
            pelican.run()
            # Work plugins started beside Pelican is waited for once Pelican
            # has written everything else, so that it overlaps all of that;
            # a job's failure fails the build.
            for job in jobs:
                done = job.result()
                if done:
                    log.info("%s", done)
    except Exception as error:  # noqa: BLE001 - any failure must keep the old site
        collector.messages.append(_("build failed: %(error)s", error=error))
    except BaseException:  # Ctrl+C: leave no half-built folder behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        for job in jobs:  # a failed build does not wait for them
            job.stop()
        root.removeHandler(collector)
    result.log_errors = collector.messages
    if not result.ok:
        shutil.rmtree(staging, ignore_errors=True)
        return result
    # The fingerprints describe the output they came with: drop the old ones
    # before the swap, write the new ones after it.
    prints_file.unlink(missing_ok=True)
    keep_retained(output, staging, settings.get("OUTPUT_RETENTION", ()))
    folder = OutputFolder(output)
    write_marks(staging, folder, settings.get("SITENAME", ""))
    retired = swap_into_place(staging, output)
    folder.commit_manifest()
    cache_key.save()
    if state.page_prints:
        temporary = prints_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(state.page_prints, sort_keys=True), encoding="utf-8")
        temporary.replace(prints_file)
    if retired is not None:
        remove_later([retired])
    return result


class PelicanCacheKey:
    """Whether Pelican may load its content cache.

    Pelican keeps what its readers returned, keyed by file and modification
    time only: after a change of settings (``MARKDOWN``, ``TIMEZONE`` …),
    theme or plugin code it would reuse stale HTML. The build stores a
    :func:`torget.build.fingerprint.build_print` (without the build date, which
    readers do not use) beside the cache and lets Pelican load the cache
    only when it is unchanged; :meth:`save` records it after a good build.
    """

    FILE = "torget-cache-key"

    def __init__(self, settings: dict):
        from torget.build.fingerprint import build_print

        self.enabled = bool(settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH"))
        self.path = Path(settings.get("CACHE_PATH") or ".") / self.FILE
        self.key = build_print(settings, ignore={"TORGET_BUILD_DATE"}) if self.enabled else ""
        try:
            stored = self.path.read_text(encoding="utf-8")
        except OSError:
            stored = None
        self.load = bool(self.enabled and settings.get("LOAD_CONTENT_CACHE") and stored == self.key)
        if self.enabled:
            # Pelican rewrites its cache in place: a build stopped halfway
            # must leave a cache that is not loaded again.
            self.path.unlink(missing_ok=True)

    def save(self) -> None:
        if self.enabled:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(self.key, encoding="utf-8")


def _read_prints(path: Path) -> dict[str, str]:
    try:
        prints = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return prints if isinstance(prints, dict) else {}


def _reset_sitemap_plugin() -> None:
    """Start pelican-sitemap afresh for this build.

    The plugin keeps one module-level generator that remembers the first
    Pelican object of a process and writes the sitemap only when that
    object finishes. After a failed build (which never finishes) no later
    build in the same process (``torget serve``, the tests) would get a
    sitemap at all.
    """
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:  # the plugin is not installed: nothing to reset
        return
    sitemap.generator._main_pelican = None
    sitemap.generator.page_queue = []


def keep_retained(output: Path, staging: Path, names) -> None:
    """Carry Pelican's ``OUTPUT_RETENTION`` entries (``CNAME``, ``.git`` …)
    over from the old output, as Pelican does when it cleans its output."""
    for name in names:
        old, new = output / name, staging / name
        if new.exists() or not old.exists():
            continue
        if old.is_dir():
            shutil.copytree(old, new, symlinks=True)
        else:
            shutil.copy2(old, new)


def swap_into_place(staging: Path, output: Path) -> Path | None:
    """Replace ``output`` with ``staging`` using renames on one filesystem.

    Returns where the replaced output went (``.<output>.old-*``, removed by
    :func:`remove_later`), or ``None`` if there was none.
    """
    staging.chmod(0o755)
    if output.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        retired.rmdir()
        output.rename(retired)
        staging.rename(output)
        return retired
    staging.rename(output)
    return None


def remove_later(folders: list[Path]) -> None:
    """Delete ``folders`` without waiting for it.

    A shell starts ``rm -rf`` at the lowest CPU priority (``nice -n 19``)
    in the background and returns at once, so the removal neither holds
    Python's interpreter lock nor competes with a build, and nothing is
    left for this process to wait for. Without a POSIX shell the folders
    are deleted here and now.
    """
    if not folders:
        return
    sh = shutil.which("sh") if os.name == "posix" else None
    if sh is None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.run([sh, "-c", 'nice -n 19 rm -rf -- "$@" >/dev/null 2>&1 &', "sh", *map(str, folders)],
                   check=False, start_new_session=True, stdin=subprocess.DEVNULL)
