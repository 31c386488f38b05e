"""``torget gaps``: the content-gap report from the organisation's Matomo."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import click

from torget.content.forum import load_forum
from torget.followup.gaps import STYLESHEET, build_report, to_csv, to_html
from torget.i18n import N_, _
from torget.followup.matomo import MatomoError, Period, report
from torget.followup.stats import url_for

from .common import _parse_date, config_option, forum_settings, settings_from

#: The environment variable that holds Matomo's token_auth (never a file).
TOKEN_VARIABLE = "TORGET_MATOMO_TOKEN"
#: What each kind of MatomoError says (its ``code``).
ERRORS = {
    "network": N_("Could not reach Matomo at %(url)s: %(detail)s"),
    "timeout": N_("Matomo at %(url)s did not answer in time (%(detail)s). Try again, or with a longer --timeout."),
    "token": N_("Matomo did not accept the token in %(name)s: %(detail)s"),
    "http": N_("Matomo at %(url)s answered with an error (%(detail)s)."),
    "matomo": N_("Matomo answered with an error: %(detail)s"),
    "malformed": N_("Matomo's answer could not be read as a report (%(detail)s). Is TORGET_MATOMO_URL the right address?"),
}


def _pages(forum) -> Callable[[str], tuple[str, str]]:
    """A page's title (threads and FAQ entries) and address, by its path."""
    base = forum.site_url if forum.site_url.startswith("http") else getattr(forum.channel, "url", "") or ""
    url = url_for(forum)
    titles = {"/" + url(thread): thread.title for thread in load_forum(forum.content, forum.timezone).threads}
    return lambda path: (titles.get(path, ""), base.rstrip("/") + path if path.startswith("/") else "")


def _fail(message: str, code: int) -> None:
    click.echo(_("error: %(message)s", message=message), err=True)
    raise SystemExit(code)


@click.command()
@config_option
@click.option("--from", "first", callback=_parse_date, metavar="YYYY-MM-DD",
              help="First day of the period. Default: 30 days before --to.")
@click.option("--to", "last", callback=_parse_date, metavar="YYYY-MM-DD", help="Last day of the period. Default: today.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=Path("innehallsluckor"),
              show_default=True, help="Folder for gaps.html and gaps.csv.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for each of Matomo's answers.")
def gaps(config, first, last, output, timeout):
    """Write the content-gap report from Matomo's Reporting API.

    Searches without results, searches with results but no click, threads
    and FAQ entries voted unhelpful, the pages people asked from and the
    searches they asked after, each with its count (docs/governance.md).
    Reads TORGET_MATOMO_URL and TORGET_MATOMO_SITE_ID from the settings and
    the token from the environment variable TORGET_MATOMO_TOKEN. Exit code
    1 when Matomo cannot be read, 2 when something is not set.
    """
    settings = settings_from(config)
    forum = forum_settings(settings)
    if not forum.matomo_url:
        _fail(_("TORGET_MATOMO_URL and TORGET_MATOMO_SITE_ID are not set: there is no Matomo to read from."), 2)
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        _fail(_("The environment variable %(name)s is missing: set it to a Matomo token_auth "
                "(Personal settings → Security) with view access to the site.", name=TOKEN_VARIABLE), 2)
    last = last or date.today()
    first = first or last - timedelta(days=30)
    if first > last:
        _fail(_("--from (%(first)s) is after --to (%(last)s).", first=first, last=last), 2)
    period = Period(first.isoformat(), last.isoformat())
    url, site = forum.matomo_url, forum.matomo_site_id
    try:
        answers = [
            report(url, site, token, "Actions.getSiteSearchKeywords", period, timeout),
            report(url, site, token, "Actions.getSiteSearchNoResultKeywords", period, timeout),
            report(url, site, token, "Events.getCategory", period, timeout,
                   secondaryDimension="eventAction", expanded="1"),
        ]
        result = build_report(period, *answers)
        result.follow_up(forum.channel.quantitative_goals if forum.channel else ())
    except MatomoError as error:
        _fail(_(ERRORS[error.code], url=url, name=TOKEN_VARIABLE, detail=error.detail), 1)
    page = to_html(result, forum.site_name, _pages(forum))
    try:
        output.mkdir(parents=True, exist_ok=True)
        # Search terms can hold what people typed about themselves: the
        # report stays out of git (and so out of the published site).
        (output / ".gitignore").write_text("*\n", encoding="utf-8")
        (output / "gaps.html").write_text(page, encoding="utf-8")
        (output / "gaps.csv").write_text(to_csv(result), encoding="utf-8")
        (output / "gaps.css").write_text(STYLESHEET, encoding="utf-8")
    except OSError as error:
        _fail(_("Could not save the report in %(path)s: %(detail)s", path=output, detail=error.strerror or error), 1)
    click.echo(_("The report is saved: %(html)s and %(csv)s", html=output / "gaps.html", csv=output / "gaps.csv"))
