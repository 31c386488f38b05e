"""Content folders come from ``ARTICLE_PATHS``, ``TORGET_FAQ_PATHS`` and
``PAGE_PATHS``: a forum whose folders have other names checks, builds,
shows up in the editor and is found by ``torget forget`` as the sample is."""

from __future__ import annotations

from pathlib import Path

import json
from click.testing import CliRunner

from test_settings import project
from torget.build.run import STAMP_FILES
from torget.content.folders import ContentFolders
from torget.content.forum import content_files
from torget.model import Kind
from torget_cli import main

FOLDERS = {"ARTICLE_PATHS": '["fragor", "vanliga/fragor"]', "TORGET_FAQ_PATHS": '["vanliga/fragor"]',
           "PAGE_PATHS": '["sidor"]'}


def _renamed(folder: Path) -> Path:
    """The sample project with posts/ as fragor/, faq/ as vanliga/fragor/ and pages/ as sidor/."""
    project(folder, **FOLDERS)
    content = folder / "content"
    (content / "vanliga").mkdir()
    (content / "faq").rename(content / "vanliga" / "fragor")
    (content / "posts").rename(content / "fragor")
    (content / "pages").rename(content / "sidor")
    for page in (content / "sidor").glob("*.md"):  # links name the files where they now are
        page.write_text(page.read_text(encoding="utf-8").replace("{filename}/pages/", "{filename}/sidor/"), encoding="utf-8")
    return folder


def _run(folder: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--config", str(folder / "pelicanconf.py")])


def test_a_forum_with_its_own_folder_names_checks_and_builds_as_the_sample(tmp_path, monkeypatch):
    folder = _renamed(tmp_path / "forum")
    monkeypatch.chdir(folder)
    check = _run(folder, "check")
    assert check.exit_code == 0 and "0 fel, 0 varningar" in check.output, check.output

    build = _run(folder, "build", "--output", "public", "--date", "2026-11-20")
    assert build.exit_code == 0, build.output
    sample = project(tmp_path / "sample")
    monkeypatch.chdir(sample)
    assert _run(sample, "build", "--output", "public", "--date", "2026-11-20").exit_code == 0
    site = folder / "public"

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    built, expected = files(site), files(sample / "public")
    assert len(expected) > 100 and "faq/ansoka-om-skolskjuts/index.html" in expected
    assert built.keys() == expected.keys()
    differ = sorted(name for name in built if built[name] != expected[name] and name not in STAMP_FILES)
    assert differ == ["admin/config.yml"]  # the same site; only the editor's folders differ
    text = (site / "admin" / "config.yml").read_text(encoding="utf-8")
    config = json.loads("\n".join(line for line in text.splitlines() if not line.startswith("#")))
    collections = {c["name"]: c["folder"] for c in config["collections"]}
    assert collections == {"threads": "content/fragor", "faq": "content/vanliga/fragor", "pages": "content/sidor"}


def test_check_reads_the_named_folders_and_not_the_sample_ones(tmp_path, monkeypatch):
    folder = _renamed(tmp_path / "forum")
    monkeypatch.chdir(folder)
    stray = folder / "content" / "posts" / "glomd.md"  # posts/ is no content folder of this forum
    stray.parent.mkdir()
    stray.write_text("Title: Glömd\n", encoding="utf-8")
    broken = folder / "content" / "fragor" / "trasig.md"
    broken.write_text("Title: Trasig\n", encoding="utf-8")
    check = _run(folder, "check")
    assert check.exit_code == 1
    assert "content/fragor/trasig.md:" in check.output and "glomd" not in check.output


def test_forget_finds_a_faq_entry_in_its_folder_and_names_its_address(tmp_path, monkeypatch):
    folder = _renamed(tmp_path / "forum")
    monkeypatch.chdir(folder)
    entry = sorted((folder / "content" / "vanliga" / "fragor").glob("*.md"))[0]
    done = _run(folder, "forget", "--dry-run", entry.stem)
    assert done.exit_code == 0, done.output
    assert f"faq/{entry.stem}/" in done.output and "vanliga/fragor" in done.output


def test_the_deepest_named_folder_decides_the_kind(tmp_path):
    folders = ContentFolders(tmp_path, threads=("forum",), faq=("forum/faq",), pages=("forum/sidor",))
    for name in ("forum/a.md", "forum/faq/b.md", "forum/sidor/c.md", "forum/faq/x/d.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Title: x\n", encoding="utf-8")
    assert folders.kind_of(tmp_path / "forum" / "a.md") is Kind.THREAD
    assert folders.kind_of(tmp_path / "forum" / "faq" / "x" / "d.md") is Kind.FAQ
    assert folders.kind_of(tmp_path / "forum" / "sidor" / "c.md") is None
    assert folders.kind_of(tmp_path / "annat" / "e.md") is None
    found = content_files(folders)
    assert [(p.relative_to(tmp_path).as_posix(), k) for p, k in found.threads] == [
        ("forum/a.md", Kind.THREAD), ("forum/faq/b.md", Kind.FAQ), ("forum/faq/x/d.md", Kind.FAQ)]
    assert [p.relative_to(tmp_path).as_posix() for p in found.pages] == ["forum/sidor/c.md"]


def test_the_export_names_posts_and_faq_and_imports_into_the_forums_own_folders(tmp_path, monkeypatch):
    folder = _renamed(tmp_path / "forum")
    sample = project(tmp_path / "sample")
    for forum in (folder, sample):
        monkeypatch.chdir(forum)
        done = _run(forum, "export", "--out", "export")
        assert done.exit_code == 0, done.output
    # the export format names the folders posts/ and faq/, whatever the forum calls them
    assert (folder / "export" / "forum.json").read_bytes() == (sample / "export" / "forum.json").read_bytes()

    monkeypatch.chdir(folder)
    target = folder / "ny"
    done = CliRunner().invoke(main, ["import", "export", "--config", str(folder / "pelicanconf.py"), "--content",
                                     str(target), str(sample / "export")])
    assert done.exit_code == 0, done.output
    imported = {p.relative_to(target).parts[0] for p in target.rglob("*.md")}
    assert imported == {"fragor", "vanliga"} and any((target / "vanliga" / "fragor").glob("*.md"))
