"""`opsbook init`: a standalone handbook that checks and builds with --strict at once, never
written over anything, in a git repository of its own or the one it is in; `--example` with a
dated history the pages show; and the whole path, from init to search, in a real browser."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE_TODAY_EPOCH, REPO, opsbook, run_mkdocs
from gitrepo import GitRepo, git_env
from liveserver import free_port, wait_for
from ruamel.yaml import YAML

TODAY = dt.datetime.fromtimestamp(int(EXAMPLE_TODAY_EPOCH), tz=dt.timezone.utc).date()
ENV = {"SOURCE_DATE_EPOCH": EXAMPLE_TODAY_EPOCH}
BIN = Path(sys.executable).parent

#: What `opsbook init` writes without --example, and what --example adds.
STARTER = {
    ".github/workflows/handbook.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "docs/contributing.md",
    "docs/images/handbook.svg",
    "docs/index.md",
    "mkdocs.yml",
    "opsbook.schema.json",
    "playbooks/team.yml",
    "playbooks/workflows/launch.yml",
    "requirements.txt",
    "resource_hub/assets.yml",
    "resource_hub/links.yml",
}
EXAMPLE = {
    "playbooks/policies/asset-licensing.yml",
    "playbooks/procedures/publishing-checklist.yml",
    "playbooks/projects/spring-launch.yml",
    "playbooks/reports/monthly-report.yml",
    "playbooks/rituals/weekly-planning.yml",
    "resource_hub/notes/spring-launch-kickoff.md",
    "resource_hub/notes/spring-launch-moved.md",
}


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}


def _yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _text(html: str, selector: str) -> str:
    found = BeautifulSoup(html, "html.parser").select_one(selector)
    assert found is not None, f"no {selector}"
    return " ".join(found.get_text(" ").split())


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()


def test_init_writes_a_handbook_that_checks_and_builds_strict(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    done = opsbook("init", root, "--name", "Acme: marketing", "--timezone", "Europe/London", cwd=tmp_path, env=ENV)
    assert done.returncode == 0, done.stderr
    assert _files(root) == STARTER
    config = _yaml(root / "mkdocs.yml")
    assert config["site_name"] == "Acme: marketing"
    assert config["theme"]["font"] is False
    assert {"navigation.indexes", "navigation.sections", "navigation.prune"} <= set(config["theme"]["features"])
    assert config["plugins"][2] == {
        "opsbook": {"playbooks_dir": "playbooks", "hub_dir": "resource_hub", "timezone": "Europe/London"}
    }
    checked = opsbook("check", "--strict", cwd=root, env=ENV)
    assert checked.returncode == 0, checked.stdout
    assert "no problems" in checked.stdout
    build = run_mkdocs(root, tmp_path / "site", "--strict", env=ENV)
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output
    home = _text((build.site / "index.html").read_text(encoding="utf-8"), "article h1")
    assert home.removesuffix("¶").strip() == "Acme: marketing"
    workflow = build.page("workflows/launch")
    assert len(BeautifulSoup(workflow, "html.parser").select('table[data-opsbook="tasks"] tbody tr')) == 6
    # The editor mapping points at the schema init wrote, which is the one `opsbook schema` prints.
    mapping = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert list(mapping) == ["./opsbook.schema.json"]
    printed = opsbook("schema", cwd=root)
    assert json.loads((root / "opsbook.schema.json").read_text(encoding="utf-8")) == json.loads(printed.stdout)
    # Byte for byte: the file init writes, the one `opsbook schema --out` writes and the text printed.
    assert opsbook("schema", "--out", tmp_path / "out.json", cwd=root).returncode == 0
    written = (root / "opsbook.schema.json").read_bytes()
    assert written == (tmp_path / "out.json").read_bytes() == printed.stdout.encode("utf-8")


def test_the_written_pins_name_this_release_and_the_hooks_it_publishes(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    assert opsbook("init", root, cwd=tmp_path, env=ENV).returncode == 0
    version = metadata.version("opsbook")
    repository = next(
        url.split(",", 1)[1].strip()
        for url in metadata.metadata("opsbook").get_all("Project-URL") or ()
        if url.startswith("Repository,")
    )
    pins = [line for line in (root / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert pins == [f"opsbook @ git+{repository}@v{version}"]
    hooks = _yaml(root / ".pre-commit-config.yaml")["repos"]
    assert hooks == [{"repo": repository, "rev": f"v{version}", "hooks": [{"id": "opsbook-check"}]}]
    published = {hook["id"] for hook in _yaml(REPO / ".pre-commit-hooks.yaml")}
    assert "opsbook-check" in published
    # The tag the pins name is a release of the change log, and the one `--version` reports.
    assert f"## [{version}]" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert opsbook("--version", cwd=tmp_path).stdout.strip() == f"opsbook {version}"


def test_the_written_ci_pipelines_run_on_the_new_handbook(tmp_path: Path) -> None:
    """Every command of both pipelines init wrote that needs no network succeeds in the new
    handbook, once it has been committed (the pages' history is read from git)."""
    from test_ci_templates import _run, _runnable

    root = tmp_path / "handbook"
    assert opsbook("init", root, cwd=tmp_path, env=ENV).returncode == 0
    for command in (["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-qm", "Start the handbook"]):
        subprocess.run(["git", *command], cwd=root, env=git_env(), check=True)
    github = _yaml(root / ".github/workflows/handbook.yml")
    gitlab = _yaml(root / ".gitlab-ci.yml")
    commands = [s["run"] for job in github["jobs"].values() for s in job.get("steps", []) if "run" in s]
    commands += [line for job in gitlab.values() if isinstance(job, dict) for line in job.get("script", [])]
    runnable = sorted({c for c in commands if _runnable(c)})
    assert "mkdocs build --strict --site-dir public" in runnable and "opsbook check --format github" in runnable
    for command in runnable:
        done = _run(command, root)
        assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
    assert (root / "public/index.html").is_file() and (root / "site/workflows/launch/index.html").is_file()


@pytest.mark.parametrize(
    ("repo_url", "edit"),
    [
        ("https://github.com/acme/handbook", "https://github.com/acme/handbook/edit/main/"),
        ("https://gitlab.com/acme/handbook", "https://gitlab.com/acme/handbook/-/edit/main/"),
    ],
)
def test_repo_url_gives_edit_links_to_the_entrys_own_file(tmp_path: Path, repo_url: str, edit: str) -> None:
    root = tmp_path / "handbook"
    done = opsbook("init", root, "--repo-url", repo_url, "--site-url", "https://acme.example/hb/", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    build = run_mkdocs(root, tmp_path / "site", "--strict", env=ENV)
    assert build.returncode == 0, build.output
    link = BeautifulSoup(build.page("workflows/launch"), "html.parser").select_one('a[title="Edit this page"]')
    assert link is not None and link["href"] == edit + "playbooks/workflows/launch.yml"
    assert "https://acme.example/hb/calendars/team.ics" in build.page("calendars")


def test_init_refuses_when_any_file_is_there_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Our own home page\n", encoding="utf-8")
    (root / ".vscode").write_text("a file where init wants a folder\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    done = opsbook("init", root, "--example", cwd=tmp_path, env=ENV)
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"{root / 'docs/index.md'} exists" in done.stderr
    assert f"{root / '.vscode'} is in the way" in done.stderr
    assert "nothing was written" in done.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in root.iterdir()) == [".vscode", "docs"]  # no .git either


def test_bad_options_are_usage_errors_before_anything_is_made(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    bad = ["--name", "Two\nlines", "--timezone", "Mars/Olympus", "--holidays", "XX", "--site-url", "handbook"]
    done = opsbook("init", root, *bad, cwd=tmp_path)
    assert done.returncode == 2
    assert "--name: give the site a name on one line" in done.stderr
    assert "--timezone: unknown time zone 'Mars/Olympus'" in done.stderr
    assert "--holidays:" in done.stderr and "--site-url: 'handbook' is not a web address" in done.stderr
    assert not root.exists()


def test_init_outside_git_makes_a_repository_on_main(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    assert opsbook("init", root, cwd=tmp_path).returncode == 0
    assert _git(root, "rev-parse", "--show-toplevel") == str(root.resolve())
    assert _git(root, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root).returncode != 0  # no commit
    assert _git(root, "check-ignore", "site/index.html", "opsbook.schema.json").splitlines() == [
        "site/index.html",
        "opsbook.schema.json",
    ]


def test_init_inside_a_repository_uses_it(tmp_path: Path) -> None:
    (tmp_path / "monorepo").mkdir()
    outer = GitRepo(tmp_path / "monorepo")
    outer.commit("First", {"README.md": "# Monorepo\n"})
    root = outer.root / "handbook"
    done = opsbook("init", root, cwd=outer.root, env=ENV)
    assert done.returncode == 0, done.stderr
    assert not (root / ".git").exists()
    assert _git(root, "rev-parse", "--show-toplevel") == str(outer.root.resolve())
    assert _git(outer.root, "rev-list", "--count", "HEAD") == "1"  # nothing committed for the user
    # --example writes a history of its own: not into a repository that has one.
    other = outer.root / "example"
    refused = opsbook("init", other, "--example", cwd=outer.root, env=ENV)
    assert refused.returncode == 1
    assert "has commits" in refused.stderr and not other.exists()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """`opsbook init --example` on the fixed test day, built once with --strict."""
    work = tmp_path_factory.mktemp("init-example")
    root = work / "handbook"
    done = opsbook("init", root, "--example", "--timezone", "Europe/London", "--holidays", "GB-ENG", cwd=work, env=ENV)
    assert done.returncode == 0, done.stderr
    return root, run_mkdocs(root, work / "site", "--strict", env=ENV)


def test_example_adds_one_entry_of_every_kind_and_checks_clean(example: tuple[Path, Any]) -> None:
    root, build = example
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output
    assert _files(root) == STARTER | EXAMPLE
    kinds = {_kind(root / rel) for rel in _files(root) if rel.startswith(("playbooks/", "resource_hub/"))}
    assert kinds == {
        "team",
        "workflow",
        "project",
        "ritual",
        "report",
        "policy",
        "procedure",
        "links",
        "assets",
        "note",
    }
    checked = opsbook("check", "--strict", cwd=root, env=ENV)
    assert checked.returncode == 0, checked.stdout


def _kind(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.search(r"^kind: (\w+)$", text, re.MULTILINE).group(1)  # type: ignore[union-attr]


def test_example_history_is_four_commits_in_the_past(example: tuple[Path, Any]) -> None:
    root, _ = example
    log = _git(root, "log", "--format=%ad|%cd|%an|%s", "--date=short").splitlines()
    assert [line.split("|")[2:] for line in log] == [
        ["Alex Morgan", "Make the project coordinator accountable for launches"],
        ["Sam Patel", "Add the partner's sign-off to the spring launch"],
        ["Sam Patel", "Move the spring launch a week later: the release needs more testing"],
        ["Alex Morgan", "Start the team handbook, with the spring launch"],
    ]
    days = [dt.date.fromisoformat(line.split("|")[0]) for line in log]
    assert days == [TODAY - dt.timedelta(days=n) for n in (7, 14, 21, 28)]
    assert all(line.split("|")[0] == line.split("|")[1] for line in log)
    assert _git(root, "status", "--porcelain") == ""  # only the ignored schema is left out


def test_example_history_shows_on_the_project_and_in_changes(example: tuple[Path, Any]) -> None:
    _, build = example
    launch = TODAY + dt.timedelta(days=35)
    project = build.page("projects/spring-launch")
    scope = _text(project, '[data-opsbook="scope"]')
    assert f"{launch - dt.timedelta(days=7)} → {launch} (+7 days)" in scope
    assert "Get the partner's sign-off on the copy" in scope
    history = _text(project, '[data-opsbook="history"]')
    assert "Add the partner's sign-off to the spring launch" in history
    assert "Move the spring launch a week later" in history
    changes = _text(build.page("changes"), "article")
    for subject in ("Make the project coordinator accountable", "Add the partner's sign-off", "Move the spring launch"):
        assert subject in changes
    # Roles by their titles, not their ids (lead → coordinator).
    assert "Owner: Team lead → Project coordinator" in changes
    assert "Owner: Team lead → Project coordinator" in _text(build.page("workflows/launch"), '[data-opsbook="history"]')


# The whole path: init, `mkdocs serve`, and a person's look in Chromium.


@pytest.mark.browser
@pytest.mark.slow
def test_a_new_handbook_served_and_searched_in_chromium(chromium: object, tmp_path: Path) -> None:
    """`opsbook init` and `mkdocs serve` as a new team runs them (the installed commands, in
    child processes); in the browser the home page, a workflow page and search results, with
    every request the pages make going to the site itself, even with a repository on GitHub
    (whose widget would ask GitHub's API for stars without the plugin's own partial)."""
    from browser import browser_page
    from playwright.sync_api import expect

    root = tmp_path / "handbook"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    init = subprocess.run(
        [BIN / "opsbook", "init", root, "--repo-url", "https://github.com/acme/handbook"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert init.returncode == 0, init.stderr
    port = free_port()
    server = subprocess.Popen(
        [BIN / "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(base, 90), "mkdocs serve did not come up"
        with browser_page(chromium) as page:
            page.goto(base)
            assert page.locator("article h1").inner_text().removesuffix("¶") == "Team handbook"
            page.locator("article").get_by_role("link", name="launch workflow").click()
            page.wait_for_url("**/workflows/launch/")
            assert page.locator("article h1").inner_text() == "Launch"
            expect(page.locator('table[data-opsbook="tasks"] tbody tr')).to_have_count(6)  # type: ignore[attr-defined]
            page.locator("label.md-search__icon, .md-search__input").first.click()
            page.locator("input.md-search__input").press_sequentially("Approve copy", delay=20)
            results = page.locator(".md-search-result__item > a")
            results.first.wait_for(timeout=15000)
            hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
            assert any("workflows/launch/" in h for h in hrefs), hrefs
            assert page.foreign_requests == []  # type: ignore[attr-defined]
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize(
    ("day", "holidays"),
    [("2026-12-20", "GB-ENG"), ("2027-02-28", "US"), ("2027-03-25", "GB-ENG"), ("2028-01-31", "DE-BY")],
)
def test_example_passes_the_strict_check_whatever_the_day(tmp_path: Path, day: str, holidays: str) -> None:
    """Its dates are counted from the day init runs: over Christmas, a leap February or Easter
    they still schedule, and the example still checks without a warning."""
    epoch = str(int(dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()))
    root = tmp_path / "handbook"
    env = {"SOURCE_DATE_EPOCH": epoch}
    assert opsbook("init", root, "--example", "--holidays", holidays, cwd=tmp_path, env=env).returncode == 0
    checked = opsbook("check", "--strict", cwd=root, env=env)
    assert checked.returncode == 0, checked.stdout
