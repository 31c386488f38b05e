"""``torget forget``: take a thread or a text back, from the content and on request the git history.

A thin front end: :mod:`torget.records.forgetting` finds and removes,
:mod:`torget.records.history` rewrites the history with git-filter-repo, and
:mod:`torget.settingsfile.assign` adds the removed thread's address to
``TORGET_REMOVED``. Every message is in the forum's language
(the catalog, :mod:`torget.i18n`); an error is one line and exit status 1.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from torget.records.forgetting import (ForgetError, FileTarget, TextTarget, add_variants, file_addresses, find_file, find_text,
                               mask, notations, prefilter, public_url, purge_build_cache, remove_file, replace_text)
from torget.content.forum import display_path
from torget.records.history import HistoryError, Repository, Rewrite, ready_for_rewrite
from torget.i18n import N_, _
from torget.model import ContentError
from torget.content.removal import RemovedPage
from torget.settings.forum import ForumSettings
from torget.settingsfile.assign import add_to_list, assignment

from .common import config_option, content_option, settings_from
from .common import forum_settings as read_forum_settings


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
    job = _plan(forum, target, texts, replacement or _("[removed]"), history)
    _show_plan(job)
    if dry_run:
        click.echo(_("Dry run (--dry-run): nothing was changed."))
        return
    _confirm(history, yes)
    first = _apply(job, forum)
    address_added = _add_address(job, config, content) if job.file else False
    _next_steps(job, settings, forum, config, first, address_added)


def _plan(forum: ForumSettings, target, texts, replacement: str, history: bool) -> Job:
    if not target and not texts:
        raise ForgetError(N_("give a thread (PATH or SLUG) or --text TEXT"))
    if "\n" in replacement or "\r" in replacement:
        raise ForgetError(N_("--replacement: must not hold line breaks"))
    content_dir = forum.content.root
    job = Job(content_dir, replacement)
    job.file = find_file(forum, target) if target else None
    job.texts = [find_text(forum.content, text) for text in texts]
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
            missing = N_("--text %(masked)s: not in the content nor in the git history") if history \
                else N_("--text %(masked)s: not in the content")
            raise ForgetError(missing, masked=mask(found.text))
    return job


def _show_plan(job: Job) -> None:
    click.echo(_("This will be removed:"))
    if job.file:
        click.echo(_("  the file %(path)s (address /%(address)s)", path=job.file.shown, address=job.file.address))
    for found in job.texts:
        click.echo(_("  the text %(masked)s, replaced with %(replacement)s, in:", masked=mask(found.text), replacement=job.replacement))
        for path, count in found.files.items():
            click.echo(_("    %(path)s (%(count)s×)", path=display_path(path), count=count))
        for variant in found.variants:
            if variant != found.text:
                click.echo(_("    also written as %(masked)s", masked=mask(variant)))
    if job.repo is None:
        click.echo(_("Only the content folder changes: what is removed stays in the git history. Add --history to remove it from there too."))
        return
    branches, tags = job.repo.refs()
    click.echo(_("The git history is rewritten (commits: %(commits)s, branches: %(branches)s, tags: %(tags)s); the commits that change get new ids. This cannot be undone.", commits=job.repo.commit_count(), branches=branches, tags=tags))
    if job.file:
        commits, names = job.file_history
        click.echo(_("  the file is in the history as %(names)s (changed in commits: %(n)s)", names=", ".join(names), n=len(commits)))
    for commits in job.text_commits:
        click.echo(_("  the text is in the history (in files or messages, commits: %(n)s)", n=len(commits)))


def _confirm(history: bool, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise ForgetError(N_("nothing was changed: confirm with --yes (or run the command in a terminal and answer yes)"))
    if not click.confirm(_("Rewrite the git history?") if history else _("Change the files?"), default=False):
        raise ForgetError(N_("Cancelled; nothing was changed."))


def _apply(job: Job, forum: ForumSettings) -> list[str]:
    """Remove everything planned; returns the first changed commits of a rewrite."""
    first: list[str] = []
    if job.repo is not None:
        rewrite = Rewrite(paths=tuple(job.file_history[1]),
                          texts=tuple((v, job.replacement) for found in job.texts for v in found.variants))
        first = job.repo.rewrite(rewrite, job.command)
    # Files git does not track (or, without --history, everything).
    if job.file and job.file.path.exists():
        remove_file(job.file)
    if job.file:
        click.echo(_("Removed: %(path)s", path=job.file.shown))
    for found in job.texts:
        left = find_text(forum.content, found.text)
        add_variants(left, found.variants)
        replace_text(left, job.replacement)
        if found.count:
            click.echo(_("Replaced with %(replacement)s (%(count)s×): %(paths)s", replacement=job.replacement, count=found.count,
                          paths=", ".join(display_path(p) for p in found.files)))
    if job.repo is not None:
        click.echo(_("The git history is rewritten: no commit holds what was removed any more."))
    return first


def _add_address(job: Job, config: Path, content) -> bool:
    """Add the removed thread's address to TORGET_REMOVED if safe; else print the line. Returns whether the file changed."""
    address = job.file.address
    settings = settings_from(config, content)
    if RemovedPage(address) in ForumSettings.from_pelican(settings).removed:
        click.echo(_("The address /%(address)s is already in TORGET_REMOVED (%(config)s).", address=address, config=config))
        return False
    before = config.read_bytes()
    if add_to_list(config, "TORGET_REMOVED", address):
        try:
            if RemovedPage(address) in ForumSettings.from_pelican(settings_from(config, content)).removed:
                line = assignment(config, "TORGET_REMOVED")
                click.echo(_("The address /%(address)s was added to TORGET_REMOVED (%(config)s:%(line)s): it now shows "
                             "the page “%(page)s” instead of a 404.", address=address, config=config,
                             line=line.line if line else 1, page=_("This thread has been removed")))
                return True
        except (click.ClickException, ContentError):  # the file no longer reads: put it back as it was
            pass
        config.write_bytes(before)
    found = assignment(config, "TORGET_REMOVED")
    page = _("This thread has been removed")
    if found:
        click.echo(_("Add the address to TORGET_REMOVED in %(config)s (line %(line)s), so that it shows the page "
                     "“%(page)s” instead of a 404:", config=config, line=found.line, page=page))
    else:
        click.echo(_("Add the address to TORGET_REMOVED in %(config)s, so that it shows the page “%(page)s” "
                     "instead of a 404:", config=config, page=page))
    item = f'"{address}",'
    click.echo(f"    {item}" if found else f"    TORGET_REMOVED = [{item[:-1]}]")
    return False


