"""The git repository `opsbook init` finds or makes, and the commits of its example history.

Every git command runs with the author and dates given, no signing and no hooks: the example
history is the same on any machine, whatever the user's git configuration.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Literal

from ..history import GitError

GitState = Literal["none", "empty", "history", "no-git"]


def git_state(folder: Path) -> GitState:
    """Whether `folder` (which may not exist yet) is in a git work tree, and whether that has commits."""
    if shutil.which("git") is None:
        return "no-git"
    existing = next(f for f in (folder.absolute(), *folder.absolute().parents) if f.is_dir())
    inside = _run(existing, "rev-parse", "--is-inside-work-tree", check=False)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return "none"
    has_head = _run(existing, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    return "history" if has_head.returncode == 0 else "empty"


def init_repository(folder: Path) -> None:
    """`git init` with `main` as the first branch (set by hand: `init -b` needs git 2.28)."""
    _run(folder, "init", "--quiet")
    _run(folder, "symbolic-ref", "HEAD", "refs/heads/main")


def commit(folder: Path, paths: list[str], message: str, author: str, email: str, when: dt.datetime) -> None:
    """Commit exactly `paths` (whatever else is staged stays staged), by `author` at `when`."""
    stamp = when.isoformat()
    env = {
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": stamp,
    }
    _run(folder, "add", "--", *paths)
    _run(folder, "commit", "--quiet", "--no-verify", "--only", "-m", message, "--", *paths, env=env)


def _run(
    folder: Path, *args: str, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=folder,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )
    if check and done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {args[0]} failed")
    return done
