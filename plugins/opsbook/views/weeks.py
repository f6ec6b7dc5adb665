"""ISO weeks (Monday to Sunday), as the workload and the weekly recaps count them: a week's
Monday (and Sunday) from any of its days, its name (`2027-W03`) and back."""

from __future__ import annotations

import datetime as dt
import re

_KEY = re.compile(r"^(\d{4})-W(\d{2})$")


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def sunday_of(day: dt.date) -> dt.date:
    """The Sunday that ends `day`'s week: "this week" on person pages and the board."""
    return day + dt.timedelta(days=6 - day.weekday())


def week_key(day: dt.date) -> str:
    """The ISO week `day` falls in: `2027-W03`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(key: str) -> dt.date:
    """The Monday of ISO week `key` (`2027-W03`); ValueError when it names no week."""
    found = _KEY.match(key)
    if not found:
        raise ValueError(f"'{key}' is not an ISO week like 2027-W03")
    try:
        return dt.date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        raise ValueError(f"'{key}' is not an ISO week: {found[1]} has no week {int(found[2])}") from None
