"""What one person or role holds across the handbook: the tasks and steps they are responsible,
accountable, consulted or informed for (by workflow or procedure), the reports, meetings and
entries they have a part in, and the project tasks theirs to do or sign off. Their pages
(`person.html`, `role.html`) show it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from ..core.model import Entry, Handbook, Policy, Procedure, Responsibility, Workflow
from ..core.plan import PlannedTask, ProjectPlan, TaskState, person_for
from .raci import LETTERS, Tally, assignment, responsibilities


@dataclass(frozen=True)
class Duty:
    """One task or step, the letters that `via` hold in it."""

    entry: Workflow | Procedure
    item: Responsibility
    letters: str
    via: tuple[str, ...]
    """Which of the ids asked about hold it: a person's own id or their roles."""


@dataclass(frozen=True)
class Holding:
    """A whole entry someone has a part in: a report they create or read, a meeting they attend,
    a policy, procedure or workflow they own."""

    entry: Entry
    part: str
    """'creates', 'reads', 'attends' or 'owns'."""
    via: tuple[str, ...]


@dataclass(frozen=True)
class Holdings:
    """Everything one person (with their roles) or one role holds across the handbook."""

    ids: frozenset[str]
    duties: tuple[Duty, ...]
    entries: tuple[Holding, ...]
    groups: tuple[DutyGroup, ...] | None = field(default=None, compare=False, repr=False)
    """The duties by workflow or procedure, when made already (see `by_entry`)."""

    def tally(self) -> Tally:
        """Each letter counted over the duties (a duty holds a letter once; no effort is summed)."""
        counts = dict.fromkeys(LETTERS, 0)
        for d in self.duties:
            for letter in d.letters:
                counts[letter] += 1
        return Tally(counts["R"], counts["A"], counts["C"], counts["I"], len(self.duties))

    def part(self, part: str) -> tuple[Holding, ...]:
        return tuple(h for h in self.entries if h.part == part)

    def by_entry(self) -> tuple[DutyGroup, ...]:
        """The duties as one row per workflow or procedure (and per way of holding them), each
        letter with the tasks or steps it is held in: a page lists a hundred workflows, not the
        thousand tasks in them."""
        return self.groups if self.groups is not None else _grouped(self.duties)


def _grouped(duties: Iterable[Duty]) -> tuple[DutyGroup, ...]:
    groups: dict[tuple[str, str, tuple[str, ...]], dict[str, list[str]]] = {}
    entries: dict[tuple[str, str, tuple[str, ...]], Workflow | Procedure] = {}
    for d in duties:
        key = (d.entry.kind, d.entry.id, d.via)
        entries.setdefault(key, d.entry)
        titles = groups.setdefault(key, {letter: [] for letter in LETTERS})
        for letter in d.letters:
            titles[letter].append(d.item.title)
    return tuple(
        DutyGroup(entries[key], key[2], {k: tuple(v) for k, v in titles.items()}) for key, titles in groups.items()
    )


@dataclass(frozen=True)
class HeldIn:
    """What a person (with their roles) or a role holds in one workflow or procedure: its part
    of their `Holdings`."""

    duties: tuple[Duty, ...]
    groups: tuple[DutyGroup, ...]


def held_in(
    ordered: Sequence[str], entry: Workflow | Procedure, items: Iterable[tuple[Responsibility, Mapping[str, str]]]
) -> HeldIn:
    """What `ordered` (a person's id and their roles', or a role's id) hold in `entry`, given its
    tasks or steps with who holds which letters in each (`assignment`)."""
    ids = frozenset(ordered)
    found: list[Duty] = []
    for item, held in items:
        if ids.isdisjoint(held):
            continue
        via = tuple(i for i in ordered if i in held)
        together = "".join(held[i] for i in via)
        found.append(Duty(entry, item, "".join(x for x in LETTERS if x in together), via))
    return HeldIn(tuple(found), _grouped(found))


@dataclass(frozen=True)
class DutyGroup:
    """The tasks or steps of one workflow or procedure that someone holds, by letter."""

    entry: Workflow | Procedure
    via: tuple[str, ...]
    titles: dict[str, tuple[str, ...]]
    """Letter -> the titles of the tasks or steps held with it, in the entry's order."""


def identities(handbook: Handbook, who: str) -> tuple[str, ...]:
    """A person's id followed by their roles' ids; a role's id alone."""
    person = handbook.team.people.get(who)
    return (who, *person.roles) if person else (who,)


def _via(ordered: Sequence[str], named: Iterable[str]) -> tuple[str, ...]:
    named = set(named)
    return tuple(i for i in ordered if i in named)


Assignment = tuple[Workflow | Procedure, Responsibility, dict[str, str]]


def assignment_table(handbook: Handbook) -> list[Assignment]:
    """Every task and step of the workflows and procedures with who holds which letters in it."""
    entries: tuple[Workflow | Procedure, ...] = (*handbook.workflows, *handbook.procedures)
    return [(entry, item, assignment(item, entry.owner)) for entry in entries for item in responsibilities(entry)]


#: For each id (person or role), the rows of `assignment_table` that name it, with their place.
AssignmentsById = Mapping[str, Sequence[tuple[int, Assignment]]]


def assignments_by_id(handbook: Handbook) -> dict[str, list[tuple[int, Assignment]]]:
    """`AssignmentsById`, in one pass over the handbook: what every person's and role's page reads."""
    found: dict[str, list[tuple[int, Assignment]]] = {}
    for n, row in enumerate(assignment_table(handbook)):
        for who in row[2]:
            found.setdefault(who, []).append((n, row))
    return found


