"""Workload: each person's planned hours per ISO week, against their weekly capacity.

Planned hours come from what the handbook already says:

- a project task's `effort`, for the people responsible (R) for it on that project, split evenly
  among them and spread evenly over the task's working days from its start to its due date
  (Monday to Friday less the project's public holidays, so a week with a holiday gets less; a
  task whose days are all weekend or holiday puts its effort on its due day);
- each meeting (ritual) a person attends, directly or through a role, at its `duration` for
  every time it falls in the week;
- a report's `effort` on each day it is due, for its owner, and a procedure step's `effort` on
  each day it recurs, for whoever is responsible (split evenly, like a task's).

The plan is counted as it stands: a task done early still counts in the weeks it was planned for.
A project must assign a role that several people hold (the check says so); a report or a procedure
has no `assign`, so work given to such a role, or to a role nobody holds, is not guessed onto one
person: it is shown as the role's, "not assigned", so that someone takes it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.model import Entry, Handbook, Team
from ..core.plan import ProjectPlan
from ..core.recurrence import rule_of
from ..core.workdays import ONE_DAY, WorkCalendar
from .weeks import monday_of, week_key

WEEKS_BACK = 4
WEEKS_AHEAD = 12
#: Hours are shown to a tenth; sums are kept to a hundredth so that rounding never adds up.
PLACES = 2
#: The kinds of work counted, as `Load.kind` names them.
KINDS = ("task", "meeting", "report", "step")


@dataclass(frozen=True)
class Week:
    """An ISO week, Monday to Sunday."""

    monday: dt.date

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def label(self) -> str:
        """`2027-W03`: the ISO year and week."""
        return week_key(self.monday)

    @property
    def short(self) -> str:
        """`W03`, for a chart's axis."""
        return f"W{self.monday.isocalendar()[1]:02d}"


@dataclass(frozen=True)
class Load:
    """One piece of planned work in one week: a task's share, a meeting, a report or a step."""

    kind: str
    """'task', 'meeting', 'report' or 'step'."""
    title: str
    entry: Entry
    """The project, ritual, report or procedure it comes from."""
    item_id: str | None
    """The task's or step's id."""
    hours: float
    days: tuple[dt.date, ...]
    """The days of the week it falls on."""
    due: dt.date | None = None
    """A task's due date."""


@dataclass(frozen=True)
class Cell:
    """One person's (or role's) week: planned hours against capacity."""

    week: Week
    hours: float
    capacity: float | None
    """Hours a week (0 when the team file gives `capacity: 0h`, tracking none); None for a role's
    row of work not assigned to anyone."""
    loads: tuple[Load, ...]

    @property
    def percent(self) -> int | None:
        """Planned hours as a share of capacity; None without a capacity (never divided by zero)."""
        if not self.capacity:
            return None
        return round(self.hours / self.capacity * 100)

    @property
    def over(self) -> bool:
        """More hours than the capacity; never for a capacity of 0h, which tracks none."""
        return bool(self.capacity) and self.hours > (self.capacity or 0)

    @property
    def level(self) -> str:
        """'none', 'low' (under half), 'mid' (to 80%), 'high' (to 100%), 'over', or 'uncounted':
        hours with no capacity to set them against (a role's work, a person of 0h)."""
        if self.over:
            return "over"
        if not self.hours:
            return "none"
        percent = self.percent
        if percent is None:
            return "uncounted"
        return "low" if percent < 50 else "mid" if percent <= 80 else "high"


@dataclass(frozen=True)
class Row:
    """A person's weeks, or a role's work that no one person takes."""

    who: str
    is_person: bool
    capacity: float | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Workload:
    """Everyone's planned hours for the weeks around today."""

    today: dt.date
    weeks: tuple[Week, ...]
    this_week: int
    """The index of today's week in `weeks`."""
    rows: tuple[Row, ...]
    """One per person, in the team's order."""
    unassigned: tuple[Row, ...]
    """One per role whose work no one person takes, by role id."""

    def row(self, who: str) -> Row | None:
        return next((r for r in (*self.rows, *self.unassigned) if r.who == who), None)

    def ahead(self, row: Row) -> tuple[Cell, ...]:
        """The row's weeks from this week on."""
        return row.cells[self.this_week :]

    @property
    def over(self) -> tuple[tuple[Row, tuple[Cell, ...]], ...]:
        """The people over capacity this week or later, with those weeks."""
        found = []
        for row in self.rows:
            weeks = tuple(c for c in self.ahead(row) if c.over)
            if weeks:
                found.append((row, weeks))
        return tuple(found)


