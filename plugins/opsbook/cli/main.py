"""The `opsbook` command: a thin adapter over the core. `main()` returns an exit code."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .. import __version__
from ..calendars import FOLDER, build_calendars, build_stamps
from ..core.errors import ConfigError, Problem, Severity
from ..core.loader import load_handbook
from ..core.settings import Settings, check_settings
from ..core.text import one_line
from ..core.workdays import subdivision_note
from ..history import GitError, compare, comparison_markdown, read_history
from ..publish.output import write_feeds
from ..publish.schema import handbook_schema, write_schema
from .recap import add_recap, recap
from .scaffold import Draft, ScaffoldError, create, slugify

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse exits with 2 on its own; raise instead so main() returns the code.
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="opsbook", description="Check and publish an operations handbook kept in git.")
    parser.add_argument("--version", action="version", version=f"opsbook {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser("check", help="validate every file of the handbook")
    check.add_argument("dir", nargs="?", default=None, help="folder holding mkdocs.yml (default: found from here)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="count warnings as errors")
    cals = commands.add_parser("calendars", help="write the ICS feeds without building the site")
    cals.add_argument(
        "--out",
        default=None,
        metavar="DIR",
        help="folder to write team.ics, projects/, people/ and roles/ into (default: site/calendars)",
    )
    schema = commands.add_parser("schema", help="print the JSON Schema of the content files, for editors")
    schema.add_argument("--out", metavar="FILE", help="write it to FILE instead of standard output")
    _add_new(commands)
    diff = commands.add_parser("diff", help="the scope changes between two git revisions, as Markdown")
    diff.add_argument("base", help="the base revision (a commit, branch or tag)")
    diff.add_argument("head", nargs="?", default=None, help="the head revision (default: the working tree)")
    diff.add_argument("--dir", default=None, help="folder holding mkdocs.yml (default: found from here)")
    add_recap(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except _UsageError as usage:
        print(usage, file=err)
        return EXIT_USAGE
    except SystemExit as done:  # --help and --version
        return int(done.code or 0)
    if args.command == "schema":
        return _schema(args.out, out)
    try:
        settings = settings_for(getattr(args, "dir", None))
    except ConfigError as problem:
        print(f"opsbook: {problem}", file=err)
        return EXIT_USAGE
    if args.command == "calendars":
        return _calendars(settings, args.out, out, err)
    if args.command == "new":
        return _new(settings, args, out, err)
    if args.command == "diff":
        return _diff(settings, args.base, args.head, out, err)
    if args.command == "recap":
        site_url = _mkdocs_yml(settings.root).get("site_url")
        return recap(settings, args.week, site_url if isinstance(site_url, str) else None, out, err)
    return _check(settings, args.format, args.strict, out, err)


REPEATS = ("daily", "weekdays", "weekly", "fortnightly", "monthly", "quarterly", "yearly")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2027-01-21") from None


def _time(text: str) -> dt.time:
    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time like 10:00") from None


def _days(text: str) -> list[str | int]:
    return [int(d) if d.lstrip("-").isdigit() else d for d in (p.strip() for p in text.split(",")) if d]


def _pair(text: str) -> tuple[str, str]:
    role, sep, person = text.partition("=")
    if not sep or not role or not person:
        raise argparse.ArgumentTypeError(f"'{text}' is not ROLE=PERSON")
    return role, person


def _add_new(commands: Any) -> None:
    new = commands.add_parser("new", help="create a new entry from a few facts; never overwrites a file")
    new.set_defaults(dir=None)
    kinds = new.add_subparsers(dest="kind", required=True, parser_class=_Parser)

    def kind(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = kinds.add_parser(name, help=help_text)
        sub.add_argument("--title", required=True)
        sub.add_argument("--id", dest="entry_id", metavar="ID", help="the id and file name (default: from the title)")
        sub.add_argument("--summary")
        sub.add_argument("--tag", dest="tags", action="append", default=[], metavar="TAG")
        return sub

    project = kind("project", "a run of a workflow: playbooks/projects/<id>.yml")
    project.add_argument("--workflow", required=True)
    project.add_argument(
        "--launch", required=True, type=_date, help="the anchor date (written under the workflow's anchor name)"
    )
    project.add_argument("--assign", action="append", type=_pair, default=[], metavar="ROLE=PERSON")
    project.add_argument("--holidays", help="public-holiday calendar, e.g. GB")
    workflow = kind("workflow", "a task template: playbooks/workflows/<id>.yml")
    workflow.add_argument("--owner", required=True, help="the role accountable for the workflow")
    workflow.add_argument("--anchor", help="name of the date projects supply (default: launch)")
    workflow.add_argument(
        "--task",
        dest="tasks",
        action="append",
        required=True,
        metavar="TITLE",
        help="a task, done by the owner; repeat for more",
    )
    ritual = kind("ritual", "a recurring meeting: playbooks/rituals/<id>.yml")
    ritual.add_argument("--time", required=True, type=_time, help="start time, e.g. 10:00")
    ritual.add_argument("--duration", help="e.g. 30m (the default)")
    ritual.add_argument("--timezone")
    ritual.add_argument("--attendee", dest="attendees", action="append", default=[], metavar="ROLE_OR_PERSON")
    report = kind("report", "a reporting rule: playbooks/reports/<id>.yml")
    report.add_argument("--owner", required=True, help="who creates it (role or person)")
    report.add_argument("--audience", action="append", default=[], metavar="ROLE_OR_PERSON")
    report.add_argument("--metric", dest="metrics", action="append", default=[])
    report.add_argument("--source", dest="sources", action="append", default=[])
    for sub in (ritual, report):
        sub.add_argument("--repeat", required=True, choices=REPEATS)
        sub.add_argument("--days", type=_days, default=[], help="e.g. mon,thu or 5")
        sub.add_argument("--starts", required=True, type=_date)
        sub.add_argument("--until", type=_date)
    policy = kind("policy", "a policy: playbooks/policies/<id>.yml")
    policy.add_argument("--effective", type=_date)
    policy.add_argument("--applies-to", dest="applies_to", action="append", default=[])
    policy.add_argument("--rule", dest="rules", action="append", default=[])
    procedure = kind("procedure", "a procedure: playbooks/procedures/<id>.yml")
    for sub in (policy, procedure):
        sub.add_argument("--owner", required=True, help="role or person who owns it")
        sub.add_argument("--review", type=_date, help="next review date")


def _draft(args: argparse.Namespace) -> Draft:
    """The flags of `opsbook new KIND` as a Draft, keys in the order the file shows them."""
    given = vars(args)
    fields: dict[str, Any] = {"summary": args.summary}
    refs: list[tuple[str, str]] = []
    assign: dict[str, str] = {}
    if args.kind == "project":
        assign = dict(args.assign)
        fields.update(workflow=args.workflow, launch=args.launch, assign=assign, holidays=args.holidays)
    elif args.kind == "workflow":
        fields.update(
            owner=args.owner,
            anchor=args.anchor,
            tasks=[
                {"id": slugify(title) or f"task-{i}", "title": title, "responsible": args.owner}
                for i, title in enumerate(args.tasks, 1)
            ],
        )
    else:
        names = {"ritual": ("attendees",), "report": ("owner", "audience")}.get(args.kind, ("owner",))
        for name in names:
            values = given[name] if isinstance(given[name], list) else [given[name]]
            refs.extend((f"--{name.rstrip('s') if name == 'attendees' else name}", v) for v in values)
        keys = {
            "ritual": ("attendees", "starts", "time", "duration", "timezone", "repeat", "days", "until"),
            "report": ("owner", "audience", "repeat", "days", "starts", "until", "metrics", "sources"),
            "policy": ("owner", "effective", "review", "applies_to", "rules"),
            "procedure": ("owner", "review"),
        }[args.kind]
        fields.update((k, given[k]) for k in keys)
    fields["tags"] = args.tags
    return Draft(args.kind, args.title, fields, args.entry_id, tuple(refs), assign)


def _new(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        path = create(settings, _draft(args))
    except ScaffoldError as refused:
        for reason in refused.reasons:
            print(f"opsbook new: {reason}" if isinstance(reason, str) else str(reason), file=err)
        return EXIT_ERRORS
    out.write(f"{path.relative_to(settings.root).as_posix()}\n")
    return EXIT_OK


def _diff(settings: Settings, base: str, head: str | None, out: TextIO, err: TextIO) -> int:
    try:
        comparison = compare(settings, base, head)
    except GitError as problem:
        print(f"opsbook diff: {problem}", file=err)
        return EXIT_ERRORS
    handbook = load_handbook(settings).handbook  # people by name; by id when the handbook does not load
    text = comparison_markdown(comparison, handbook.team.name_of if handbook is not None else None)
    out.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds mkdocs.yml."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() or (folder / "mkdocs.yaml").is_file():
            return folder
    return None


def settings_for(directory: str | None) -> Settings:
    """Settings from the opsbook entry of mkdocs.yml in `directory` (or the nearest one above here)."""
    start = Path(directory) if directory else Path.cwd()
    if directory and not start.is_dir():
        raise ConfigError(f"{directory}: no such folder")
    root = start.resolve() if directory else find_root(start.resolve())
    if root is None:
        raise ConfigError("no mkdocs.yml here or in any folder above; pass the handbook's folder")
    settings = Settings.from_options(root, _plugin_options(root))
    check_settings(settings)
    return settings


def _plugin_options(root: Path) -> dict[str, Any]:
    data = _mkdocs_yml(root)
    for plugin in data.get("plugins") or ():
        if isinstance(plugin, dict) and "opsbook" in plugin:
            return dict(plugin["opsbook"] or {})
    if isinstance(data.get("plugins"), dict):
        return dict(data["plugins"].get("opsbook") or {})
    return {}


def _mkdocs_yml(root: Path) -> dict[str, Any]:
    config = root / "mkdocs.yml"
    if not config.is_file():
        config = root / "mkdocs.yaml"
    if not config.is_file():
        return {}
    # mkdocs.yml may carry tags such as !ENV or !!python/name: read it leniently, use only our keys.
    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor(None, lambda loader, node: None)
    try:
        data = yaml.load(config.read_text(encoding="utf-8")) or {}
    except YAMLError as err:
        raise ConfigError(f"{config.name}: cannot be read: {err}") from None
    return data if isinstance(data, dict) else {}


def _check(settings: Settings, fmt: str, strict: bool, out: TextIO, err: TextIO) -> int:
    if settings.holidays and (note := subdivision_note(settings.holidays)):
        err.write(f"opsbook: info: holidays: {note}\n")
    result = load_handbook(settings)
    problems = result.problems
    if fmt == "json":
        json.dump([p.as_dict() for p in problems], out, indent=2)
        out.write("\n")
    elif fmt == "github":
        for p in problems:
            out.write(_github(p) + "\n")
    else:
        for p in problems:
            out.write(f"{p}\n")
        errors, warnings = len(result.errors), len(result.warnings)
        if errors or warnings:
            out.write(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}\n")
        else:
            entries = len(result.handbook.entries) if result.handbook else 0
            out.write(f"ok: {entries} entries, no problems\n")
    failed = bool(result.errors) or (strict and bool(result.warnings))
    return EXIT_ERRORS if failed else EXIT_OK


def _calendars(settings: Settings, out_dir: str | None, out: TextIO, err: TextIO) -> int:
    """Write every feed into `out_dir` (default: `site/calendars` beside mkdocs.yml)."""
    result = load_handbook(settings)
    for p in result.problems:
        err.write(f"{p}\n")
    if result.errors or result.handbook is None:
        err.write("opsbook: the handbook has errors; no calendars written\n")
        return EXIT_ERRORS
    site = _mkdocs_yml(settings.root)
    site_url = site.get("site_url") if isinstance(site.get("site_url"), str) else None
    site_name = site.get("site_name") if isinstance(site.get("site_name"), str) else None
    target = Path(out_dir) if out_dir else settings.root / "site" / FOLDER
    stamps, note = build_stamps(settings.root, read_history(settings, result.handbook))
    calendars = build_calendars(result.handbook, stamps, site_url=site_url or None, site_name=site_name)
    for message in (note, *calendars.notes):
        if message:
            err.write(f"opsbook: info: {message}\n")
    try:
        written = write_feeds(calendars, target, strip=f"{FOLDER}/")
    except (OSError, ValueError) as problem:
        err.write(f"opsbook: cannot write the calendars: {problem}\n")
        return EXIT_ERRORS
    out.write(f"wrote {len(written)} calendar feeds to {target}\n")
    return EXIT_OK


def _schema(target: str | None, out: TextIO) -> int:
    if target is None:
        json.dump(handbook_schema(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        write_schema(Path(target))
        out.write(f"{target}\n")
    return EXIT_OK


def _github(p: Problem) -> str:
    """A GitHub Actions workflow command, which annotates the file in the pull request. Data and
    properties are escaped as the runner unescapes them (actions/toolkit's command.ts); the
    message is one line already and the path is made one, so no text starts a command of its own."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(p.severity, "notice")
    message = _github_data(p.message)
    path = _github_data(one_line(p.path)).replace(":", "%3A").replace(",", "%2C")
    return f"::{level} file={path},line={p.line},col={p.column}::{message}"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


if __name__ == "__main__":
    sys.exit(main())