def _next_steps(job: Job, settings: dict, forum: ForumSettings, config: Path, first: list[str],
                address_added: bool) -> None:
    click.echo("")
    click.echo(_("What to do now:"))
    repo = job.repo or _repository(job.content_dir)
    if repo is not None and (job.repo is None or address_added):
        paths = [display_path(job.content_dir)] + ([str(config)] if address_added else [])
        click.echo(_("Commit the change:"))
        click.echo(f"    git add -A -- {' '.join(paths)}")
        message = _("Remove content on request (torget forget)")
        click.echo(f'    git commit -m "{message}"')
    if job.repo is not None:
        click.echo(_("Push the rewritten history to the server (its branches and tags are overwritten):"))
        click.echo("    git push --force --all origin")
        click.echo("    git push --force --tags origin")
        if not job.repo.origin():
            click.echo(_("(the repository has no origin: first add the server's address with git remote add origin ADDRESS)"))
        click.echo(_("Everyone with a clone of the repository, computers that build the site included, must delete it and clone again: an old clone still holds what was removed, and a push from it brings it back."))
        click.echo(_("Ask whoever runs the git server to remove the old commits the server still keeps. GitHub: contact GitHub Support with the first changed commits below (cached views and pull requests). GitLab: Settings → Repository → Repository cleanup, upload %(commit_map)s.", commit_map=display_path(job.repo.git_dir / "filter-repo" / "commit-map")))
        for old, new in zip(first[::2], first[1::2]):
            click.echo(_("  first changed commit: %(old)s (now %(new)s)", old=old, new=new))
    _caches(job, settings, forum)


def _caches(job: Job, settings: dict, forum: ForumSettings) -> None:
    channel = forum.channel.url if forum.channel else ""
    removed = [public_url(job.file.address, forum.site_url, channel)] if job.file else []
    changed = [public_url(a, forum.site_url, channel)
               for a in file_addresses({p for found in job.texts for p in found.files}, forum)]
    purge_build_cache(settings.get("CACHE_PATH"))
    click.echo(_("Purge the caches:"))
    if removed or changed:
        click.echo(_("  The CDN's or web host's cache for %(urls)s and for search/ (the search index's files may be cached for a year, so purge the whole cache if you can); the pages change with the next build.", urls=", ".join(removed + changed)))
    cache = settings.get("CACHE_PATH") or ""
    click.echo(_("  Torget's build cache: purged here (%(path)s). In GitLab CI: Build → Pipelines → Clear runner caches, and delete earlier jobs' artifacts (Build → Artifacts), which hold the old site; the GitHub Actions workflow keeps no cache, and its Pages artifact expires after a day. Then build and publish the site again (torget build, or a push).", path=display_path(Path(cache)) if cache else "-"))
    if removed:
        click.echo(_("  Search engines: ask for %(urls)s to be removed, in Google Search Console (Removals) and Bing Webmaster Tools (Content Removal). The page there has noindex, so it also goes at the next crawl.", urls=", ".join(removed)))
    if changed:
        click.echo(_("  Search engines: ask for %(urls)s to be crawled again, in Google Search Console (Removals → Outdated content, or URL inspection) and Bing Webmaster Tools (Content Removal → Remove outdated cache).", urls=", ".join(changed)))


def _repository(folder: Path) -> Repository | None:
    try:
        return Repository(folder)
    except HistoryError:
        return None
