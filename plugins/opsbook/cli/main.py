"""The `opsbook` command: a thin adapter over the core. `main()` returns an exit code."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .. import __version__
from ..calendars import FOLDER, build_calendars, build_stamps
from ..core.errors import ConfigError, Problem, Severity
from ..core.loader import load_handbook
from ..core.settings import Settings
from ..core.text import one_line
from ..core.workdays import subdivision_note
from ..history import GitError, compare, comparison_markdown, read_history
from ..publish.output import write_feeds
from ..publish.schema import schema_text, write_schema
from . import starter
from .exits import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, loaded
from .export import build_out
from .new import add_parser as _add_new
from .new import run as _new
from .recap import add_recap, recap
from .siteconfig import config_text, settings_for, site_config
from .streams import quiet_when_closed
from .workload import add_workload, run_workload


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
    check.add_argument("dir", nargs="?", default=None, help="the handbook's folder (default: found from here)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="count warnings as errors")
    cals = commands.add_parser("calendars", help="write the ICS feeds without building the site")
    cals.add_argument(
        "--out",
        default=None,
        metavar="DIR",
        help="folder to write team.ics, projects/, people/ and roles/ into (default: site/calendars)",
    )
    build = commands.add_parser("build", help="write the handbook as a docs folder for any site generator")
    build.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder (or one it wrote before)")
    schema = commands.add_parser("schema", help="print the JSON Schema of the content files, for editors")
    schema.add_argument("--out", metavar="FILE", help="write it to FILE instead of standard output")
    _add_new(commands)
    starter.add_arguments(commands.add_parser("init", help="start a handbook repository; never overwrites a file"))
    diff = commands.add_parser("diff", help="the scope changes between two git revisions, as Markdown")
    diff.add_argument("base", help="the base revision (a commit, branch or tag)")
    diff.add_argument("head", nargs="?", default=None, help="the head revision (default: the working tree)")
    diff.add_argument("--dir", default=None, help="the handbook's folder (default: found from here)")
    add_recap(commands)
    add_workload(commands)
    return parser


@quiet_when_closed
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
    if args.command == "init":
        return starter.run(args, out, err)
    try:
        settings = settings_for(getattr(args, "dir", None))
    except ConfigError as problem:
        print(f"opsbook: {problem}", file=err)
        return EXIT_USAGE
    if args.command == "calendars":
        return _calendars(settings, args.out, out, err)
    if args.command == "new":
        return _new(settings, args, out, err)
    if args.command == "build":
        return build_out(settings, args.out, out, err)
    if args.command == "diff":
        return _diff(settings, args.base, args.head, out, err)
    if args.command == "recap":
        return recap(settings, args.week, config_text(site_config(settings.root), "site_url"), out, err)
    if args.command == "workload":
        return run_workload(settings, args.weeks, args.format, out, err)
    return _check(settings, args.format, args.strict, out, err)


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
            out.write(f"ok: {entries} entr{'y' if entries == 1 else 'ies'}, no problems\n")
    failed = bool(result.errors) or (strict and bool(result.warnings))
    return EXIT_ERRORS if failed else EXIT_OK


def _calendars(settings: Settings, out_dir: str | None, out: TextIO, err: TextIO) -> int:
    """Write every feed into `out_dir` (default: `site/calendars` beside mkdocs.yml)."""
    handbook = loaded(settings, err, "no calendars written")
    if handbook is None:
        return EXIT_ERRORS
    site = site_config(settings.root)
    site_url, site_name = config_text(site, "site_url"), config_text(site, "site_name")
    target = Path(out_dir) if out_dir else settings.root / "site" / FOLDER
    stamps, note = build_stamps(settings.root, read_history(settings, handbook))
    calendars = build_calendars(handbook, stamps, site_url=site_url, site_name=site_name)
    for message in (note, *calendars.notes):
        if message:
            err.write(f"opsbook: info: {message}\n")
    try:
        written = write_feeds(calendars, target, strip=f"{FOLDER}/")
    except (OSError, ValueError) as problem:
        err.write(f"opsbook: cannot write the calendars: {problem}\n")
        return EXIT_ERRORS
    out.write(f"wrote {len(written)} calendar feed{'' if len(written) == 1 else 's'} to {target}\n")
    return EXIT_OK


def _schema(target: str | None, out: TextIO) -> int:
    if target is None:
        out.write(schema_text())
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
