"""The `opsbook` command: a thin adapter over the core. `main()` returns an exit code."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import __version__
from .errors import ConfigError, Problem, Severity
from .history import GitError, compare, comparison_markdown
from .loader import Settings, check_settings, load_handbook

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
    diff = commands.add_parser("diff", help="the scope changes between two git revisions, as Markdown")
    diff.add_argument("base", help="the base revision (a commit, branch or tag)")
    diff.add_argument("head", nargs="?", default=None, help="the head revision (default: the working tree)")
    diff.add_argument("--dir", default=None, help="folder holding mkdocs.yml (default: found from here)")
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
    try:
        settings = settings_for(args.dir)
    except ConfigError as problem:
        print(f"opsbook: {problem}", file=err)
        return EXIT_USAGE
    if args.command == "diff":
        return _diff(settings, args.base, args.head, out, err)
    return _check(settings, args.format, args.strict, out)


def _diff(settings: Settings, base: str, head: str | None, out: TextIO, err: TextIO) -> int:
    try:
        comparison = compare(settings, base, head)
    except GitError as problem:
        print(f"opsbook diff: {problem}", file=err)
        return EXIT_ERRORS
    out.write(comparison_markdown(comparison))
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
    options = _plugin_options(root)
    settings = Settings(
        root=root,
        playbooks_dir=str(options.get("playbooks_dir", "playbooks")),
        hub_dir=str(options.get("hub_dir", "resource_hub")),
        timezone=str(options.get("timezone", "UTC")),
        holidays=options.get("holidays"),
    )
    check_settings(settings)
    return settings


def _plugin_options(root: Path) -> dict[str, Any]:
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
    for plugin in data.get("plugins") or ():
        if isinstance(plugin, dict) and "opsbook" in plugin:
            return dict(plugin["opsbook"] or {})
    if isinstance(data.get("plugins"), dict):
        return dict(data["plugins"].get("opsbook") or {})
    return {}


def _check(settings: Settings, fmt: str, strict: bool, out: TextIO) -> int:
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
        if problems:
            out.write(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}\n")
        else:
            entries = len(result.handbook.entries) if result.handbook else 0
            out.write(f"ok: {entries} entries, no problems\n")
    failed = bool(result.errors) or (strict and bool(result.warnings))
    return EXIT_ERRORS if failed else EXIT_OK


def _github(p: Problem) -> str:
    """A GitHub Actions workflow command, which annotates the file in the pull request."""
    level = "error" if p.severity is Severity.ERROR else "warning"
    message = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = p.path.replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    return f"::{level} file={path},line={p.line},col={p.column}::{message}"


if __name__ == "__main__":
    sys.exit(main())
