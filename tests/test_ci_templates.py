"""The CI pipelines `opsbook init` writes (plugins/opsbook/cli/skeleton/ci/): they parse, they
fetch full history and deploy on the main branch only, and the commands they run succeed on the
example handbook."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_TODAY_EPOCH, REPO
from ruamel.yaml import YAML

GITHUB = REPO / "plugins/opsbook/cli/skeleton/ci/github-actions.yml"
GITLAB = REPO / "plugins/opsbook/cli/skeleton/ci/gitlab-ci.yml"
BIN = str(Path(sys.executable).parent)
#: Commands that install or fetch: they need the network and the user's own repository.
NOT_RUN_HERE = ("pip install", "git fetch")


def _load(path: Path) -> Any:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)  # as GitHub and GitLab read it: `on` is a key, not `true`
    return yaml.load(path.read_text(encoding="utf-8"))


def _github_commands() -> list[str]:
    jobs = _load(GITHUB)["jobs"]
    return [step["run"] for job in jobs.values() for step in job.get("steps", []) if "run" in step]


def _gitlab_commands() -> list[str]:
    config = _load(GITLAB)
    lines = list(config.get("before_script", []))
    for job in config.values():
        if isinstance(job, dict) and "script" in job:
            lines.extend(job["script"])
    return lines


def _runnable(command: str) -> bool:
    return not command.startswith(NOT_RUN_HERE) and "opsbook diff" not in command


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    root = tmp_path / "handbook"
    shutil.copytree(
        REPO,
        root,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "site", "tests", "*.egg-info", "__pycache__", "plugins", "templates"
        ),
    )
    return root


def _run(command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        **os.environ,
        "PATH": BIN + os.pathsep + os.environ["PATH"],
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": EXAMPLE_TODAY_EPOCH,
        **env,
    }
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=environ, capture_output=True, text=True, timeout=300
    )


def test_github_workflow_checks_pull_requests_and_deploys_main_to_pages() -> None:
    workflow = _load(GITHUB)
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = {step.get("uses", "").split("@")[0]: step for step in build["steps"]}
    assert "pull_request" in workflow["on"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert uses["actions/checkout"]["with"]["fetch-depth"] == 0
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert "refs/heads/main" in uses["actions/upload-pages-artifact"]["if"]
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]


def test_github_workflow_annotates_checks_and_summarises_scope_changes() -> None:
    commands = _github_commands()
    assert "opsbook check --format github" in commands
    assert 'opsbook diff "origin/${{ github.base_ref }}" >> "$GITHUB_STEP_SUMMARY"' in commands
    assert "mkdocs build --strict" in commands


def test_gitlab_pipeline_fetches_full_history_and_publishes_pages() -> None:
    config = _load(GITLAB)
    assert config["variables"]["GIT_DEPTH"] == 0
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    assert "mkdocs build --strict --site-dir public" in config["pages"]["script"]
    assert config["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


@pytest.mark.parametrize("command", sorted({c for c in _github_commands() + _gitlab_commands() if _runnable(c)}))
def test_template_command_succeeds_on_the_example(handbook: Path, command: str) -> None:
    done = _run(command, handbook)
    assert done.returncode == 0, done.stdout + done.stderr


def test_github_format_annotates_each_problem_of_a_broken_file(handbook: Path) -> None:
    ritual = handbook / "playbooks/rituals/daily-stand-up.yml"
    ritual.write_text(
        ritual.read_text(encoding="utf-8")
        .replace("repeat: weekdays", "repeat: weekdays\nlocaton: Room 4")
        .replace("duration: 10m", "duration: ten minutes"),
        encoding="utf-8",
    )
    done = _run("opsbook check --format github", handbook)
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    assert lines == [
        "::error file=playbooks/rituals/daily-stand-up.yml,line=8,col=11::"
        "'ten minutes' is not a duration: write a number and a unit, e.g. 30m, 4h, 3d, 2w or 5bd",
        "::error file=playbooks/rituals/daily-stand-up.yml,line=11,col=1::"
        "unknown key 'locaton' (did you mean 'location'?)",
    ]


@pytest.mark.parametrize("template", ["github", "gitlab"])
def test_scope_change_step_writes_the_moved_launch(handbook: Path, template: str) -> None:
    """Each template's `opsbook diff` step, run as the CI runs it on a merge request that moves
    the launch: GitHub appends to the step summary, GitLab writes scope-changes.md."""
    env = {
        "GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z",
        "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z",
        "GIT_AUTHOR_NAME": "Ann",
        "GIT_AUTHOR_EMAIL": "ann@example.com",
        "GIT_COMMITTER_NAME": "Ann",
        "GIT_COMMITTER_EMAIL": "ann@example.com",
    }
    assert (
        _run(
            "git init -q -b main && git add -A && git commit -qm base && git update-ref refs/remotes/origin/main HEAD",
            handbook,
            **env,
        ).returncode
        == 0
    )
    project = handbook / "playbooks/projects/q1-product-webinar.yml"
    project.write_text(project.read_text(encoding="utf-8").replace("launch: 2027-01-21", "launch: 2027-01-28"))
    if template == "github":
        step = next(c for c in _github_commands() if "opsbook diff" in c).replace("${{ github.base_ref }}", "main")
        summary = handbook.parent / "summary.md"
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    else:
        step = next(c for c in _gitlab_commands() if "opsbook diff" in c)
        summary = handbook / "scope-changes.md"
        env["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main"
    done = _run(step, handbook, **env)
    assert done.returncode == 0, done.stderr
    assert re.search(r"2027-01-21.*2027-01-28", summary.read_text(encoding="utf-8"), re.DOTALL)
