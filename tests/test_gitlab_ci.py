"""The GitLab CI/CD pipeline (.gitlab-ci.yml): valid against GitLab's schema, and doing what docs/deploying.md says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ROOT / ".gitlab-ci.yml"


def validate(path: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with GitLab's schema as shipped inside the package: no network needed.

    The proxies point at a closed port, so any download would fail the run.
    """
    offline = dict(os.environ, HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",
                   http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", NO_PROXY="")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(path)],
                          capture_output=True, text=True, env=offline, timeout=120)


def pipeline() -> dict:
    return YAML(typ="safe").load(PIPELINE.read_text(encoding="utf-8"))


def test_the_pipeline_validates_against_gitlabs_schema_offline():
    result = validate(PIPELINE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validation done" in result.stdout


def test_validation_can_fail(tmp_path):
    for broken in (PIPELINE.read_text().replace("  stage: check", "  stag: check"),
                   PIPELINE.read_text().replace("when: never", "when: sometimes")):
        path = tmp_path / "broken.yml"
        path.write_text(broken)
        result = validate(path)
        assert result.returncode == 1 and "Schema validation errors" in result.stdout, result.stdout + result.stderr


def test_checks_strictly_builds_for_production_and_publishes_public():
    jobs = pipeline()
    assert jobs["stages"] == ["check", "build", "deploy"]
    assert jobs["check"]["script"] == ["torget check --strict"]
    assert jobs["build"]["needs"] == ["check"]
    assert jobs["build"]["script"] == ["torget build --config publishconf.py --output public"]
    assert jobs["build"]["artifacts"]["paths"] == ["public/"]
    pages = jobs["pages"]  # GitLab Pages publishes the artifacts of the job named "pages"
    assert pages["needs"] == ["build"] and pages["artifacts"]["paths"] == ["public/"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert jobs["variables"]["TORGET_SITEURL"] == "$CI_PAGES_URL"


def test_the_venv_and_torgets_build_cache_are_kept_between_pipelines():
    default = pipeline()["default"]
    caches = {tuple(cache["paths"]): cache["key"] for cache in default["cache"]}
    assert caches[(".venv/",)] == {"files": ["pyproject.toml"], "prefix": "venv"}
    assert (".cache/",) in caches
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'CACHE_PATH = ".cache/pelican"' in settings  # the cached folder is where the build cache is
    assert "python3 -m venv .venv" in " ".join(default["before_script"])


def test_nightly_schedule_pipelines_run_and_are_documented():
    rules = [rule["if"] for rule in pipeline()["workflow"]["rules"]]
    assert any('$CI_PIPELINE_SOURCE == "schedule"' in rule for rule in rules)
    # Schedules come first, before the rule that drops branch pipelines with an open merge request.
    assert rules.index(next(r for r in rules if "schedule" in r)) < rules.index("$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS")
    deploying = (ROOT / "docs" / "deploying.md").read_text(encoding="utf-8")
    section = deploying[deploying.index("## GitLab Pages"):]
    section = section[: section.find("\n## ", 3)]
    for words in ("Pipeline schedules", "15 2 * * *", "TORGET_SITEURL", ".cache/", ".venv/", "public/"):
        assert words in section, words
