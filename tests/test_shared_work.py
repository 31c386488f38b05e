"""Work shared between processes (torget.build.shared): the check's parse gives
the same results, in the same order, whichever process parsed a file."""

from __future__ import annotations

import logging
import os
import shutil
from functools import partial
from pathlib import Path

import pytest

from torget.build.background import Background
from torget.build.shared import SHARED_MIN, map_shared
from torget.content.forum import load_forum

pytestmark = pytest.mark.skipif(not Background.can_fork(), reason="forked processes are Linux-only")

PARENT = os.getpid()


def _with_pid(item: int) -> tuple[int, int]:
    return item * 2, os.getpid()


def _fails_in_a_child(item: int) -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("a child that fails")
    return item + 1


def test_the_results_come_back_in_order_from_two_processes():
    items = list(range(SHARED_MIN + 37))
    results = map_shared(_with_pid, items, count=2)
    assert [value for value, _ in results] == [item * 2 for item in items]
    pids = {pid for _, pid in results}
    assert PARENT in pids and len(pids) == 2  # half of them were done by a forked process


def test_a_short_list_is_done_here():
    results = map_shared(_with_pid, list(range(SHARED_MIN - 1)), count=2)
    assert {pid for _, pid in results} == {PARENT}


def test_the_progress_bar_wraps_this_process_share():
    seen: list[int] = []

    def progress(items):
        for item in items:
            seen.append(item)
            yield item

    items = list(range(SHARED_MIN * 2))
    map_shared(_with_pid, items, progress, count=2)
    assert seen == items[0::2]


def test_a_failed_child_has_its_items_done_here(caplog):
    items = list(range(SHARED_MIN + 1))
    with caplog.at_level(logging.WARNING):
        assert map_shared(_fails_in_a_child, items, count=2) == [item + 1 for item in items]
    assert "checking its files again in this process" in caplog.text


def test_the_check_parses_the_same_forum_in_two_processes(corpus_forum, tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(corpus_forum[0], content)
    files = len(list(content.rglob("*.md")))
    assert files >= SHARED_MIN * 2
    broken = sorted((content / "posts").rglob("*.md"))[7]
    broken.write_text(broken.read_text(encoding="utf-8").replace("Date: ", "Date: not a date ", 1), encoding="utf-8")
    one = load_forum(content)
    cache: dict = {}
    two = load_forum(content, cache=cache, map_files=partial(map_shared, count=2))
    assert two.threads == one.threads and two.problems == one.problems and two.claims == one.claims
    assert any(p.is_error and p.path.endswith(broken.name) for p in two.problems)
    assert len(cache) == files
    again = load_forum(content, cache=cache, map_files=lambda *args: pytest.fail("every file was in the cache"))
    assert again == two


def test_the_scan_finds_the_same_in_two_processes(corpus_forum, tmp_path: Path, monkeypatch):
    from torget.build.scancache import ScanCache
    from torget.records.privacy import scan_content, scan_files

    content = tmp_path / "content"
    shutil.copytree(corpus_forum[0], content)
    files = sorted(content.rglob("*.md"))
    for n in (3, len(files) // 2 + 1):  # one in each process's share
        files[n].write_text(files[n].read_text(encoding="utf-8") + "\nRing mig, 811218-9876.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    cache = ScanCache(settings, (), partial(map_shared, count=2))
    shared = scan_files(files, (), cache)
    assert shared == scan_content(content) and cache.scanned == len(files)
    assert {p.path for p in shared if p.is_error} == {str(files[n].relative_to(tmp_path)) for n in (3, len(files) // 2 + 1)}
    cache.save()
    again = ScanCache(settings, (), lambda *args: pytest.fail("nothing is new"))
    assert scan_files(files, (), again) == shared and again.scanned == 0