def workload(
    handbook: Handbook,
    plans: Iterable[ProjectPlan],
    today: dt.date | None = None,
    *,
    back: int = WEEKS_BACK,
    ahead: int = WEEKS_AHEAD,
) -> Workload:
    """The planned hours of every person for the weeks from `back` before today's to `ahead` after it."""
    today = today or handbook.today
    first = monday_of(today) - dt.timedelta(weeks=back)
    weeks = tuple(Week(first + dt.timedelta(weeks=i)) for i in range(back + ahead + 1))
    last = weeks[-1].sunday
    by_who: dict[str, dict[dt.date, list[Load]]] = defaultdict(lambda: defaultdict(list))
    for who, load in _loads(handbook, plans, first, last):
        by_who[who][monday_of(load.days[0])].append(load)
    team = handbook.team

    def row(who: str, capacity: float | None) -> Row:
        found = by_who.get(who, {})
        cells = []
        for week in weeks:
            loads = tuple(found.get(week.monday, ()))
            cells.append(Cell(week, round(sum(x.hours for x in loads), PLACES), capacity, loads))
        return Row(who, capacity is not None, capacity, tuple(cells))

    people = tuple(row(pid, person.capacity.hours) for pid, person in team.people.items())
    others = tuple(row(who, None) for who in sorted(by_who.keys() - team.people.keys()))
    return Workload(today, weeks, back, people, others)


def _loads(
    handbook: Handbook, plans: Iterable[ProjectPlan], first: dt.date, last: dt.date
) -> Iterable[tuple[str, Load]]:
    """Every piece of work from `first` to `last`, one per person (or unassigned role) and week."""
    team = handbook.team
    for plan in plans:
        project = plan.project
        calendar = WorkCalendar(project.holidays or handbook.holidays)
        for pt in plan.tasks:
            effort = pt.task.effort
            if effort is None or not pt.responsible or pt.due < first or pt.start > last:
                continue
            days = _working_days(pt.start, pt.due, calendar)
            share = effort.hours / len(pt.responsible) / len(days)
            for week_days in _by_week(d for d in days if first <= d <= last):
                for who in pt.responsible:
                    hours = share * len(week_days)
                    yield who, Load("task", pt.task.title, project, pt.task.id, hours, week_days, pt.due)
    for ritual in handbook.rituals:
        rule = rule_of(ritual, handbook.timezone)
        if rule is None:
            continue
        attendees = team.people_reached(ritual.attendees)  # as the calendars reach them
        for week_days in _by_week(rule.dates(first, last)):
            hours = ritual.duration.hours * len(week_days)
            for who in attendees:
                yield who, Load("meeting", ritual.display_title, ritual, None, hours, week_days)
    for report in handbook.reports:
        if report.effort is None or (rule := rule_of(report, handbook.timezone)) is None:
            continue
        owners = _takers(team, report.owner)
        for week_days in _by_week(rule.dates(first, last)):
            hours = report.effort.hours * len(week_days) / len(owners)
            for who in owners:
                yield who, Load("report", report.display_title, report, None, hours, week_days)
    for procedure in handbook.procedures:
        for step in procedure.steps:
            if step.effort is None or (rule := rule_of(step)) is None:
                continue
            takers = _takers(team, step.responsible)
            for week_days in _by_week(rule.dates(first, last)):
                hours = step.effort.hours * len(week_days) / len(takers)
                for who in takers:
                    yield who, Load("step", step.title, procedure, step.id, hours, week_days)


def _working_days(start: dt.date, due: dt.date, calendar: WorkCalendar) -> list[dt.date]:
    days = []
    day = start
    while day <= due:
        if calendar.is_business_day(day):
            days.append(day)
        day += ONE_DAY
    return days or [due]


def _by_week(days: Iterable[dt.date]) -> list[tuple[dt.date, ...]]:
    """Days (in order) grouped by their ISO week."""
    groups: dict[dt.date, list[dt.date]] = {}
    for day in days:
        groups.setdefault(monday_of(day), []).append(day)
    return [tuple(g) for g in groups.values()]


def _takers(team: Team, ids: Iterable[str]) -> tuple[str, ...]:
    """Who takes work given to people or roles: a role's one holder; a role that several people
    hold, or nobody, keeps its own id (its work is not assigned to one person)."""
    found: dict[str, None] = {}
    for who in ids:
        holders = team.holders(who) if who in team.roles else ()
        found[holders[0] if len(holders) == 1 else who] = None
    return tuple(found)


def hours_text(hours: float) -> str:
    """`6`, `2.5`, `0.3`: hours to a tenth, without a trailing zero."""
    text = f"{hours:.1f}"
    return text[:-2] if text.endswith(".0") else text


__all__ = ["KINDS", "WEEKS_AHEAD", "WEEKS_BACK", "Cell", "Load", "Row", "Week", "Workload", "hours_text", "workload"]
