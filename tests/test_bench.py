"""The benchmark package (``scripts/torget_bench``): its report and its byte counting.

- ``--render-only`` on the committed docs/benchmarks.md writes that same
  file again: the format, and the ``bench-results:`` JSON that ``--merge``
  and ``--render-only`` read back, stay compatible. Its chart names every
  figure in its text alternative.
- The one response counter of the Torget and Pagefind first searches,
  fed the bodies of a real build's files and real gzip data.
- ``scripts/bench --help`` works through the shell wrapper.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
sys.path.insert(0, str(ROOT / "scripts"))

from torget_bench import sizes  # noqa: E402
from torget_bench.payload import ResponseCounter, pagefind_kind, torget_kind  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


def bench(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT / "plugins")])}
    return subprocess.run([sys.executable, "-m", "torget_bench", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def stored_results(text: str) -> dict:
    found = re.search(r"<!-- bench-results: (.*) -->\n\Z", text, re.S)
    assert found, "no bench-results: comment at the end of docs/benchmarks.md"
    return json.loads(found.group(1))["results"]


def test_render_only_writes_the_committed_docs_again(tmp_path):
    docs = tmp_path / "benchmarks.md"
    shutil.copyfile(DOCS, docs)
    done = bench("--render-only", "--docs", str(docs))
    assert done.returncode == 0, done.stderr
    assert docs.read_text(encoding="utf-8") == DOCS.read_text(encoding="utf-8")
    assert docs.read_bytes() == DOCS.read_bytes()


def test_the_rendered_chart_names_every_build_time(tmp_path):
    docs = tmp_path / "benchmarks.md"
    shutil.copyfile(DOCS, docs)
    assert bench("--render-only", "--docs", str(docs)).returncode == 0
    results = stored_results(DOCS.read_text(encoding="utf-8"))
    assert results
    svg = ET.parse(tmp_path / "benchmarks-chart.svg").getroot()
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    desc = svg.find(f"{SVG}desc").text
    assert svg.find(f"{SVG}title").text.startswith("Torget benchmark")
    for key, result in results.items():
        name = "sample" if key == "sample" else f"{sizes.label(key, result.get('threads'))} threads"
        assert f"Build time (s), {name}: " in desc
        if "cold" in result and not result["cold"].get("timed_out"):
            assert f"Torget, cold {result['cold']['seconds']:.1f} s" in desc
    bars = svg.findall(f"{SVG}rect")[1:]  # after the white background
    assert bars and all(float(bar.get("width")) >= 1 for bar in bars)


def test_an_index_only_run_is_recorded_beside_the_sizes_full_run(tmp_path):
    """torget_bench.index_only --docs stores its typed first search beside
    the size's full run: a row in that size's table and a target row, and
    the stored results render to the same file again."""
    from torget_bench.index_only import record

    docs = tmp_path / "benchmarks.md"
    shutil.copyfile(DOCS, docs)
    kinds = {"search.js": {"files": 1, "raw": 40_000, "sent": 12_000}}
    runs = [{"query": "free beer", "sent": 50_000, "files": 40, "by_kind": kinds, "by_file": [["/x", "shards", 9]]},
            {"query": "artificial neural", "sent": 70_000, "files": 60, "by_kind": kinds, "by_file": []}]
    record(docs, "real100000", runs, "python -m torget_bench.index_only real100000 SITE --workdir DIR")
    text = docs.read_text(encoding="utf-8")
    stored = stored_results(text)["real100000"]["typed_index_only"]
    assert [run["query"] for run in stored["runs"]] == ["free beer", "artificial neural"]
    assert all("by_file" not in run for run in stored["runs"])
    assert re.search(r"\| Typed first search ≤ 60 KB \(max over queries\), index written alone at `[^`]+` "
                     r"\| 100,000 real \| 68\.4 KB \| \*\*missed\*\* \|", text)
    assert "median **58.6 KB**, max **68.4 KB**: `free beer` 48.8 KB, `artificial neural` 68.4 KB |" in text
    again = tmp_path / "again.md"
    shutil.copyfile(docs, again)
    assert bench("--render-only", "--docs", str(again)).returncode == 0
    assert again.read_bytes() == docs.read_bytes()


def test_an_index_only_run_of_a_size_with_pagefind_gets_its_ratio(tmp_path):
    from torget_bench.index_only import record

    docs = tmp_path / "benchmarks.md"
    shutil.copyfile(DOCS, docs)
    pagefind = stored_results(DOCS.read_text(encoding="utf-8"))["real"]["pagefind_first"]
    runs = [{"query": run["query"], "sent": run["sent"] // 5, "files": 30, "by_kind": {}} for run in pagefind]
    runs[0]["sent"] = int(pagefind[0]["sent"] * 0.4)
    record(docs, "real", runs, "python -m torget_bench.index_only real SITE --workdir DIR")
    text = docs.read_text(encoding="utf-8")
    assert "÷ Pagefind's for the same query in the full run: median 0.20, max **0.40**" in text
    assert re.search(r"\| Typed first search ≤ 0\.3× Pagefind's, every query, index written alone at `[^`]+` "
                     r"\| 2,568 real \| max ratio 0\.40 \| \*\*missed\*\* \|", text)


def test_render_only_without_results_is_an_error_not_a_traceback(tmp_path):
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n", encoding="utf-8")
    done = bench("--render-only", "--docs", str(docs))
    assert done.returncode == 1
    assert f"no results in {docs}" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_wrapper_prints_help():
    done = subprocess.run([str(ROOT / "scripts" / "bench"), "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: scripts/bench [OPTIONS]")
    for option in ("--sizes", "--quick", "--merge", "--render-only", "--skip"):
        assert option in done.stdout


# ---------------------------------------------------------------------------
# The response counter
# ---------------------------------------------------------------------------

class _Request:
    def __init__(self, resource_type: str):
        self.resource_type = resource_type


class _Response:
    """What the counter reads of a Playwright response: url, request's type, body()."""

    def __init__(self, url: str, resource_type: str, body: bytes | None):
        self.url, self.request, self._body = url, _Request(resource_type), body

    def body(self) -> bytes:
        if self._body is None:
            raise RuntimeError("Response body is unavailable for redirect responses")
        return self._body


