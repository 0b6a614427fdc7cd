"""The publishing workflows (issue 12, point 3): GitHub Actions' passes actionlint,
GitLab CI's passes GitLab's own CI schema, and both do what the guide says: make
check on every change, the build, the deploy from the main branch only, and a
nightly build. Each checker is shown a broken workflow too, so it can fail."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github" / "workflows" / "publicera.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
GITLAB_SCHEMA = Path(__file__).resolve().parent / "schemas" / "gitlab-ci.json"
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    binary = ACTIONLINT if ACTIONLINT.exists() else shutil.which("actionlint")
    assert binary, "actionlint is not installed: pip install -r requirements-test.txt"
    return subprocess.run([str(binary), "-no-color", str(path)], capture_output=True, text=True, timeout=120)


def github() -> dict[Any, Any]:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)
    return workflow


def gitlab_errors(config: dict[str, Any]) -> list[str]:
    schema = json.loads(GITLAB_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(config)]


def test_github_workflow_passes_actionlint() -> None:
    result = actionlint(GITHUB)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = GITHUB.read_text(encoding="utf-8").replace("runs-on: ubuntu-24.04\n    timeout-minutes: 30", "runs-on: ubuntu-24.04\n    timeout-minutes: thirty")
    broken.write_text(text.replace("${{ steps.deployment.outputs.page_url }}", "${{ steps.deployment.outputs.page_url"), encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    assert "timeout-minutes" in result.stdout and "page_url" in result.stdout, result.stdout


def test_github_workflow_checks_every_change_and_publishes_main_nightly() -> None:
    workflow = github()
    triggers = workflow["on"]
    assert triggers["push"] == {"branches": ["main"]} and "pull_request" in triggers
    cron = triggers["schedule"][0]["cron"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", cron), cron  # every night
    build = workflow["jobs"]["bygg"]["steps"]
    commands = [step.get("run") for step in build if "run" in step]
    assert commands == ["make check", "make build"]
    deploy = workflow["jobs"]["publicera"]
    assert deploy["needs"] == "bygg" and "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    # Every action pinned to a full commit, the tag beside it.
    uses = re.findall(r"uses: (\S+)@(\S+) # (v[\d.]+)", GITHUB.read_text(encoding="utf-8"))
    assert {name for name, _, _ in uses} == {
        "actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-pages-artifact", "actions/deploy-pages",
    }
    # The share cards drawn by earlier runs come back before the build (a cold build draws every card).
    cache = next(step for step in build if "actions/cache" in step.get("uses", ""))
    assert cache["with"]["path"] == ".cache/share-cards"
    assert build.index(cache) < next(i for i, step in enumerate(build) if step.get("run") == "make build")
    assert all(re.fullmatch(r"[0-9a-f]{40}", commit) for _, commit, _ in uses), uses
    assert GITHUB.read_text(encoding="utf-8").count("uses:") == len(uses)
    assert next(step for step in build if "setup-python" in step.get("uses", ""))["with"]["python-version"] == "3.11"


def test_gitlab_ci_passes_gitlabs_schema() -> None:
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert gitlab_errors(config) == []


def test_gitlabs_schema_finds_a_broken_config() -> None:
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    config["pages"]["artifacts"] = {"path": ["public"]}  # "paths", misspelt
    config["kontrollera"]["when"] = "sometimes"
    errors = gitlab_errors(config)
    assert any("artifacts" in error for error in errors), errors
    assert any("sometimes" in error for error in errors), errors


def test_gitlab_ci_checks_every_change_and_publishes_the_default_branch() -> None:
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    for job in ("kontrollera", "pages"):
        assert config[job]["script"][:2] == ["make check", "make build"]
    pages = config["pages"]
    assert pages["artifacts"]["paths"] == ["public"] and "mv site public" in pages["script"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert config["kontrollera"]["rules"] == [{"if": "$CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH"}]
    assert any(rule.get("if") == '$CI_PIPELINE_SOURCE == "merge_request_event"' for rule in config["workflow"]["rules"])
    # A pipeline started by a schedule runs on the default branch: the pages job publishes it.
    assert "3.11" in config["default"]["image"]


@pytest.mark.parametrize("page_text", [
    "## 3a. Publicera med GitHub Pages",
    "## 3b. Publicera med GitLab Pages",
    "## 1. Skriv webbplatsens adress i site_url",
    "## 2. Fyll i tillgänglighetsredogörelsen",
    "**Build › Pipeline schedules**",
    "Source: GitHub Actions",
])
def test_the_guide_walks_through_publishing(page_text: str) -> None:
    guide = (ROOT / "docs" / "skrivhandledning" / "publicera.md").read_text(encoding="utf-8")
    assert page_text in guide
    # The guide is out of the citizens' menu: its index lists its chapters.
    index = (ROOT / "docs" / "skrivhandledning" / "index.md").read_text(encoding="utf-8")
    assert "[Publicera webbplatsen](publicera.md)" in index


def test_the_guides_cron_and_the_workflows_agree() -> None:
    guide = (ROOT / "docs" / "skrivhandledning" / "publicera.md").read_text(encoding="utf-8")
    minute, hour = github()["on"]["schedule"][0]["cron"].split()[:2]
    assert f"klockan {int(hour):02d}.{int(minute):02d} UTC" in guide

