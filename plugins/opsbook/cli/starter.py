"""`opsbook init`: a team's own handbook repository, ready to build, check and publish.

The files are package data under `skeleton/` (a `.j2` file is a Jinja template, the rest are
copied as they are). Nothing is overwritten: every target is looked at before anything is
written, and each file is created exclusively. With `--example` the handbook gains one entry of
every kind and a short git history, so that the pages' History, a project's Scope since
kickoff and changes/ have something to show from the first `mkdocs serve`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import zoneinfo
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import jinja2

from ..core.settings import today_in
from ..core.workdays import check_holiday_code
from ..publish.schema import schema_text
from .exits import EXIT_ERRORS as EXIT_REFUSED
from .exits import EXIT_OK, EXIT_USAGE
from .repository import GitError, commit, git_state, init_repository

SCHEMA = "opsbook.schema.json"
DEFAULT_NAME = "Team handbook"


@dataclass(frozen=True)
class StarterFile:
    """One file `opsbook init` writes: its package source, its place in the handbook, and the
    context flag it needs (None: always written)."""

    source: str
    target: str
    when: str | None = None


FILES = (
    StarterFile("mkdocs.yml.j2", "mkdocs.yml"),
    StarterFile("docs/index.md.j2", "docs/index.md"),
    StarterFile("docs/contributing.md", "docs/contributing.md"),
    StarterFile("docs/images/handbook.svg", "docs/images/handbook.svg"),
    StarterFile("playbooks/team.yml", "playbooks/team.yml"),
    StarterFile("playbooks/workflows/launch.yml.j2", "playbooks/workflows/launch.yml"),
    StarterFile("resource_hub/links.yml.j2", "resource_hub/links.yml"),
    StarterFile("resource_hub/assets.yml.j2", "resource_hub/assets.yml"),
    StarterFile("playbooks/projects/spring-launch.yml.j2", "playbooks/projects/spring-launch.yml", "example"),
    StarterFile("playbooks/rituals/weekly-planning.yml.j2", "playbooks/rituals/weekly-planning.yml", "example"),
    StarterFile("playbooks/reports/monthly-report.yml.j2", "playbooks/reports/monthly-report.yml", "example"),
    StarterFile("playbooks/policies/asset-licensing.yml.j2", "playbooks/policies/asset-licensing.yml", "example"),
    StarterFile(
        "playbooks/procedures/publishing-checklist.yml.j2", "playbooks/procedures/publishing-checklist.yml", "example"
    ),
    StarterFile(
        "resource_hub/notes/spring-launch-kickoff.md.j2", "resource_hub/notes/spring-launch-kickoff.md", "example"
    ),
    StarterFile("resource_hub/notes/spring-launch-moved.md.j2", "resource_hub/notes/spring-launch-moved.md", "moved"),
    StarterFile("gitignore", ".gitignore"),
    StarterFile("requirements.txt.j2", "requirements.txt"),
    StarterFile("pre-commit-config.yaml.j2", ".pre-commit-config.yaml"),
    StarterFile("ci/github-actions.yml", ".github/workflows/handbook.yml"),
    StarterFile("ci/gitlab-ci.yml", ".gitlab-ci.yml"),
    StarterFile("vscode-settings.json", ".vscode/settings.json"),
    StarterFile("vscode-extensions.json", ".vscode/extensions.json"),
)


class InitError(Exception):
    """Why `opsbook init` wrote nothing: one reason a line."""

    def __init__(self, reasons: list[str], code: int = EXIT_REFUSED) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.code = code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR", help="where to make it (default: here)")
    parser.add_argument("--name", default=DEFAULT_NAME, metavar="TEXT", help=f"site name (default: {DEFAULT_NAME!r})")
    parser.add_argument("--site-url", metavar="URL", help="where it will be published: https://org.github.io/handbook/")
    parser.add_argument("--repo-url", metavar="URL", help="the repository's web address, for edit and commit links")
    parser.add_argument("--timezone", default="UTC", metavar="TZ", help="e.g. Europe/London (default: UTC)")
    parser.add_argument("--holidays", metavar="CODE", help="public holidays business days skip: US, GB-ENG, ...")
    parser.add_argument("--example", action="store_true", help="one entry of every kind, and a git history to look at")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`opsbook init`: write the handbook, or explain why nothing was written."""
    root = Path(args.dir)
    try:
        written, git_note = create(
            root,
            name=args.name,
            site_url=args.site_url,
            repo_url=args.repo_url,
            timezone=args.timezone,
            holidays=args.holidays,
            example=args.example,
        )
    except InitError as refused:
        for reason in refused.reasons:
            err.write(f"opsbook init: {reason}\n")
        return refused.code
    out.write(f"wrote {len(written)} files in {root}\n")
    if git_note:
        out.write(f"{git_note}\n")
    where = "" if root.resolve() == Path.cwd().resolve() else f"cd {root} && "
    out.write(f"next: {where}opsbook check && mkdocs serve   (see docs/contributing.md)\n")
    return EXIT_OK


