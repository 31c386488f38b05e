"""Statistics: one computation behind ``torget stats`` and the editors' page.

A small forum with known answers: every figure below is worked out by hand
from the threads in :func:`forum_content`.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from click.testing import CliRunner

from torget import DEFAULT_TIMEZONE
from conftest import CONFIG, ROOT
from helpers import reply_text, thread_text, write_thread
from torget.content.forum import load_forum
from torget.governance.goals import QualitativeGoal, QuantitativeGoal
from torget.governance.i18n import figure, statistic_name
from torget.i18n import use_language
from torget.model import Kind
from torget.format.parsing import parse_thread
from torget.followup.stats import STATISTICS, add_workdays, answered_in_time, compute_stats
from torget_cli import main

BUILD_DATE = date(2026, 3, 20)  # a Friday
ARCHIVED_TITLES = ("Hemlig arkiverad tråd", "Arkiverad vanlig fråga")

GOALS = [
    {"metric": "Svar från kommunen", "target": 90, "statistic": "staff_answer_percent"},
    {"metric": "Mediantid till svar", "target": 48, "statistic": "median_first_staff_reply_hours"},
    {"metric": "Svar inom två arbetsdagar", "target": 60, "statistic": "staff_reply_within_2_workdays_percent"},
    {"metric": "Färre samtal", "target": "10 % färre", "source": "Växelstatistik"},
]
QUALITATIVE = [{"goal": "Nöjdare invånare", "follow_up": "Enkät varje höst"}]

EXPECTED = {
    "threads_in_period": 5,
    "threads_per_month": 1.7,
    "with_staff_answer": 4,
    "staff_answer_percent": 80.0,
    "median_first_staff_reply_hours": 38.0,  # median of 4, 91, 72 and 2 hours
    "staff_reply_within_2_workdays_percent": 60.0,
    "accepted_percent": 66.7,
    "archived_count": 2,
    "public_threads": 6,
    "faq_entries": 1,
    "views_total": 1690,
}


@pytest.fixture
def forum_content(tmp_path):
    content = tmp_path / "content"

    def thread(name, title, when, type_, views, replies="", extra="", folder="posts"):
        text = thread_text(title=title, date=when, type_=type_, extra=f"Views: {views}\n{extra}", replies=replies)
        if folder == "faq":
            text = text.replace(f"Type: {type_}\n", "")
        write_thread(content, name, text, folder)

    # In the period (January to 20 March 2026):
    thread("a.md", "Fråga A", "2026-01-05 09:00", "question", 100,
           reply_text(date="2026-01-05 13:00", accepted=True))  # 4 h
    thread("b.md", "Fråga B", "2026-01-09 15:00", "question", 300,
           reply_text(date="2026-01-13 10:00"))  # Friday -> Tuesday: in time, 91 h
    thread("c.md", "Problem C", "2026-02-02 09:00", "problem", 50,
           reply_text(date="2026-02-05 09:00", accepted=True))  # Monday -> Thursday: late, 72 h
    thread("d.md", "Förslag D", "2026-02-10 10:00", "suggestion", 500,
           reply_text(author="Olle", staff=False, date="2026-02-11 10:00"))  # no staff answer
    thread("e.md", ARCHIVED_TITLES[0], "2026-03-02 08:00", "praise", 9999,
           reply_text(date="2026-03-02 10:00"), extra="Archived: yes\n")  # 2 h
    # Before the period, after the build date, and FAQ entries:
    thread("f.md", "Gammal fråga", "2025-12-31 23:30", "question", 40, reply_text(date="2026-01-01 00:30"))
    thread("g.md", "Framtida fråga", "2026-03-25 10:00", "question", 10_000)
    thread("faq1.md", "Vanlig fråga", "2025-06-01 10:00", "question", 700, folder="faq")
    thread("faq2.md", ARCHIVED_TITLES[1], "2025-06-01 10:00", "question", 5000, extra="Archived: yes\n", folder="faq")
    return content


def channel(goals=GOALS, qualitative=QUALITATIVE) -> dict:
    return {
        "purpose": "Svara.", "audience": "Invånare.", "quantitative_goals": goals, "qualitative_goals": qualitative,
        "readiness": {"monitored_by": "KC", "hours": "8–17", "out_of_hours": "Nästa dag"},
        "manager": "Anna Berg", "start_date": "2021-02-01",
    }


def test_figures_worked_out_by_hand(forum_content):
    forum = load_forum(forum_content)
    assert forum.errors == ()
    stats = compute_stats(
        forum.threads, BUILD_DATE, months=3, top=3,
        quantitative_goals=[QuantitativeGoal(**{k: v for k, v in g.items()}) for g in GOALS],
        qualitative_goals=[QualitativeGoal(**g) for g in QUALITATIVE],
    )
    assert dict(stats.figures) == EXPECTED
    assert set(stats.figures) == set(STATISTICS)
    assert stats.period_start == date(2026, 1, 1) and stats.period_months == 3
    assert [(m.key, dict(m.by_type), m.answered) for m in stats.months] == [
        ("2026-01", {"question": 2, "problem": 0, "suggestion": 0, "praise": 0}, 2),
        ("2026-02", {"question": 0, "problem": 1, "suggestion": 1, "praise": 0}, 1),
        ("2026-03", {"question": 0, "problem": 0, "suggestion": 0, "praise": 1}, 1),
    ]
    # Archived threads count above but are never listed, however often they were viewed.
    assert [(v.title, v.views, v.url) for v in stats.most_viewed] == [
        ("Vanlig fråga", 700, "faq/faq1/"), ("Förslag D", 500, "posts/d/"), ("Fråga B", 300, "posts/b/")]
    assert [(g.metric, g.actual, g.compare, g.met) for g in stats.goals] == [
        ("Svar från kommunen", 80.0, "at_least", False),
        ("Mediantid till svar", 38.0, "at_most", True),
        ("Svar inom två arbetsdagar", 60.0, "at_least", True),  # reaching the target meets it
        ("Färre samtal", None, "at_least", None),
        ("Nöjdare invånare", None, "", None),
    ]
    assert stats.goals[3].source == "Växelstatistik" and stats.goals[4].follow_up == "Enkät varje höst"


def test_all_time_period_starts_with_the_first_thread(forum_content):
    stats = compute_stats(load_forum(forum_content).threads, BUILD_DATE, months=0)
    assert stats.period_start == date(2025, 12, 1) and stats.period_months == 4
    assert stats.figures["threads_in_period"] == 6


def test_working_days_skip_weekends():
    assert add_workdays(date(2026, 3, 20), 2) == date(2026, 3, 24)  # Friday -> Tuesday
    assert add_workdays(date(2026, 3, 21), 1) == date(2026, 3, 23)  # Saturday -> Monday
    assert add_workdays(date(2026, 3, 16), 2) == date(2026, 3, 18)  # Monday -> Wednesday

    def answered(reply_at: str) -> bool:
        text = thread_text(date="2026-03-16 09:00", replies=reply_text(date=reply_at))
        thread, problems = parse_thread("x.md", text, Kind.THREAD)
        assert thread is not None, problems
        return answered_in_time(thread, DEFAULT_TIMEZONE)

    assert answered("2026-03-18 23:59")
    assert not answered("2026-03-19 00:01")
    # The day is the site's: 23:30 UTC on Wednesday is already Thursday in Stockholm.
    assert not answered("2026-03-18T23:30:00+00:00")
    assert answered("2026-03-18T22:30:00+00:00")


def _config(tmp_path, **settings) -> str:
    config = tmp_path / "statsconf.py"  # not pelicanconf: Pelican caches settings modules by name
    extra = "\n".join(f"{name} = {value!r}" for name, value in settings.items())
    config.write_text(CONFIG.read_text(encoding="utf-8") + "\n" + extra + "\n", encoding="utf-8")
    return str(config)


def test_cli_json_and_text_give_the_same_figures(tmp_path, forum_content):
    config = _config(tmp_path, TORGET_CHANNEL=channel(), TORGET_STATS_MONTHS=3, TORGET_STATS_TOP=3)
    args = ["stats", "--config", config, "--content", str(forum_content), "--date", BUILD_DATE.isoformat()]
    as_json = CliRunner().invoke(main, [*args, "--json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["figures"] == EXPECTED
    assert data["period"] == {"start": "2026-01-01", "end": "2026-03-20", "months": 3}
    assert [m["total"] for m in data["threads_per_month"]] == [2, 2, 1]
    assert [v["title"] for v in data["most_viewed"]] == ["Vanlig fråga", "Förslag D", "Fråga B"]
    assert [g["met"] for g in data["goals"]] == [False, True, True, None, None]

    text = CliRunner().invoke(main, args)
    assert text.exit_code == 0, text.output
    use_language("sv")
    for name, value in EXPECTED.items():
        assert f"{statistic_name(name, 'Ekbacka kommun')}: {figure(value, STATISTICS[name].unit)}" in text.output
    assert "Svar från kommunen: mål minst 90 %, utfall 80 % – Inte uppnått" in text.output
    assert "Mediantid till svar: mål högst 48 timmar, utfall 38 timmar – Uppnått" in text.output
    assert "Färre samtal: mål 10 % färre – Mäts utanför forumet: Växelstatistik" in text.output
    assert re.search(r"januari 2026\s+2\s+0\s+0\s+0\s+2\s+100 %", text.output)
    for title in ARCHIVED_TITLES:
        assert title not in text.output and title not in as_json.output

    wider = CliRunner().invoke(main, [*args, "--json", "--months", "0"])
    assert json.loads(wider.output)["figures"]["threads_in_period"] == 6


def test_stats_refuses_content_with_errors(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "trasig.md", "Title: Trasig\n\nIngen metadata.\n")
    result = CliRunner().invoke(main, ["stats", "--config", str(CONFIG), "--content", str(content)])
    assert result.exit_code != 0
    assert "trasig.md:1: Date saknas" in result.output


def test_statistics_page_shows_the_cli_figures_and_stays_private(build, forum_content):
    site = build(content=forum_content, build_date=BUILD_DATE, TORGET_CHANNEL=channel(),
                 TORGET_STATS_MONTHS=3, TORGET_STATS_TOP=3)
    assert site.result.ok, site.result.log_errors
    page = site.html("statistik/")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.h1.get_text() == "Statistik för redaktörer"
    use_language("sv")
    shown = {dd["data-statistic"]: dd.get_text() for dd in page.select("dd[data-statistic]")}
    assert shown == {name: figure(value, STATISTICS[name].unit) for name, value in EXPECTED.items()}

    goals = [[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])] for row in page.select("table.goals tbody tr")]
    assert goals[0] == ["Svar från kommunen", "minst 90 %", "80 %", "Inte uppnått"]
    assert goals[1] == ["Mediantid till svar", "högst 48 timmar", "38 timmar", "Uppnått"]
    assert goals[3][-1] == "Mäts utanför forumet: Växelstatistik"
    assert goals[4] == ["Nöjdare invånare", "Enkät varje höst", "Kvalitativt mål"]

    months = [[c.get_text() for c in row.find_all(["th", "td"])] for row in page.select("#table-months tbody tr")]
    assert months == [["januari 2026", "2", "0", "0", "0", "2", "100 %"],
                      ["februari 2026", "0", "1", "1", "0", "2", "50 %"],
                      ["mars 2026", "0", "0", "0", "1", "1", "100 %"]]
    assert [a["href"] for a in page.select("#table-views a")] == ["/faq/faq1/", "/posts/d/", "/posts/b/"]
    for title in ARCHIVED_TITLES:
        assert title not in page.get_text()

    # Charts: inline SVG with a text alternative, and no script at all.
    charts = page.select("svg.chart")
    assert len(charts) == 3
    for svg in charts:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text() and svg.find("desc", id=desc_id).get_text()
    assert "flest i januari 2026 (2)" in page.select_one("#chart-months desc").get_text()
    assert len(page.select("#chart-months rect")) == 4  # one segment per type and month with threads
    assert not page.select("main script, script:not([src])")  # no chart script (the search script is the theme's)

    # Not linked from anywhere, not in the sitemap.
    for path in site.files(".html"):
        if path.parent.name != "statistik":
            assert "statistik/" not in path.read_text(encoding="utf-8"), path
    sitemap = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert "/posts/a/" in sitemap and "statistik" not in sitemap


def test_statistics_page_can_be_turned_off_and_bad_settings_are_reported(build, tmp_path):
    site = build(TORGET_STATS_URL="")
    assert site.result.ok and not (site.root / "statistik").exists()

    config = _config(tmp_path, TORGET_STATS_MONTHS="tolv")
    result = CliRunner().invoke(main, ["check", "--config", config, "--content", str(CONFIG.parent / "content")])
    line = next(i for i, l in enumerate(open(config, encoding="utf-8"), 1) if l.startswith("TORGET_STATS_MONTHS"))
    assert f"{config}:{line}: TORGET_STATS_MONTHS: ska vara ett heltal, 0 eller mer, inte 'tolv'" in result.output
    assert result.exit_code == 1
