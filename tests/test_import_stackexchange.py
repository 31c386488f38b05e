"""torget import stackexchange: the whole shared corpus, and small dumps made here.

The shared corpus is ``../shared/corpus/stackexchange/`` beside the
checkout, or ``$TORGET_CORPUS`` (:func:`torget_dev.corpus.corpus_path`, as for
the benchmark and the other corpus tests); the counts below are that
corpus's.
"""

from __future__ import annotations

import os
import re
import runpy
from pathlib import Path

import pytest
from click.testing import CliRunner

from torget_dev.corpus import corpus_path, make_forum
from torget.content.forum import load_forum
from torget.importers.stackexchange import import_stackexchange, parse_tags, site_prefix
from torget.model import ThreadType
from torget.format.parsing import SLUG
from torget_cli import main

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "pelicanconf.py"
#: From the corpus README: questions and answers per site.
SITES = {
    "ai.stackexchange.com": (421, 749),
    "beer.stackexchange.com": (663, 1572),
    "datascience.meta.stackexchange.com": (257, 341),
    "french.meta.stackexchange.com": (274, 487),
    "history.meta.stackexchange.com": (556, 1095),
    "matheducators.stackexchange.com": (397, 1507),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    dumps = corpus_path()
    if not dumps.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{dumps} is missing: CI must have shared/ beside the checkout (or set TORGET_CORPUS)")
        pytest.skip(f"{dumps} is not here (set TORGET_CORPUS to the corpus folder)")
    content = tmp_path_factory.mktemp("corpus") / "content"
    result = import_stackexchange(dumps, content)
    return content, result, load_forum(content)


def test_the_whole_corpus_imports(corpus):
    content, result, forum = corpus
    assert str(result.summary) == "2568 imported, 0 updated, 0 unchanged, 0 skipped, 0 errors"
    assert all(not p.is_error for p in result.problems)
    assert forum.problems == ()  # every file is valid, without even a warning
    assert len(forum.threads) == sum(q for q, _ in SITES.values())
    for site, (questions, answers) in SITES.items():
        threads = [t for t in forum.threads if t.category == site]
        assert (len(threads), sum(len(t.replies) for t in threads)) == (questions, answers), site
    assert sum(1 for t in forum.threads if t.accepted_reply) == 1161
    assert sum(t.locked for t in forum.threads) == 145
    slugs = [t.slug for t in forum.threads]
    assert len(set(slugs)) == len(slugs)
    assert all(SLUG.match(s) and len(s) <= 60 for s in slugs)


def test_every_thread_is_attributed(corpus):
    _, _, forum = corpus
    for thread in forum.threads:
        extra = dict(thread.extra)
        ident = re.search(r"-(\d+)(-|$)", thread.slug).group(1)
        assert extra["Source-Url"] == f"https://{thread.category}/questions/{ident}"
        assert re.fullmatch(r"CC BY-SA (2\.5|3\.0|4\.0)(, CC BY-SA (2\.5|3\.0|4\.0))*", extra["Source-License"])
        assert f"]({extra['Source-Url']}), asked by" in thread.body  # the visible line
        assert "https://creativecommons.org/licenses/by-sa/" in thread.body


def test_fields_are_mapped(corpus):
    content, _, forum = corpus
    backprop = forum.find("ai-1-what-is-backprop")
    assert backprop.title == 'What is "backprop"?'
    assert (backprop.votes, backprop.views, backprop.tags) == (5, 154, ("neural-networks", "definitions"))
    assert str(backprop.date) == "2016-08-02 17:39:14+02:00"  # UTC in the dump, site time in the file
    assert str(backprop.modified) == "2016-08-18 15:20:02+02:00"  # LastActivityDate
    assert backprop.replies[0].accepted and backprop.replies[0].author == "user4"
    assert [r.accepted for r in backprop.replies].count(True) == 1
    assert "**Comments**" in backprop.body and "user177 (2016-08-23 01:32:32): Same." in backprop.body
    assert "licensed under [CC BY-SA 3.0](https://creativecommons.org/licenses/by-sa/3.0/)" in backprop.body

    tex = forum.find("datascience-meta-6-can-we-get-tex-support")  # |a|b| tags, ContentLicense given
    assert tex.tags == ("feature-request", "status-completed")
    assert tex.type is ThreadType.SUGGESTION
    assert dict(tex.extra)["Source-License"] == "CC BY-SA 3.0"
    assert {t.type for t in forum.threads if "bug" in t.tags} == {ThreadType.PROBLEM}

    closed = [t for t in forum.threads if t.locked]
    assert all("Source-Closed" in dict(t.extra) for t in closed)
    negative = [t for t in forum.threads if "Source-Score" in dict(t.extra)]
    assert len(negative) == 62 and all(t.votes == 0 and int(dict(t.extra)["Source-Score"]) < 0 for t in negative)
    assert {p.name for p in (content / "posts").iterdir()} == {
        "ai", "beer", "datascience-meta", "french-meta", "history-meta", "matheducators"}


def test_dump_traits_are_reported_not_fatal(corpus):
    _, result, _ = corpus
    messages = [p.message for p in result.problems]
    assert len(messages) == 6  # one note per site: tag wikis are not threads
    assert all(m.startswith("posts that are not questions or answers") for m in messages)


def test_tag_notations_and_site_names():
    assert parse_tags("<neural-networks><definitions>") == ("neural-networks", "definitions")
    assert parse_tags("|feature-request|status-completed|") == ("feature-request", "status-completed")
    assert parse_tags("") == ()
    assert site_prefix("datascience.meta.stackexchange.com") == "datascience-meta"
    assert site_prefix("ai.stackexchange.com") == "ai"
    assert site_prefix("stackoverflow.com") == "stackoverflow"


# --- small dumps ---------------------------------------------------------------
BOM = "\ufeff"
POSTS = BOM + """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE posts SYSTEM 'posts.dtd'>
<posts>
  <row Id="10" PostTypeId="1" AcceptedAnswerId="12" CreationDate="2019-06-01T08:00:00.123" Score="-2" ViewCount="40" Body="&lt;p&gt;How do I &lt;b&gt;sort&lt;/b&gt; recycling?&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;" OwnerUserId="7" LastActivityDate="2019-06-03T10:00:00.000" Title="Sorting   recycling" Tags="|recycling|sorting|" AnswerCount="2" CommentCount="1" ClosedDate="2019-06-04T00:00:00.000" ContentLicense="CC BY-SA 3.0" />
  <row Id="11" PostTypeId="2" ParentId="10" CreationDate="2019-06-01T09:00:00.000" Score="1" Body="&lt;p&gt;Rinse it first.&lt;/p&gt;" OwnerDisplayName="Guest" LastActivityDate="2019-06-01T09:00:00.000" ContentLicense="CC BY-SA 4.0" />
  <row Id="12" PostTypeId="2" ParentId="10" CreationDate="2019-06-02T09:00:00.000" Score="5" Body="&lt;p&gt;See &lt;a href=&quot;/questions/3&quot;&gt;this&lt;/a&gt;.&lt;/p&gt;" OwnerUserId="8" LastActivityDate="2019-06-02T09:00:00.000" />
  <row Id="13" PostTypeId="2" ParentId="99" CreationDate="2019-06-02T09:00:00.000" Score="0" Body="&lt;p&gt;Orphan.&lt;/p&gt;" OwnerUserId="8" />
  <row Id="14" PostTypeId="1" CreationDate="2019-07-01T08:00:00.000" Score="0" Body="&lt;p&gt;No title.&lt;/p&gt;" OwnerUserId="7" Tags="&lt;x&gt;" />
  <row Id="15" PostTypeId="2" ParentId="10" CreationDate="2019-06-05T09:00:00.000" Score="0" Body="" OwnerUserId="-1" />
  <row Id="16" PostTypeId="1" CreationDate="2010-01-01T08:00:00.000" Score="3" Body="&lt;p&gt;Old question.&lt;/p&gt;" OwnerUserId="-1" Title="Old" Tags="&lt;history&gt;&lt;bug&gt;" />
  <row Id="17" PostTypeId="4" CreationDate="2019-06-01T08:00:00.000" Score="0" Body="" />
</posts>
"""
COMMENTS = BOM + """<?xml version="1.0" encoding="utf-8"?>
<comments>
  <row Id="1" PostId="10" Score="0" Text="Which [bin](https://example.org/bins)? &lt;script&gt;x&lt;/script&gt;" CreationDate="2019-06-01T08:30:00.000" UserId="8" />
  <row Id="2" PostId="12" Score="0" Text="Thanks!" CreationDate="2019-06-02T10:00:00.000" UserDisplayName="Anna" />
  <row Id="3" PostId="404" Score="0" Text="On a missing post" CreationDate="2019-06-02T10:00:00.000" UserId="8" />
</comments>
"""
USERS = """<?xml version="1.0" encoding="utf-8"?>
<users>
  <row Id="7" DisplayName="Kim" />
  <row Id="8" DisplayName="Robin" />
</users>
"""


def make_dump(folder: Path, posts: str = POSTS, comments: str | None = COMMENTS, users: str | None = USERS) -> Path:
    folder.mkdir(parents=True)
    (folder / "Posts.xml").write_text(posts, encoding="utf-8")
    if comments is not None:
        (folder / "Comments.xml").write_text(comments, encoding="utf-8")
    if users is not None:
        (folder / "Users.xml").write_text(users, encoding="utf-8")
    return folder


def test_small_dump(tmp_path):
    dump = make_dump(tmp_path / "recycling.stackexchange.com")
    result = import_stackexchange(dump, tmp_path / "content")
    assert str(result.summary) == "2 imported, 0 updated, 0 unchanged, 1 skipped, 2 errors"
    found = {(Path(p.path).name, p.line, p.message) for p in result.problems}
    assert found == {
        ("Posts.xml", 7, "orphan answer 13 skipped: its question 99 is not in the dump"),
        ("Posts.xml", 8, "question 14 has no Title"),
        ("Posts.xml", 9, "answer 15 has no text; the answer is left out"),
        ("Posts.xml", 1, "posts that are not questions or answers (tag wikis and the like) are not imported: 1 of PostTypeId 4"),
        ("Comments.xml", 1, "1 comments on posts that are not imported (tag wikis, missing posts) are left out"),
    }
    forum = load_forum(tmp_path / "content")
    assert forum.problems == ()
    thread = forum.find("recycling-10-sorting-recycling")
    assert thread.source_path.endswith("posts/recycling/recycling-10-sorting-recycling.md")
    assert (thread.title, thread.author, thread.votes, thread.views, thread.locked) == ("Sorting recycling", "Kim", 0, 40, True)
    assert thread.tags == ("recycling", "sorting")
    assert dict(thread.extra)["Source-Score"] == "-2"
    assert dict(thread.extra)["Source-License"] == "CC BY-SA 3.0, CC BY-SA 4.0"  # answer 12 has none: by its date
    assert "licensed under [CC BY-SA 3.0](https://creativecommons.org/licenses/by-sa/3.0/) and [CC BY-SA 4.0](" in thread.body
    assert [(r.author, r.accepted) for r in thread.replies] == [("Guest", False), ("Robin", True)]
    assert "[this](https://recycling.stackexchange.com/questions/3)" in thread.replies[1].body
    assert "Anna (2019-06-02 12:00): Thanks!" in thread.replies[1].body
    assert "Robin (2019-06-01 10:30): Which [bin](https://example.org/bins)? &lt;script>x&lt;/script>" in thread.body
    assert "alert" not in thread.body
    old = forum.find("recycling-16-old")
    assert (old.author, old.type, dict(old.extra)["Source-License"]) == ("Community", ThreadType.PROBLEM, "CC BY-SA 2.5")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE posts [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE posts [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE posts SYSTEM "http://127.0.0.1:9/posts.dtd" [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x">%remote;]>',
    ],
)
def test_entities_are_never_resolved(tmp_path, doctype):
    posts = POSTS.replace("<!DOCTYPE posts SYSTEM 'posts.dtd'>", doctype).replace("How do I", "&xxe; &b; How do I")
    dump = make_dump(tmp_path / "x.stackexchange.com", posts, None, None)
    result = import_stackexchange(dump, tmp_path / "content")
    assert result.summary.imported == 0 and not result.ok
    [error] = [p for p in result.problems if p.is_error]
    assert error.line == 2 and "declares a DTD internal subset" in error.message
    assert not (tmp_path / "content").exists()


def test_malformed_xml_keeps_the_rows_before(tmp_path):
    lines = POSTS.splitlines()
    lines.insert(10, "  <row Id=broken")
    dump = make_dump(tmp_path / "x.stackexchange.com", "\n".join(lines), None, None)
    result = import_stackexchange(dump, tmp_path / "content")
    [error] = [p for p in result.problems if p.message.startswith("malformed XML")]
    assert error.line == 11
    assert result.summary.imported == 2


def test_cli_is_idempotent_and_keeps_hand_edits(tmp_path):
    dump = make_dump(tmp_path / "dump", comments=None)
    content = tmp_path / "content"
    runner = CliRunner()
    command = ["import", "stackexchange", str(dump), "--site", "recycling.stackexchange.com",
               "--config", str(CONFIG), "--content", str(content)]
    first = runner.invoke(main, command)
    assert first.exit_code == 1  # question 14 and answer 15 are errors
    assert "Posts.xml:8: frågan 14 saknar Title" in first.output  # the sample forum is Swedish
    files = {p: p.read_bytes() for p in content.rglob("*.md")}
    assert len(files) == 2 and all("recycling-" in p.name for p in files)

    second = runner.invoke(main, command)
    assert "0 importerade, 0 uppdaterade, 2 oförändrade, 1 överhoppade, 2 fel" in second.output
    assert {p: p.read_bytes() for p in content.rglob("*.md")} == files

    path = next(p for p in files if "recycling-16" in p.name)
    path.write_text(path.read_text(encoding="utf-8").replace("Old question.", "Old question, edited."), encoding="utf-8")
    third = runner.invoke(main, command)
    assert "0 importerade, 0 uppdaterade, 1 oförändrade, 2 överhoppade" in third.output
    assert "ändrad för hand sedan importen; skrivs inte över (använd --force för att ersätta den)" in third.output
    assert "edited." in path.read_text(encoding="utf-8")
    forced = runner.invoke(main, [*command, "--force"])
    assert "0 importerade, 1 uppdaterade, 1 oförändrade" in forced.output
    assert path.read_bytes() == files[path]


def test_make_forum_replicates_and_archives(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    make_dump(corpus / "recycling.stackexchange.com")
    made = make_forum(tmp_path / "a", 7, archived_share=0.3, seed=1, corpus=corpus)
    assert (made.threads, made.archived) == (7, 2)
    forum = load_forum(tmp_path / "a")
    assert forum.problems == ()
    slugs = sorted(t.slug for t in forum.threads)
    assert slugs == sorted(["recycling-10-sorting-recycling", "recycling-16-old",
                            *(f"recycling-10-sorting-recycling-{n}" for n in (2, 3, 4)),
                            *(f"recycling-16-old-{n}" for n in (2, 3))])
    assert forum.find("recycling-16-old-3").title == "Old (3)"
    archived = {t.slug for t in forum.threads if t.archived}
    assert len(archived) == 2
    again = make_forum(tmp_path / "b", 7, archived_share=0.3, seed=1, corpus=corpus)
    assert [p.read_bytes() for p in again.paths] == [p.read_bytes() for p in made.paths]

    monkeypatch.setenv("TORGET_CORPUS", str(corpus))
    script = runpy.run_path(str(ROOT / "scripts" / "make_forum.py"))
    assert script["main"](["5", str(tmp_path / "c"), "--archived", "0.4"]) == 0
    assert len(list((tmp_path / "c").rglob("*.md"))) == 5


def test_make_forum_spreads_copies_over_time(tmp_path):
    """spread: each copy moves back by its own span, whole thread alike,
    so it does not sit next to its original in order of last activity."""
    corpus = tmp_path / "corpus"
    make_dump(corpus / "recycling.stackexchange.com")
    make_forum(tmp_path / "a", 7, corpus=corpus, spread=True)
    threads = {t.slug: t for t in load_forum(tmp_path / "a").threads}
    original = threads["recycling-10-sorting-recycling"]
    spans = set()
    for n in (2, 3, 4):
        copy = threads[f"recycling-10-sorting-recycling-{n}"]
        span = original.date - copy.date
        assert span.days >= 30 and original.last_activity - copy.last_activity == span
        assert [r.date for r in copy.replies] == [r.date - span for r in original.replies]
        spans.add(span)
    assert len(spans) == 3
    plain = make_forum(tmp_path / "b", 7, corpus=corpus)
    assert load_forum(tmp_path / "b").find("recycling-10-sorting-recycling-2").date == original.date
    assert len(plain.paths) == 7
