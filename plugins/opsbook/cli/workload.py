"""`opsbook workload`: the workload page's numbers on the command line, as a text table, CSV (one
row per person and week, for a spreadsheet) or the JSON of metrics.json's "workload" section."""

from __future__ import annotations

import argparse
import csv
import json
from typing import Any, TextIO

from ..core.model import Handbook
from ..core.settings import Settings
from ..publish.metrics import cell_data, workload_data
from ..views.derived import Derived
from ..views.workload import KINDS, WEEKS_BACK, Workload, hours_text, workload
from .exits import EXIT_ERRORS, EXIT_OK, loaded

FORMATS = ("text", "csv", "json")


def add_workload(commands: Any) -> None:
    """`opsbook workload`'s arguments, among the commands of `opsbook`."""
    load = commands.add_parser("workload", help="planned hours per person and week against capacity")
    load.add_argument("--dir", default=None, help="the handbook's folder (default: found from here)")
    load.add_argument("--weeks", type=_weeks, default=12, metavar="N", help="weeks ahead of this one (default: 12)")
    load.add_argument("--format", choices=FORMATS, default="text")


def _weeks(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 104:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of weeks from 0 to 104")
    return int(text)


def run_workload(settings: Settings, weeks: int, fmt: str, out: TextIO, err: TextIO) -> int:
    """Print the planned hours from `WEEKS_BACK` weeks back to `weeks` ahead; 1 when the handbook has errors."""
    handbook = loaded(settings, err, "no workload worked out")
    if handbook is None:
        return EXIT_ERRORS
    load = workload(handbook, Derived(handbook).plans.values(), ahead=weeks)
    if fmt == "json":
        json.dump(workload_data(handbook, load), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        _csv(handbook, load, out)
    else:
        _text(handbook, load, out)
    return EXIT_OK


def _csv(handbook: Handbook, load: Workload, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["id", "name", "assigned", "capacity_hours", "week", "monday", "hours", "percent", "over"]
        + [f"{k}_hours" for k in KINDS]
    )
    for row in (*load.rows, *load.unassigned):
        for cell in row.cells:
            data = cell_data(cell)
            writer.writerow(
                [
                    row.who,
                    handbook.team.name_of(row.who),
                    "yes" if row.is_person else "no",
                    "" if row.capacity is None else row.capacity,
                    data["week"],
                    data["monday"],
                    data["hours"],
                    "" if data["percent"] is None else data["percent"],
                    "yes" if data["over"] else "no",
                    *(data["hours_by_kind"][k] for k in KINDS),
                ]
            )


def _text(handbook: Handbook, load: Workload, out: TextIO) -> None:
    """A table of hours (and share of capacity), `*` marking a week over capacity; then who is over."""
    team = handbook.team
    rows = (*load.rows, *load.unassigned)
    names = [f"{team.name_of(r.who)} ({hours_text(r.capacity or 0)}h)" if r.is_person else
             f"{team.name_of(r.who)} (not assigned)" for r in rows]  # fmt: skip
    width = max([len("Person"), *map(len, names)])
    cells = [[_cell_text(c.hours, c.percent, c.over) for c in r.cells] for r in rows]
    column = max([9, *(len(t) for line in cells for t in line)])
    this = load.weeks[load.this_week].label
    out.write(f"Planned hours a week, as of {load.today} (this week: {this}); * over capacity\n")
    out.write("Person".ljust(width) + "".join(f"  {w.label[5:]:>{column}}" for w in load.weeks) + "\n")
    for name, line in zip(names, cells, strict=True):
        out.write(name.ljust(width) + "".join(f"  {t:>{column}}" for t in line) + "\n")
    if load.over:
        out.write("\nOver capacity this week or later:\n")
        for row, over in load.over:
            weeks = ", ".join(
                f"{c.week.label} ({hours_text(c.hours)}h of {hours_text(row.capacity or 0)}h)" for c in over
            )
            out.write(f"  {team.name_of(row.who)}: {weeks}\n")
    else:
        out.write("\nNobody is over capacity this week or later.\n")
    out.write(f"(from {WEEKS_BACK} weeks back; --format csv or json for every number)\n")


def _cell_text(hours: float, percent: int | None, over: bool) -> str:
    text = f"{hours_text(hours)}h"
    if percent is not None and hours:
        text += f" {percent}%"
    return text + ("*" if over else "")


__all__ = ["FORMATS", "add_workload", "run_workload"]
