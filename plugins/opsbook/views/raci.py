"""Who holds what: RACI tables of workflows, procedures and projects, and the handbook's roles ×
workflows matrix (what one person or role holds across the handbook is in holdings.py).

Letters are always written in the order R, A, C, I; a role that holds several gets them
combined ("RA").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.model import Entry, Handbook, Procedure, Responsibility, Workflow
from ..core.plan import ProjectPlan, person_for

LETTERS = "RACI"
MEANINGS = {
    "R": "Responsible: does the work",
    "A": "Accountable: answers for it, signs it off",
    "C": "Consulted: asked before",
    "I": "Informed: told after",
}


def _holders_by_letter(
    responsible: Iterable[str], accountable: str | None, consulted: Iterable[str], informed: Iterable[str]
) -> dict[str, str]:
    """Each id named in a task, with its letters in R, A, C, I order, in order of first mention."""
    found: dict[str, str] = {}
    for letter, ids in (
        ("R", responsible),
        ("A", (accountable,) if accountable else ()),
        ("C", consulted),
        ("I", informed),
    ):
        for who in ids:
            if letter not in found.get(who, ""):
                found[who] = found.get(who, "") + letter
    return found


def assignment(item: Responsibility, owner: str | None) -> dict[str, str]:
    """Who holds which letters in one task or step; its A defaults to the owner."""
    return _holders_by_letter(item.responsible, item.accountable or owner, item.consulted, item.informed)


def letters_for(item: Responsibility, owner: str | None, ids: frozenset[str]) -> str:
    """The letters that any of `ids` hold in one task or step ("" for none)."""
    held = assignment(item, owner)
    return "".join(letter for letter in LETTERS if any(letter in held.get(i, "") for i in ids))


@dataclass(frozen=True)
class RaciRow:
    """One task or step of a RACI table, with each column's letters."""

    id: str
    title: str
    cells: dict[str, str]
    due: dt.date | None = None

    def letters(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True)
class RaciTable:
    """Tasks or steps as rows, the roles (or people) involved as columns, in order of first
    appearance, so the table reads in the order the work happens."""

    columns: tuple[str, ...]
    rows: tuple[RaciRow, ...]
    column_roles: dict[str, tuple[str, ...]]
    """For a project: the roles each person takes in it. Empty for workflows and procedures."""

    def cell(self, row_id: str, column: str) -> str:
        return next(r.letters(column) for r in self.rows if r.id == row_id)


def _table(rows: Sequence[RaciRow], column_roles: dict[str, tuple[str, ...]] | None = None) -> RaciTable:
    columns = dict.fromkeys(who for row in rows for who in row.cells)
    return RaciTable(tuple(columns), tuple(rows), column_roles or {})


def workflow_table(workflow: Workflow, order: Sequence[Responsibility] | None = None) -> RaciTable:
    """A workflow's RACI table; rows in `order` (its schedule) when given, else as written."""
    items = order if order is not None else workflow.tasks
    return _table([RaciRow(t.id, t.title, assignment(t, workflow.owner)) for t in items])


def procedure_table(procedure: Procedure) -> RaciTable:
    return _table([RaciRow(s.id, s.title, assignment(s, procedure.owner)) for s in procedure.steps])


def project_table(handbook: Handbook, plan: ProjectPlan) -> RaciTable:
    """A project's RACI table with people in the columns: each role becomes whoever takes it on
    this project (a role nobody holds stays a role)."""
    rows = [
        RaciRow(
            t.task.id, t.task.title, _holders_by_letter(t.responsible, t.accountable, t.consulted, t.informed), t.due
        )
        for t in plan.tasks
    ]
    roles: dict[str, dict[str, None]] = {}
    for t in plan.tasks:
        owner = plan.workflow.owner
        for role in assignment(t.task, owner):
            if role in handbook.team.roles:
                roles.setdefault(person_for(handbook, plan.project, role), {})[role] = None
    return _table(rows, {who: tuple(r) for who, r in roles.items()})


