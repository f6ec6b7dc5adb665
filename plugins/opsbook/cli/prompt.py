"""The tasks of a new workflow, asked for one at a time when `opsbook new workflow` runs in a
terminal without `--task`. Each answer is checked as it is given, and asked again when wrong."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from ..core.durations import parse_offset
from ..core.errors import did_you_mean

_IDS = re.compile(r"[a-z0-9][a-z0-9-]*(\s*,\s*[a-z0-9][a-z0-9-]*)*")
_OFFSET_LIKE = re.compile(r"[+-]?\d+\s*[a-z]*")
#: What a step's last part looks like when it was meant as a task's due offset (-2d, 2d, +1w, 5bd).
_STEP_OFFSET = re.compile(r"[+-]\d+\s*[a-z]*|\d+\s*(d|w|bd)")
STEP_FORM = "write TITLE:ROLE, e.g. 'Remove bounced contacts:marketing-automation'"


@dataclass(frozen=True)
class TaskSpec:
    """A task as `--task TITLE:ROLE:OFFSET` gives it: roles empty for the workflow's owner,
    `due` None for a task worked back from the anchor."""

    title: str
    roles: tuple[str, ...] = ()
    due: str | None = None


def parse_task(text: str) -> TaskSpec:
    """`TITLE[:ROLE[,ROLE...][:OFFSET]]`, read from the right so that a title may hold a colon:
    "Design deck:designer:-7d". ValueError says what is wrong."""
    parts = text.split(":")
    due = None
    if len(parts) > 1 and _OFFSET_LIKE.fullmatch(parts[-1].strip()):
        due = parts.pop().strip()
        parse_offset(due)
    title, roles = _title_and_roles(text, parts, "write TITLE:ROLE:OFFSET, e.g. 'Design deck:designer:-7d'")
    return TaskSpec(title, roles, due)


def parse_step(text: str) -> TaskSpec:
    """`TITLE[:ROLE[,ROLE...]]`, a procedure's step, read from the right so that a title may hold
    a colon. A step has no due offset (it is not worked back from an anchor): a last part shaped
    like one is refused rather than written as a key the procedure does not take. ValueError
    says what is wrong."""
    parts = text.split(":")
    if len(parts) > 1 and _STEP_OFFSET.fullmatch(parts[-1].strip()):
        raise ValueError(
            f"'{text}': a procedure's step has no due offset ('{parts[-1].strip()}'); only a workflow's task has one: "
            f"{STEP_FORM}"
        )
    title, roles = _title_and_roles(text, parts, STEP_FORM)
    return TaskSpec(title, roles)


def _title_and_roles(text: str, parts: list[str], form: str) -> tuple[str, tuple[str, ...]]:
    """The title and roles of `text` split at its colons (an offset already taken off the end):
    the last part is roles when it reads as ids, and the rest, colons and all, the title."""
    roles: tuple[str, ...] = ()
    if len(parts) > 1 and (not parts[-1].strip() or _IDS.fullmatch(parts[-1].strip())):
        roles = tuple(r.strip() for r in parts.pop().split(",") if r.strip())
    title = ":".join(parts).strip()
    if not title:
        raise ValueError(f"'{text}' has no title: {form}")
    return title, roles


def ask_tasks(
    known: Collection[str], owner: str, anchor: str, read: Callable[[], str | None], write: Callable[[str], None]
) -> list[TaskSpec] | None:
    """Tasks until an empty title (or the end of input there); None when input ends mid-task.
    `known` holds the ids of roles and people; `read` returns a line, or None at the end."""
    write("The workflow's tasks, one at a time; an empty title ends the list.\n")
    tasks: list[TaskSpec] = []
    while True:
        write(f"Task {len(tasks) + 1} title: ")
        title = read()
        if title is None or not title.strip():
            return tasks
        roles = _ask_roles(known, owner, read, write)
        due = _ask_due(anchor, read, write) if roles is not None else None
        if roles is None or due is None:
            return None
        tasks.append(TaskSpec(title.strip(), roles, due or None))


def _ask_roles(
    known: Collection[str], owner: str, read: Callable[[], str | None], write: Callable[[str], None]
) -> tuple[str, ...] | None:
    while True:
        write(f"  responsible (roles or people, comma-separated) [{owner}]: ")
        answer = read()
        if answer is None:
            return None
        roles = tuple(r.strip() for r in answer.split(",") if r.strip())
        unknown = [r for r in roles if r not in known]
        if not unknown:
            return roles
        for ref in unknown:
            write(f"  unknown role or person '{ref}'{did_you_mean(ref, known)}\n")


def _ask_due(anchor: str, read: Callable[[], str | None], write: Callable[[str], None]) -> str | None:
    """The offset, "" for none, or None at the end of input."""
    while True:
        write(f"  due, as an offset from the {anchor} (e.g. -7d; empty: worked back from the {anchor}): ")
        answer = read()
        if answer is None:
            return None
        if not answer.strip():
            return ""
        try:
            return str(parse_offset(answer.strip()))
        except ValueError as err:
            write(f"  {err}\n")
