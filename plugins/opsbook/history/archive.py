"""The scope-change log as pages: the newest commits on `changes/`, and every commit on the page
of its month (`changes/2026-03/`), whose address never changes.

A handbook with a few years of history has thousands of commits; one page holding them all is
megabytes of HTML that a phone struggles to open. Months are counted in the handbook's time zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from .records import CommitLog, Group, History

#: How many of the newest commits `changes/` shows before pointing to the months.
FRONT_COMMITS = 50


@dataclass(frozen=True)
class Month:
    """The commits of one calendar month, newest first."""

    key: str
    """`2026-03`: the folder of its page, `changes/2026-03/`."""
    title: str
    groups: tuple[Group, ...]

    @property
    def src(self) -> str:
        return f"changes/{self.key}.md"

    @property
    def url(self) -> str:
        return f"changes/{self.key}/"


def months(history: History, timezone: str = "UTC") -> tuple[Month, ...]:
    """Every month that has commits, newest first (uncommitted changes belong to no month).
    Worked out once per committed history and time zone (see CommitLog): the same months, the
    very same objects, for as long as HEAD stays."""
    committed = history.committed
    return committed.derived("months", timezone, lambda: _months(committed, timezone))


def _months(committed: CommitLog, timezone: str) -> tuple[Month, ...]:
    tz = zoneinfo.ZoneInfo(timezone)
    found: dict[str, list[Group]] = {}
    for group in committed.groups:
        found.setdefault(month_key(group[0].date, tz), []).append(group)
    return tuple(Month(key, _title(key), tuple(groups)) for key, groups in sorted(found.items(), reverse=True))


def month_key(when: dt.datetime, tz: dt.tzinfo) -> str:
    return when.astimezone(tz).strftime("%Y-%m")


def front(history: History, count: int = FRONT_COMMITS) -> list[Group]:
    """What `changes/` lists itself: uncommitted changes and the newest `count` commits."""
    groups = history.by_commit()
    pending = list(groups[:1]) if groups and groups[0][0] is None else []
    return pending + list(history.committed.groups[:count])


def _title(key: str) -> str:
    return dt.date.fromisoformat(f"{key}-01").strftime("%B %Y")


__all__ = ["FRONT_COMMITS", "Group", "Month", "front", "month_key", "months"]
