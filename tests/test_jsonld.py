"""Structured data on every page type of the published sample forum.

Checked against Google's documented properties (tables below, from
developers.google.com/search/docs/appearance/structured-data/qapage,
…/faqpage and …/discussion-forum), and the schema.org vocabulary with
schema-dts (tools/validators): each block, typed as schema-dts' type for
its ``@type``, must compile with TypeScript's ``tsc``, which rejects a
property a type does not have (``worksFor`` on an ``Organization``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import PUBLISHED_SITEURL
from validator_tools import install, run

#: Google's required and recommended properties, per type (dotted paths).
#: Recommended ones Torget cannot give truthfully are in NOT_GIVEN.
GOOGLE = {
    "QAPage": {"required": ["mainEntity"], "recommended": []},
    "Question": {"required": ["name", "answerCount", "acceptedAnswer|suggestedAnswer"],
                 "recommended": ["text", "author", "author.name", "dateCreated", "datePublished", "dateModified",
                                 "url"]},
    "Answer": {"required": ["text", "author", "author.name"],
               "recommended": ["url", "dateCreated", "datePublished"]},
    "DiscussionForumPosting": {"required": ["author", "author.name", "datePublished", "text"],
                               "recommended": ["headline", "url", "dateModified"]},
    "Comment": {"required": ["author", "author.name", "datePublished", "text"], "recommended": ["url"]},
    "FAQPage": {"required": ["mainEntity"], "recommended": []},
    "FAQQuestion": {"required": ["name", "acceptedAnswer", "acceptedAnswer.text"], "recommended": []},
}
#: Recommended properties left out, and why.
NOT_GIVEN = {
    "upvoteCount": "only suggestions have votes (given on their Question when there are any)",
    "author.url": "askers have no profile pages; staff have none either",
    "image, video": "threads carry no media of their own",
    "Answer.dateModified": "replies carry no date of change",
}
MARKDOWN = re.compile(r"\*\*|\|---|\]\(|^#{1,6} ", re.MULTILINE)


def _blocks(site, relative: str) -> list[dict]:
    text = (site.root / relative).read_text("utf-8")
    return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]


def _has(node: dict, path: str) -> bool:
    for alternative in path.split("|"):
        value = node
        for key in alternative.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if value not in (None, "", []):
            return True
    return False


def _check(node: dict, kind: str) -> list[str]:
    table = GOOGLE[kind]
    return [f"{kind} lacks {p}" for p in table["required"] + table["recommended"] if not _has(node, p)]


def _pages(site, folder: str) -> list[str]:
    pages = sorted(str(p.relative_to(site.root)) for p in (site.root / folder).glob("*/index.html"))
    assert pages
    return pages


def test_every_thread_page_has_the_right_type_with_googles_properties(published_site):
    seen = {"QAPage": 0, "DiscussionForumPosting": 0, "archived": 0}
    for relative in _pages(published_site, "posts"):
        page = (published_site.root / relative).read_text("utf-8")
        blocks = _blocks(published_site, relative)
        if 'name="robots" content="noindex"' in page:
            assert blocks == [], relative  # no rich results for archived threads
            seen["archived"] += 1
            continue
        assert len(blocks) == 1, relative
        data = blocks[0]
        seen[data["@type"]] += 1
        problems = _check(data, data["@type"])
        if data["@type"] == "QAPage":
            question = data["mainEntity"]
            problems += _check(question, "Question")
            answers = ([question["acceptedAnswer"]] if "acceptedAnswer" in question else []) + question.get(
                "suggestedAnswer", [])
            assert answers and question["answerCount"] == len(answers), relative
            for answer in answers:
                problems += _check(answer, "Answer")
        else:
            for comment in data.get("comment", []):
                problems += _check(comment, "Comment")
        assert problems == [], relative
    assert seen["QAPage"] >= 20 and seen["DiscussionForumPosting"] >= 3 and seen["archived"] >= 3, seen


def test_faq_entries_are_faqpages_and_the_faq_list_has_none(published_site):
    entries = _pages(published_site, "faq")
    archived = 0
    for relative in entries:
        if 'content="noindex"' in (published_site.root / relative).read_text("utf-8"):
            assert _blocks(published_site, relative) == [], relative
            archived += 1
            continue
        (data,) = _blocks(published_site, relative)
        assert data["@type"] == "FAQPage"
        (question,) = data["mainEntity"]
        assert _check(data, "FAQPage") + _check(question, "FAQQuestion") == []
        assert data["datePublished"] and data["dateModified"] and data["publisher"]["name"] == "Ekbacka kommun"
    assert archived == 1 and len(entries) > 5
    assert _blocks(published_site, "faq/index.html") == []
    for other in ("index.html", "category/avfall-och-atervinning/index.html", "search/index.html", "om-forumet/index.html"):
        assert _blocks(published_site, other) == [], other


def test_texts_are_the_rendered_answer_never_markdown(published_site):
    (data,) = _blocks(published_site, "faq/ansoka-om-skolskjuts/index.html")
    assert "<table>" in data["mainEntity"][0]["acceptedAnswer"]["text"]
    texts = []
    for relative in _pages(published_site, "posts") + _pages(published_site, "faq"):
        for data in _blocks(published_site, relative):
            texts += [str(v) for k, v in _walk(data) if k == "text"]
    assert len(texts) > 100
    assert [t[:80] for t in texts if MARKDOWN.search(t)] == []


def _walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_staff_are_people_working_for_the_organisation_which_publishes(published_site):
    (data,) = _blocks(published_site, "posts/glomt-losenord-e-tjanster/index.html")
    assert data["mainEntity"]["url"] == PUBLISHED_SITEURL + "/posts/glomt-losenord-e-tjanster/"
    organisation = {"@type": "Organization", "name": "Ekbacka kommun"}
    assert data["publisher"] == organisation
    question = data["mainEntity"]
    assert question["author"] == {"@type": "Person", "name": "Birgitta"}
    assert question["acceptedAnswer"]["author"] == {"@type": "Person", "name": "Sara Lind", "worksFor": organisation}
    authors = [a for k, a in _walk(data) if k == "author"]
    assert not [a for a in authors if a["@type"] == "Organization" and a["name"] != "Ekbacka kommun"]


def test_anonymous_staff_replies_are_the_organisation(build, tmp_path):
    from helpers import reply_text, thread_text, write_thread

    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text(replies=reply_text(author="Sara Lind")))
    site = build(content=content, TORGET_STAFF_DISPLAY="anonymous")
    (data,) = _blocks(site, "posts/a/index.html")
    assert data["@type"] == "QAPage"
    assert data["mainEntity"]["suggestedAnswer"][0]["author"] == {"@type": "Organization", "name": "Ekbacka kommun"}
    assert "Sara Lind" not in (site.root / "posts/a/index.html").read_text()


def test_an_unanswered_question_is_a_discussion_posting(build, tmp_path):
    from helpers import thread_text, write_thread

    content = tmp_path / "content"
    write_thread(content, "a.md", thread_text())
    (data,) = _blocks(build(content=content), "posts/a/index.html")
    assert data["@type"] == "DiscussionForumPosting" and "comment" not in data
    assert _check(data, "DiscussionForumPosting") == []


def _typescript(blocks: list[tuple[str, dict]]) -> str:
    lines = ['import type { WithContext, QAPage, FAQPage, DiscussionForumPosting } from "schema-dts";']
    for n, (where, data) in enumerate(blocks):
        lines.append(f"// {where}\nexport const block{n}: WithContext<{data['@type']}> = {json.dumps(data)};")
    return "\n".join(lines) + "\n"


def _tsc(tmp_path: Path, blocks: list[tuple[str, dict]]) -> str:
    modules = install()
    (tmp_path / "node_modules").symlink_to(modules)
    (tmp_path / "check.ts").write_text(_typescript(blocks), "utf-8")
    (tmp_path / "tsconfig.json").write_text(json.dumps({"compilerOptions": {
        "strict": True, "noEmit": True, "module": "esnext", "moduleResolution": "bundler", "types": []},
        "files": ["check.ts"]}))
    done = run([str(modules / ".bin" / "tsc"), "-p", "tsconfig.json"], cwd=tmp_path)
    return done.stdout + done.stderr


def test_schema_dts_accepts_every_block(published_site, tmp_path):
    blocks = [(p, d) for folder in ("posts", "faq") for p in _pages(published_site, folder)
              for d in _blocks(published_site, p)]
    assert len(blocks) > 40
    output = _tsc(tmp_path, blocks)
    print(f"\nschema-dts (tsc): {len(blocks)} blocks, {output.count('error TS')} errors")
    assert "error" not in output, output[:3000]


def test_schema_dts_rejects_a_property_the_type_lacks(tmp_path):
    wrong = {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": {
        "@type": "Question", "name": "x", "author": {"@type": "Organization", "name": "y", "worksFor": "z"}}}
    assert "worksFor" in _tsc(tmp_path, [("wrong", wrong)])
