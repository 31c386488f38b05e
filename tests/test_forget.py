"""torget forget: taking a thread or a text back, from the content and the git history.

Every test works on a throwaway git repository in a temporary folder: a
copy of the sample forum and its settings, committed, then a commit with a
thread that holds a personal identity number (in two notations, also in
the commit message), a tag and a second branch.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CONFIG, ROOT, SAMPLE_CONTENT, build_into
from torget.content.removal import RemovedPage, read_removed
from torget.settings.forum import ForumSettings
from torget.settingsfile.assign import add_to_list
from torget_cli import main

NUMBER = "811218-9876"
OTHER_NOTATION = "19811218 9876"
SLUG = "mitt-arende"
THREAD = f"""Title: Hur går det med mitt ärende om hemtjänst?
Date: 2026-03-02 10:00
Type: question
Category: Omsorg och stöd
Author: Karin

Mitt personnummer är {NUMBER}, kan ni se hur det går?
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """The sample forum in a new git repository, with a slip committed (in a file renamed since); the working folder."""
    for name, value in {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Redaktör",
                        "GIT_AUTHOR_EMAIL": "redaktor@example.org", "GIT_COMMITTER_NAME": "Redaktör",
                        "GIT_COMMITTER_EMAIL": "redaktor@example.org"}.items():
        monkeypatch.setenv(name, value)
    root = tmp_path / "forum"
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    config = CONFIG.read_text(encoding="utf-8")
    config += f"\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nTHEME = {str(ROOT / 'theme')!r}\n"
    (root / "pelicanconf.py").write_text(config, encoding="utf-8")
    (root / ".gitignore").write_text("output/\n.cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Exempelforumet")
    (root / "content" / "posts" / "karin.md").write_text(THREAD, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Fråga från Karin ({NUMBER})")
    git(root, "tag", "v1")
    git(root, "branch", "arkiv")
    git(root, "mv", "content/posts/karin.md", f"content/posts/{SLUG}.md")
    git(root, "commit", "-q", "-m", "Byt namn")
    thread = root / "content" / "posts" / f"{SLUG}.md"
    thread.write_text(THREAD.replace("?\n", f"? Eller {OTHER_NOTATION}.\n"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Fler uppgifter")
    monkeypatch.chdir(root)
    return root


def forget(*args: str):
    return CliRunner().invoke(main, ["forget", *args])


def history(repo: Path) -> str:
    return git(repo, "log", "-p", "--all")


def test_the_slip_is_in_the_history_before(repo):
    """The check below can fail: before, the number is in the history in both notations."""
    text = history(repo)
    assert NUMBER in text and OTHER_NOTATION in text


def test_history_text_is_in_no_commit_afterwards(repo):
    result = forget("--text", NUMBER, "--history", "--yes")
    assert result.exit_code == 0, result.output
    text = history(repo)
    assert NUMBER not in text and OTHER_NOTATION not in text and "9876" not in text
    assert "[borttaget]" in text
    # Every branch and the tag were rewritten; nothing is left to commit.
    assert NUMBER not in git(repo, "show", "v1") + git(repo, "show", "arkiv")
    assert git(repo, "status", "--porcelain") == ""
    assert "[borttaget]" in (repo / "content" / "posts" / f"{SLUG}.md").read_text(encoding="utf-8")
    # The report never repeats the number, and says what to push.
    assert NUMBER not in result.output and "811218-****" in result.output and "19811218 ****" in result.output
    for line in ("git push --force --all origin", "git push --force --tags origin", "klona om",
                 "https://forum.ekbacka.se/posts/mitt-arende/", "Google Search Console"):
        assert line in result.output


def test_the_printed_push_leaves_the_server_without_the_text(repo, tmp_path):
    server = tmp_path / "server.git"
    git(repo, "clone", "-q", "--bare", str(repo), str(server))
    git(repo, "remote", "add", "origin", str(server))
    git(repo, "fetch", "-q", "origin")
    assert NUMBER in git(server, "log", "-p", "--all")
    result = forget("--text", NUMBER, "--history", "--yes")
    assert result.exit_code == 0, result.output
    assert "origin saknas" not in result.output and "arkivet har ingen origin" not in result.output
    pushes = [line.split() for line in result.output.splitlines() if line.strip().startswith("git push")]
    assert pushes == [["git", "push", "--force", "--all", "origin"], ["git", "push", "--force", "--tags", "origin"]]
    for push in pushes:
        git(repo, *push[1:])
    assert NUMBER not in git(server, "log", "-p", "--all") and OTHER_NOTATION not in git(server, "log", "-p", "--all")
    assert git(server, "rev-parse", "v1") == git(repo, "rev-parse", "v1")


def test_history_file_is_in_no_commit_and_its_address_is_listed(repo):
    result = forget(SLUG, "--history", "--yes")
    assert result.exit_code == 0, result.output
    names = git(repo, "log", "--all", "--name-only", "--format=")
    assert f"posts/{SLUG}.md" not in names and "posts/karin.md" not in names  # its first name too
    assert "posts/glomt-losenord-e-tjanster.md" in names
    assert "Mitt personnummer" not in history(repo)
    assert not (repo / "content" / "posts" / f"{SLUG}.md").exists()
    assert runpy.run_path(str(repo / "pelicanconf.py"))["TORGET_REMOVED"] == [f"posts/{SLUG}/"]
    assert "Adressen /posts/mitt-arende/ är tillagd i TORGET_REMOVED (pelicanconf.py:" in result.output
    assert git(repo, "status", "--porcelain").split() == ["M", "pelicanconf.py"]


def test_without_history_only_the_content_changes(repo):
    head = git(repo, "rev-parse", "HEAD")
    cache = repo / ".cache" / "pelican"
    cache.mkdir(parents=True)
    for name in ("ArticlesGenerator-Readers", "torget-parse.pickle", "annat.txt"):
        (cache / name).write_text(NUMBER, encoding="utf-8")
    result = forget(f"content/posts/{SLUG}.md", "--yes")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in cache.iterdir()) == ["annat.txt"]  # the build cache held the thread
    assert "Torgets byggcache: tömd här (.cache/pelican)." in result.output
    assert not (repo / "content" / "posts" / f"{SLUG}.md").exists()
    assert git(repo, "rev-parse", "HEAD") == head and NUMBER in history(repo)
    assert "finns kvar i git-historiken" in result.output
    assert 'git commit -m "Ta bort innehåll på begäran (torget forget)"' in result.output
    result = forget("--text", "glömt lösenordet", "--yes")
    assert result.exit_code == 0, result.output
    assert "Ersatt med [borttaget] (" in result.output


def test_dry_run_changes_nothing(repo):
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    result = forget(SLUG, "--text", NUMBER, "--history", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Provkörning (--dry-run): ingenting har ändrats." in result.output
    assert "  filen content/posts/mitt-arende.md (adressen /posts/mitt-arende/)" in result.output
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts} == before
    assert NUMBER in history(repo)


def _no_filter_repo(monkeypatch, folder: Path):
    """git-filter-repo neither beside this Python nor on PATH (git still is)."""
    monkeypatch.setattr("sys.executable", str(folder / "python"))
    monkeypatch.setenv("PATH", str(Path(shutil.which("git")).parent))
    assert shutil.which("git-filter-repo") is None


@pytest.mark.parametrize(
    ("args", "prepare", "message"),
    [
        (["okand-trad"], None, "okand-trad: ingen tråd eller vanlig fråga med den sökvägen eller sluggen i "),
        (["content/pages/regler.md"], None, "content/pages/regler.md: är en sida, inte en tråd eller vanlig fråga"),
        ([], None, "ange en tråd (SÖKVÄG eller SLUG) eller --text TEXT"),
        (["--text", "ab"], None, "--text a*: för kort, minst 4 tecken"),
        (["--text", NUMBER, "--replacement", "rad\nrad"], None, "--replacement: får inte innehålla radbrytningar"),
        (["--text", "finns-inte-någonstans"], None, "--text fi************: finns inte i innehållet"),
        (["--text", "finns-inte-någonstans", "--history"], None, "finns inte i innehållet eller i git-historiken"),
        ([SLUG, "--history"], "dirty", "git-arkivet har 1 ändringar som inte är committade (content/posts/ny.md)"),
        ([SLUG, "--history"], "no-filter-repo", "git-filter-repo saknas; installera det med: pip install git-filter-repo"),
        ([SLUG, "--history"], "no-git-repo", "ligger inte i ett git-arkiv, så det finns ingen historik att skriva om"),
        ([SLUG, "--history"], None, "ingenting har ändrats: bekräfta med --yes"),
    ],
)
def test_errors_are_one_clear_line_and_change_nothing(repo, monkeypatch, args, prepare, message):
    if prepare == "dirty":
        (repo / "content" / "posts" / "ny.md").write_text(THREAD, encoding="utf-8")
    elif prepare == "no-filter-repo":
        _no_filter_repo(monkeypatch, repo.parent)
    elif prepare == "no-git-repo":
        shutil.rmtree(repo / ".git")
    head = git(repo, "rev-parse", "HEAD") if (repo / ".git").exists() else ""
    result = forget(*args)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    last = result.output.strip().splitlines()[-1]
    assert message in last, result.output
    assert "Traceback" not in result.output and "Error" not in result.output
    assert (repo / "content" / "posts" / f"{SLUG}.md").exists()
    if head:
        assert git(repo, "rev-parse", "HEAD") == head


def test_english_forum_speaks_english(repo):
    config = repo / "pelicanconf.py"
    config.write_text(config.read_text(encoding="utf-8").replace('DEFAULT_LANG = "sv"', 'DEFAULT_LANG = "en"'),
                      encoding="utf-8")
    result = forget("okand-trad")
    assert result.output.startswith("okand-trad: no thread or FAQ entry with this path or slug in ")
    result = forget("--text", NUMBER, "--dry-run")
    assert "the text 811218-****, replaced with [removed], in:" in result.output


# --- the removed thread's page ------------------------------------------------


@pytest.fixture(scope="module")
def removed_site(tmp_path_factory):
    """The sample forum with one thread removed by ``torget forget``, built."""
    root = tmp_path_factory.mktemp("removed")
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    config = root / "pelicanconf.py"
    config.write_text(CONFIG.read_text(encoding="utf-8") + f"\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
                      f"THEME = {str(ROOT / 'theme')!r}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["forget", "glomt-losenord-e-tjanster", "--yes", "--config", str(config),
                                       "--content", str(content)])
    assert result.exit_code == 0, result.output
    site = build_into(root / "output", content, config=config)
    assert site.result.ok, (site.result.problems, site.result.log_errors)
    return site


def test_removed_address_shows_the_swedish_page(removed_site):
    page = removed_site.html("posts/glomt-losenord-e-tjanster/")
    assert page.h1.get_text() == "Tråden har tagits bort"
    assert page.title.get_text() == "Tråden har tagits bort – Fråga Ekbacka"
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert "Ekbacka kommun har tagit bort tråden som fanns på den här adressen" in page.main.get_text()
    links = {a.get_text(): a["href"] for a in page.select(".removed-links a")}
    assert links == {"Sök i forumet": "/search/", "Till startsidan": "/"}
    assert "Ställ en fråga" in page.find(id="fraga").get_text()  # the way to ask, below the text
    # Nothing inline: the strict Content-Security-Policy holds (docs/deploying.md).
    assert not page.select("[style], style") and all(script.get("src") for script in page.find_all("script"))


def test_removed_address_is_in_no_listing_feed_sitemap_or_search(removed_site):
    own = removed_site.root / "posts" / "glomt-losenord-e-tjanster" / "index.html"
    named = [str(p.relative_to(removed_site.root)) for p in removed_site.files(".html", ".xml", ".json", ".js")
             if p != own and "glomt-losenord-e-tjanster" in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*",
                                                                     p.read_text(encoding="utf-8"))]
    assert named == []
    assert (removed_site.root / "sitemap.xml").is_file()
    assert "/posts/gatlampa-trasig-vid-skolan/" in (removed_site.root / "sitemap.xml").read_text(encoding="utf-8")