def create(
    root: Path,
    *,
    name: str = DEFAULT_NAME,
    site_url: str | None = None,
    repo_url: str | None = None,
    timezone: str = "UTC",
    holidays: str | None = None,
    example: bool = False,
) -> tuple[list[Path], str | None]:
    """Write a starter handbook into `root`; return the files written and a line about git.
    Raise InitError, having written nothing, when an option is wrong or a file is in the way."""
    _check_options(name, site_url, repo_url, timezone, holidays)
    today = today_in(timezone)
    stages = list(_stages(_context(name, site_url, repo_url, timezone, holidays, today, example), today, timezone))
    final = stages[-1].files
    conflicts = list(_conflicts(root, [*final, SCHEMA]))
    if conflicts:
        raise InitError([*conflicts, "nothing was written: opsbook init never overwrites a file"])
    state = git_state(root)
    if example and state == "history":
        raise InitError(
            [
                f"{root} is in a git repository that has commits; --example writes a history of its own: "
                "use a new folder, or leave out --example"
            ]
        )
    if state == "no-git" and example:
        raise InitError(["--example needs git, which is not installed"])
    root.mkdir(parents=True, exist_ok=True)
    note = None
    if state == "no-git":
        note = "git is not installed: the handbook's history needs it (git init, then commit)"
    written: dict[str, Path] = {}
    try:
        if state == "none":
            init_repository(root)
            note = f"git: a new repository in {root}"
        if example:
            for stage in stages:
                changed = _write_stage(root, stage.files, written)
                commit(root, changed, stage.message, stage.author, stage.email, stage.when)
            note = f"{note}; {len(stages)} example commits" if note else f"{len(stages)} example commits"
        else:
            _write_stage(root, final, written)
    except GitError as problem:
        raise InitError([f"git: {problem}"]) from None
    _write(root / SCHEMA, schema_text())
    return [*written.values(), root / SCHEMA], note


def _check_options(name: str, site_url: str | None, repo_url: str | None, timezone: str, holidays: str | None) -> None:
    problems = []
    if not name.strip() or any(not ch.isprintable() for ch in name):
        problems.append("--name: give the site a name on one line")
    for flag, url in (("--site-url", site_url), ("--repo-url", repo_url)):
        if url is not None and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
            problems.append(f"{flag}: '{url}' is not a web address like https://example.com/handbook/")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(f"--timezone: unknown time zone '{timezone}' (e.g. Europe/London, America/New_York)")
    if holidays:
        try:
            check_holiday_code(holidays)
        except ValueError as bad:
            problems.append(f"--holidays: {bad}")
    if problems:
        raise InitError(problems, EXIT_USAGE)


def _conflicts(root: Path, targets: list[str]) -> Iterator[str]:
    """A line for each target already there, or with a file (or a link) where a folder must be."""
    if os.path.lexists(root) and (root.is_symlink() or not root.is_dir()):
        yield f"{root} is not a folder (or is a link)"
        return
    seen: set[Path] = set()
    for target in targets:
        path = root / target
        for folder in list(reversed(path.relative_to(root).parents))[1:]:
            where = root / folder
            if where not in seen and os.path.lexists(where) and (where.is_symlink() or not where.is_dir()):
                seen.add(where)
                yield f"{where} is in the way: a folder goes there"
        if os.path.lexists(path):
            yield f"{path} exists"


