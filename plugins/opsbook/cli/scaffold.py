"""New entries from a few facts: `opsbook new project|workflow|ritual|report|policy|procedure|note`,
and new records in the files that list them: `opsbook new person|role|asset`.

Nothing is written unless it is sound. What the entry names (workflow, roles, people, project)
is checked first against the handbook as it stands, with a "did you mean"; then the handbook is
loaded by the product's own loader as it would be with the new text (nothing written yet), and
any error that load finds and the handbook did not have before refuses the entry. Only then is
the file created (never over an existing one) or the list's file rewritten with the record added.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..core.errors import OpsbookError, Problem, did_you_mean
from ..core.files import shown_path
from ..core.loader import RESERVED_IDS, LoadResult, Settings, load_drafted, load_handbook
from ..core.model import KINDS
from ..core.model.base import ID_HELP, ID_RULE
from ..core.source import MARKDOWN_SUFFIXES, YAML_SUFFIXES, SourceFile

#: The folder under `playbooks_dir` that each kind is scaffolded into.
FOLDERS = {
    "project": "projects",
    "workflow": "workflows",
    "ritual": "rituals",
    "report": "reports",
    "policy": "policies",
    "procedure": "procedures",
}
#: Notes are Markdown files in this folder under `hub_dir`.
NOTES = "notes"
NO_TEAM = "the handbook has no team file to name roles and people: start one with `opsbook new role`"
UNLOADED = "no team file loaded, and these files did not load (the team may be one of them): fix them first; nothing was written"


class ScaffoldError(OpsbookError):
    """The entry cannot be created; every reason is listed (problems carry file positions)."""

    def __init__(self, reasons: Sequence[str | Problem]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("\n".join(str(r) for r in self.reasons))


@dataclass(frozen=True)
class Written:
    """The file written, and the warnings the new entry brings (a role nobody holds yet)."""

    path: Path
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Draft:
    """What `opsbook new` was asked for: the kind, an id (or none) and the entry's fields.

    `fields` holds plain values in the order they are written; `refs` lists the ids it names
    that must be roles or people, as (flag, id) pairs for the messages.
    """

    kind: str
    title: str
    fields: dict[str, Any]
    entry_id: str | None = None
    refs: tuple[tuple[str, str], ...] = ()
    assign: dict[str, str] = field(default_factory=dict)


def slugify(title: str) -> str:
    """An id from a title: "Q1 product webinar (March)" -> "q1-product-webinar-march"."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:64].rstrip("-")


