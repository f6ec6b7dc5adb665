"""How reading history scales: N files × M commits, for two N at the same M.

Builds a throwaway repository per case (each commit changes one ritual's time, round robin),
then times opsbook's one-pass read (cold; cold again with the parsed revisions the first read kept
in `.cache/opsbook/`; warm with the revision cache kept as `mkdocs serve` keeps it) against the
naive way: one `git log` process per file. Run:

    .venv/bin/python benchmarks/history_pass.py [--commits 200] [--files 10 100]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from opsbook.core.loader import Settings
from opsbook.history import RevisionCache, read_history

TEAM = "kind: team\nroles:\n  host: {title: Host}\npeople:\n  ann: {name: Ann, roles: [host]}\n"
RITUAL = (
    'kind: ritual\ntitle: Meeting {i}\nattendees: [host]\nstarts: 2027-01-04\ntime: "{hour:02d}:00"\nrepeat: weekly\n'
)


def _git(root: Path, *args: str, stdin: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "b@example.com",
        "GIT_AUTHOR_DATE": "2026-11-01T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-11-01T10:00:00+00:00",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=root, env=env, input=stdin, text=True, capture_output=True, check=True
    ).stdout


def make_repo(root: Path, files: int, commits: int) -> None:
    """One commit adding the team and `files` rituals, then `commits` commits of one change each,
    written with git fast-import so that setting up stays quick."""
    _git(root, "init", "-q", "-b", "main")
    stream = []

    def blob(text: str) -> str:
        data = text.encode()
        return f"data {len(data)}\n{text}\n"

    def commit(n: int, changes: list[tuple[str, str]]) -> None:
        msg = f"change {n}"
        stream.append(
            f"commit refs/heads/main\ncommitter Bench <b@example.com> {1793527200 + n * 60} +0000\n"
            f"data {len(msg)}\n{msg}\n"
        )
        for path, text in changes:
            stream.append(f"M 100644 inline {path}\n{blob(text)}")
        stream.append("\n")

    commit(
        0,
        [("playbooks/team.yml", TEAM)]
        + [(f"playbooks/rituals/meeting-{i}.yml", RITUAL.format(i=i, hour=8)) for i in range(files)],
    )
    for n in range(1, commits + 1):
        i = n % files
        commit(n, [(f"playbooks/rituals/meeting-{i}.yml", RITUAL.format(i=i, hour=9 + (n // files) % 10))])
    _git(root, "fast-import", "--quiet", stdin="".join(stream))
    _git(root, "checkout", "-q", "main")


def per_file_logs(root: Path, files: int) -> float:
    start = time.perf_counter()
    for i in range(files):
        _git(root, "log", "--format=%H %aI", "--follow", "--", f"playbooks/rituals/meeting-{i}.yml")
    return time.perf_counter() - start


def measure(files: int, commits: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_repo(root, files, commits)
        (root / "mkdocs.yml").write_text("site_name: bench\n")
        settings = Settings(root=root)
        cache = RevisionCache()
        start = time.perf_counter()
        history = read_history(settings, cache=cache)
        cold = time.perf_counter() - start
        parses = cache.parses
        start = time.perf_counter()
        read_history(settings, cache=cache)
        warm = time.perf_counter() - start
        naive = per_file_logs(root, files)
        assert len(history.log) == files + 1 + commits
        return {"cold": cold, "warm": warm, "parses": parses, "naive": naive}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--files", type=int, nargs="+", default=[10, 100])
    args = parser.parse_args()
    print(
        "| files | commits | one pass, cold (s) | YAML parses | per parse (ms) "
        "| warm (s) | git log per file, no parsing (s) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for files in args.files:
        r = measure(files, args.commits)
        per = r["cold"] / r["parses"] * 1000
        print(
            f"| {files} | {args.commits} | {r['cold']:.2f} | {int(r['parses'])} | {per:.1f} "
            f"| {r['warm']:.2f} | {r['naive']:.2f} |"
        )


if __name__ == "__main__":
    main()
