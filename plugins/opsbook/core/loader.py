"""Loading a handbook: every file read, validated against its kind's model, then checked whole.

Every problem in every file is collected, never only the first; a file with errors is still
reported in full, and the build fails rather than leave it out of the site.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from . import checks
from .errors import ContentError, Problem, Severity, did_you_mean
from .files import discover_files, shown_path
from .model import INTERNAL_KEYS, KINDS, Entry, Handbook, Team, Workflow
from .model.base import ID_HELP, ID_RULE, type_name
from .sanitize import remote_images
from .settings import Settings
from .settings import check_settings as check_settings  # where the plugin takes it from
from .source import MARKDOWN_SUFFIXES, Loc, Parsed, SourceFile, SourceMap, parse_source, read_source
from .timings import Timings
from .validation import problems_from, salvage

#: Ids whose page would have the address of a page opsbook makes itself: `rituals/index.md` is
#: the rituals section's own page, `people/index.md` the list of people.
RESERVED_IDS = frozenset({"index"})
#: Kinds shown only on the hub, with no page of their own (see site.entry_src).
HUB_ONLY_KINDS = frozenset({"team", "links", "assets"})


def _one_per_place(problems: list[Problem]) -> list[Problem]:
    """Sorted, keeping the first problem found at each place: a value the YAML reader refused
    (an impossible date, say) is not reported again by the model."""
    seen: set[tuple[str, int, int, str]] = set()
    kept = []
    for problem in problems:
        place = (problem.path, problem.line, problem.column, problem.severity.value)
        if place not in seen:
            seen.add(place)
            kept.append(problem)
    return sorted(kept)


@dataclass
class LoadResult:
    """The handbook (None when it has errors) and every problem found, errors and warnings."""

    handbook: Handbook | None
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def infos(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.INFO]

    def raise_for_errors(self) -> Handbook:
        if self.errors or self.handbook is None:
            raise ContentError(self.problems)
        return self.handbook


def load_handbook(settings: Settings, timings: Timings | None = None, parsed: Parsed | None = None) -> LoadResult:
    """Read, validate and check the whole handbook (`timings` gets the "load" and "validate" stages).

    `parsed` (a front end that loads again, such as `mkdocs serve`, keeps one) holds each file's
    parse by its path and bytes: a file whose bytes are the same is not parsed again. It is left
    holding this load's files only."""
    timings = timings or Timings()
    with timings.stage("load"):
        problems, sources, unsound = _read_sources(settings, parsed)
    with timings.stage("validate"):
        return _validate_sources(settings, problems, sources, unsound)


def load_drafted(settings: Settings, drafts: typing.Mapping[str, str]) -> LoadResult:
    """The handbook as it would load with each of `drafts` (path relative to the root -> text)
    holding that text, nothing written: how `opsbook new` checks an entry before it exists."""
    problems, sources, unsound = _read_sources(settings, None)
    problems = [p for p in problems if p.path not in drafts]
    for rel, text in drafts.items():
        sources.pop(rel, None)
        unsound.discard(rel)
        source, found = parse_source(rel, text, markdown=rel.endswith(MARKDOWN_SUFFIXES))
        problems.extend(found)
        if source is not None:
            sources[rel] = source
            if found:
                unsound.add(rel)
    return _validate_sources(settings, problems, sources, unsound)


def _read_sources(settings: Settings, parsed: Parsed | None) -> tuple[list[Problem], dict[str, SourceFile], set[str]]:
    sources: dict[str, SourceFile] = {}
    unsound: set[str] = set()
    files, problems = discover_files(settings)
    for file in files:
        source, found = read_source(settings.root, file, parsed)
        problems.extend(found)
        if source is not None:
            sources[source.path] = source
            if found:
                unsound.add(source.path)
    if parsed is not None:  # files gone since the last load are let go
        for gone in parsed.keys() - {file.relative_to(settings.root).as_posix() for file in files}:
            del parsed[gone]
    return problems, sources, unsound


