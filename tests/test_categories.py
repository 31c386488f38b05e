"""Declared categories (TORGET_CATEGORIES): the setting, the check, the pages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import CONFIG, SAMPLE_DATE, build_into
from helpers import thread_text, write_thread
from torget.build.run import load_settings
from torget.content.categories import Category, category_problems, read_categories, suggestions
from torget.settingsfile.fields import setting_line
from torget.content.forum import display_path, load_forum
from torget.model import ContentError
from torget.settings.forum import ForumSettings
from torget_cli import main

SAMPLE = [
    "Avfall och återvinning", "Bygga och bo", "E-tjänster och inloggning", "Förskola och skola",
    "Gator, parker och trafik", "Kultur och fritid", "Omsorg och stöd",
]


def test_the_sample_declares_the_categories_its_threads_use():
    forum = load_forum(CONFIG.parent / "content")
    declared = ForumSettings.from_pelican(load_settings(CONFIG)).categories
    assert [c.name for c in declared] == SAMPLE
    assert all(c.description for c in declared)
    assert {t.category for t in forum.threads} == set(SAMPLE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ()),
        ({}, ()),
        (["Avfall", "Bygg"], (Category("Avfall"), Category("Bygg"))),
        ({"Avfall": "Sopor och  återvinning.", "Bygg": None},
         (Category("Avfall", "Sopor och återvinning."), Category("Bygg"))),
        ({"Avfall": {"description": "Sopor.", "slug": "sopor"}}, (Category("Avfall", "Sopor.", "sopor"),)),
    ],
)
def test_setting_forms(value, expected):
    assert read_categories(value) == (expected, [])


@pytest.mark.parametrize(
    ("value", "issue"),
    [
        ("Avfall", "must be a dict of category names (or a list of names), not str"),
        ({"Avfall": {"descripton": "x"}}, "Avfall: unknown keys ['descripton'] (expected: description, slug)"),
        ({"Avfall": {"slug": "Sopor!"}}, "Avfall: slug 'Sopor!' may only contain a-z, 0-9 and single '-'"),
        ({"Avfall": {}, "avfall": {}}, "'avfall' is declared twice (also as 'Avfall')"),
        ({"A": {"slug": "x"}, "B": {"slug": "x"}}, "B: slug 'x' is also the slug of 'A'"),
        ({"": {}}, "a category name must be a non-empty text, not ''"),
        ({"Avfall": 3}, "Avfall: expected a dict with description and slug, or a description text, not 3"),
    ],
)
def test_bad_settings_are_named(value, issue):
    assert issue in read_categories(value)[1]


def test_bad_setting_is_reported_at_its_line(tmp_path):
    config = tmp_path / "catconf.py"
    config.write_text('SITENAME = "x"\n\nTORGET_CATEGORIES = {"Avfall": {"slug": "Sopor!"}}\n', encoding="utf-8")
    with pytest.raises(ContentError) as error:
        ForumSettings.from_pelican({"TORGET_CATEGORIES": {"Avfall": {"slug": "Sopor!"}}}, str(config))
    assert str(error.value.problems[0]).startswith(f"{config}:3: TORGET_CATEGORIES: Avfall: slug 'Sopor!'")


@pytest.mark.parametrize(
    ("typed", "close"),
    [
        ("Avfal och återvinning", ["Avfall och återvinning"]),
        ("avfall och återvinning", ["Avfall och återvinning"]),
        ("Avfall och atervinning", ["Avfall och återvinning"]),
        ("Avfall", ["Avfall och återvinning"]),
        ("Förskola och skolor", ["Förskola och skola"]),
        ("Gator parker och trafik", ["Gator, parker och trafik"]),
        ("Miljö", []),
    ],
)
def test_did_you_mean(typed, close):
    assert suggestions(typed, SAMPLE) == close


def test_undeclared_categories_are_errors_at_their_line_and_nothing_when_none_are_declared(tmp_path):
    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(category="Avfal och återvinning"))
    write_thread(content, "b.md", thread_text(category="Avfall och återvinning"))
    broken = thread_text(category="Miljö").replace("Date: 2026-01-10 10:00", "Date: igår")
    write_thread(content, "c.md", broken)  # a file with other errors is still checked
    forum = load_forum(content)
    declared = [Category(name) for name in SAMPLE]
    problems = category_problems(declared, forum.claims, str(CONFIG))
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.is_error) for p in problems] == [("a.md", 4, True), ("c.md", 4, True)]
    # where to declare it: the settings file at the setting's line
    where = f"{display_path(CONFIG)}:{setting_line(str(CONFIG), 'TORGET_CATEGORIES')}"
    assert problems[0].message == (f"category 'Avfal och återvinning' is not declared in TORGET_CATEGORIES "
                                   f"({where}); did you mean 'Avfall och återvinning'?")
    assert problems[1].message == f"category 'Miljö' is not declared in TORGET_CATEGORIES ({where})"
    assert category_problems((), forum.claims) == []


def test_check_catches_a_misspelled_category(content_copy):
    write_thread(content_copy, "fel.md", thread_text(category="Avfal och återvinning"))
    result = CliRunner().invoke(main, ["check", "--config", str(CONFIG), "--content", str(content_copy), "--strict"])
    assert result.exit_code == 1
    # in the sample forum's language
    assert "fel.md:4: kategorin 'Avfal och återvinning' finns inte i TORGET_CATEGORIES" in result.output
    assert "menade du 'Avfall och återvinning'?" in result.output
    assert "1 fel, 0 varningar." in result.output


def test_category_page_shows_the_description_and_uses_the_declared_slug(tmp_path, content_copy):
    declared = {
        "Avfall och återvinning": {"description": "Sophämtning och återvinning i Ekbacka.", "slug": "sopor"},
        **{name: {} for name in SAMPLE[1:]},
    }
    site = build_into(tmp_path / "site", content_copy, SAMPLE_DATE, TORGET_CATEGORIES=declared)
    assert site.result.ok, site.result.problems
    page = site.html("category/sopor/")
    assert page.select_one("p.listing-description").get_text() == "Sophämtning och återvinning i Ekbacka."
    assert not (site.root / "category" / "avfall-och-atervinning").exists()
    assert site.html("category/bygga-och-bo/").select_one("p.listing-description") is None
    thread = next(p for p in (content_copy / "posts").glob("*.md") if "Category: Avfall och återvinning" in p.read_text())
    links = [a["href"] for a in site.html(f"posts/{thread.stem}/").select("a[href*='/category/']")]
    assert "/category/sopor/" in links


def test_category_settings_must_name_declared_categories():
    with pytest.raises(ContentError) as error:
        ForumSettings.from_pelican({"TORGET_CATEGORIES": SAMPLE,
                                    "TORGET_CATEGORY_SETTINGS": {"Kultur och fritd": {"old_after": "6 months"}}})
    assert ("TORGET_CATEGORY_SETTINGS: 'Kultur och fritd' is not declared in TORGET_CATEGORIES; "
            "did you mean 'Kultur och fritid'?") in str(error.value)
    assert ForumSettings.from_pelican({"TORGET_CATEGORY_SETTINGS": {"Vad som helst": {}}}).categories == ()
