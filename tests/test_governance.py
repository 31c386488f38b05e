"""Channel governance: register entry, about page topics, accessibility statement.

Settings are read from the real pelicanconf.py; problems are checked as
``torget check`` prints them, and pages in sites built by Pelican.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import CONFIG, ROOT
from torget.build.run import load_settings
from torget.governance.about import about_page_problems, check_about_text
from torget.governance.goals import QualitativeGoal, QuantitativeGoal
from torget.i18n import use_language
from torget.settings.forum import ForumSettings
from torget.governance.figures import MATOMO_STATISTICS
from torget.followup.stats import STATISTICS
from torget_cli import main


@pytest.fixture(scope="module")
def settings() -> dict:
    return load_settings(CONFIG)


def config_with(tmp_path, extra: str):
    """A copy of pelicanconf.py with ``extra`` appended, reading the sample content."""
    config = tmp_path / "governanceconf.py"  # not pelicanconf: Pelican caches settings modules by name
    text = CONFIG.read_text(encoding="utf-8").replace('PATH = "content"', f'PATH = "{ROOT / "content"}"')
    config.write_text(text + "\n" + extra + "\n", encoding="utf-8")
    return config


def line_of(config, name: str) -> int:
    return next(i for i, l in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if l.startswith(name + " ="))


def warnings_of(settings, name: str) -> list[str]:
    """The warnings about setting ``name``, without the ``NAME: `` prefix."""
    problems = ForumSettings.from_pelican(settings).problems_of(name)
    assert all(not p.is_error for p in problems)
    return [p.message.removeprefix(name + ": ") for p in problems]


def run(*args):
    return CliRunner().invoke(main, [*map(str, args)])


# --------------------------------------------------------------------------
# channel register entry


def test_sample_channel_entry_is_complete_and_typed(settings):
    entry = ForumSettings.from_pelican(settings).channel
    assert warnings_of(settings, "TORGET_CHANNEL") == []
    assert entry.name == "Fråga Ekbacka" and entry.organisation == "Ekbacka kommun"
    assert entry.start_date == date(2021, 2, 1)
    assert "Kontaktcenter" in entry.readiness.monitored_by and entry.readiness.hours and entry.readiness.out_of_hours
    assert entry.manager.name == "Anna Berg"
    assert entry.quantitative_goals[0] == QuantitativeGoal(
        "Andel trådar som får svar från kommunen", 90, "staff_answer_percent")
    assert all(isinstance(g, QualitativeGoal) and g.follow_up for g in entry.qualitative_goals)


def test_missing_and_wrong_fields_are_named():
    settings = {
        "TORGET_CHANNEL": {
            "purpse": "Svara på frågor.",
            "quantitative_goals": [
                {"metric": "Svarsandel", "target": "hög", "statistic": "staff_answer_percent"},
                {"target": 5, "statistic": "nöjdhet"},
            ],
            "readiness": {"monitored_by": "Kontaktcenter"},
            "manager": "Anna Berg",
            "start_date": "2021-13-01",
        },
    }
    entry = ForumSettings.from_pelican(settings).channel
    assert set(warnings_of(settings, "TORGET_CHANNEL")) == {
        "unknown key 'purpse'",
        "missing 'purpose' (the channel's purpose, syfte)",
        "missing 'audience' (target audience, målgrupp)",
        "quantitative_goals[1].target: must be a number to compare with 'staff_answer_percent', not 'hög'",
        "missing 'quantitative_goals[2].metric' (what is measured)",
        "quantitative_goals[2].statistic: unknown statistic 'nöjdhet' (known: " + ", ".join([*STATISTICS, *MATOMO_STATISTICS]) + ")",
        "missing 'readiness.hours' (when the channel is monitored)",
        "missing 'readiness.out_of_hours' (what happens outside monitoring hours)",
        "start_date: '2021-13-01' is not a date (YYYY-MM-DD)",
    }
    assert entry.manager.name == "Anna Berg"


def test_no_entry_at_all_is_one_message():
    issues = warnings_of({"SITENAME": "Forum"}, "TORGET_CHANNEL")
    assert len(issues) == 1 and "no channel register entry" in issues[0]


def test_check_reports_missing_fields_at_the_setting_line(tmp_path):
    config = config_with(tmp_path, 'TORGET_CHANNEL = {k: v for k, v in TORGET_CHANNEL.items() if k not in ("purpose", "manager")}')
    line = line_of(config, "TORGET_CHANNEL")
    result = run("check", "--config", config)
    assert result.exit_code == 0, result.output  # warnings: the site can still be built
    assert f"{config}:{line}: varning: TORGET_CHANNEL: 'purpose' saknas (kanalens syfte)" in result.output
    assert f"{config}:{line}: varning: TORGET_CHANNEL: 'manager.name' saknas (ansvarig chef)" in result.output
    assert run("check", "--config", config, "--strict").exit_code == 1


def test_channel_command_prints_text_and_json(settings):
    text = run("channel", "--config", CONFIG)
    assert text.exit_code == 0, text.output
    for expected in ("Kanalregister: Fråga Ekbacka", "Syfte", "Målgrupp", "Kvantitativa mål", "Kvalitativa mål",
                     "Resursplanering och beredskap", "Bevakas av: Kontaktcenter", "Utanför bevakningstid:",
                     "Ansvarig chef: Anna Berg (enhetschef, Kontaktcenter)", "Startdatum: 2021-02-01",
                     "- Andel trådar som får svar från kommunen: minst 90 %",
                     "- Samtal till Kontaktcenter om sophämtning och bygglov: 10 % färre än 2020"):
        assert expected in text.output, expected

    filed = run("channel", "--config", CONFIG, "--json")
    assert filed.exit_code == 0
    data = json.loads(filed.output)
    assert data == json.loads(json.dumps(ForumSettings.from_pelican(settings).channel.to_dict()))
    assert data["start_date"] == "2021-02-01" and data["manager"]["name"] == "Anna Berg"
    assert data["readiness"]["hours"] == "Vardagar klockan 8–17."
    assert {g["statistic"] for g in data["quantitative_goals"]} >= {"staff_answer_percent", "median_first_staff_reply_hours"}
    assert "issues" not in data


def test_channel_command_fails_on_an_incomplete_entry(tmp_path):
    config = config_with(tmp_path, 'TORGET_CHANNEL = dict(TORGET_CHANNEL, audience="")')
    result = run("channel", "--config", config)
    assert result.exit_code == 1
    assert "Målgrupp\n--------\n(saknas)" in result.output
    assert f"{config}:{line_of(config, 'TORGET_CHANNEL')}: varning: TORGET_CHANNEL: 'audience' saknas" in result.output


def test_channel_text_follows_default_lang(settings):
    use_language("en")
    text = " ".join(ForumSettings.from_pelican(settings).channel.text().split())
    assert "Channel register: Fråga Ekbacka" in text and "Target audience" in text and "at most 16 hours" in text


# --------------------------------------------------------------------------
# about page topics

ABOUT = ROOT / "content" / "pages" / "om-forumet.md"


def test_sample_about_page_covers_every_topic(settings):
    assert about_page_problems(ForumSettings.from_pelican(settings)) == []


def test_missing_topic_and_missing_legal_terms_are_named_with_path_and_line(content_copy):
    page = content_copy / "pages" / "om-forumet.md"
    text = page.read_text(encoding="utf-8")
    report_section = text[text.index("## Anmäl ett inlägg"):text.index("## Allmänna handlingar")]
    text = text.replace(report_section, "").replace("- **uppvigling**,\n", "").replace("- **olaga våldsskildring**,\n", "")
    text = text.replace("Använd länken **Anmäl inlägg**", "")
    page.write_text(text, encoding="utf-8")
    removed_line = next(i for i, l in enumerate(text.splitlines(), 1) if "Inlägg som inte är tillåtna" in l)

    result = run("check", "--config", CONFIG, "--content", content_copy)
    problems = [l for l in result.output.splitlines() if "om-forumet.md" in l]
    assert len(problems) == 2, result.output
    assert problems[0].endswith(
        "om-forumet.md:1: varning: sidan om forumet tar inte upp 'hur man anmäler ett inlägg' (till exempel 'anmäl ett inlägg')")
    assert problems[1].endswith(
        f"om-forumet.md:{removed_line}: varning: texten om 'vilka inlägg som inte är tillåtna och tas bort' på sidan om "
        "forumet nämner inte: 'uppvigling', 'olaga våldsskildring'")


def test_topics_are_configurable_and_english_by_default_lang():
    english = {"DEFAULT_LANG": "en"}
    topics = ForumSettings.from_pelican(english).about_topics
    assert warnings_of(english, "TORGET_ABOUT_TOPICS") == [] and {t.key for t in topics} == {"usage", "removed", "report", "public_records", "personal_data", "other_channels"}
    swedish_page = ABOUT.read_text(encoding="utf-8")
    assert {p.message.split("'")[1] for p in check_about_text("om.md", swedish_page, topics)} >= {
        "how the forum is meant to be used", "how to report a post"}

    english_page = """Title: About the forum

