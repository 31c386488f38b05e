"""lunr-core.js, the part of lunr a search page loads, against lunr.min.js.

The file is written from lunr 2.3.9's own vendored sources
(:mod:`torget.search.lunr_core`): it must be up to date, give every text
the terms lunr.min.js gives through each language's index and search
pipelines (as written and as the build minifies it), build the same
``lunr.Query`` clause, and be what a built forum's search loads.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from test_language import ROOT, sample_texts, words
from torget.build.minify import minify
from torget.search.language import pipeline_for
from torget.search.lunr_core import TARGET, core_source

HARNESS = ROOT / "tests" / "js" / "lunr_core_harness.js"


def test_lunr_core_is_written_from_the_vendored_sources():
    assert TARGET.read_text(encoding="utf-8") == core_source(), "run python -m torget.search.lunr_core"
    assert "@VERSION" not in TARGET.read_text(encoding="utf-8")


def both(core, texts: list[str]) -> dict:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is required for the lunr-core agreement test (CI=true)")
        pytest.skip("node not found (this test fails instead of skipping when CI=true)")
    pipelines = [labels for lang in ("en", "sv")
                 for labels in (pipeline_for(lang).index_labels, pipeline_for(lang).search_labels)]
    request = {"core": str(core), "pipelines": pipelines, "texts": texts}
    proc = subprocess.run([node, str(HARNESS)], input=json.dumps(request, ensure_ascii=False),
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("minified", [False, True], ids=["source", "minified"])
def test_lunr_core_gives_the_terms_lunr_min_js_gives(tmp_path, minified):
    core = TARGET
    if minified:
        core = tmp_path / "lunr-core.js"
        core.write_text(minify(TARGET.read_text(encoding="utf-8")), encoding="utf-8")
        assert len(core.read_bytes()) < 0.5 * len(TARGET.read_bytes())
    texts = sample_texts("en") + sample_texts("sv") + words("en") + words("sv")
    answer = both(core, texts)
    assert answer["core"] == answer["stock"]
    stock = answer["stock"]["terms"]
    assert len(stock) == 4 and all(len(terms) == len(texts) for terms in stock)
    assert stock[0] != stock[2]  # English and Swedish pipelines differ: the comparison sees them
    assert answer["core"]["version"] == "2.3.9"


def test_a_forum_search_loads_lunr_core_not_lunr_min_js(sample_site):
    manifest = json.loads((sample_site.root / "search" / "manifest.json").read_text(encoding="utf-8"))
    scripts = manifest["scripts"]
    assert scripts[0].endswith("/theme/js/lunr-core.js") and not any("lunr.min.js" in s for s in scripts)
    built = (sample_site.root / "theme" / "js" / "lunr-core.js").read_text(encoding="utf-8")
    assert not built.startswith("/*") and "window.lunr=" in built