class _Page:
    def __init__(self):
        self.handlers = []

    def on(self, event: str, handler) -> None:
        assert event == "response"
        self.handlers.append(handler)

    def receive(self, response: _Response) -> None:
        for handler in self.handlers:
            handler(response)


BASE = "http://127.0.0.1:8123"


def gzip6(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def test_the_counter_sums_a_real_search_by_kind(sample_site):
    site = sample_site.root
    files = {
        "search.js": "theme/js/search.js",
        "lunr": next(p.relative_to(site).as_posix() for p in site.glob("theme/vendor/lunr-*/lunr.min.js")),
        "manifest": "search/manifest.json",
        "shards": sorted(p.relative_to(site).as_posix() for p in site.glob("search/s.*.json"))[:2],
        "chunks": sorted(p.relative_to(site).as_posix() for p in site.glob("search/d.*.json"))[:1],
        "typo vocabulary": sorted(p.relative_to(site).as_posix() for p in site.glob("search/f.*.json"))[:1],
    }
    page = _Page()
    counter = ResponseCounter(torget_kind, BASE)
    counter.listen(page)
    page.receive(_Response(f"{BASE}/search/?q=s%C3%B6k", "document", (site / "search/index.html").read_bytes()))
    css = next(site.glob("theme/css/*.css"))
    page.receive(_Response(f"{BASE}/{css.relative_to(site).as_posix()}", "stylesheet", css.read_bytes()))
    page.receive(_Response(f"{BASE}/theme/favicon.svg", "image", (site / "theme/favicon.svg").read_bytes()))
    expected: dict[str, dict[str, int]] = {}
    for kind, paths in files.items():
        paths = [paths] if isinstance(paths, str) else paths
        assert paths, f"the sample build has no {kind}"
        for path in paths:
            data = (site / path).read_bytes()
            page.receive(_Response(f"{BASE}/{path}?v=1", "fetch" if path.endswith(".json") else "script", data))
            entry = expected.setdefault(kind, {"files": 0, "raw": 0, "sent": 0})
            entry["files"] += 1
            entry["raw"] += len(data)
            entry["sent"] += min(gzip6(data), len(data))  # a tiny file would grow
    page.receive(_Response(f"{BASE}/search/moved", "fetch", None))

    totals = counter.count().totals()
    assert totals["by_kind"] == expected
    assert list(totals["by_kind"]) == list(expected)  # in the order they arrived
    assert totals["files"] == sum(e["files"] for e in expected.values()) == 7
    assert totals["raw"] == sum(e["raw"] for e in expected.values())
    assert totals["sent"] == sum(e["sent"] for e in expected.values()) < totals["raw"]
    listed = [f"/{path}" for paths in files.values() for path in ([paths] if isinstance(paths, str) else paths)]
    assert [row[0] for row in totals["by_file"]] == listed  # each file, its kind and its bytes, in order
    assert [row[1] for row in totals["by_file"]] == [kind for kind, paths in files.items()
                                                     for _ in ([paths] if isinstance(paths, str) else paths)]
    assert sum(row[2] for row in totals["by_file"]) == totals["sent"]
    assert counter.excluded == ["/search/?q=s%C3%B6k", f"/{css.relative_to(site).as_posix()}",
                                "/theme/favicon.svg", "/search/moved (no body)"]
    assert counter.count().totals() == totals  # each response counts once


def test_already_compressed_data_counts_at_its_own_size(sample_site):
    """Pagefind's index files are gzip already: gzip again would be larger,
    so they count as they are, while its JavaScript is compressed."""
    chunk = sorted(sample_site.root.glob("search/d.*.json"))[0].read_bytes()
    fragment = gzip.compress(chunk, compresslevel=9)
    index = gzip.compress(chunk[: len(chunk) // 2], compresslevel=9)
    script = (sample_site.root / "theme/js/search.js").read_bytes()
    page = _Page()
    counter = ResponseCounter(pagefind_kind, BASE)
    counter.listen(page)
    page.receive(_Response(f"{BASE}/404.html", "document", (sample_site.root / "404.html").read_bytes()))
    page.receive(_Response(f"{BASE}/pagefind/pagefind.js", "script", script))
    page.receive(_Response(f"{BASE}/pagefind/fragment/sv_1a2b3c.pf_fragment", "fetch", fragment))
    page.receive(_Response(f"{BASE}/pagefind/index/sv_4d5e6f.pf_index", "fetch", index))
    totals = counter.count().totals()
    assert gzip6(fragment) > len(fragment) and gzip6(index) > len(index)
    assert totals["by_kind"] == {
        "js": {"files": 1, "raw": len(script), "sent": gzip6(script)},
        "fragments": {"files": 1, "raw": len(fragment), "sent": len(fragment)},
        "index": {"files": 1, "raw": len(index), "sent": len(index)},
    }
    assert gzip6(script) < len(script)
    assert counter.excluded == ["/404.html"]


@pytest.mark.parametrize(("path", "kind"), [
    ("/theme/js/search.js", "search.js"),
    ("/theme/vendor/lunr-2.3.9/lunr.min.js", "lunr"),
    ("/theme/vendor/lunr-languages-1.22.0/lunr.sv.min.js", "lunr"),
    ("/search/manifest.json", "manifest"),
    ("/search/s.0a1b2c3d4e.json", "shards"),
    ("/search/d.0a1b2c3d4e.json", "chunks"),
    ("/search/f.0a1b2c3d4e.a10.json", "typo vocabulary"),
    ("/theme/js/age.js", "other:/theme/js/age.js"),
])
def test_torget_kinds(path, kind):
    assert torget_kind(path, "script") == kind


def test_size_keys():
    assert [k for k in ("sample", "1000", "real", "real10000", "10k", "realx", "") if sizes.valid(k)] == \
        ["sample", "1000", "real", "real10000"]
    assert sorted(["real10000", "10000", "real", "sample", "1000"], key=sizes.order) == \
        ["sample", "1000", "10000", "real", "real10000"]
    assert (sizes.label("10000"), sizes.label("real", 2795), sizes.label("real10000")) == \
        ("10,000", "2,795 real", "10,000 real")
    assert sizes.threads("real") is None and sizes.threads("real10000") == 10_000 and sizes.is_real("real10000")
