"""Shared helpers: `mkdocs build` and `opsbook` runs of the example and of small handbooks in tmp_path.

`run_mkdocs` and `opsbook` run in this process, through MkDocs' own click command and opsbook's
`main()`: the same exit code and the same output as the command line, without the 0.3-0.5 s a new
Python spends importing MkDocs, Material and opsbook. `run_mkdocs_process` is the real child
process, for what only a process shows (the example's session build, the entry points).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import traceback
import warnings
from collections.abc import Iterator, Mapping
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked slow run first (the order is otherwise kept). Under make test's two workers
    each then starts on one at once, instead of one worker ending alone on a 40 s test."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


#: Variables for a run: a value sets the variable, None removes it from the environment.
Env = Mapping[str, str | None]


@contextlib.contextmanager
def _process_state(cwd: Path, env: Env | None) -> Iterator[pytest.MonkeyPatch]:
    """The working directory and environment a child would have had, undone afterwards: opsbook
    reads os.environ (SOURCE_DATE_EPOCH) and its git children inherit it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        for key, value in (env or {}).items():
            if value is None:
                mp.delenv(key, raising=False)
            else:
                mp.setenv(key, value)
        yield mp


def run_mkdocs(root: Path, site: Path, *args: str, env: Env | None = None) -> Build:
    """`mkdocs build` of `root` into `site`, in this process: MkDocs' click command with its exit
    code and its log lines (`WARNING -  ...`), as a child prints them on stderr."""
    from click.testing import CliRunner
    from mkdocs.__main__ import ColorFormatter, cli

    # Each build command adds a DuplicateFilter to this logger and never removes it: left there,
    # it would drop a message that any earlier build in this process had logged. The command also
    # sets the level, propagation and a handler of the "mkdocs" logger: all put back afterwards.
    build_log, mkdocs_log = logging.getLogger("mkdocs.commands.build"), logging.getLogger("mkdocs")
    filters, handlers = list(build_log.filters), list(mkdocs_log.handlers)
    level, propagate = mkdocs_log.level, mkdocs_log.propagate
    with _process_state(root, env) as mp, warnings.catch_warnings():
        mp.setattr(ColorFormatter.text_wrapper, "width", 0)  # a child's stderr is a pipe: no wrapping
        try:
            result = CliRunner().invoke(cli, ["build", "-f", str(root / "mkdocs.yml"), "-d", str(site), *args])
        finally:
            build_log.filters[:] = filters
            mkdocs_log.handlers[:] = handlers
            mkdocs_log.setLevel(level)
            mkdocs_log.propagate = propagate
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # What Python prints for an exception nobody caught; the exit code is 1 as it would be.
        assert result.exc_info is not None
        output += "".join(traceback.format_exception(*result.exc_info))
    return Build(result.exit_code, output, site)


def run_mkdocs_process(root: Path, site: Path, *args: str, env: Env | None = None) -> Build:
    """`python -m mkdocs build` in a child process."""
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for key, value in (env or {}).items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(site), *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=root,
        timeout=300,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


def opsbook(*args: str | Path, cwd: Path, env: Env | None = None) -> subprocess.CompletedProcess[str]:
    """`opsbook ARGS` run in `cwd`, in this process, with its exit code, stdout and stderr. An
    exception escapes into the test (a child would print its traceback and exit 1)."""
    from opsbook.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    # argparse prints --help and --version on sys.stdout, not on the streams main() is given.
    with _process_state(cwd, env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args], stdout=out, stderr=err)
    return subprocess.CompletedProcess(["opsbook", *map(str, args)], code, out.getvalue(), err.getvalue())


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


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (a built site, say), by path relative to it, in path order."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the repository's example handbook (mkdocs.yml, playbooks, resource_hub, docs) to
    change. test_build_out.py and test_init.py have an `example` of their own, which wins there."""
    root = tmp_path / "handbook"
    root.mkdir()
    for name in ("playbooks", "resource_hub", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's own example handbook, built once with --strict."""
    work = tmp_path_factory.mktemp("example")
    root = work / "handbook"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".venv", ".git", "site", "tests", "*.egg-info", "__pycache__")
    )
    # A real process, `python -m mkdocs` with its entry points: the end-to-end build of the example.
    return run_mkdocs_process(root, work / "site", "--strict", env={"SOURCE_DATE_EPOCH": EXAMPLE_TODAY_EPOCH})


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One headless Chromium for the session (skipped, or failed in CI, when it is missing)."""
    from browser import launch_chromium

    with launch_chromium() as browser:
        yield browser
