"""ProperDocs, the maintained fork of MkDocs 1.x: it runs the plugin unchanged but reads
properdocs.yml, which the command line finds as it finds mkdocs.yml."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    EXAMPLE_TODAY_EPOCH,
    MINIMAL_MKDOCS,
    REPO,
    TEAM,
    WORKFLOW,
    folder_files,
    opsbook,
    run_mkdocs,
    write_handbook,
)
from gitrepo import GitRepo
from icalendar import Calendar

#: The one line a ProperDocs page differs in: `mkdocs-ProperDocs 1.6.7, ...` against `mkdocs-1.6.1, ...`.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _properdocs_handbook(root: Path) -> Path:
    """A handbook whose config is properdocs.yml, reading its playbooks from a folder that is not
    the default: only settings read from that file find them."""
    write_handbook(root, {"book/team.yml": TEAM, "book/workflows/webinar.yml": WORKFLOW})
    config = MINIMAL_MKDOCS.replace("      timezone: Europe/London\n", "      playbooks_dir: book\n")
    (root / "mkdocs.yml").unlink()
    (root / "properdocs.yml").write_text(config, encoding="utf-8")
    return root


def test_check_reads_properdocs_yml_from_the_folder_and_from_below_it(tmp_path: Path) -> None:
    root = _properdocs_handbook(tmp_path / "hb")
    for done in (opsbook("check", root, cwd=tmp_path), opsbook("check", cwd=root / "book" / "workflows")):
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.startswith("ok: 2 entr"), done.stdout


def test_calendars_take_the_site_url_from_properdocs_yml(tmp_path: Path) -> None:
    root = _properdocs_handbook(tmp_path / "hb")
    (root / "book" / "projects").mkdir()
    (root / "book" / "projects" / "q1.yml").write_text(
        "kind: project\ntitle: Q1\nworkflow: webinar\nlaunch: 2027-01-21\n", encoding="utf-8"
    )
    done = opsbook("calendars", "--out", tmp_path / "feeds", cwd=root)
    assert done.returncode == 0, done.stderr
    calendar = Calendar.from_ical((tmp_path / "feeds" / "projects" / "q1.ics").read_bytes())
    urls = {str(event.get("url")) for event in calendar.walk("VEVENT")}
    assert urls == {"https://handbook.example.com/projects/q1/"}


@pytest.mark.parametrize("where", ["dir", "cwd"])
def test_a_folder_without_a_site_config_is_one_line_naming_both_and_exit_2(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "notes"
    (folder / "playbooks").mkdir(parents=True)
    (folder / "playbooks" / "team.yml").write_text(TEAM, encoding="utf-8")
    if where == "dir":
        done = opsbook("check", ".", cwd=folder)
        assert done.stderr == "opsbook: .: no mkdocs.yml or properdocs.yml in this folder\n"
    else:
        done = opsbook("check", cwd=folder)
        assert done.stderr == (
            "opsbook: no mkdocs.yml or properdocs.yml here or in any folder above; pass the handbook's folder\n"
        )
    assert (done.returncode, done.stdout) == (2, "")


@pytest.mark.slow
def test_properdocs_builds_the_example_as_mkdocs_does_but_for_the_generator_tag(tmp_path: Path) -> None:
    """The example in a git repository with a change in its history, built by MkDocs and then, its
    config renamed properdocs.yml, by `properdocs build` in a process of its own (ProperDocs makes
    every `mkdocs` import its own): byte for byte the same site once each page's generator tag is
    left out."""
    root = tmp_path / "handbook"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".venv", ".git", "site", "tests", "*.egg-info", "__pycache__")
    )
    repo = GitRepo(root)
    repo.commit("The example handbook", date="2026-11-02T09:00:00+00:00")
    webinar = (root / "playbooks/workflows/webinar.yml").read_text(encoding="utf-8")
    repo.commit(
        "Webinar: a clearer title",
        {"playbooks/workflows/webinar.yml": webinar.replace("title: Webinar\n", "title: Webinar (live)\n", 1)},
        date="2026-11-10T09:00:00+00:00",
    )
    env = {"SOURCE_DATE_EPOCH": EXAMPLE_TODAY_EPOCH}
    built = run_mkdocs(root, tmp_path / "mkdocs-site", "--strict", env=env)
    assert built.returncode == 0, built.output
    (root / "mkdocs.yml").rename(root / "properdocs.yml")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "properdocs"), "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=root,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    mine, theirs = folder_files(tmp_path / "site"), folder_files(built.site)
    assert sorted(mine) == sorted(theirs)
    assert b"Webinar (live)" in theirs["changes/2026-11/index.html"]
    tagged = [p for p, data in theirs.items() if GENERATOR.search(data)]
    assert len(tagged) > 50
    assert all(b"ProperDocs" in GENERATOR.search(mine[p]).group() for p in tagged)  # type: ignore[union-attr]
    differ = [p for p in theirs if GENERATOR.sub(b"", mine[p]) != GENERATOR.sub(b"", theirs[p])]
    assert differ == []