def _validate_sources(
    settings: Settings, problems: list[Problem], sources: dict[str, SourceFile], unsound: set[str]
) -> LoadResult:

    entries: dict[str, Entry] = {}
    kinds = {path: _kind_of(source, problems) for path, source in sources.items()}
    workflows: dict[str, Workflow] = {}
    partials: list[Entry] = []
    # Projects are read last: the key that holds their date is named by their workflow's anchor.
    for path in sorted(sources, key=lambda p: kinds[p] == "project"):
        kind = kinds[path]
        if kind is None:
            continue
        entry, partial = _validate(sources[path], kind, workflows, problems)
        if entry is not None and path in unsound:
            entry, partial = None, entry  # its YAML has errors of its own
        if partial is not None:
            partials.append(partial)
        if entry is None:
            continue
        entries[path] = entry
        if isinstance(entry, Workflow):
            workflows[entry.id] = entry

    known = _check_ids(sources, kinds, problems)
    # A team with errors still names its roles and people, so references to them are checked.
    teams = [e for e in entries.values() if isinstance(e, Team)] or [e for e in partials if isinstance(e, Team)]
    team_paths = [p for p, k in kinds.items() if k == "team"]
    if not team_paths:
        problems.append(
            Problem(
                settings.playbooks_dir,
                1,
                1,
                Severity.ERROR,
                "the handbook has no team: add a file with 'kind: team' listing roles and people",
            )
        )
    for extra in team_paths[1:]:
        problems.append(sources[extra].problem(("kind",), f"a handbook has one team; the first is {team_paths[0]}"))

    team = teams[0] if teams else Team(id="team", path="", kind="team")
    handbook = Handbook(
        team=team,
        entries=tuple(entries[p] for p in sorted(entries)),
        timezone=settings.timezone,
        holidays=settings.holidays,
        today=settings.resolved_today(),
    )
    problems.extend(
        checks.check_handbook(
            handbook, sources, known, team_ok=bool(teams), partials=partials, unsound=frozenset(unsound)
        )
    )
    problems = _one_per_place(problems)
    has_errors = any(p.severity is Severity.ERROR for p in problems)
    return LoadResult(None if has_errors else handbook, problems, sources)


def _check_ids(
    sources: dict[str, SourceFile], kinds: dict[str, str | None], problems: list[Problem]
) -> dict[str, set[str]]:
    """Report ids used twice within a kind; return every id by kind, broken entries included
    (a reference to an entry with errors is not reported again as unknown)."""
    first: dict[tuple[str, str], str] = {}
    known: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for path in sorted(sources):
        kind = kinds[path]
        if kind is None:
            continue
        stem = sources[path].stem
        known[kind].add(stem)
        if (kind, stem) in first:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    Severity.ERROR,
                    f"duplicate {kind} id '{stem}': {first[(kind, stem)]} has the same file name",
                )
            )
        else:
            first[(kind, stem)] = path
    return known


def _kind_of(source: SourceFile, problems: list[Problem]) -> str | None:
    kind = source.data.get("kind")
    if kind is None:
        problems.append(source.problem((), f"missing 'kind': one of {', '.join(KINDS)}"))
        return None
    if not isinstance(kind, str) or kind not in KINDS:
        hint = did_you_mean(str(kind), KINDS) if isinstance(kind, str) else ""
        problems.append(source.problem(("kind",), f"unknown kind {type_name(kind)}{hint}"))
        return None
    return str(kind)


def _validate(
    source: SourceFile, kind: str, workflows: dict[str, Workflow], problems: list[Problem], *, shown: bool = True
) -> tuple[Entry | None, Entry | None]:
    """The entry, or None with its problems; and, for a broken file, the part of it that could
    be read, whose references are still checked so that every problem is reported at once.
    Only an entry to be `shown` on the site (not an old revision read for its history) has its
    Markdown checked for images from elsewhere."""
    model = KINDS[kind]
    data = dict(source.data)
    positions = source.positions
    local: list[Problem] = []
    if kind == "project":
        data, positions = _project_anchor(source, workflows, local)
    for key in INTERNAL_KEYS & data.keys():
        local.append(source.problem((key,), f"unknown key '{key}': the {key} comes from the file name", at="key"))
        del data[key]
    if not ID_RULE.fullmatch(source.stem):
        local.append(
            Problem(
                source.path,
                1,
                1,
                Severity.ERROR,
                f"'{source.stem}' is not a valid id (the file name is the id): use {ID_HELP}",
            )
        )
    elif source.stem in RESERVED_IDS and kind not in HUB_ONLY_KINDS:
        local.append(
            Problem(
                source.path,
                1,
                1,
                Severity.ERROR,
                f"'{source.stem}' cannot be an entry's id: its page would take the place of the section's own "
                "index page (rename the file)",
            )
        )
    if kind == "team":
        local.extend(_reserved_team_ids(source, data))
    if source.body is not None:
        if "body" in data:
            local.append(
                source.problem(("body",), "a Markdown entry's body is the text after its front matter", at="key")
            )
        data["body"] = source.body
    if shown:
        local.extend(_remote_images(source, kind, data))
    data["id"], data["path"] = source.stem, source.path
    view = SourceFile(source.path, data, positions, source.body)
    try:
        entry = model.model_validate(data)
    except ValidationError as err:
        local.extend(problems_from(view, err, model))
        problems.extend(local)
        return None, salvage(model, data, err)
    problems.extend(local)
    return (entry, None) if not local else (None, entry)


