"""The status board as data (`board/`): every open project's tasks in columns — past due, due
this week, upcoming, done — grouped by project, each card with who does it and when.

A project is open while any of its tasks is not done. "This week" runs from today to Sunday, as
on a person's page (`holdings.task_groups`). Every card carries its column, its people (a role
brings the people who hold it) and its project's tags, so the page can be filtered in the
browser as the hub is; without JavaScript it shows everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..core.model import Handbook
from ..core.plan import PlannedTask, ProjectPlan, TaskState
from .hub import Facets, Owners
from .weeks import sunday_of

#: The board's columns: key (also the filter's value) and heading, left to right.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("past-due", "Past due"),
    ("this-week", "This week"),
    ("upcoming", "Upcoming"),
    ("done", "Done"),
)


def column_of(task: PlannedTask, today: dt.date, sunday: dt.date | None = None) -> str:
    """The key of the column a task's card goes in (`sunday`: the end of today's week, when known)."""
    if task.state is TaskState.DONE:
        return "done"
    if task.state is TaskState.PAST_DUE:
        return "past-due"
    return "this-week" if task.due <= (sunday or sunday_of(today)) else "upcoming"


@dataclass(frozen=True)
class Card:
    task: PlannedTask
    column: str
    days: int
    """Days from today to the due date (negative when it has passed)."""
    facets: Facets

    @property
    def relative(self) -> str:
        """When it is due, from today, in words ("in 3 days", "2 days late")."""
        d = self.days
        if d == 0:
            return "today"
        if d == 1:
            return "tomorrow"
        if d > 0:
            return f"in {d} days"
        return "1 day late" if d == -1 else f"{-d} days late"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class ProjectBoard:
    plan: ProjectPlan
    columns: tuple[Column, ...]
    done: int
    total: int

    def count(self, key: str) -> int:
        return next(len(c.cards) for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Board:
    today: dt.date
    week_end: dt.date
    projects: tuple[ProjectBoard, ...]
    owners: tuple[str, ...]
    """Every person and role on a card, people first, by name: the owner filter's choices."""
    tags: tuple[str, ...]
    columns: tuple[tuple[str, str], ...] = COLUMNS

    def total(self, key: str) -> int:
        return sum(p.count(key) for p in self.projects)


def build_board(handbook: Handbook, plans: Mapping[str, ProjectPlan]) -> Board:
    """The board of a handbook's open projects, soonest launch first."""
    today, team = handbook.today, handbook.team
    sunday = sunday_of(today)
    owners = Owners(team)

    boards = []
    for plan in sorted(plans.values(), key=lambda p: (p.project.anchor_date, p.project.id)):
        if all(t.state is TaskState.DONE for t in plan.tasks):
            continue
        tags = plan.project.tags
        by_column: dict[str, list[Card]] = {key: [] for key, _ in COLUMNS}
        for task in plan.tasks:
            column = column_of(task, today, sunday)
            facets = Facets(column, owners.reach(task.people), tags)
            by_column[column].append(Card(task, column, (task.due - today).days, facets))
        # Done: the latest done first, as on a person's page.
        by_column["done"].sort(key=lambda c: c.task.done_on or c.task.due, reverse=True)
        boards.append(
            ProjectBoard(
                plan,
                tuple(Column(key, heading, tuple(by_column[key])) for key, heading in COLUMNS),
                len(by_column["done"]),
                len(plan.tasks),
            )
        )
    return Board(
        today=today,
        week_end=sunday,
        projects=tuple(boards),
        owners=owners.choices(w for b in boards for c in b.columns for card in c.cards for w in card.facets.owners),
        tags=tuple(sorted({t for b in boards for t in b.plan.project.tags}, key=str.lower)),
    )


__all__ = ["COLUMNS", "Board", "Card", "Column", "ProjectBoard", "build_board", "column_of"]
