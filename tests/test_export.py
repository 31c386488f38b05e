"""torget export and torget import export: the public record and its round trip."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from helpers import write_thread
from torget.records.export import SCHEMA, dump_json
from torget.importers.export import import_export
from torget.importers.kundo import import_kundo
from torget_cli import main

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "pelicanconf.py"
SAMPLE = ROOT / "content"
FILES = ["SHA256SUMS", "forum.json", "forum.schema.json", "manifest.json", "replies.csv", "threads.csv"]


def export(content: Path, out: Path) -> CliRunner:
    result = CliRunner().invoke(main, ["export", "--config", str(CONFIG), "--content", str(content), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "out"
    export(SAMPLE, out)
    return out


def test_export_holds_every_thread_and_reply(sample_export):
    assert sorted(files(sample_export)) == FILES
    data = json.loads((sample_export / "forum.json").read_text(encoding="utf-8"))
    sample_files = sorted(p.relative_to(SAMPLE).as_posix() for folder in ("posts", "faq") for p in (SAMPLE / folder).rglob("*.md"))
    assert [t["path"] for t in data["threads"]] == sample_files
    archived = [t for t in data["threads"] if t["archived"]]
    assert archived and any(t["archive_reason"] for t in archived)
    stats = data["statistics"]
    assert stats["archived"] == len(archived)
    assert stats["threads"] + stats["faq_entries"] == len(data["threads"])
    assert stats["replies"] == sum(len(t["replies"]) for t in data["threads"])
    assert stats["staff_replies"] == sum(r["staff"] for t in data["threads"] for r in t["replies"])
    assert sum(stats["by_type"].values()) == stats["threads"]
    assert sum(c["threads"] for c in data["categories"]) == len(data["threads"])
    password = next(t for t in data["threads"] if t["slug"] == "glomt-losenord-e-tjanster")
    assert password["replies"][0] == {
        "author": "Sara Lind", "role": "Kundtjänst, Kontaktcenter", "avatar": password["replies"][0]["avatar"],
        "date": "2026-09-09T08:24:00+02:00", "staff": True, "accepted": True, "body": password["replies"][0]["body"],
    }
    assert password["views"] == 1843 and password["tags"] == ["lösenord", "inloggning", "e-tjänster"]
    assert data["site"]["organisation"] == "Ekbacka kommun"


def test_forum_json_matches_its_schema(sample_export):
    schema = json.loads((sample_export / "forum.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.FormatChecker()
    checker.checks("date-time", raises=ValueError)(
        lambda value: not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None
    )
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    data = json.loads((sample_export / "forum.json").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    data["threads"][0]["votes"] = -1
    data["threads"][1]["kind"] = "blog"
    data["threads"][2]["replies"].append({"author": "X"})
    data["threads"][3]["date"] = "igår"
    data["threads"][4]["surprise"] = True
    data["statistics"]["by_type"]["question"] = "22"
    found = {tuple(error.absolute_path)[:2] for error in validator.iter_errors(data)}
    assert found == {("threads", 0), ("threads", 1), ("threads", 2), ("threads", 3), ("threads", 4), ("statistics", "by_type")}


def test_the_documented_schema_is_the_one_exported(sample_export):
    assert (ROOT / "docs" / "export.schema.json").read_text(encoding="utf-8") == dump_json(SCHEMA)
    assert (sample_export / "forum.schema.json").read_text(encoding="utf-8") == dump_json(SCHEMA)


def test_manifest_and_sums_cover_every_file(sample_export):
    manifest = json.loads((sample_export / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    assert sorted(listed) == ["forum.json", "forum.schema.json", "replies.csv", "threads.csv"]
    for name, entry in listed.items():
        data = (sample_export / name).read_bytes()
        assert (entry["bytes"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    sums = (sample_export / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in sums] == [n for n in FILES if n != "SHA256SUMS"]
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((sample_export / name).read_bytes()).hexdigest() == digest


def test_csv_files(sample_export):
    data = json.loads((sample_export / "forum.json").read_text(encoding="utf-8"))
    with (sample_export / "threads.csv").open(encoding="utf-8", newline="") as stream:
        threads = list(csv.DictReader(stream))
    with (sample_export / "replies.csv").open(encoding="utf-8", newline="") as stream:
        replies = list(csv.DictReader(stream))
    assert [t["path"] for t in threads] == [t["path"] for t in data["threads"]]
    assert len(replies) == data["statistics"]["replies"]
    first = threads[0]
    assert first["body"] == data["threads"][0]["body"]  # multi-line cells survive
    assert {t["archived"] for t in threads} == {"true", "false"}
    accepted = next(r for r in replies if r["accepted"] == "true")
    thread = next(t for t in threads if t["path"] == accepted["thread_path"])
    assert thread["accepted_reply"] == accepted["number"]


def test_export_is_deterministic_and_replaces_an_earlier_export(sample_export, tmp_path):
    out = tmp_path / "again"
    export(SAMPLE, out)
    assert files(out) == files(sample_export)
    export(SAMPLE, out)  # over an earlier export
    assert files(out) == files(sample_export)


def test_export_refuses_a_foreign_folder_and_broken_content(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = CliRunner().invoke(main, ["export", "--config", str(CONFIG), "--content", str(SAMPLE), "--out", str(tmp_path / "out")])
    assert refused.exit_code == 1 and "inte tom" in refused.output  # the sample forum is Swedish
    content = tmp_path / "content"
    write_thread(content, "trasig.md", "Title: Trasig\nDate: igår\nType: question\nCategory: X\nAuthor: A\n\nText.\n")
    broken = CliRunner().invoke(main, ["export", "--config", str(CONFIG), "--content", str(content), "--out", str(tmp_path / "o2")])
    assert broken.exit_code == 1
    assert "trasig.md:2: Date 'igår' går inte att läsa" in broken.output
    assert not (tmp_path / "o2").exists()


def test_round_trip_is_byte_identical(sample_export, tmp_path):
    content = tmp_path / "content"
    result = CliRunner().invoke(main, ["import", "export", str(sample_export), "--config", str(CONFIG), "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert f"{len(json.loads((sample_export / 'forum.json').read_text())['threads'])} importerade" in result.output
    export(content, tmp_path / "second")
    assert files(tmp_path / "second") == files(sample_export)
    again = import_export(sample_export, content)
    assert (again.summary.imported, again.summary.updated, again.summary.unchanged) == (0, 0, len(again.paths))


def test_round_trip_keeps_importer_metadata(tmp_path):
    imported = tmp_path / "kundo"
    import_kundo(ROOT / "tests" / "data" / "kundo", imported, category="Kultur och fritid")  # a declared category
    export(imported, tmp_path / "first")
    data = json.loads((tmp_path / "first" / "forum.json").read_text(encoding="utf-8"))
    keys = {m["key"] for t in data["threads"] for m in t["metadata"]}
    assert "Source-Url" in keys and "Source-Checksum" not in keys
    assert import_export(tmp_path / "first", tmp_path / "back").ok
    export(tmp_path / "back", tmp_path / "second")
    assert files(tmp_path / "second") == files(tmp_path / "first")


def test_a_changed_export_is_not_imported(sample_export, tmp_path):
    changed = tmp_path / "changed"
    changed.mkdir()
    for name, data in files(sample_export).items():
        (changed / name).write_bytes(data)
    forum = changed / "forum.json"
    forum.write_text(forum.read_text(encoding="utf-8").replace("Sara Lind", "Sara Lindh", 1), encoding="utf-8")
    result = import_export(changed, tmp_path / "content")
    assert not result.ok and result.summary.imported == 0
    [problem] = result.problems
    assert (Path(problem.path).name, problem.line) == ("SHA256SUMS", 1)
    assert problem.message == "forum.json does not match its SHA-256: the export was changed"


def test_bad_records_are_reported_and_the_rest_imported(sample_export, tmp_path):
    data = json.loads((sample_export / "forum.json").read_text(encoding="utf-8"))
    data["threads"][1]["date"] = "igår"
    data["threads"][2]["path"] = "../../etc/evil.md"
    del data["threads"][3]["title"]
    folder = tmp_path / "edited"
    folder.mkdir()
    (folder / "forum.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    result = import_export(folder, tmp_path / "content")
    errors = [p for p in result.problems if p.is_error]
    assert [e.message.split(":")[-1].strip() for e in errors] == [
        "date 'igår' is not an ISO 8601 date with an offset",
        "path must be a .md file under posts/ or faq/ without control characters, backslashes or '..'",
        "thread has no 'title'",
    ]
    lines = (folder / "forum.json").read_text(encoding="utf-8").splitlines()
    assert all(lines[e.line - 1].strip() == "{" for e in errors)
    assert result.summary.imported == len(data["threads"]) - 3
    assert any("cannot be verified" in p.message for p in result.problems)
    assert not (tmp_path / "etc").exists()
