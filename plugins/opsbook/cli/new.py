"""`opsbook new KIND`: its flags, the Draft they make, and the run that writes it."""

from __future__ import annotations

import argparse
import datetime as dt
import posixpath
import sys
from typing import Any, TextIO, get_args

from ..core.durations import parse_duration
from ..core.loader import load_handbook
from ..core.model.recurring import Repeat
from ..core.settings import Settings
from ..views.licences import docs_path
from .exits import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from .prompt import TaskSpec, ask_tasks, parse_step, parse_task
from .records import add_record
from .scaffold import Draft, ScaffoldError, by_kind, check_id, create, free_path, no_team, slugify, team_of
from .siteconfig import config_text, site_config

#: The `--repeat` choices: the schedules a ritual or report may have.
REPEATS: tuple[str, ...] = get_args(Repeat)
#: Kinds added as a record to a file that lists them, not as a file of their own.
RECORDS = ("person", "role", "asset")


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


def _task(text: str) -> TaskSpec:
    try:
        return parse_task(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _step(text: str) -> TaskSpec:
    try:
        return parse_step(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _hours(text: str) -> str:
    try:
        parse_duration(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def add_parser(commands: Any) -> None:
    """The `new` subcommand and its kinds, under `commands` (argparse's subparsers)."""
    new = commands.add_parser("new", help="create a new entry from a few facts; never overwrites a file")
    new.set_defaults(dir=None)
    kinds = new.add_subparsers(dest="kind", required=True, parser_class=type(new))

    def kind(name: str, help_text: str, title: str = "--title") -> argparse.ArgumentParser:
        sub = kinds.add_parser(name, help=help_text)
        sub.add_argument(title, dest="title", required=True)
        sub.add_argument("--id", dest="entry_id", metavar="ID", help="the id and file name (default: from the title)")
        if name not in RECORDS:
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
        type=_task,
        default=[],
        metavar="TITLE:ROLE:OFFSET",
        help="a task, e.g. 'Design deck:designer:-7d' (role default: the owner; no offset: worked back from "
        "the anchor); repeat for more. Asked for one by one when left out in a terminal",
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
    procedure.add_argument(
        "--step",
        dest="steps",
        action="append",
        type=_step,
        default=[],
        metavar="TITLE:ROLE",
        help="a step, e.g. 'Remove bounced contacts:marketing-automation' (role default: the owner); repeat for more",
    )
    for sub in (policy, procedure):
        sub.add_argument("--owner", required=True, help="role or person who owns it")
        sub.add_argument("--review", type=_date, help="next review date")
    note = kind("note", "a meeting recap or decision: resource_hub/notes/<id>.md (id default: <date>-<title>)")
    note.add_argument("--date", type=_date, help="the day it records (default: today)")
    note.add_argument("--project", help="the project it is about")
    note.add_argument("--body", help="the note's text, in Markdown")
    person = kind("person", "a person in the team file", title="--name")
    person.add_argument("--email")
    person.add_argument("--role", dest="roles", action="append", default=[], metavar="ROLE")
    person.add_argument("--capacity", type=_hours, help="working hours a week, e.g. 32h (default 40h)")
    role = kind("role", "a role in the team file (a new team file when there is none)")
    role.add_argument("--description")
    asset = kind("asset", "an asset in the asset register")
    asset.add_argument("--file", required=True, help="a path inside docs/ or a URL")
    asset.add_argument("--license", required=True)
    asset.add_argument("--source", help="where it came from")
    asset.add_argument("--acquired", type=_date)
    asset.add_argument("--expires", type=_date)
    asset.add_argument("--usage", action="append", default=[], help="where it may be used; repeat for a list")
    asset.add_argument("--attribution")


def draft_of(args: argparse.Namespace, today: dt.date) -> Draft:
    """The flags of `opsbook new KIND` as a Draft, keys in the order the file shows them."""
    given = vars(args)
    fields: dict[str, Any] = {"summary": given.get("summary")}
    refs: list[tuple[str, str]] = []
    assign: dict[str, str] = {}
    entry_id = args.entry_id
    if args.kind == "project":
        assign = dict(args.assign)
        fields.update(workflow=args.workflow, launch=args.launch, assign=assign, holidays=args.holidays)
    elif args.kind in ("workflow", "procedure"):
        items = args.tasks if args.kind == "workflow" else args.steps
        fields.update(owner=args.owner, anchor=given.get("anchor"), review=given.get("review"))
        fields["tasks" if args.kind == "workflow" else "steps"] = _tasks(items, args.owner)
        refs.append(("--owner", args.owner))
        flag = "--task" if args.kind == "workflow" else "--step"
        refs.extend((f"{flag} '{spec.title}'", role) for spec in items for role in spec.roles)
    elif args.kind == "note":
        date = args.date or today
        slug = slugify(args.title)
        entry_id = entry_id or (f"{date.isoformat()}-{slug}"[:64].rstrip("-") if slug else "")
        fields = {"date": date, "tags": args.tags, "project": args.project, "summary": args.summary, "body": args.body}
    elif args.kind == "person":
        fields = {"name": args.title, "email": args.email, "roles": args.roles, "capacity": args.capacity}
    elif args.kind == "role":
        fields = {"title": args.title, "description": args.description}
    elif args.kind == "asset":
        usage = args.usage[0] if len(args.usage) == 1 else args.usage
        fields = {
            "title": args.title,
            **{k: given[k] for k in ("file", "license", "source", "acquired", "expires")},
            "usage": usage,
            "attribution": args.attribution,
        }
    else:
        names = {"ritual": ("attendees",), "report": ("owner", "audience")}.get(args.kind, ("owner",))
        for name in names:
            values = given[name] if isinstance(given[name], list) else [given[name]]
            refs.extend((f"--{name.rstrip('s') if name == 'attendees' else name}", v) for v in values)
        keys = {
            "ritual": ("attendees", "starts", "time", "duration", "timezone", "repeat", "days", "until"),
            "report": ("owner", "audience", "repeat", "days", "starts", "until", "metrics", "sources"),
            "policy": ("owner", "effective", "review", "applies_to", "rules"),
        }[args.kind]
        fields.update((k, given[k]) for k in keys)
    if "tags" in given and args.kind != "note":
        fields["tags"] = args.tags
    return Draft(args.kind, args.title, fields, entry_id, tuple(refs), assign)


def _tasks(specs: list[TaskSpec], owner: str) -> list[dict[str, Any]]:
    """Tasks or steps as the file writes them, each with an id from its title, unique."""
    items: list[dict[str, Any]] = []
    taken: set[str] = set()
    for i, spec in enumerate(specs, 1):
        base = slugify(spec.title) or f"task-{i}"
        task_id, n = base, 1
        while task_id in taken:
            n += 1
            task_id = f"{base}-{n}"
        taken.add(task_id)
        roles = list(spec.roles) or [owner]
        item: dict[str, Any] = {
            "id": task_id,
            "title": spec.title,
            "responsible": roles[0] if len(roles) == 1 else roles,
        }
        if spec.due:
            item["due"] = spec.due
        items.append(item)
    return items


def run(settings: Settings, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write what `opsbook new` was asked for; the exit code."""
    if args.kind == "workflow" and not args.tasks:
        if sys.stdin is None or not sys.stdin.isatty():
            err.write(
                "opsbook new workflow: give the tasks with --task TITLE:ROLE:OFFSET, e.g. "
                "--task 'Design deck:designer:-7d' (in a terminal, leave --task out to be asked)\n"
            )
            return EXIT_USAGE
        code = _ask(settings, args, err)
        if code is not None:
            return code
    if args.kind == "asset" and (message := _docs_prefixed(settings, args.file)):
        err.write(f"opsbook new asset: {message}\n")
        return EXIT_USAGE
    try:
        draft = draft_of(args, settings.resolved_today())
        written = add_record(settings, draft) if args.kind in RECORDS else create(settings, draft)
    except ScaffoldError as refused:
        for reason in refused.reasons:
            err.write(f"opsbook new: {reason}\n" if isinstance(reason, str) else f"{reason}\n")
        return EXIT_ERRORS
    except (OSError, UnicodeDecodeError) as problem:
        err.write(f"opsbook new: cannot write the file: {problem}\n")
        return EXIT_ERRORS
    for warning in written.warnings:
        err.write(f"{warning}\n")
    out.write(f"{written.path.relative_to(settings.root).as_posix()}\n")
    return EXIT_OK


def _docs_prefixed(settings: Settings, file: str) -> str | None:
    """Why an asset's `--file` that starts with the docs folder is refused: the register names a
    file by its path inside that folder, as a page's image is, so `docs/images/hero.jpg` would
    never be matched to the image `images/hero.jpg`."""
    docs_dir = config_text(site_config(settings.root), "docs_dir") or "docs"
    path = docs_path(file)
    folder = posixpath.normpath(docs_dir.replace("\\", "/")).strip("/")
    if path is None or not path.startswith(f"{folder}/"):
        return None
    inside = path.removeprefix(f"{folder}/")
    return f"--file '{file}': the register names a file by its path inside {folder}/; give '{inside}'"


def _ask(settings: Settings, args: argparse.Namespace, err: TextIO) -> int | None:
    """Ask for the workflow's tasks on the terminal (prompts on stderr, as the shell's `read -p`
    writes them); an exit code when nothing is to be written."""
    try:  # what would refuse the workflow anyway is said before any question
        free_path(settings, "workflow", check_id(args.entry_id or slugify(args.title), args.title, "workflow"))
    except ScaffoldError as refused:
        err.write(f"opsbook new: {refused}\n")
        return EXIT_ERRORS
    before = load_handbook(settings)
    sources = before.sources
    if not by_kind(sources, "team"):
        for reason in no_team(before):
            err.write(f"opsbook new: {reason}\n" if isinstance(reason, str) else f"{reason}\n")
        return EXIT_ERRORS
    roles, people = team_of(sources)

    def read() -> str | None:
        line = sys.stdin.readline()
        return line.rstrip("\r\n") if line else None

    def write(text: str) -> None:
        err.write(text)
        err.flush()

    try:
        tasks = ask_tasks([*roles, *people], args.owner, args.anchor or "launch", read, write)
    except KeyboardInterrupt:
        tasks = None
    if tasks is None:
        err.write("\nopsbook new: stopped; nothing written\n")
        return EXIT_ERRORS
    if not tasks:
        err.write("opsbook new: a workflow needs at least one task; nothing written\n")
        return EXIT_ERRORS
    args.tasks = tasks
    return None
