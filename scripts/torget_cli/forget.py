"""``torget forget``: take a thread or a text back, from the content and on request the git history.

A thin front end: :mod:`torget.forgetting` finds and removes,
:mod:`torget.history` rewrites the history with git-filter-repo, and
:mod:`torget.settingsfile` adds the removed thread's address to
``TORGET_REMOVED``. Every message is in the forum's language
(:mod:`torget.removal_i18n`); an error is one line and exit status 1.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from torget.forgetting import (ForgetError, FileTarget, TextTarget, add_variants, file_addresses, find_file, find_text,
                               mask, notations, prefilter, public_url, purge_build_cache, remove_file, replace_text)
from torget.forum import display_path
from torget.model import ContentError
from torget.history import HistoryError, Repository, Rewrite, ready_for_rewrite
from torget.removal import RemovedPage
from torget.removal_i18n import RemovalTranslator
from torget.settings import ForumSettings
from torget.settingsfile import add_to_list, assignment

from .common import config_option, content_option, settings_from
from .common import forum_settings as read_forum_settings


class Refused(click.ClickException):
    """One line in the forum's language, exit status 1, nothing changed."""

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


@dataclass
class Job:
    """What one ``torget forget`` removes, and from where."""

    content_dir: Path
    replacement: str
    file: FileTarget | None = None
    texts: list[TextTarget] = field(default_factory=list)
    #: The work tree for --history (else ``None``) and git-filter-repo.
    repo: Repository | None = None
    command: list[str] | None = None
    #: For --history: the file's commits and names; each text's commits.
    file_history: tuple[list[str], list[str]] = ([], [])
    text_commits: list[list[str]] = field(default_factory=list)


@click.command()
@config_option
@content_option
@click.argument("target", required=False, metavar="[PATH|SLUG]")
@click.option("--text", "texts", multiple=True, metavar="TEXT",
              help="Replace every occurrence of TEXT in the content files (a personal identity number, phone "
                   "number or e-mail address in every notation). May be given more than once.")
@click.option("--replacement", metavar="TEXT", help="What replaces --text. Default: [borttaget] ([removed] in English).")
@click.option("--history", is_flag=True, help="Also remove it from every commit of the git history (git-filter-repo).")
@click.option("--yes", is_flag=True, help="Do it without asking (the plan is printed all the same).")
@click.option("--dry-run", is_flag=True, help="Print what would be removed, and change nothing.")
def forget(config, content, target, texts, replacement, history, yes, dry_run):
    """Take a thread or FAQ entry (PATH|SLUG) or a text (--text) back.

    Prints what will be removed, asks (or takes --yes), removes it from the
    content folder and, with --history, from every commit with
    git-filter-repo; adds a removed thread's address to TORGET_REMOVED when
    that is safe (else prints the line to add), purges Torget's build
    cache, and prints what to push and which caches to purge.
    """
    settings = settings_from(config, content)
    forum = read_forum_settings(settings)
    rt = RemovalTranslator(forum.lang)
    try:
        job = _plan(settings, target, texts, replacement or rt("forget_replacement"), history, rt)
    except (ForgetError, HistoryError) as error:
        raise Refused(rt(error.key, **error.values)) from None
    _show_plan(job, rt)
    if dry_run:
        click.echo(rt("forget_dry_run"))
        return
    _confirm(rt, history, yes)
    first = _apply(job, settings, rt)
    address_added = _add_address(job, config, content, rt) if job.file else False
    _next_steps(job, settings, forum, config, first, address_added, rt)


def _plan(settings: dict, target, texts, replacement: str, history: bool, rt) -> Job:
    if not target and not texts:
        raise ForgetError("forget_nothing")
    if "\n" in replacement or "\r" in replacement:
        raise ForgetError("forget_replacement_bad")
    content_dir = Path(settings["PATH"])
    job = Job(content_dir, replacement)
    job.file = find_file(content_dir, target, settings) if target else None
    job.texts = [find_text(content_dir, text, settings) for text in texts]
    if history:
        job.repo, job.command = ready_for_rewrite(content_dir)
        if job.file:
            job.file_history = job.repo.file_history(job.repo.relative(job.file.path))
        for found in job.texts:
            add_variants(found, notations(found.text, job.repo.texts(prefilter(found.text))))
            commits = [c for variant in found.variants for c in job.repo.commits_with_text(variant)]
            job.text_commits.append(list(dict.fromkeys(commits)))
    for number, found in enumerate(job.texts):
        if not found.count and not (history and job.text_commits[number]):
            where = rt("forget_text_missing_history") if history else ""
            raise ForgetError("forget_text_missing", masked=mask(found.text), where=where)
    return job


def _show_plan(job: Job, rt) -> None:
    click.echo(rt("forget_plan"))
    if job.file:
        click.echo(rt("forget_plan_file", path=job.file.shown, address=job.file.address))
    for found in job.texts:
        click.echo(rt("forget_plan_text", masked=mask(found.text), replacement=job.replacement))
        for path, count in found.files.items():
            click.echo(rt("forget_plan_text_file", path=display_path(path), count=count))
        for variant in found.variants:
            if variant != found.text:
                click.echo(rt("forget_plan_variant", masked=mask(variant)))
    if job.repo is None:
        click.echo(rt("forget_plan_worktree"))
        return
    branches, tags = job.repo.refs()
    click.echo(rt("forget_plan_history", commits=job.repo.commit_count(), branches=branches, tags=tags))
    if job.file:
        commits, names = job.file_history
        click.echo(rt("forget_plan_history_file", names=", ".join(names), n=len(commits)))
    for commits in job.text_commits:
        click.echo(rt("forget_plan_history_text", n=len(commits)))


