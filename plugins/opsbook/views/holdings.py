"""What one person or role holds across the handbook: the tasks and steps they are responsible,
accountable, consulted or informed for (by workflow or procedure), the reports, meetings and
entries they have a part in, and the project tasks theirs to do or sign off. Their pages
(`person.html`, `role.html`) show it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from ..core.model import Entry, Handbook, Policy, Procedure, Responsibility, Workflow
from ..core.plan import PlannedTask, ProjectPlan, person_for
from .columns import COLUMNS, by_column
from .raci import LETTERS, Tally, assignment, responsibilities
from .weeks import sunday_of


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
        thousand tasks in them. Worked out from `duties` when a page is rendered, so only pages
        whose duties changed pay for it under `mkdocs serve`."""
        groups: dict[tuple[str, str, tuple[str, ...]], dict[str, list[str]]] = {}
        entries: dict[tuple[str, str, tuple[str, ...]], Workflow | Procedure] = {}
        for d in self.duties:
            key = (d.entry.kind, d.entry.id, d.via)
            entries.setdefault(key, d.entry)
            titles = groups.setdefault(key, {letter: [] for letter in LETTERS})
            for letter in d.letters:
                titles[letter].append(d.item.title)
        return tuple(
            DutyGroup(entries[key], key[2], {k: tuple(v) for k, v in titles.items()}) for key, titles in groups.items()
        )


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


Assignment = tuple[Workflow | Procedure, Responsibility, dict[str, str]]


def assignment_table(handbook: Handbook) -> list[Assignment]:
    """Every task and step of the workflows and procedures with who holds which letters in it."""
    entries: tuple[Workflow | Procedure, ...] = (*handbook.workflows, *handbook.procedures)
    return [(entry, item, assignment(item, entry.owner)) for entry in entries for item in responsibilities(entry)]


def holdings_by_who(handbook: Handbook, whos: Iterable[str]) -> dict[str, Holdings]:
    """`Holdings` of each of `whos` (people, with their roles; or roles), in one pass over the
    handbook's tasks, steps and entries: every person's and role's page reads them."""
    asked = {who: identities(handbook, who) for who in whos}
    # For each id, whose holdings it counts in: a role in its own and in each holder's.
    askers: dict[str, list[str]] = {}
    for who, ordered in asked.items():
        for i in dict.fromkeys(ordered):
            askers.setdefault(i, []).append(who)
    duties: dict[str, list[Duty]] = {who: [] for who in asked}
    # A duty held the same way is one value in every holdings it is in (a role's own, and each
    # holder's through it): made once, so a build keeps a third of the objects.
    vias: dict[tuple[str, ...], tuple[str, ...]] = {}
    for entry, item, held in assignment_table(handbook):
        made: dict[tuple[str, ...], Duty] = {}
        for who in dict.fromkeys(who for i in held for who in askers.get(i, ())):
            via = tuple(i for i in asked[who] if i in held)
            duty = made.get(via)
            if duty is None:
                together = "".join(held[i] for i in via)
                letters = "".join(x for x in LETTERS if x in together)
                duty = made[via] = Duty(entry, item, letters, vias.setdefault(via, via))
            duties[who].append(duty)
    parts: dict[str, list[Holding]] = {who: [] for who in asked}

    def add(entry: Entry, part: str, named: Iterable[str]) -> None:
        named = set(named)
        for who in dict.fromkeys(w for i in named for w in askers.get(i, ())):
            parts[who].append(Holding(entry, part, tuple(i for i in asked[who] if i in named)))

    owned: tuple[Workflow | Policy | Procedure, ...] = (*handbook.workflows, *handbook.policies, *handbook.procedures)
    for whole in owned:
        if whole.owner:
            add(whole, "owns", (whole.owner,))
    for report in handbook.reports:
        add(report, "creates", report.owner)
        add(report, "reads", report.audience)
    for ritual in handbook.rituals:
        add(ritual, "attends", ritual.attendees)
    return {who: Holdings(frozenset(asked[who]), tuple(duties[who]), tuple(parts[who])) for who in asked}


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
    """Project tasks in the board's columns: past due, due this week (to Sunday), upcoming and done
    (latest first)."""
    groups = by_column(rows, attrgetter("task"), today)
    headings = {**dict(COLUMNS), "this-week": f"Due this week (to {sunday_of(today).strftime('%a %-d %b')})"}
    return tuple(TaskGroup(key, headings[key], tuple(groups[key])) for key, _ in COLUMNS)


__all__ = [
    "Assignment",
    "Duty",
    "DutyGroup",
    "Holding",
    "Holdings",
    "ProjectDuty",
    "TaskGroup",
    "assignment_table",
    "duties_by_who",
    "holdings_by_who",
    "identities",
    "plan_duties",
    "task_groups",
]
