"""One settings schema: check and build accept and refuse the same settings.

Every ``TORGET_*`` setting is declared once in :mod:`torget.settings.schema`. The
tests here run ``torget check`` and ``torget build`` over a temporary copy
of the sample project with one bad value at a time and require both to
refuse it with the same ``pelicanconf.py:LINE: NAME: …`` error; they build
the copy with a good, non-default value of every setting; and they keep
docs/settings.md and the code's ``TORGET_*`` keys in step with the
declaration.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CONFIG, ROOT, SAMPLE_CONTENT
from torget import DEFAULT_TIMEZONE
from torget.model import ContentError
from torget.settings.schema import BY_NAME, ENVIRONMENT, INTERNAL, SETTINGS, markdown_table
from torget.settings.forum import ForumSettings
from torget_cli import main

DOCS = ROOT / "docs" / "settings.md"


def project(folder: Path, **values: str) -> Path:
    """A copy of the sample project in ``folder`` with ``values`` (Python
    source) as the last assignments of ``pelicanconf.py``.

    The sample's own assignment of such a setting is kept under a
    lower-case name (``original_torget_x``, which Pelican ignores and a
    value may use), so the setting is assigned once, on the last lines.
    """
    folder.mkdir(parents=True)
    shutil.copytree(SAMPLE_CONTENT, folder / "content")
    for name in ("theme", "plugins"):
        (folder / name).symlink_to(ROOT / name)
    text = CONFIG.read_text(encoding="utf-8")
    for name in values:
        text = re.sub(rf"^{name}(?= =)", f"original_{name.lower()}", text, flags=re.M)
    text += "\n" + "".join(f"{name} = {source}\n" for name, source in values.items())
    (folder / "pelicanconf.py").write_text(text, encoding="utf-8")
    return folder


def line_of(config: Path, name: str) -> int:
    lines = config.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if line.startswith(f"{name} =")]
    assert len(found) == 1, (name, found)
    return found[0]


def run(*args: str):
    """``torget ARGS --config pelicanconf.py`` in the working folder, as an editor runs it."""
    return CliRunner().invoke(main, [*args, "--config", "pelicanconf.py"])


def setting_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("pelicanconf.py:")]


# name set, its value (Python source), the setting named, the message after "NAME: "
BAD = [
    ("TORGET_STATS_MONTHS", "-1", None, "must be a whole number, 0 or more, not -1"),
    ("TORGET_STATS_TOP", '"tio"', None, "must be a whole number, 0 or more, not 'tio'"),
    ("TORGET_STATS_URL", "5", None, "must be a text, not 5"),
    ("TORGET_LIST_SIZE", "0", None, "must be a positive whole number, not 0"),
    ("TORGET_RELATED_COUNT", '"4"', None, "must be a whole number, 0 or more, not '4'"),
    ("TORGET_RENDER_PROCESSES", "0", None, "must be auto or a whole number, 1 or more, not 0"),
    ("TORGET_REUSE_FROM", "5", None, "must be a text, not 5"),
    ("TORGET_SEARCH_PROCESS", '"sideways"', None, "'sideways' is not one of: auto, background, inline"),
    ("TORGET_SEARCH_SHARD_BYTES", '"big"', None,
     "must be a positive whole number (or None: automatic), not 'big'"),
    ("TORGET_SEARCH_DOCS_PER_CHUNK", "-3", None, "must be a positive whole number (or None: automatic), not -3"),
    ("TORGET_SEARCH_WRITE_FULL_INDEX", '"yes"', None, "must be True or False, not 'yes'"),
    ("TORGET_SEARCH_SYNONYMS", '["ensam"]', None, "a group needs at least two words, not 'ensam'"),
    ("TORGET_OLD_AFTER", '"3 years"', None, "'3 years' is not one of: 6 months, 1 year, 2 years, never"),
    ("TORGET_DECAY_PERIOD", '"daily"', None,
     "'daily' is not one of: 2 weeks, 1 month, 3 months, 6 months, 1 year, never"),
    ("TORGET_CATEGORY_SETTINGS", '{"Kultur och fritid": {"old_after": "5 days"}}', None,
     "'5 days' is not one of: 6 months, 1 year, 2 years, never"),
    ("TORGET_CATEGORY_SETTINGS", '{"Kultur": {}}', None,
     "'Kultur' is not declared in TORGET_CATEGORIES; did you mean 'Kultur och fritid'?"),
    ("TORGET_BUILD_DATE", '"2026-13-01"', None, "'2026-13-01' is not a date (YYYY-MM-DD)"),
    ("TORGET_STAFF_DISPLAY", '"hidden"', None, "'hidden' is not one of: named, anonymous"),
    ("TORGET_LINKS", '[("Bara en etikett",)]', None, "each link must be a (label, url) pair, not ('Bara en etikett',)"),
    ("TORGET_CONTACT_LINKS", '"tel:0123456700"', None, "must be a list of (label, url) pairs, not 'tel:0123456700'"),
    ("TORGET_REPORT_URL", '"https://www.ekbacka.se/anmal?sida={sida}"', None,
     "only {title} and {url} may be used ('sida')"),
    ("TORGET_ASK", '{"email": "inte en adress"}', None, "email 'inte en adress' is not an e-mail address"),
    ("TORGET_ASK_PAGE", '"fråga?x=1"', None, "must be a path of a-z, 0-9, '-', '_' and '/', not 'fråga?x=1'"),
    ("TORGET_TYPE_INTROS", '{"fråga": "x"}', None,
     "'fråga' is not a thread type (use one of: question, problem, suggestion, praise)"),
    ("TORGET_CATEGORIES", "7", None, "must be a dict of category names (or a list of names), not int"),
    ("TORGET_MATOMO_URL", '"https://statistik.ekbacka.se/"', "TORGET_MATOMO_SITE_ID",
     "set TORGET_MATOMO_URL and TORGET_MATOMO_SITE_ID together (or neither)"),
    ("TORGET_MATOMO_SITE_ID", '"tre"', "TORGET_MATOMO_URL",
     "set TORGET_MATOMO_URL and TORGET_MATOMO_SITE_ID together (or neither)"),
    ("TORGET_CMS", '{"backend": "bitbucket", "repo": "a/b"}', None,
     "backend must be one of gitlab, github, not 'bitbucket'"),
    ("TORGET_ALLOWED_CONTACTS", "5", None, "must be a list of phone numbers and e-mail addresses, not 5"),
    ("TORGET_REMOVED", '["https://forum.ekbacka.se/posts/x/"]', None,
     "'https://forum.ekbacka.se/posts/x/' is not a thread's address relative to the site, such as \"posts/<slug>/\""),
    ("TORGET_WELCOME", '["Hej"]', None, "must be a text, not ['Hej']"),
    ("TORGET_ORGANISATION", '{"namn": "Ekbacka"}', None, "must be a text, not {'namn': 'Ekbacka'}"),
    ("TORGET_ABOUT_PAGE", '["om-forumet"]', None, "must be a text, not ['om-forumet']"),
    ("DEFAULT_LANG", '"de"', None, "'de' is not supported (use one of: sv, en)"),
    ("TORGET_FAQ_PATHS", '["fragor"]', None, "'fragor' is not in ARTICLE_PATHS (posts, faq); FAQ entries are read from there"),
    ("TORGET_FAQ_PATHS", '"faq/*"', None, "'faq/*' is not in ARTICLE_PATHS (posts, faq); FAQ entries are read from there"),
    ("ARTICLE_PATHS", '[""]', None,
     "name the folders in the content folder that hold threads and FAQ entries, for example ['posts', 'faq']"),
]


@pytest.mark.parametrize("name, source, reported, message", BAD, ids=[f"{b[0]}={b[1]}" for b in BAD])
def test_check_and_build_refuse_a_bad_value_with_the_same_error(tmp_path, monkeypatch, name, source, reported,
                                                                 message):
    # The messages of an English forum; test_torget_stats_months_minus_one… reads a Swedish one.
    folder = project(tmp_path / "forum", **{"DEFAULT_LANG": '"en"', name: source})
    monkeypatch.chdir(folder)
    reported = reported or name
    expected = f"pelicanconf.py:{line_of(folder / 'pelicanconf.py', reported)}: {reported}: {message}"

    check = run("check")
    build = run("build", "--output", "public")
    assert check.exit_code == 1, check.output
    assert build.exit_code == 1, build.output
    assert setting_lines(check.output) == [expected], check.output
    assert setting_lines(build.output) == [expected], build.output
    assert "Traceback" not in check.output + build.output
    assert not (folder / "public").exists()


def test_torget_stats_months_minus_one_is_refused_by_both_commands_without_a_traceback(tmp_path):
    """The case of issue 17: it passed ``torget check`` and failed ``torget build``."""
    folder = project(tmp_path / "forum", TORGET_STATS_MONTHS="-1")
    line = line_of(folder / "pelicanconf.py", "TORGET_STATS_MONTHS")
    for command in (["check"], ["build", "--date", "2026-11-20"]):
        done = subprocess.run([sys.executable, "-m", "torget_cli", *command], cwd=folder, capture_output=True,
                              text=True)
        assert done.returncode == 1, done.stderr
        # in the sample forum's language, Swedish
        assert f"pelicanconf.py:{line}: TORGET_STATS_MONTHS: ska vara ett heltal, 0 eller mer, inte -1\n" in done.stderr
        assert "Traceback" not in done.stderr


#: A good value, other than the sample's where there is one, of every setting.
GOOD = {
    "TORGET_ORGANISATION": '"Ekbacka kommuns kontaktcenter"',
    "TORGET_WELCOME": '"Välkommen till forumet."',
    "TORGET_WARNING": '"Skriv inga personuppgifter."',
    "TORGET_DESCRIPTION": '"Frågor och svar om Ekbacka."',
    "TORGET_ABOUT_PAGE": '"om-forumet"',
    "TORGET_POLICY_PAGE": '"om-forumet"',
    "TORGET_LINKS": '[("Ekbacka.se", "https://www.ekbacka.se/")]',
    "TORGET_CONTACT_LINKS": '(("Ring oss", "tel:+46123456700"),)',
    "TORGET_ASK": '"kontakt@ekbacka.se"',
    "TORGET_ASK_PAGE": '"fragor/ny/"',
    "TORGET_REPORT_URL": '"https://www.ekbacka.se/anmal?sida={url}&rubrik={title}"',
    "TORGET_STAFF_DISPLAY": '"anonymous"',
    "TORGET_CATEGORIES": "list(original_torget_categories)",
    "TORGET_BUILD_DATE": '"2026-11-20"',
    "TORGET_OLD_AFTER": '"2 years"',
    "TORGET_DECAY_PERIOD": '"1 month"',
    "TORGET_CATEGORY_SETTINGS": '{"Kultur och fritid": {"old_after": "6 months", "decay_period": "2 weeks"}}',
    "TORGET_LIST_SIZE": "3",
    "TORGET_RELATED_COUNT": "0",
    "TORGET_TYPE_INTROS": '{"praise": "Beröm till kommunen."}',
    "TORGET_SEARCH_SYNONYMS": '[["soptunna", "sopkärl"], "bygglov, bygganmälan"]',
    "TORGET_MATOMO_URL": '"https://statistik.ekbacka.se/matomo.php"',
    "TORGET_MATOMO_SITE_ID": "3",
    "TORGET_SEARCH_PROCESS": '"inline"',
    "TORGET_SEARCH_SHARD_BYTES": "12000",
    "TORGET_SEARCH_DOCS_PER_CHUNK": "8",
    "TORGET_SEARCH_WRITE_FULL_INDEX": "True",
    "TORGET_RENDER_PROCESSES": "2",
    "TORGET_REUSE_FROM": '"/srv/forum/output"',
    "TORGET_FAQ_PATHS": '("faq",)',
    "TORGET_CMS": '{"backend": "gitlab", "repo": "ekbacka/forum", "app_id": "a1b2c3"}',
    "TORGET_CHANNEL": "dict(original_torget_channel, unit='Kommunikation')",
    "TORGET_ABOUT_TOPICS": '{"report": None}',
    "TORGET_ALLOWED_CONTACTS": "tuple(original_torget_allowed_contacts)",
    "TORGET_REMOVED": '["posts/en-borttagen-trad/", "/faq/en-borttagen-fraga/"]',
    "TORGET_ACCESSIBILITY": "dict(original_torget_accessibility, slug='tillganglighet')",
    "TORGET_STATS_URL": '"/redaktion/statistik"',
    "TORGET_STATS_MONTHS": "0",
    "TORGET_STATS_TOP": "3",
}


def test_the_tables_cover_every_declared_setting():
    assert set(GOOD) == set(BY_NAME)
    assert {name for name, *_ in BAD} >= set(BY_NAME) - {
        # dicts an editor fills in by hand: their gaps are warnings (see below)
        "TORGET_CHANNEL", "TORGET_ABOUT_TOPICS", "TORGET_ACCESSIBILITY",
        # any text is good
        "TORGET_WARNING", "TORGET_DESCRIPTION", "TORGET_POLICY_PAGE",
    }


def test_good_values_of_every_setting_are_accepted_by_check_and_build(tmp_path, monkeypatch):
    folder = project(tmp_path / "forum", **GOOD)
    monkeypatch.chdir(folder)
    check = run("check")
    assert check.exit_code == 0 and "0 fel, 0 varningar" in check.output, check.output
    build = run("build", "--output", "public")
    assert build.exit_code == 0, build.output
    assert setting_lines(build.output) == []

    # Each value arrived: a few of them, as the built site shows them.
    site = folder / "public"
    assert (site / "redaktion" / "statistik" / "index.html").is_file()
    assert (site / "tillganglighet" / "index.html").is_file()
    assert (site / "admin" / "config.yml").is_file()
    assert (site / "search" / "full-index.json").is_file()
    assert "Tråden har tagits bort" in (site / "faq" / "en-borttagen-fraga" / "index.html").read_text(encoding="utf-8")
    assert "Välkommen till forumet." in (site / "index.html").read_text(encoding="utf-8")
    forum = ForumSettings.from_pelican(_values(folder))
    assert forum.stats.months == 0 and forum.stats.url == "redaktion/statistik/"
    assert forum.search.shard_bytes == 12000 and forum.search.process == "inline" and forum.render_processes == 2
    assert forum.matomo_url == "https://statistik.ekbacka.se/" and forum.matomo_site_id == "3"
    assert forum.channel.unit == "Kommunikation" and forum.cms.enabled and forum.related_count == 0
    assert "report" not in {topic.key for topic in forum.about_topics}


def _values(folder: Path) -> dict:
    from torget.build.run import load_settings

    return load_settings(folder / "pelicanconf.py")


def test_gaps_in_the_governance_settings_are_the_same_warnings_in_check_and_build(tmp_path, monkeypatch):
    folder = project(
        tmp_path / "forum",
        TORGET_CHANNEL="{k: v for k, v in original_torget_channel.items() if k != 'purpose'}",
        TORGET_ACCESSIBILITY="dict(original_torget_accessibility, status='kanske')",
        TORGET_ALLOWED_CONTACTS="[*original_torget_allowed_contacts, 'Växeln']",
        TORGET_ABOUT_TOPICS='{"moderation": {"label": "vem som modererar"}}',
    )
    monkeypatch.chdir(folder)
    config = folder / "pelicanconf.py"
    expected = sorted([  # in the sample forum's language
        f"pelicanconf.py:{line_of(config, 'TORGET_CHANNEL')}: varning: TORGET_CHANNEL: "
        "'purpose' saknas (kanalens syfte)",
        f"pelicanconf.py:{line_of(config, 'TORGET_ACCESSIBILITY')}: varning: TORGET_ACCESSIBILITY: "
        "status: 'kanske' är inte en av: full, partial, none",
        f"pelicanconf.py:{line_of(config, 'TORGET_ALLOWED_CONTACTS')}: varning: TORGET_ALLOWED_CONTACTS: "
        "'Växeln' är varken en e-postadress eller ett telefonnummer",
        f"pelicanconf.py:{line_of(config, 'TORGET_ABOUT_TOPICS')}: varning: TORGET_ABOUT_TOPICS: "
        "moderation: 'requires' behöver minst en fras",
    ], key=lambda line: int(line.split(":")[1]))
    check = run("check")
    assert check.exit_code == 0, check.output
    assert setting_lines(check.output) == expected
    assert run("check", "--strict").exit_code == 1
    build = run("build", "--output", "public")
    assert build.exit_code == 0, build.output
    assert setting_lines(build.output) == expected


def test_every_declared_setting_reads_its_default_and_its_good_value():
    defaults = ForumSettings.from_pelican({})
    assert defaults.problems_of("TORGET_STATS_MONTHS") == () and defaults.stats.months == 12
    assert defaults.timezone == DEFAULT_TIMEZONE
    sample = {"original_torget_" + key.lower()[len("torget_"):]: value for key, value in _sample().items()}
    for setting in SETTINGS:
        value = eval(GOOD[setting.name], {}, sample)  # noqa: S307 - the test's own table
        others = {"TORGET_MATOMO_URL": "https://statistik.ekbacka.se/", "TORGET_MATOMO_SITE_ID": "3"} \
            if setting.name.startswith("TORGET_MATOMO") else {}
        try:
            ForumSettings.from_pelican({"TORGET_CATEGORIES": sample["original_torget_categories"], **others,
                                        setting.name: value})
        except ContentError as error:
            pytest.fail(f"{setting.name} = {GOOD[setting.name]}: {error}")


def _sample() -> dict:
    from torget.build.run import load_settings

    return load_settings(CONFIG)


# --- docs/settings.md and the code -------------------------------------------

BEGIN, END = "<!-- settings-reference:begin -->", "<!-- settings-reference:end -->"


def test_the_reference_table_in_the_docs_is_the_declaration():
    text = DOCS.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    table = text[text.index(BEGIN) + len(BEGIN):text.index(END)].strip("\n") + "\n"
    assert table == markdown_table(), "run: python -m torget.settings.schema --markdown (and paste it between the markers)"
    done = subprocess.run([sys.executable, "-m", "torget.settings.schema", "--markdown"], capture_output=True, text=True,
                          check=True)
    assert done.stdout == markdown_table()


def test_every_declared_setting_is_documented_with_its_default():
    text = DOCS.read_text(encoding="utf-8")
    prose = text[:text.index(BEGIN)] + text[text.index(END):]
    for setting in SETTINGS:
        assert f"`{setting.name}`" in prose, f"{setting.name} is not described in docs/settings.md"
        row = f"| `{setting.name}` | {setting.type} | {setting.default_markdown()} |"
        assert row in text, row


def test_every_torget_name_in_the_docs_is_declared_or_documented_as_not_a_setting():
    known = set(BY_NAME) | set(INTERNAL) | set(ENVIRONMENT)
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert len(documents) > 5
    seen = set()
    for path in documents:
        for name in re.findall(r"\bTORGET_[A-Z0-9_]*[A-Z0-9]\b", path.read_text(encoding="utf-8")):
            seen.add(name)
            assert name in known, f"{path.name} names {name}, which is not declared in torget.settings.schema"
    assert seen >= set(BY_NAME)


SOURCES = [ROOT / "pelicanconf.py", ROOT / "publishconf.py",
           *sorted((ROOT / "plugins").rglob("*.py")), *sorted((ROOT / "scripts").rglob("*.py"))]
#: Where a declared setting's raw key may be read: where the build date is
#: filled in before anything reads it, and passed on to a rebuild.
RAW_READS = {
    ("scripts/torget_cli/build.py", "TORGET_BUILD_DATE"),
    ("scripts/torget_cli/serve.py", "TORGET_BUILD_DATE"),
}


def test_the_code_names_only_declared_torget_keys_and_reads_them_only_through_the_settings():
    known = set(BY_NAME) | set(INTERNAL) | set(ENVIRONMENT)
    assert len(SOURCES) > 40
    named = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT).as_posix()
        for name in re.findall(r"[\"'](TORGET_[A-Z0-9_]+)[\"']", text):
            named.add(name)
            assert name in known, f"{where} uses the key {name}, which is not declared in torget.settings.schema"
        if where in ("plugins/torget/settings/schema.py", "plugins/torget/settings/forum.py"):
            continue
        for name in re.findall(r"settings(?:\.get\(\s*|\[\s*)[\"'](TORGET_[A-Z0-9_]+)[\"'](?!\]\s*=[^=])", text):
            assert name in INTERNAL or (where, name) in RAW_READS, \
                f"{where} reads {name} by hand; use ForumSettings.from_pelican(settings)"
    assert named >= {"TORGET_STATS_MONTHS", "TORGET_CMS", "TORGET_CONFIG_PATH"}


def test_the_default_time_zone_is_written_once():
    literal = '"' + DEFAULT_TIMEZONE + '"'
    files = [path for path in [*SOURCES, *sorted((ROOT / "tests").glob("*.py"))]
             if literal in path.read_text(encoding="utf-8")]
    assert [path.relative_to(ROOT).as_posix() for path in files] == ["pelicanconf.py", "plugins/torget/__init__.py"]


def test_thread_types_and_languages_are_declared_once():
    from torget.i18n import LANGUAGES, LOCALE_DIR
    from torget.model import ThreadType
    from torget.search.language import SUPPORTED_LANGUAGES, pipeline_for
    from torget.settings.schema import THREAD_TYPES

    assert THREAD_TYPES == tuple(t.value for t in ThreadType) == ("question", "problem", "suggestion", "praise")
    assert SUPPORTED_LANGUAGES is LANGUAGES
    for lang in LANGUAGES:  # each forum language has its search pipeline and (but English) its catalog
        assert pipeline_for(lang).lang == lang
        assert lang == "en" or (LOCALE_DIR / lang / "LC_MESSAGES" / "torget.po").is_file()