def holdings(handbook: Handbook, who: str, by_id: AssignmentsById | None = None) -> Holdings:
    """Everything `who` (a person, with their roles; or a role) is R, A, C or I for in workflows
    and procedures, and the reports, meetings, policies and procedures they create, read, attend
    or own (`by_id`: `assignments_by_id`, when worked out already)."""
    ordered = identities(handbook, who)
    by_id = assignments_by_id(handbook) if by_id is None else by_id
    rows = dict(sorted({n: row for i in ordered for n, row in by_id.get(i, ())}.items()))
    by_entry: dict[int, tuple[Workflow | Procedure, list[tuple[Responsibility, dict[str, str]]]]] = {}
    for entry, item, held in rows.values():
        by_entry.setdefault(id(entry), (entry, []))[1].append((item, held))
    return holdings_of(handbook, ordered, [held_in(ordered, entry, items) for entry, items in by_entry.values()])


def holdings_of(handbook: Handbook, ordered: tuple[str, ...], held: Sequence[HeldIn]) -> Holdings:
    """`holdings` from what `ordered` hold in each workflow and procedure, in the handbook's order."""
    ids = frozenset(ordered)
    parts: list[Holding] = []
    owned: tuple[Workflow | Policy | Procedure, ...] = (*handbook.workflows, *handbook.policies, *handbook.procedures)
    for entry in owned:
        owner = entry.owner
        if owner and owner in ids:
            parts.append(Holding(entry, "owns", (owner,)))
    for report in handbook.reports:
        if via := _via(ordered, report.owner):
            parts.append(Holding(report, "creates", via))
        if via := _via(ordered, report.audience):
            parts.append(Holding(report, "reads", via))
    for ritual in handbook.rituals:
        if via := _via(ordered, ritual.attendees):
            parts.append(Holding(ritual, "attends", via))
    return Holdings(
        ids, tuple(d for h in held for d in h.duties), tuple(parts), tuple(g for h in held for g in h.groups)
    )


@dataclass(frozen=True)
class ProjectDuty:
    """A project task someone is responsible or accountable for, with the roles they take in it."""

    plan: ProjectPlan
    task: PlannedTask
    letters: str
    via: tuple[str, ...]
    """For a person, the roles that bring the task to them; for a role, who takes it on."""


def plan_duties(handbook: Handbook, plan: ProjectPlan) -> tuple[tuple[str, ProjectDuty], ...]:
    """One project's tasks as (who, duty): every person and role responsible or accountable for
    each, a person with the roles that bring it to them, a role with who takes it on."""
    team = handbook.team
    found: list[tuple[str, ProjectDuty]] = []
    owner = plan.workflow.owner
    # Who takes each role on this project: asked of every task, worked out once per role.
    taker = functools.cache(lambda who: person_for(handbook, plan.project, who))
    for t in plan.tasks:
        held = assignment(t.task, owner)
        mine: dict[str, list[str]] = {}
        for i in held:
            if i in team.roles and i not in team.people and ("R" in held[i] or "A" in held[i]):
                found.append((i, ProjectDuty(plan, t, held[i], (taker(i),))))
            mine.setdefault(taker(i), []).append(i)
        for person, ids in mine.items():
            if person not in team.people:
                continue
            together = "".join(held[i] for i in ids)
            letters = "".join(x for x in LETTERS if x in together)
            if "R" in letters or "A" in letters:
                found.append((person, ProjectDuty(plan, t, letters, tuple(i for i in ids if i != person))))
    return tuple(found)


_BY_DUE = attrgetter("task.due", "plan.project.id", "task.task.id")


def duties_by_who(handbook: Handbook, plans: Iterable[ProjectPlan]) -> dict[str, list[ProjectDuty]]:
    """For every person and role, the project tasks they (or anyone in the role) are responsible
    or accountable for, by due date: one pass over the plans, not one per person and role."""
    found: dict[str, list[ProjectDuty]] = {}
    for plan in plans:
        for who, duty in plan_duties(handbook, plan):
            found.setdefault(who, []).append(duty)
    for rows in found.values():
        rows.sort(key=_BY_DUE)
    return found


@dataclass(frozen=True)
class TaskGroup:
    key: str
    heading: str
    duties: tuple[ProjectDuty, ...]


def task_groups(rows: Sequence[ProjectDuty], today: dt.date) -> tuple[TaskGroup, ...]:
    """Project tasks as past due, due this week (to Sunday), upcoming and done (latest first)."""
    week_end = today + dt.timedelta(days=6 - today.weekday())

    def pick(test: object) -> tuple[ProjectDuty, ...]:
        return tuple(d for d in rows if test(d.task))  # type: ignore[operator]

    done = sorted(pick(lambda t: t.state is TaskState.DONE), key=lambda d: d.task.done_on or d.task.due, reverse=True)
    return (
        TaskGroup("past-due", "Past due", pick(lambda t: t.state is TaskState.PAST_DUE)),
        TaskGroup(
            "this-week",
            f"Due this week (to {week_end.strftime('%a %-d %b')})",
            pick(lambda t: t.state is TaskState.DUE_TODAY or (t.state is TaskState.UPCOMING and t.due <= week_end)),
        ),
        TaskGroup("upcoming", "Upcoming", pick(lambda t: t.state is TaskState.UPCOMING and t.due > week_end)),
        TaskGroup("done", "Done", tuple(done)),
    )


__all__ = [
    "Assignment",
    "AssignmentsById",
    "Duty",
    "DutyGroup",
    "HeldIn",
    "Holding",
    "Holdings",
    "ProjectDuty",
    "TaskGroup",
    "assignment_table",
    "assignments_by_id",
    "duties_by_who",
    "held_in",
    "holdings",
    "holdings_of",
    "identities",
    "plan_duties",
    "task_groups",
]
