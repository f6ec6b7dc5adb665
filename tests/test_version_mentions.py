"""The release a handbook installs is written in a few documents and templates besides
pyproject.toml; each mention is the version pyproject.toml gives (CONTRIBUTING.md lists them
among the release steps)."""

from __future__ import annotations

import re
import subprocess

from conftest import REPO

#: Every file that names the release tag, as CONTRIBUTING.md's release steps list them.
MENTIONS = (
    "README.md",
    "docs/starting.md",
    "docs/contributing.md",
    "plugins/opsbook/cli/skeleton/ci/github-actions.yml",
    "plugins/opsbook/cli/skeleton/ci/gitlab-ci.yml",
)
#: A pin of opsbook at a tag (`opsbook@v0.2.0`) or a pre-commit hook's `rev: v0.2.0`.
TAG = re.compile(r"(?:opsbook@|\brev: )v(\d+\.\d+\.\d+\S*?)(?=[\s\"'`).]|$)", re.MULTILINE)


def _version() -> str:
    found = re.search(r'^version = "([^"]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8"), re.MULTILINE)
    assert found, "pyproject.toml: no version"
    return found[1]


def test_every_mention_of_the_release_is_the_version_of_pyproject() -> None:
    version = _version()
    for rel in MENTIONS:
        tags = TAG.findall((REPO / rel).read_text(encoding="utf-8"))
        assert tags, f"{rel} names no release: take it off MENTIONS and CONTRIBUTING.md"
        assert set(tags) == {version}, f"{rel} names v{', v'.join(sorted(set(tags)))}, pyproject.toml {version}"


def test_no_other_file_names_a_release_and_contributing_lists_them_all() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    naming = {
        rel
        for rel in tracked
        if rel
        and rel != "CHANGELOG.md"
        and not rel.startswith("tests/")
        and (REPO / rel).is_file()
        and TAG.search((REPO / rel).read_text(encoding="utf-8", errors="replace"))
    }
    assert naming == set(MENTIONS)
    steps = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## Releases", 1)[1]
    assert [rel for rel in MENTIONS if f"`{rel}`" not in steps] == []
