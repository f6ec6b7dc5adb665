"""The scope-change log as pages: the newest commits on `changes/`, and every commit on the page
of its month (`changes/2026-03/`), whose address never changes.

A handbook with a few years of history has thousands of commits; one page holding them all is
megabytes of HTML that a phone struggles to open. Months are counted in the handbook's time zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from .git import Commit
from .records import History, Revision

#: How many of the newest commits `changes/` shows before pointing to the months.
FRONT_COMMITS = 50

Group = tuple[Commit | None, list[Revision]]


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


def months(history: History, timezone: str = "UTC") -> list[Month]:
    """Every month that has commits, newest first (uncommitted changes belong to no month)."""
    tz = zoneinfo.ZoneInfo(timezone)
    found: dict[str, list[Group]] = {}
    for commit, revisions in history.by_commit():
        if commit is not None:
            found.setdefault(month_key(commit.date, tz), []).append((commit, revisions))
    return [Month(key, _title(key), tuple(groups)) for key, groups in sorted(found.items(), reverse=True)]


def month_key(when: dt.datetime, tz: dt.tzinfo) -> str:
    return when.astimezone(tz).strftime("%Y-%m")


def front(history: History, count: int = FRONT_COMMITS) -> list[Group]:
    """What `changes/` lists itself: uncommitted changes and the newest `count` commits."""
    groups = history.by_commit()
    committed = [g for g in groups if g[0] is not None][:count]
    return [g for g in groups if g[0] is None] + committed


def _title(key: str) -> str:
    return dt.date.fromisoformat(f"{key}-01").strftime("%B %Y")


__all__ = ["FRONT_COMMITS", "Month", "front", "month_key", "months"]
