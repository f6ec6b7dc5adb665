"""metrics.json: the numbers behind the workload and team-performance pages, for a team to chart
elsewhere (a spreadsheet, a dashboard). It sits beside catalog.json at the site root.

`metrics()` builds each section from the handbook and what the build derived from it; the weekly
recaps, which also need git history, come as the front end worked them out
(`views.recap.recap_weeks`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..core.model import Handbook
from ..views.derived import Derived
from ..views.performance import Performance, Tally, late_sentence
from ..views.recap import Week, recap_numbers
from ..views.workload import KINDS, Cell, Row, Workload

METRICS_FILE = "metrics.json"
METRICS_VERSION = 1


def cell_data(cell: Cell) -> dict[str, Any]:
    by_kind = dict.fromkeys(KINDS, 0.0)
    for load in cell.loads:
        by_kind[load.kind] += load.hours
    return {
        "week": cell.week.label,
        "monday": cell.week.monday.isoformat(),
        "hours": cell.hours,
        "percent": cell.percent,
        "over": cell.over,
        "hours_by_kind": {k: round(v, 2) for k, v in by_kind.items()},
    }


def _row(row: Row, handbook: Handbook) -> dict[str, Any]:
    return {
        "id": row.who,
        "name": handbook.team.name_of(row.who),
        "capacity_hours": row.capacity,
        "weeks": [cell_data(c) for c in row.cells],
    }


def workload_data(handbook: Handbook, load: Workload) -> dict[str, Any]:
    """Every person's planned hours by ISO week (`percent` is null without a capacity), and the
    work of roles not assigned to one person."""
    return {
        "this_week": load.weeks[load.this_week].label,
        "weeks": [w.label for w in load.weeks],
        "people": [_row(r, handbook) for r in load.rows],
        "unassigned": [_row(r, handbook) for r in load.unassigned],
        "over_capacity": [{"id": r.who, "weeks": [c.week.label for c in cells]} for r, cells in load.over],
    }


def _tally(t: Tally) -> dict[str, Any]:
    return {
        "key": t.key,
        "label": t.label,
        "on_time": t.on_time,
        "late": t.late,
        "past_due": t.past_due,
        "done_unknown_day": t.unknown,
        "open": t.open,
        "on_time_percent": t.percent,
        "average_days_late": t.average_late,
    }


def performance_data(perf: Performance) -> dict[str, Any]:
    """Project tasks' outcomes: the team's, by month due, person, project and workflow task, and each task."""
    return {
        "team": _tally(perf.team),
        "by_month": [_tally(t) for t in perf.by_month],
        "by_person": [_tally(t) for t in perf.by_person],
        "by_project": [_tally(t) for t in perf.by_project],
        "late_workflow_tasks": [{**_tally(t), "sentence": late_sentence(t)} for t in perf.by_task],
        "tasks": [
            {
                "project": o.plan.project.id,
                "task": o.task.task.id,
                "title": o.task.task.title,
                "due": o.task.due.isoformat(),
                "done": o.task.done_on.isoformat() if o.task.done_on else None,
                "outcome": o.outcome,
                "days_late": o.days_late,
                "responsible": list(o.task.responsible),
            }
            for o in perf.outcomes
        ],
    }


def metrics(handbook: Handbook, derived: Derived, weeks: Sequence[Week] = ()) -> dict[str, Any]:
    """What metrics.json holds, section by section in the file's order."""
    return {
        "version": METRICS_VERSION,
        "today": handbook.today.isoformat(),
        "workload": workload_data(handbook, derived.workload),
        "performance": performance_data(derived.performance),
        "recaps": recap_numbers(weeks),
    }


def metrics_json(handbook: Handbook, derived: Derived, weeks: Sequence[Week] = ()) -> str:
    """The text of metrics.json."""
    return json.dumps(metrics(handbook, derived, weeks), ensure_ascii=False, indent=2) + "\n"


__all__ = ["METRICS_FILE", "metrics", "metrics_json", "performance_data", "workload_data"]
