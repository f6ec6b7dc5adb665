"""What a role or a person is responsible, accountable, consulted or informed for."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Entry, Handbook, Responsibility
from .plan import PlannedTask, ProjectPlan


@dataclass(frozen=True)
class Duty:
    """One task or step, and the letters (R, A, C, I) that `who` holds in it."""

    entry: Entry
    item: Responsibility
    letters: str


def letters_for(item: Responsibility, owner: str | None, ids: frozenset[str]) -> str:
    accountable = item.accountable or owner
    letters = ""
    if ids.intersection(item.responsible):
        letters += "R"
    if accountable in ids:
        letters += "A"
    if ids.intersection(item.consulted):
        letters += "C"
    if ids.intersection(item.informed):
        letters += "I"
    return letters


def duties(handbook: Handbook, ids: frozenset[str]) -> list[Duty]:
    """Every workflow task and procedure step in which any of `ids` holds a letter."""
    found = []
    for wf in handbook.workflows:
        for task in wf.tasks:
            if letters := letters_for(task, wf.owner, ids):
                found.append(Duty(wf, task, letters))
    for proc in handbook.procedures:
        for step in proc.steps:
            if letters := letters_for(step, proc.owner, ids):
                found.append(Duty(proc, step, letters))
    return found


def identities(handbook: Handbook, who: str) -> frozenset[str]:
    """A person's id with their roles' ids; a role's id alone."""
    person = handbook.team.people.get(who)
    return frozenset((who, *person.roles)) if person else frozenset((who,))


def project_tasks_for(plans: list[ProjectPlan], person: str) -> list[tuple[ProjectPlan, PlannedTask]]:
    """A person's project tasks (responsible or accountable), by due date."""
    rows = [
        (plan, task) for plan in plans for task in plan.tasks
        if person in task.responsible or task.accountable == person
    ]
    return sorted(rows, key=lambda pt: (pt[1].due, pt[0].project.id))