def create(settings: Settings, draft: Draft) -> Written:
    """Write the new entry's file; raise ScaffoldError, writing nothing, when it would not pass
    `opsbook check`."""
    entry_id = check_id(draft.entry_id or slugify(draft.title), draft.title, draft.kind)
    target = free_path(settings, draft.kind, entry_id)
    rel = target.relative_to(settings.root).as_posix()

    before = load_handbook(settings)
    sources = before.sources
    fields = dict(draft.fields)
    reasons: list[str | Problem] = []
    reasons.extend(check_duplicate(sources, draft.kind, entry_id))
    reasons.extend(check_refs(before, draft))
    if draft.kind == "project":
        fields, found = _check_project(sources, draft, fields)
        reasons.extend(found)
    if draft.kind == "note" and isinstance(project := fields.get("project"), str):
        projects = by_kind(sources, "project")
        if project not in projects:
            reasons.append(f"--project: unknown project '{project}'{did_you_mean(project, projects)}")
    if reasons:
        raise ScaffoldError(reasons)

    if draft.kind == "note":  # Markdown: the body follows the front matter
        body = fields.pop("body", None)
        text = f"---\n{render(draft.kind, draft.title, fields)}---\n"
        text += f"{body.strip()}\n" if isinstance(body, str) and body.strip() else ""
    else:
        text = render(draft.kind, draft.title, fields)
    warnings = check_draft(settings, before, {rel: text}, draft.kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as stream:  # "x": never over a file made meanwhile
        stream.write(text)
    return Written(target, warnings)


def free_path(settings: Settings, kind: str, entry_id: str) -> Path:
    """Where the new entry's file goes; ScaffoldError when a file is there already."""
    if kind == "note":
        target = settings.root / settings.hub_dir / NOTES / f"{entry_id}.md"
    else:
        target = settings.root / settings.playbooks_dir / FOLDERS[kind] / f"{entry_id}.yml"
    if target.exists():
        rel = target.relative_to(settings.root).as_posix()
        raise ScaffoldError([f"{rel} already exists; it was left as it is (choose another --id)"])
    return target


def check_id(entry_id: str, title: str, kind: str) -> str:
    """`entry_id` when it can be the id of an entry of `kind`; else ScaffoldError."""
    if not ID_RULE.fullmatch(entry_id):
        shown = f"'{shown_path(entry_id)}'" if entry_id else f"the title '{title}' gives no id"
        raise ScaffoldError([f"{shown} is not a valid id: use {ID_HELP} (pass --id)"])
    if entry_id in RESERVED_IDS and kind not in ("person", "role", "asset"):
        raise ScaffoldError(
            [
                f"'{entry_id}' cannot be an entry's id: its page would take the place of the "
                "section's own index page (pass --id)"
            ]
        )
    return entry_id


def check_draft(settings: Settings, before: LoadResult, drafts: dict[str, str], kind: str) -> tuple[Problem, ...]:
    """Load the handbook as it would be with `drafts` in place; raise ScaffoldError with every
    error the handbook did not have before, and return the warnings it did not have."""
    after = load_drafted(settings, drafts)
    errors = _new_problems(before.errors, after.errors)
    if errors:
        lead = f"with this {kind} the handbook would not pass `opsbook check`; nothing was written"
        raise ScaffoldError([lead, *errors])
    return tuple(_new_problems(before.warnings, after.warnings))


def _new_problems(before: Iterable[Problem], after: Iterable[Problem]) -> list[Problem]:
    """The problems of `after` that `before` did not have. Lines are left out of the match: a
    record added to a file moves the lines of the problems below it."""
    seen = Counter((p.path, p.message) for p in before)
    new = []
    for problem in after:
        if seen[(problem.path, problem.message)]:
            seen[(problem.path, problem.message)] -= 1
        else:
            new.append(problem)
    return new


def render(kind: str, title: str, fields: dict[str, Any]) -> str:
    """The entry as YAML 1.2: times quoted, short lists in flow style, `kind` and `title` first."""
    data = CommentedMap(kind=kind, title=title)
    for key, value in fields.items():
        if value is None or value == [] or value == {}:
            continue
        data[key] = _yaml_value(value)
    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _yaml_value(value: Any, in_list: bool = False) -> Any:
    """Short lists and a mapping of ids (`assign`) on one line; tasks and long text in blocks."""
    if isinstance(value, dt.time):
        return DoubleQuotedScalarString(value.strftime("%H:%M"))
    if isinstance(value, dict):
        mapping = CommentedMap((k, _yaml_value(v)) for k, v in value.items())
        if not in_list and _short(value.values()):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(_yaml_value(v, in_list=True) for v in value)
        if _short(value):
            seq.fa.set_flow_style()
        return seq
    return value


def _short(values: Iterable[Any]) -> bool:
    values = list(values)
    return all(not isinstance(v, dict | list) for v in values) and sum(len(str(v)) + 2 for v in values) <= 60


def by_kind(sources: dict[str, SourceFile], kind: str) -> dict[str, SourceFile]:
    return {s.stem: s for s in sources.values() if s.data.get("kind") == kind}


def team_of(sources: dict[str, SourceFile]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Roles and people as the team file writes them (even a team file with errors)."""
    teams = list(by_kind(sources, "team").values())
    data = teams[0].data if teams else {}
    roles, people = data.get("roles"), data.get("people")
    return (roles if isinstance(roles, dict) else {}), (people if isinstance(people, dict) else {})


def check_duplicate(sources: dict[str, SourceFile], kind: str, entry_id: str) -> Iterable[str]:
    existing = by_kind(sources, kind).get(entry_id)
    if existing is not None:
        yield f"a {kind} '{entry_id}' already exists: {existing.path} (choose another --id)"


def no_team(before: LoadResult) -> list[str | Problem]:
    """Why the handbook has no team file to name roles and people: the errors of its files that
    did not load (unreadable YAML, no kind), the team perhaps among them; else NO_TEAM."""
    unloaded = [p for p in before.errors if did_not_load(before, p.path)]
    return [UNLOADED, *unloaded] if unloaded else [NO_TEAM]


def did_not_load(before: LoadResult, path: str) -> bool:
    """Whether the handbook file `path` has no kind in `before`: it could not be read (a YAML
    syntax error) or its kind is missing or unknown. A path that is no file (the "no team"
    problem names the playbooks folder) is not such a file."""
    source = before.sources.get(path)
    if source is None:
        return path.endswith(YAML_SUFFIXES + MARKDOWN_SUFFIXES)
    kind = source.data.get("kind")
    return not isinstance(kind, str) or kind not in KINDS


def check_refs(before: LoadResult, draft: Draft) -> Iterable[str | Problem]:
    """Each role or person the draft names is in the team file, which must exist."""
    sources = before.sources
    roles, people = team_of(sources)
    if (draft.refs or draft.assign) and not by_kind(sources, "team"):
        yield from no_team(before)
        return
    for flag, ref in draft.refs:
        if ref not in roles and ref not in people:
            yield f"{flag}: unknown role or person '{ref}'{did_you_mean(ref, [*roles, *people])}"
    for role, person in draft.assign.items():
        if role not in roles:
            yield f"--assign {role}={person}: unknown role '{role}'{did_you_mean(role, roles)}"
        if person not in people:
            yield f"--assign {role}={person}: unknown person '{person}'{did_you_mean(person, people)}"


def _check_project(
    sources: dict[str, SourceFile], draft: Draft, fields: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The fields with the date under the workflow's anchor name, and what stops the project:
    an unknown workflow, or a role several people hold that no --assign settles."""
    workflows = by_kind(sources, "workflow")
    name = fields["workflow"]
    workflow = workflows.get(name)
    if workflow is None:
        return fields, [f"--workflow: unknown workflow '{name}'{did_you_mean(name, workflows)}"]
    anchor = workflow.data.get("anchor", "launch")
    if isinstance(anchor, str):
        fields = {(anchor if k == "launch" else k): v for k, v in fields.items()}
    roles, people = team_of(sources)
    reasons = []
    for role in _roles_needed(workflow.data, roles):
        holders = [pid for pid, p in people.items() if isinstance(p, dict) and role in _as_list(p.get("roles"))]
        if len(holders) > 1 and role not in draft.assign:
            reasons.append(
                f"role '{role}' is held by {', '.join(holders)}: say who takes it with --assign {role}=PERSON"
            )
    return fields, reasons


def _roles_needed(workflow: dict[str, Any], roles: dict[str, Any]) -> list[str]:
    needed: dict[str, None] = {}
    owner = workflow.get("owner")
    for task in _as_list(workflow.get("tasks")):
        if not isinstance(task, dict):
            continue
        for who in (*_as_list(task.get("responsible")), *_as_list(task.get("accountable") or owner)):
            if isinstance(who, str) and who in roles:
                needed[who] = None
    return list(needed)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
