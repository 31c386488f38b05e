"""Validators nobody in this project wrote, over the built sample forum.

- the W3C Nu HTML checker (``vnu-jar``, run with Java) over every page of
  the published build and the preview's /admin/: no error, no warning;
- html-validate's ``recommended`` preset (tools/validators/htmlvalidate.json,
  which lists the rules turned off and why): no error, no warning;
- the sitemaps.org XSD, as the ``sitemap`` npm package ships it, with lxml
  (no DTDs, no network): the published sitemap is valid, its addresses
  absolute;
- every Atom feed says its language (``xml:lang``);
- ``robots.txt`` names the sitemap and disallows only /admin/;
- axe-core on the preview's /admin/ page (the other page types are in
  test_browser.py and test_governance.py).

Each prints its figures (files, errors, warnings) with ``pytest -s``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from conftest import CONFIG, PUBLISHED_SITEURL, build_into
from validator_tools import TOOLS, install, java, run

#: One page of every type the forum publishes (relative to the output).
PAGE_TYPES = {
    "start": "index.html",
    "thread": "posts/glomt-losenord-e-tjanster/index.html",
    "unanswered thread": "posts/laddstolpar-vid-kommunhuset/index.html",
    "archived thread": "posts/nattparkering-vintern-2021/index.html",
    "faq": "faq/index.html",
    "faq entry": "faq/farligt-avfall/index.html",
    "category": "category/avfall-och-atervinning/index.html",
    "categories": "category/index.html",
    "type": "type/suggestion/index.html",
    "tag": "tag/bygglov/index.html",
    "tags": "tag/index.html",
    "page": "om-forumet/index.html",
    "accessibility statement": "tillganglighetsredogorelse/index.html",
    "statistics": "statistik/index.html",
    "search": "search/index.html",
    "404": "404.html",
}


#: Nu checker warnings accepted, with why: the statistics page's scrolling
#: tables are ``<section>`` regions (html-validate's prefer-native-element)
#: named by their table's caption; a heading of their own would repeat it.
NU_WARNINGS_ACCEPTED = [("statistik/index.html", "Section lacks heading.")]


@pytest.fixture(scope="module")
def tools() -> Path:
    return install()


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory):
    """The preview build (pelicanconf.py), which has the editor at /admin/."""
    site = build_into(tmp_path_factory.mktemp("preview") / "output", config=CONFIG)
    assert site.result.ok, site.result.problems
    return site


@pytest.fixture(scope="module")
def html_files(published_site, preview_site) -> list[Path]:
    files = published_site.files(".html")
    missing = [name for name, path in PAGE_TYPES.items() if not (published_site.root / path).is_file()]
    assert not missing, f"page types not built: {missing}"
    admin = preview_site.root / "admin" / "index.html"
    assert admin.is_file()
    assert len(files) > 100
    return [*files, admin]


def test_nu_html_checker_finds_nothing(tools, html_files, published_site):
    vnu = tools / "vnu-jar" / "build" / "dist" / "vnu.jar"
    css = published_site.files(".css")
    assert css
    done = run([java(), "-Xss8m", "-jar", str(vnu), "--format", "json", "--also-check-css",
                *map(str, html_files), *map(str, css)])
    messages = json.loads(done.stderr)["messages"]
    errors = [m for m in messages if m["type"] == "error"]
    warnings = [m for m in messages if m["type"] == "info" and m.get("subType") == "warning"]
    print(f"\nNu HTML checker: {len(html_files)} HTML and {len(css)} CSS files, "
          f"{len(errors)} errors, {len(warnings)} warnings")
    assert [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in errors] == []
    unexpected = [m for m in warnings if not any(m["url"].endswith(page) and m["message"].startswith(text)
                                                 for page, text in NU_WARNINGS_ACCEPTED)]
    assert [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in unexpected] == []
    assert len(warnings) <= 3


def test_html_validate_recommended_finds_nothing(tools, html_files, tmp_path):
    report = tmp_path / "html-validate.json"  # a file: node may cut a long stdout short at exit
    done = run([str(tools / ".bin" / "html-validate"), "--config", str(TOOLS / "htmlvalidate.json"),
                "--formatter", f"json={report}", *map(str, html_files)])
    results = json.loads(report.read_text("utf-8"))
    messages = [(r["filePath"], m) for r in results for m in r["messages"]]
    errors = [(f, m) for f, m in messages if m["severity"] == 2]
    print(f"\nhtml-validate (recommended): {len(html_files)} files, {len(errors)} errors, "
          f"{len(messages) - len(errors)} warnings")
    assert done.returncode in (0, 1), done.stderr
    assert [f"{f}:{m['line']}: {m['ruleId']}: {m['message']}" for f, m in messages] == []


def _xml(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(path), parser)


def test_sitemap_is_valid_against_the_sitemaps_org_schema(tools, published_site):
    schema = etree.XMLSchema(_xml(tools / "sitemap" / "schema" / "sitemap.xsd"))
    sitemap = _xml(published_site.root / "sitemap.xml")
    valid = schema.validate(sitemap)
    print(f"\nsitemaps.org XSD: 1 file, {len(schema.error_log)} errors")
    assert valid, [str(e) for e in schema.error_log]
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) > 50
    assert all(loc.startswith(PUBLISHED_SITEURL + "/") for loc in locs)


def test_schema_rejects_a_relative_sitemap_address(tools, tmp_path):
    """The schema used is strict enough to fail: a relative <loc> is refused."""
    schema = etree.XMLSchema(_xml(tools / "sitemap" / "schema" / "sitemap.xsd"))
    bad = tmp_path / "sitemap.xml"
    bad.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/posts/a/</loc></url></urlset>')
    assert not schema.validate(_xml(bad))


def test_every_atom_feed_says_its_language(published_site):
    feeds = published_site.files(".xml")
    feeds = [f for f in feeds if f.name.endswith(".atom.xml")]
    assert len(feeds) >= 8
    for feed in feeds:
        root = _xml(feed).getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv", feed


def test_robots_txt_names_the_sitemap_and_disallows_only_the_editor(published_site, preview_site):
    text = (published_site.root / "robots.txt").read_text("utf-8")
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules == ["User-agent: *", "Disallow: /admin/", f"Sitemap: {PUBLISHED_SITEURL}/sitemap.xml"]
    preview = (preview_site.root / "robots.txt").read_text("utf-8")
    assert "Sitemap:" not in [line.split(" ")[0] for line in preview.splitlines()]
    assert "Disallow: /admin/" in preview.splitlines()


def test_robots_txt_follows_a_site_in_a_folder(build):
    site = build(SITEURL="https://www.ekbacka.se/forum")
    rules = [line for line in (site.root / "robots.txt").read_text().splitlines() if line and line[0] != "#"]
    assert rules == ["User-agent: *", "Disallow: /forum/admin/", "Sitemap: https://www.ekbacka.se/forum/sitemap.xml"]


def test_sitemap_lists_what_residents_should_land_on(published_site):
    locs = {loc.text.removeprefix(PUBLISHED_SITEURL) for loc in
            _xml(published_site.root / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for wanted in ("/", "/faq/", "/faq/farligt-avfall/", "/category/avfall-och-atervinning/",
                   "/posts/glomt-losenord-e-tjanster/", "/om-forumet/", "/tillganglighetsredogorelse/"):
        assert wanted in locs
    for unwanted in ("/posts/nattparkering-vintern-2021/", "/search/", "/statistik/", "/category/", "/tag/bygglov/",
                     "/type/suggestion/", "/404.html", "/admin/"):
        assert unwanted not in locs
    assert not [loc for loc in locs if "/sida/" in loc]


@pytest.mark.browser
def test_axe_on_the_editor_page(page, preview_site, serve):
    from test_browser import axe_violations

    page.goto(serve(preview_site.root) + "/admin/")
    page.wait_for_load_state("networkidle")
    # the login screen, not Decap's "Error loading the CMS configuration"
    page.get_by_role("button", name="Logga in").wait_for(timeout=20_000)
    assert axe_violations(page) == []