def _write_stage(root: Path, files: Mapping[str, str], written: dict[str, Path]) -> list[str]:
    """Write the files of one stage that are new or changed; return their paths."""
    changed = []
    for target, text in files.items():
        path = root / target
        if target in written:
            if path.read_text(encoding="utf-8") == text:
                continue
            path.write_text(text, encoding="utf-8")  # a file this run wrote at an earlier stage
        else:
            _write(path, text)
            written[target] = path
        changed.append(target)
    return changed


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as stream:  # "x": never over another file
        stream.write(text)


# What the templates are given


def _context(
    name: str,
    site_url: str | None,
    repo_url: str | None,
    timezone: str,
    holidays: str | None,
    today: dt.date,
    example: bool,
) -> dict[str, Any]:
    version = metadata.version("opsbook")
    launch = today + dt.timedelta(days=35)
    kickoff = today - dt.timedelta(days=28)
    return {
        "name": name.strip(),
        "site_url": site_url,
        "repo_url": repo_url,
        "edit_uri": _edit_uri(repo_url) if repo_url else None,
        "timezone": timezone,
        "holidays": holidays,
        "example": example,
        "opsbook_repo": opsbook_repository(),
        "release_tag": f"v{version}",
        "today": kickoff if example else today,
        "kickoff": kickoff,
        "moved_on": today - dt.timedelta(days=21),
        "launch": launch,
        "launch_words": _words(launch),
        "launch_first_words": _words(launch - dt.timedelta(days=7)),
        "ritual_starts": kickoff - dt.timedelta(days=kickoff.weekday()),
        "report_starts": kickoff.replace(day=1),
        "policy_effective": kickoff,
        "policy_review": kickoff + dt.timedelta(days=365),
        "procedure_review": today + dt.timedelta(days=180),
        "partner_task": True,
        "moved": example,
        "workflow_owner": "coordinator",
    }


def opsbook_repository() -> str:
    """The opsbook repository's address, from the package's metadata (pyproject's [project.urls])."""
    for entry in metadata.metadata("opsbook").get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository":
            return url.strip()
    raise RuntimeError("opsbook's metadata names no Repository URL: reinstall it")


def _edit_uri(repo_url: str) -> str:
    """Where "edit this page" goes on the default branch: GitLab's address has a `-/` before it."""
    host = urlsplit(repo_url).netloc.lower()
    return "-/edit/main/docs/" if "gitlab" in host else "edit/main/docs/"


def _words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Stage:
    """The handbook's files as one commit of the example history leaves them."""

    message: str
    author: str
    email: str
    when: dt.datetime
    files: dict[str, str]


def _stages(context: dict[str, Any], today: dt.date, timezone: str) -> Iterator[Stage]:
    """The handbook's files at each commit of the example history; without --example, one stage."""
    if not context["example"]:
        yield Stage("", "", "", dt.datetime.min, _render(context))
        return
    zone = zoneinfo.ZoneInfo(timezone)

    def at(days_ago: int) -> dt.datetime:
        return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(10, 0), tzinfo=zone)

    first = {**context, "launch": context["launch"] - dt.timedelta(days=7), "moved": False}
    first.update(partner_task=False, workflow_owner="lead")
    moved = {**first, "launch": context["launch"], "moved": True}
    added = {**moved, "partner_task": True}
    alex, sam = ("Alex Morgan", "alex@example.com"), ("Sam Patel", "sam@example.com")
    yield Stage("Start the team handbook, with the spring launch", *alex, at(28), _render(first))
    yield Stage("Move the spring launch a week later: the release needs more testing", *sam, at(21), _render(moved))
    yield Stage("Add the partner's sign-off to the spring launch", *sam, at(14), _render(added))
    yield Stage("Make the project coordinator accountable for launches", *alex, at(7), _render(context))


def _render(context: dict[str, Any]) -> dict[str, str]:
    files = {}
    for item in FILES:
        if item.when is None or context[item.when]:
            files[item.target] = _text(item.source, context)
    return files


_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False, trim_blocks=False
)
_ENV.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar


def _text(source: str, context: dict[str, Any]) -> str:
    text = (resources.files("opsbook.cli") / "skeleton" / source).read_text(encoding="utf-8")
    return _ENV.from_string(text).render(context) if source.endswith(".j2") else text