## How the forum works
Ask the municipality. Posts that are not allowed are removed: offensive information about people,
sedition, agitation against a population group, child pornography offences, unlawful depiction of
violence and copyright infringement.

## Report a post
Use the link in every thread.

## Public records
Everything you write is a public record and is archived under our retention rules.

## Personal data
We process personal data under the GDPR.

## Other channels
For personal matters, call us.
"""
    assert check_about_text("about.md", english_page, topics) == []

    changed = {"DEFAULT_LANG": "en", "TORGET_ABOUT_TOPICS": {
        "report": None, "moderation": {"label": "who moderates", "requires": ["moderated by"]}, "broken": {}}}
    custom = ForumSettings.from_pelican(changed).about_topics
    assert "broken: 'requires' needs at least one phrase" in warnings_of(changed, "TORGET_ABOUT_TOPICS")
    keys = {t.key for t in custom}
    assert "report" not in keys and "moderation" in keys
    assert [p.message for p in check_about_text("about.md", english_page, custom)] == [
        "the about page does not cover 'who moderates' (expected e.g. 'moderated by')"]


def test_missing_about_page_is_reported_at_its_setting(tmp_path):
    config = config_with(tmp_path, 'TORGET_ABOUT_PAGE = "om-oss"')
    result = run("check", "--config", config)
    assert f"{config}:{line_of(config, 'TORGET_ABOUT_PAGE')}: varning: TORGET_ABOUT_PAGE: ingen sida med sluggen 'om-oss'" in result.output


# --------------------------------------------------------------------------
# footer and thread links, accessibility statement


def test_every_page_links_about_policy_and_accessibility_and_every_thread_links_policy(sample_site):
    pages = [p for p in sample_site.files(".html")]
    assert len(pages) > 50
    for path in pages:
        soup = sample_site.html(str(path.relative_to(sample_site.root)))
        footer = {a["href"] for a in soup.select("footer.site-footer a")}
        assert {"/om-forumet/", "/regler/", "/tillganglighetsredogorelse/"} <= footer, path
        if "/posts/" in str(path) or ("/faq/" in str(path) and path.parent.name != "faq"):
            assert soup.select_one('.thread-actions a[href="/regler/"]'), path


def test_accessibility_statement_has_every_element_digg_requires(sample_site):
    soup = sample_site.html("tillganglighetsredogorelse/")
    main_text = " ".join(soup.select_one("main").get_text(" ").split())
    assert soup.select_one("html")["lang"] == "sv"
    assert soup.h1.get_text() == "Tillgänglighetsredogörelse för Fråga Ekbacka"
    assert "Ekbacka kommun står bakom Fråga Ekbacka" in main_text
    assert "Förenlighet med lagen Delvis förenlig" in main_text
    assert "Fråga Ekbacka är delvis förenlig med lagen om tillgänglighet till digital offentlig service" in main_text
    headings = [h.get_text() for h in soup.select("main h3")]
    assert headings == ["Bristande förenlighet med lagkravet", "Oskäligt betungande anpassning",
                        "Innehåll som inte omfattas av lagstiftningen"]
    assert len(soup.select(".shortcomings > li")) == 3
    assert all("Orsak:" in li.get_text() for li in soup.select(".shortcomings > li"))
    assert "Krav i WCAG 2.1: 1.1.1" in main_text
    assert "Den senaste bedömningen gjordes den 15 september 2026." in main_text
    assert "Redogörelsen uppdaterades senast den 1 oktober 2026." in main_text
    assert "självskattning" in main_text
    assert soup.select_one('a[href="mailto:kontakt@ekbacka.se"]')
    complaint = soup.select_one('a[href="https://www.digg.se/tdosanmalan"]')
    assert complaint and "Myndigheten för digital förvaltning" in complaint.get_text()


def test_accessibility_statement_is_in_the_sitemap_dated_by_its_update(build):
    sitemap = (build().root / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"<loc>[^<]*/tillganglighetsredogorelse/</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
    assert entry and entry.group(1).startswith("2026-10-01")


def test_accessibility_statement_in_english_and_without_settings(build):
    english = build(DEFAULT_LANG="en")
    assert english.result.ok, english.result.log_errors
    soup = english.html("accessibility-statement/")
    assert soup.h1.get_text() == "Accessibility statement for Fråga Ekbacka"
    assert "is partially compliant with the Act on accessibility to digital public services" in soup.get_text()
    assert english.html("").select_one('footer a[href="/accessibility-statement/"]').get_text() == "Accessibility statement"

    without = build(TORGET_ACCESSIBILITY=None)
    assert not (without.root / "tillganglighetsredogorelse").exists()
    assert not without.html("").select('footer a[href*="tillganglighet"]')


def test_accessibility_settings_are_checked():
    settings = {"TORGET_ACCESSIBILITY": {
        "status": "delvis förenlig", "assessed": "2026-09-15", "updated": "2026-09-01", "method": "Självskattning"}}
    statement = ForumSettings.from_pelican(settings).accessibility
    assert statement.status == "partial"
    assert set(warnings_of(settings, "TORGET_ACCESSIBILITY")) == {
        "status is not 'full', so list the known shortcomings with reasons in 'shortcomings'",
        "missing 'feedback' contact: give an email, phone or url for accessibility feedback",
        "updated 2026-09-01 is before assessed 2026-09-15",
    }
    assert ForumSettings.from_pelican({}).accessibility is None
    assert warnings_of({}, "TORGET_ACCESSIBILITY") == [
        "no accessibility statement (tillgänglighetsredogörelse); see docs/governance.md"]


def test_check_reports_accessibility_problems_at_the_setting_line(tmp_path):
    config = config_with(tmp_path, 'TORGET_ACCESSIBILITY = dict(TORGET_ACCESSIBILITY, status="kanske", method="")')
    result = run("check", "--config", config)
    line = line_of(config, "TORGET_ACCESSIBILITY")
    assert f"{config}:{line}: varning: TORGET_ACCESSIBILITY: status: 'kanske' är inte en av: full, partial, none" in result.output
    assert f"{config}:{line}: varning: TORGET_ACCESSIBILITY: 'method' saknas (hur webbplatsen har bedömts)" in result.output


# --------------------------------------------------------------------------
# the governance pages in Chromium (statistics on a phone, axe-core)

GOVERNANCE_PAGES = {"statistics": "/statistik/", "accessibility statement": "/tillganglighetsredogorelse/"}


@pytest.fixture(scope="module")
def governance_url(sample_site, serve):
    return serve(sample_site.root)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", GOVERNANCE_PAGES)
def test_governance_pages_have_no_axe_violations(browser, governance_url, name, width):
    from test_browser import axe_violations

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(governance_url + GOVERNANCE_PAGES[name])
    assert axe_violations(page) == []
    context.close()


@pytest.mark.browser
def test_statistics_tables_and_charts_scroll_visibly_on_a_phone(phone, governance_url):
    phone.goto(governance_url + "/statistik/")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390  # the page itself does not scroll
    regions = phone.evaluate("""() => [...document.querySelectorAll('.table-scroll, .chart-scroll')].map(r => ({
        kind: r.querySelector('table') ? 'table' : 'chart',
        overflows: r.scrollWidth > r.clientWidth,
        role: r.getAttribute('role') || (r.localName === 'section' ? 'region' : null), tabindex: r.tabIndex,
        name: (r.getAttribute('aria-labelledby') || '').split(' ').map(i => document.getElementById(i)?.textContent || '').join(' ').trim(),
        shadows: getComputedStyle(r).backgroundImage.split('radial-gradient').length - 1,
    }))""")
    scrolling = [r for r in regions if r["overflows"]]
    assert len(scrolling) >= 3, regions  # goals and months tables, the column charts
    for region in scrolling:
        # tables are labelled regions; charts groups named by their title (a
        # region each would repeat the table's landmark name)
        assert region["role"] == {"table": "region", "chart": "group"}[region["kind"]], region
        assert region["tabindex"] == 0 and region["name"], region
        assert region["shadows"] == 2, region  # the visible cue at each edge
    # the keyboard scrolls a region once it has focus
    months = phone.locator(".table-scroll:has(#table-months)")
    months.focus()
    assert phone.evaluate("() => document.activeElement.matches('.table-scroll')")
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => document.activeElement.scrollLeft > 0")
    # the shadow at the start appears once scrolled (the white cover scrolled away)
    months.evaluate("r => r.scrollLeft = r.scrollWidth")
    phone.wait_for_function("() => { const r = document.activeElement; return r.scrollLeft + r.clientWidth >= r.scrollWidth - 1; }")


@pytest.mark.browser
def test_chart_labels_are_readable_on_a_phone(phone, governance_url):
    """Every chart's text is drawn at 12 px or more, and the bar chart's
    labels and values are inside the screen without scrolling."""
    phone.goto(governance_url + "/statistik/")
    sizes = phone.evaluate("""() => [...document.querySelectorAll('svg.chart text')].map(t =>
        parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)""")
    assert len(sizes) > 30 and min(sizes) >= 12, sorted(sizes)[:5]
    right = phone.evaluate("""() => Math.max(...[...document.querySelectorAll('#chart-views text')].map(
        t => t.getBoundingClientRect().right))""")
    assert 200 < right <= 390 - 16
    swatches = phone.locator(".chart-legend svg.swatch")
    assert swatches.count() == 4 and swatches.first.bounding_box()["width"] >= 12