def test_a_removed_address_that_is_still_a_thread_fails_the_build(tmp_path):
    site = build_into(tmp_path / "output", SAMPLE_CONTENT, TORGET_REMOVED=["posts/glomt-losenord-e-tjanster/"])
    assert not site.result.ok
    [error] = site.result.log_errors
    assert re.fullmatch(r"pelicanconf\.py:\d+: TORGET_REMOVED: 'posts/glomt-losenord-e-tjanster/' är fortfarande "
                        r"adressen till \S*content/posts/glomt-losenord-e-tjanster\.md; ta bort filen \(torget forget\) "
                        r"eller adressen ur listan", error), error


# --- the setting and the settings file -------------------------------------------


def test_setting_reads_addresses_and_refuses_others():
    pages, issues = read_removed(["posts/a/", "/faq/b/", "gammal.html"])
    assert pages == (RemovedPage("posts/a/"), RemovedPage("faq/b/"), RemovedPage("gammal.html"))
    assert [p.save_as for p in pages] == ["posts/a/index.html", "faq/b/index.html", "gammal.html"]
    _, issues = read_removed(["../a/", "https://x.se/a/", "posts/a/?x=1", "", 3, "posts/a/", "posts/a/"])
    assert len(issues) == 6 and issues[-1] == "'posts/a/' is listed twice"
    assert read_removed("posts/a/")[1] == ["must be a list of addresses such as \"posts/<slug>/\", not 'posts/a/'"]
    assert ForumSettings.from_pelican({"TORGET_REMOVED": ["posts/a/"]}).removed == (RemovedPage("posts/a/"),)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("A = 1\n", ["posts/x/"]),
        ("TORGET_REMOVED = []\n", ["posts/x/"]),
        ('TORGET_REMOVED = ["a/"]\n', ["a/", "posts/x/"]),
        ('TORGET_REMOVED = ["a/",]  # kommentar\n', ["a/", "posts/x/"]),
        ('TORGET_REMOVED = [\n    "a/",\n]\nB = 2\n', ["a/", "posts/x/"]),
        ('TORGET_REMOVED = [\n    "a/"\n]\n', ["a/", "posts/x/"]),
        ("TORGET_REMOVED = OTHER\n", None),
        ("from elsewhere import TORGET_REMOVED\n", None),
        ('TORGET_REMOVED = ["a/"]\nTORGET_REMOVED += ["b/"]\n', None),
        ("TORGET_REMOVED = [\n", None),
    ],
)
def test_add_to_list_only_where_safe(tmp_path, before, after):
    config = tmp_path / "conf.py"
    config.write_text(before, encoding="utf-8")
    assert add_to_list(config, "TORGET_REMOVED", "posts/x/") is (after is not None)
    if after is None:
        assert config.read_text(encoding="utf-8") == before
    else:
        assert runpy.run_path(str(config))["TORGET_REMOVED"] == after


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_removed_page_has_no_axe_violations(removed_site, serve, browser, width):
    from test_browser import axe_violations

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(serve(removed_site.root) + "/posts/glomt-losenord-e-tjanster/")
    assert page.locator("h1").inner_text() == "Tråden har tagits bort"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    shots = os.environ.get("TORGET_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / f"removed-{width}.png"), full_page=True)
    context.close()


def test_an_address_is_not_added_where_it_is_not_safe_but_the_line_is_printed(repo):
    config = repo / "pelicanconf.py"
    config.write_text(config.read_text(encoding="utf-8").replace("TORGET_REMOVED = []", 'TORGET_REMOVED = list(("x/",))'),
                      encoding="utf-8")
    before = config.read_bytes()
    result = forget(SLUG, "--yes")
    assert result.exit_code == 0, result.output
    assert config.read_bytes() == before
    line = next(n for n, text in enumerate(before.decode().splitlines(), 1) if text.startswith("TORGET_REMOVED"))
    assert (f"Lägg till adressen i TORGET_REMOVED i pelicanconf.py (rad {line}), så visas sidan ”Tråden har tagits "
            f"bort” där i stället för 404:\n    \"posts/{SLUG}/\",\n") in result.output