def _markdown_fields(kind: str, data: dict[str, Any]) -> Iterator[tuple[Loc, Any]]:
    """Each field the package's templates render as Markdown, where it stands in the file."""
    yield ("body",), data.get("body")
    if kind == "report":
        yield ("method",), data.get("method")
    steps = data.get("steps") if kind == "procedure" else None
    if isinstance(steps, list):
        for i, step in enumerate(steps):
            if isinstance(step, dict):
                yield ("steps", i, "description"), step.get("description")


def _remote_images(source: SourceFile, kind: str, data: dict[str, Any]) -> list[Problem]:
    """An image from another host in a Markdown field, at the field: the site loads nothing
    from outside it (the sanitiser would drop the image; the writer should know)."""
    found = []
    for loc, text in _markdown_fields(kind, data):
        urls = remote_images(text) if isinstance(text, str) else []
        if urls:
            shown = ", ".join(f"'{shown_path(url)}'" for url in dict.fromkeys(urls))
            noun = "an image" if len(urls) == 1 else "images"
            found.append(
                source.problem(
                    loc,
                    f"the {loc[-1]} shows {noun} from another host ({shown}): the site "
                    "loads nothing from outside it (put the image in docs/ and give its path)",
                )
            )
    return found


def _reserved_team_ids(source: SourceFile, data: dict[str, Any]) -> list[Problem]:
    """People and roles have pages at `people/<id>/` and `roles/<id>/`, beside the page that
    lists them all."""
    found: list[Problem] = []
    for group in ("people", "roles"):
        members = data.get(group)
        if isinstance(members, dict):
            found.extend(
                source.problem(
                    (group, key),
                    f"'{key}' cannot be an id in {group}: its page would take the place "
                    f"of the page that lists all {group}",
                    at="key",
                )
                for key in members
                if key in RESERVED_IDS
            )
    return found


def _project_anchor(
    source: SourceFile, workflows: dict[str, Workflow], problems: list[Problem]
) -> tuple[dict[str, Any], SourceMap]:
    """Move the project's date from its anchor's name (e.g. `launch`) to `anchor_date`."""
    data = dict(source.data)
    named = data.get("workflow")
    workflow = workflows.get(named) if isinstance(named, str) else None
    if workflow is not None:
        name = workflow.anchor
    else:
        # The workflow is unknown (reported later): take the one top-level date as the anchor.
        fields = set(KINDS["project"].model_fields)
        dates = [k for k, v in data.items() if k not in fields and isinstance(v, dt.date)]
        name = dates[0] if len(dates) == 1 else "launch"
    if name not in data:
        where = f"the workflow '{workflow.id}' is anchored on it" if workflow else "the workflow's anchor date"
        problems.append(source.problem((), f"missing '{name}': the project's date ({where})"))
        if workflow is not None and name != "launch" and "launch" in data:
            problems.append(
                source.problem(
                    ("launch",), f"unknown key 'launch': workflow '{workflow.id}' is anchored on '{name}'", at="key"
                )
            )
            del data["launch"]
        data["anchor_date"] = None  # reported above; keeps validation to the other keys
        return data, source.positions
    data["anchor_date"] = data.pop(name)
    keys = dict(source.positions.keys)
    values = dict(source.positions.values)
    for table in (keys, values):
        if (name,) in table:
            table[("anchor_date",)] = table[(name,)]
    return data, SourceMap(keys, values)


def read_entry(source: SourceFile, workflows: typing.Mapping[str, Workflow]) -> tuple[Entry | None, list[Problem]]:
    """One file's entry on its own, without the checks across files: how history reads an old
    revision. `workflows` name the anchor a project's date is written under."""
    problems: list[Problem] = []
    kind = _kind_of(source, problems)
    if kind is None:
        return None, problems
    entry, _ = _validate(source, kind, dict(workflows), problems, shown=False)
    return entry, problems
