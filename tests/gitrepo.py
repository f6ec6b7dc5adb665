"""Real git repositories in tmp_path with scripted commits: fixed names and dates."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path


def git_env(name: str = "Ellie Hart", date: str = "2026-11-01T10:00:00+00:00") -> dict[str, str]:
    email = name.split()[0].lower() + "@example.com"
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, name: str = "Ellie Hart", date: str = "2026-11-01T10:00:00+00:00") -> str:
        proc = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            env=git_env(name, date),
            capture_output=True,
            text=True,
            check=True,
        )
        return proc.stdout.strip()

    def write(self, files: dict[str, str]) -> None:
        for rel, text in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")

    def commit(
        self,
        message: str,
        files: dict[str, str] | None = None,
        *,
        name: str = "Ellie Hart",
        date: str = "2026-11-01T10:00:00+00:00",
    ) -> str:
        """Write `files`, stage everything and commit; return the commit's full id."""
        self.write(files or {})
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, name=name, date=date)
        return self.git("rev-parse", "HEAD")