@dataclass(frozen=True)
class Tally:
    """How many tasks or steps hold each letter."""

    r: int = 0
    a: int = 0
    c: int = 0
    i: int = 0
    items: int = 0
    """Tasks or steps with any letter."""
    effort_hours: float = 0.0
    """Effort of the tasks it is responsible for, per run."""

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.r + other.r,
            self.a + other.a,
            self.c + other.c,
            self.i + other.i,
            self.items + other.items,
            self.effort_hours + other.effort_hours,
        )

    @classmethod
    def of(cls, letters: str, effort_hours: float = 0.0) -> Tally:
        """One task or step held with `letters`; its effort counts where it is held as R."""
        responsible = "R" in letters
        return cls(
            int(responsible),
            int("A" in letters),
            int("C" in letters),
            int("I" in letters),
            1,
            effort_hours if responsible else 0.0,
        )

    def counts(self) -> list[tuple[str, int]]:
        """(letter, count) for each letter held at least once."""
        return [(letter, n) for letter, n in zip(LETTERS, (self.r, self.a, self.c, self.i), strict=True) if n]


#: Above this many cells (roles × workflows and procedures) the matrix is shown by workflow.
MATRIX_MAX_CELLS = 3000


@dataclass(frozen=True)
class Matrix:
    """The handbook's roles × workflows and procedures, each cell a tally of letters."""

    rows: tuple[str, ...]
    """Roles (and people named directly in a task), the most loaded first."""
    columns: tuple[Workflow | Procedure, ...]
    cells: dict[tuple[str, str, str], Tally]
    totals: dict[str, Tally] = field(default_factory=dict)

    def cell(self, who: str, entry: Entry) -> Tally:
        return self.cells.get((who, entry.kind, entry.id), Tally())

    def total(self, who: str) -> Tally:
        return self.totals.get(who, Tally())

    @property
    def fits(self) -> bool:
        """Whether the grid is small enough to read (and to build) as one table."""
        return len(self.rows) * len(self.columns) <= MATRIX_MAX_CELLS

    def by_entry(self) -> list[tuple[Workflow | Procedure, list[tuple[str, Tally]]]]:
        """Each workflow and procedure with who holds letters in it, the most loaded first: the
        matrix without its empty cells, for a handbook too big for the grid."""
        rank = {who: n for n, who in enumerate(self.rows)}
        found: dict[tuple[str, str], list[tuple[str, Tally]]] = {}
        for (who, kind, eid), tally in self.cells.items():
            found.setdefault((kind, eid), []).append((who, tally))
        return [(e, sorted(found.get((e.kind, e.id), []), key=lambda x: rank[x[0]])) for e in self.columns]


def responsibilities(entry: Workflow | Procedure) -> tuple[Responsibility, ...]:
    """A workflow's tasks or a procedure's steps."""
    return entry.tasks if isinstance(entry, Workflow) else entry.steps


def entry_tallies(entry: Workflow | Procedure) -> dict[str, Tally]:
    """Who holds letters in one workflow or procedure, with how many of each (in the order they
    are first named in its tasks or steps)."""
    found: dict[str, Tally] = {}
    for item in responsibilities(entry):
        effort = getattr(item, "effort", None)
        hours = effort.hours if effort is not None else 0.0
        for who, letters in assignment(item, entry.owner).items():
            found[who] = found.get(who, Tally()) + Tally.of(letters, hours)
    return found


def handbook_matrix(handbook: Handbook) -> Matrix:
    """Every role (and person named in a task) against every workflow and procedure, in one pass
    over their tasks and steps."""
    columns: tuple[Workflow | Procedure, ...] = (*handbook.workflows, *handbook.procedures)
    named: dict[str, None] = dict.fromkeys(handbook.team.roles)
    cells: dict[tuple[str, str, str], Tally] = {}
    for entry in columns:
        for who, tally in entry_tallies(entry).items():
            named.setdefault(who)
            cells[(who, entry.kind, entry.id)] = tally
    totals: dict[str, Tally] = {}
    for (who, _, _), tally in cells.items():
        totals[who] = totals.get(who, Tally()) + tally
    team_order = {who: n for n, who in enumerate(named)}

    def load(who: str) -> tuple[int, int, int]:
        total = totals.get(who, Tally())
        return (-(total.r + total.a), -total.items, team_order[who])

    return Matrix(tuple(sorted(named, key=load)), columns, cells, totals)


__all__ = [
    "LETTERS",
    "MATRIX_MAX_CELLS",
    "MEANINGS",
    "Matrix",
    "RaciRow",
    "RaciTable",
    "Tally",
    "assignment",
    "entry_tallies",
    "handbook_matrix",
    "letters_for",
    "procedure_table",
    "project_table",
    "responsibilities",
    "workflow_table",
]
