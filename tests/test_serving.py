"""torget_dev.serving: the local server scripts and tests open built sites with.

Its Content-Security-Policy is the one docs/deploying.md shows, its
``Cache-Control`` follows the table there for the files a real build
writes, and a missing path gets the site's own 404 page.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from torget_dev import serving

ROOT = Path(__file__).resolve().parent.parent
DEPLOYING = ROOT / "docs" / "deploying.md"


def test_the_policy_is_the_one_deploying_md_shows():
    shown = re.findall(r"^Content-Security-Policy: (.+)$", DEPLOYING.read_text(encoding="utf-8"), re.M)
    assert shown, "docs/deploying.md shows no Content-Security-Policy header"
    assert shown[0] == serving.POLICY


def _one(site_root: Path, pattern: str) -> str:
    found = sorted(site_root.glob(pattern))
    assert found, f"the sample build has no {pattern}"
    return "/" + found[0].relative_to(site_root).as_posix()


@pytest.mark.parametrize(("pattern", "expected"), [
    ("search/s.*.json", serving.IMMUTABLE),
    ("search/d.*.json", serving.IMMUTABLE),
    ("search/f.*.json", serving.IMMUTABLE),
    ("search/manifest.json", "public, max-age=300"),
    ("theme/vendor/**/*.js", serving.IMMUTABLE),
    ("theme/css/*.css", "public, max-age=3600"),
    ("theme/js/*.js", "public, max-age=3600"),
    ("index.html", "public, max-age=300"),
    ("search/index.html", "public, max-age=300"),
    ("sitemap.xml", "public, max-age=300"),
    ("api/*.json", "public, max-age=300"),
])
def test_cache_control_follows_the_table_for_built_files(sample_site, pattern, expected):
    assert serving.cache_control(_one(sample_site.root, pattern)) == expected


@pytest.fixture(scope="module")
def deployed(sample_site):
    with serving.serve(sample_site.root, serving.DeployedHandler) as base:
        yield base


def test_the_deployed_server_sends_the_headers(deployed, sample_site):
    shard = _one(sample_site.root, "search/s.*.json")
    with urllib.request.urlopen(deployed + shard) as response:
        assert response.headers["Content-Security-Policy"] == serving.POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == serving.IMMUTABLE
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        assert response.read() == (sample_site.root / shard.lstrip("/")).read_bytes()
    with urllib.request.urlopen(deployed + _one(sample_site.root, "search/n.*.json")) as response:
        assert response.headers["Cache-Control"] == serving.IMMUTABLE  # the instant results' title files
    with urllib.request.urlopen(deployed + "/theme/js/search.js") as response:
        assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert response.headers["Cache-Control"] == "public, max-age=3600"


def test_a_missing_path_gets_the_sites_404_page(deployed, sample_site):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(deployed + "/finns-inte/")
    assert error.value.code == 404
    assert error.value.headers["Content-Security-Policy"] == serving.POLICY
    assert error.value.read() == (sample_site.root / "404.html").read_bytes()


def test_the_static_server_adds_nothing(sample_site):
    with serving.serve(sample_site.root, serving.StaticHandler) as base:
        with urllib.request.urlopen(base + "/") as response:
            assert "Content-Security-Policy" not in response.headers
            assert "Cache-Control" not in response.headers
            assert response.read() == (sample_site.root / "index.html").read_bytes()


def test_the_compressed_server_gzips_text_files_for_clients_that_accept_it(sample_site):
    import gzip

    with serving.serve(sample_site.root, serving.CompressedHandler) as base:
        for path, file in (("/", "index.html"), ("/theme/js/search.js", "theme/js/search.js")):
            request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip, br"})
            with urllib.request.urlopen(request) as response:
                assert response.headers["Content-Encoding"] == "gzip"
                assert response.headers["Content-Security-Policy"] == serving.POLICY
                body = response.read()
                assert int(response.headers["Content-Length"]) == len(body)
                assert gzip.decompress(body) == (sample_site.root / file).read_bytes()
        with urllib.request.urlopen(base + "/theme/js/search.js") as response:  # no Accept-Encoding
            assert "Content-Encoding" not in response.headers
            assert response.read() == (sample_site.root / "theme/js/search.js").read_bytes()
