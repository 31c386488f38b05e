"""``torget build``: check, run Pelican into a staging folder, swap it in.

:func:`build_site` wraps exactly the run ``pelican -s pelicanconf.py`` does
with the plugins: :mod:`torget.build.outputguard` decides whether the output
may be replaced, :func:`check_content` stops the build on any error, Pelican
writes into a fresh folder beside the output (errors it logs fail the build),
and only a good build is stamped and swapped into place; the replaced site
is removed in the background (:func:`remove_later`). The threads the check
parsed reach Pelican's reader through :mod:`torget.build.memo`. ``torget
serve`` builds with ``leave_out`` (:mod:`torget.build.leaveout`).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import partial
from datetime import date
from pathlib import Path

from torget.build import ahead, cachefile, lasting, memo, minify, state, templates
from torget.build.shared import map_shared
from torget.build.cache import CachePolicy
from torget.build.fingerprint import plugin_modules, settings_print
from torget.build.state import BUILD_ONLY_SETTINGS
from torget.content.forum import Forum, content_files, load_forum
from torget.content.categories import category_problems
from torget.governance.problems import governance_problems
from torget.build.scancache import ScanCache
from torget.i18n import _, catalog_print, use_language
from torget.build.leaveout import leave_out_broken
from torget.model import ContentError, Problem
from torget.build.outputguard import PAGE_PRINTS, STAMP, BuildLock, OutputFolder, OutputRefused, refusal, write_marks
from torget.settings.forum import ForumSettings, settle_build_date

log = logging.getLogger(__name__)
#: The files ``torget build`` adds to what Pelican writes (its output stamp
#: and the page fingerprints); everything else is byte for byte what
#: ``pelican -s pelicanconf.py`` writes.
STAMP_FILES = frozenset({STAMP, PAGE_PRINTS})


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
    settle_build_date(settings)
    templates.install(settings, settings_print(settings))
    return settings


def check_content(settings: dict, progress=None, personal_data: bool = True,
                  memoize: bool = False) -> tuple[Forum | None, list[Problem]]:
    """Validate settings and every content file; nothing is written.

    Also runs the channel governance checks (:mod:`torget.governance.problems`):
    channel register, about page, accessibility statement and, unless
    ``personal_data`` is off, the personal-data scan of every thread, FAQ
    entry and page (:mod:`torget.records.privacy`), whose hits are errors; and
    checks each thread's category against ``TORGET_CATEGORIES``
    (:mod:`torget.content.categories`). With ``memoize`` every thread
    parsed is kept in :mod:`torget.build.memo` for Pelican's reader.
    """
    try:
        forum_settings = ForumSettings.from_pelican(settings)
    except ContentError as error:
        return None, list(error.problems)
    cache = _ParseCache(settings)
    parsed = memo.ParsedThreads(forum_settings.timezone) if memoize else None
    share = partial(map_shared, count=ahead.processes(forum_settings.render_processes))
    found = content_files(forum_settings.content)  # one walk for the parse and the scan
    forum = load_forum(forum_settings.content, forum_settings.timezone, progress, cache.entries, parsed,
                       markdown_settings=settings.get("MARKDOWN"), map_files=share, found=found)
    cache.save()
    categories = category_problems(forum_settings.categories, forum.claims, forum_settings.config_path)
    scan_cache = ScanCache(settings, forum_settings.allowed_contacts, share) if personal_data else None
    governance = governance_problems(forum_settings, scan_cache, personal_data, found)
    return forum, sorted([*forum.problems, *categories, *forum_settings.problems, *governance])


class _ParseCache:
    """Parsed thread files kept between runs (:mod:`torget.build.cache`),
    so a rebuild parses only changed files."""

    FILE = "torget-parse.pickle"

    def __init__(self, settings: dict):
        # the problems found are worded in the language in use
        self.file = CachePolicy.of(settings).file(self.FILE, catalog_print(), code=["torget.content.forum"])
        # path → (stamp, result) for load_forum; each entry pickled on its
        # own, so saving after one file changed pickles only that file's.
        self.entries: cachefile.PickledValues | None = None
        if self.file.policy.enabled:
            entries = self.file.load()
            self.entries = cachefile.PickledValues(entries if isinstance(entries, dict) else {})

    def save(self) -> None:
        """Write the cache if anything in it changed."""
        if self.entries is not None and self.entries.changed:
            self.file.save(dict(self.entries))


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
    with memo.cleared(), lasting.collected_seldom():
        # The check includes the personal-data scan: any error stops the build.
        forum, problems = check_content(settings, progress, memoize=True)
        left_out: dict[str, tuple[Problem, ...]] = {}
        if leave_out and forum is not None:
            def check(narrower: dict):
                memo.forget_threads()  # keep only the threads Pelican will read
                return check_content(narrower, memoize=True)

            kept = leave_out_broken(settings, forum, problems, check)
            settings, forum, problems, left_out = kept.settings, kept.forum, kept.problems, kept.files
        result = BuildResult(output, problems, threads=len(forum.threads) if forum else 0, left_out=left_out)
        del forum
        if not result.ok:
            return result
        return _build_into(settings, output, result)


def _build_into(settings: dict, output: Path, result: BuildResult) -> BuildResult:
    cache_key = PelicanCacheKey(settings)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    run_settings = dict(settings, OUTPUT_PATH=str(staging), DELETE_OUTPUT_DIRECTORY=False,
                        LOAD_CONTENT_CACHE=cache_key.load, TORGET_REUSE_FROM=str(output))
    try:
        result.log_errors = run_pelican(run_settings)
    except BaseException:  # Ctrl+C: leave no half-built folder behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not result.ok:
        shutil.rmtree(staging, ignore_errors=True)
        return result
    _swap(settings, staging, output)
    cache_key.save()
    return result


def run_pelican(settings: dict) -> list[str]:
    """Run Pelican as ``pelican -s`` does; the errors it logged or raised.

    Work the plugins started beside Pelican (:mod:`torget.build.state`)
    and still running when the run fails is stopped.
    """
    from pelican import Pelican

    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        with state.stopped_on_exit(), lasting.kept_for_the_run(), minify.kept_between_builds(settings):
            Pelican(settings).run()
    except Exception as error:  # noqa: BLE001 - any failure must keep the old site
        collector.messages.append(_("build failed: %(error)s", error=error))
    finally:
        root.removeHandler(collector)
    return collector.messages


def _swap(settings: dict, staging: Path, output: Path) -> None:
    """Stamp the new site, swap it into place, remove the old one later."""
    keep_retained(output, staging, settings.get("OUTPUT_RETENTION", ()))
    folder = OutputFolder(output)
    write_marks(staging, folder, settings.get("SITENAME", ""))
    retired = swap_into_place(staging, output)
    folder.commit_manifest()
    if retired is not None:
        remove_later([retired])


class PelicanCacheKey:
    """Whether Pelican may load its content cache.

    Pelican keeps what its readers returned, keyed by file and modification
    time only: after a change of settings (``MARKDOWN``, ``TIMEZONE`` …)
    or of the code of Pelican, Markdown or a plugin it would reuse stale
    HTML. The build keeps a key of those (:mod:`torget.build.cache`; all
    settings but ``ignore``, which readers do not use) and lets Pelican
    load its cache only while it is unchanged; :meth:`save` records it
    after a good build.
    """

    FILE = "torget-cache-key"

    def __init__(self, settings: dict, ignore=BUILD_ONLY_SETTINGS):
        self.file = CachePolicy.of(settings).file(self.FILE, settings_print(settings, ignore),
                                                  code=plugin_modules(settings))
        self.load = self.file.load() is True
        # Pelican rewrites its cache in place: a build stopped halfway
        # must leave a cache that is not loaded again.
        self.file.forget()

    def save(self) -> None:
        self.file.save(True)


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
