"""What the workload and team-performance pages, and a person's "My week", are given: the numbers
of `views.workload` and `views.performance` (worked out once per build, in `Derived`), with
their charts drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..views.performance import late_sentence
from ..views.workload import Cell
from .charts import on_time_chart, weeks_chart

if TYPE_CHECKING:
    from .context import Site

#: The weeks a person's page lists task by task ("My week"): this one and the next.
MY_WEEKS = 2


def workload_page(site: Site, _: None, __: dict[str, Any]) -> dict[str, Any]:
    load = site.derived.workload
    return {"workload": load, "weeks": load.weeks, "this_week": load.this_week, "over": load.over}


def performance_page(site: Site, _: None, __: dict[str, Any]) -> dict[str, Any]:
    perf = site.derived.performance
    months = perf.by_month
    chart = on_time_chart([m.label for m in months], [m.percent for m in months]) if months else None
    return {
        "perf": perf,
        "month_chart": chart,
        "late_sentences": [(t, late_sentence(t)) for t in perf.by_task],
    }


def person_week(site: Site, pid: str) -> dict[str, Any]:
    """A person's "My week" (this week's and next week's work) and their chart of the weeks ahead."""
    load = site.derived.workload
    row = load.row(pid)
    if row is None:
        return {"my_weeks": (), "weeks_chart": None, "weeks_ahead": ()}
    ahead: tuple[Cell, ...] = load.ahead(row)
    name = site.handbook.team.people[pid].name
    return {
        "my_weeks": ahead[:MY_WEEKS],
        "weeks_ahead": ahead,
        "weeks_chart": weeks_chart(load, row, name),
        "my_capacity": row.capacity,
    }


__all__ = ["MY_WEEKS", "performance_page", "person_week", "workload_page"]
