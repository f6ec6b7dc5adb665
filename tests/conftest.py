"""Shared helpers: real `mkdocs build` runs of the example and of small handbooks in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_TODAY_EPOCH = "1795392000"  # 2026-11-23 00:00 UTC: fixes "today" for the example


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def run_mkdocs(root: Path, site: Path, *args: str, env: dict[str, str] | None = None) -> Build:
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(site), *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=root,
        timeout=300,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


MINIMAL_MKDOCS = """\
site_name: Test handbook
site_url: https://handbook.example.com/
repo_url: https://git.example.com/team/handbook
edit_uri: edit/main/docs/
theme:
  name: material
  font: false
  features: [content.action.edit]
plugins:
  - search
  - tags
  - opsbook:
      timezone: Europe/London
"""

TEAM = """\
kind: team
roles:
  strategist: {title: Content strategist}
  designer: {title: Designer}
people:
  ellie: {name: Ellie Hart, roles: [strategist]}
  lucy: {name: Lucy Brooks, roles: [designer]}
"""

WORKFLOW = """\
kind: workflow
title: Webinar
owner: strategist
tags: [events]
tasks:
  - id: approve-deck
    title: Approve slide deck
    responsible: strategist
    due: -12d
  - id: design-deck
    title: Design slide deck
    responsible: designer
    duration: 2d
    before: [approve-deck]
"""

PROJECT = """\
kind: project
title: Q1 product webinar
workflow: webinar
launch: 2027-01-21
"""


def write_handbook(root: Path, files: dict[str, str], *, mkdocs: str = MINIMAL_MKDOCS) -> Path:
    """A handbook in `root`: mkdocs.yml, docs/index.md and the given files (dedented)."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Handbook\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def small_handbook(tmp_path: Path) -> Path:
    return write_handbook(
        tmp_path / "hb",
        {
            "playbooks/team.yml": TEAM,
            "playbooks/workflows/webinar.yml": WORKFLOW,
            "playbooks/projects/q1-webinar.yml": PROJECT,
        },
    )


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's own example handbook, built once with --strict."""
    work = tmp_path_factory.mktemp("example")
    root = work / "handbook"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".venv", ".git", "site", "tests", "*.egg-info", "__pycache__")
    )
    return run_mkdocs(root, work / "site", "--strict", env={"SOURCE_DATE_EPOCH": EXAMPLE_TODAY_EPOCH})