def _confirm(rt, history: bool, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise Refused(rt("forget_needs_yes"))
    if not click.confirm(rt("forget_confirm_history" if history else "forget_confirm"), default=False):
        raise Refused(rt("forget_cancelled"))


def _apply(job: Job, settings: dict, rt) -> list[str]:
    """Remove everything planned; returns the first changed commits of a rewrite."""
    first: list[str] = []
    if job.repo is not None:
        rewrite = Rewrite(paths=tuple(job.file_history[1]),
                          texts=tuple((v, job.replacement) for found in job.texts for v in found.variants))
        try:
            first = job.repo.rewrite(rewrite, job.command)
        except HistoryError as error:
            raise Refused(rt(error.key, **error.values)) from None
    # Files git does not track (or, without --history, everything).
    if job.file and job.file.path.exists():
        remove_file(job.file)
    if job.file:
        click.echo(rt("forget_done_file", path=job.file.shown))
    for found in job.texts:
        left = find_text(job.content_dir, found.text, settings)
        add_variants(left, found.variants)
        replace_text(left, job.replacement)
        if found.count:
            click.echo(rt("forget_done_text", replacement=job.replacement, count=found.count,
                          paths=", ".join(display_path(p) for p in found.files)))
    if job.repo is not None:
        click.echo(rt("forget_done_history"))
    return first


def _add_address(job: Job, config: Path, content, rt) -> bool:
    """Add the removed thread's address to TORGET_REMOVED if safe; else print the line. Returns whether the file changed."""
    address = job.file.address
    settings = settings_from(config, content)
    if RemovedPage(address) in ForumSettings.from_pelican(settings).removed:
        click.echo(rt("forget_removed_present", address=address, config=config))
        return False
    before = config.read_bytes()
    if add_to_list(config, "TORGET_REMOVED", address):
        try:
            if RemovedPage(address) in ForumSettings.from_pelican(settings_from(config, content)).removed:
                line = assignment(config, "TORGET_REMOVED")
                click.echo(rt("forget_removed_added", address=address, config=config, line=line.line if line else 1))
                return True
        except (click.ClickException, ContentError):  # the file no longer reads: put it back as it was
            pass
        config.write_bytes(before)
    found = assignment(config, "TORGET_REMOVED")
    at = rt("forget_at_line", line=found.line) if found else ""
    click.echo(rt("forget_removed_add", config=config, at=at))
    item = f'"{address}",'
    click.echo(f"    {item}" if found else f"    TORGET_REMOVED = [{item[:-1]}]")
    return False


def _next_steps(job: Job, settings: dict, forum: ForumSettings, config: Path, first: list[str],
                address_added: bool, rt) -> None:
    click.echo("")
    click.echo(rt("forget_next"))
    repo = job.repo or _repository(job.content_dir)
    if repo is not None and (job.repo is None or address_added):
        paths = [display_path(job.content_dir)] + ([str(config)] if address_added else [])
        click.echo(rt("forget_next_commit"))
        click.echo(f"    git add -A -- {' '.join(paths)}")
        click.echo(f"    git commit -m \"{rt('forget_commit_message')}\"")
    if job.repo is not None:
        click.echo(rt("forget_next_push"))
        click.echo("    git push --force --all origin")
        click.echo("    git push --force --tags origin")
        if not job.repo.origin():
            click.echo(rt("forget_next_no_origin"))
        click.echo(rt("forget_next_reclone"))
        click.echo(rt("forget_next_host", commit_map=display_path(job.repo.git_dir / "filter-repo" / "commit-map")))
        for old, new in zip(first[::2], first[1::2]):
            click.echo(rt("forget_next_first", old=old, new=new))
    _caches(job, settings, forum, rt)


def _caches(job: Job, settings: dict, forum: ForumSettings, rt) -> None:
    channel = forum.channel.url if forum.channel else ""
    removed = [public_url(job.file.address, settings, channel)] if job.file else []
    changed = [public_url(a, settings, channel)
               for a in file_addresses({p for found in job.texts for p in found.files}, job.content_dir, settings)]
    purge_build_cache(settings)
    click.echo(rt("forget_caches"))
    if removed or changed:
        click.echo(rt("forget_cache_cdn", urls=", ".join(removed + changed)))
    cache = settings.get("CACHE_PATH") or ""
    click.echo(rt("forget_cache_build", path=display_path(Path(cache)) if cache else "-"))
    if removed:
        click.echo(rt("forget_cache_search_removed", urls=", ".join(removed)))
    if changed:
        click.echo(rt("forget_cache_search_changed", urls=", ".join(changed)))


def _repository(folder: Path) -> Repository | None:
    try:
        return Repository(folder)
    except HistoryError:
        return None
