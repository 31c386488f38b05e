"""CI keeps Torget's build caches and the previous output between runs
(.github/workflows/site.yml, .gitlab-ci.yml; docs/deploying.md).

- Both keep what a rebuild reuses: ``.cache/`` (``CACHE_PATH``), the
  output folder and the files a build keeps beside it (page fingerprints
  and the manifest the output guard checks), and give every file its last
  commit's time first (the caches know an unchanged file by its time).
- ``publishconf.py`` loads the caches in CI only.
- A production build whose kept paths are restored into a fresh folder,
  as a CI run restores them, replaces the restored output and writes the
  same bytes as the build that left them.
"""

from __future__ import annotations

import shutil

from ruamel.yaml import YAML

from conftest import PUBLISH_CONFIG, ROOT, SAMPLE_CONTENT, SAMPLE_DATE
from torget.build.outputguard import OutputFolder
from torget.build.run import build_site, load_settings

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
PIPELINE = ROOT / ".gitlab-ci.yml"


def _yaml(path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _beside(output: str) -> set[str]:
    """The files a build keeps beside its output folder that the next build
    reads (the page fingerprints are inside it)."""
    return {OutputFolder(ROOT / output).manifest.name}


def _github_cache_paths() -> list[str]:
    steps = _yaml(WORKFLOW)["jobs"]["build"]["steps"]
    cache = next(step for step in steps if str(step.get("uses", "")).startswith("actions/cache@"))
    return cache["with"]["path"].split()


def test_the_github_workflow_keeps_the_caches_and_the_previous_output():
    steps = _yaml(WORKFLOW)["jobs"]["build"]["steps"]
    names = [step.get("uses") or step.get("run") for step in steps]
    at = {what: next(i for i, name in enumerate(names) if what in name)
          for what in ("actions/checkout", "git restore-mtime", "actions/cache@", "torget check", "torget build")}
    assert at["actions/checkout"] < at["git restore-mtime"] < at["torget check"] < at["torget build"]
    assert at["actions/cache@"] < at["torget check"]
    assert steps[at["actions/checkout"]]["with"]["fetch-depth"] == 0  # every file's last commit is known
    assert set(_github_cache_paths()) == {".cache/", "output/", *_beside("output")}
    cache = steps[at["actions/cache@"]]["with"]
    assert "github.run_id" in cache["key"]  # a new key each run: the cache is saved after every build
    assert all(cache["key"].startswith(prefix.strip()) for prefix in cache["restore-keys"].splitlines())


def test_the_gitlab_pipeline_keeps_the_caches_and_the_previous_output():
    pipeline = _yaml(PIPELINE)
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    before = pipeline["default"]["before_script"]
    assert any("git restore-mtime" in line for line in before)
    assert before.index(next(line for line in before if "git restore-mtime" in line)) < before.index(
        next(line for line in before if "pip install" in line))
    build = {tuple(cache["paths"]): cache for cache in pipeline["build"]["cache"]}
    assert (".cache/",) in build and (".venv/",) in build
    output = build[("public/", *sorted(_beside("public")))]
    assert output["key"] == "torget-output-$CI_COMMIT_REF_SLUG"
    assert output["fallback_keys"] == ["torget-output-$CI_DEFAULT_BRANCH"]
    assert pipeline["build"]["script"] == ["torget build --config publishconf.py --output public"]


def test_the_cached_folder_is_where_the_build_cache_is():
    settings = load_settings(PUBLISH_CONFIG, SAMPLE_CONTENT, ROOT / "output", SAMPLE_DATE)
    assert settings["CACHE_PATH"].replace(str(ROOT) + "/", "").startswith(".cache/")


def test_publishconf_loads_the_caches_in_ci_only(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert load_settings(PUBLISH_CONFIG, SAMPLE_CONTENT, ROOT / "output", SAMPLE_DATE)["LOAD_CONTENT_CACHE"] is True
    monkeypatch.delenv("CI")
    assert load_settings(PUBLISH_CONFIG, SAMPLE_CONTENT, ROOT / "output", SAMPLE_DATE)["LOAD_CONTENT_CACHE"] is False


def _ci_build(project, monkeypatch):
    monkeypatch.setenv("CI", "true")
    settings = load_settings(PUBLISH_CONFIG, SAMPLE_CONTENT, project / "output", SAMPLE_DATE)
    settings.update(SITEURL="https://forum.example.se", CACHE_PATH=str(project / ".cache" / "pelican"))
    return build_site(settings)


def test_a_run_on_restored_paths_replaces_the_output_and_writes_the_same_bytes(tmp_path, monkeypatch):
    first, second = tmp_path / "first-run", tmp_path / "second-run"
    done = _ci_build(first, monkeypatch)
    assert done.ok, done.problems
    for path in _github_cache_paths():  # what actions/cache restores into the next run's checkout
        source = first / path
        assert source.exists(), path
        if source.is_dir():
            shutil.copytree(source, second / path, copy_function=shutil.copy2)
        else:
            shutil.copy2(source, second / path)
    again = _ci_build(second, monkeypatch)
    assert again.ok and again.refused is None, (again.refused, again.problems)

    def files(root):
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(second / "output") == files(first / "output")
