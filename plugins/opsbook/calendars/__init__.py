"""Subscribable ICS calendars (SPEC §6): which events exist, which feed holds each, and the RFC 5545
bytes of each feed.

`build_calendars` is what the MkDocs plugin and `opsbook calendars` both call; publish/ writes
what it gives into the site.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..core.model import Handbook
from ..core.plan import ProjectPlan
from ..history import History
from .events import CalendarEvent, handbook_events
from .feeds import FOLDER, Feed, FeedLinks, events_by_feed, events_in, feed_for_page, feeds_of, links_for
from .ics import write_ics
from .stamps import FixedStamps, GitStamps, HistoryStamps, LazyStamps, Stamps, stamps_for

NO_SITE_URL = "site_url is not set in mkdocs.yml: calendar events carry no links to their pages"


@dataclass(frozen=True)
class Calendars:
    """Every feed's bytes, by path relative to the site root, and info messages about them."""

    files: dict[str, bytes]
    notes: tuple[str, ...]


def uid_host(site_url: str | None) -> str:
    """The part after `@` in every UID: the site's host, or `opsbook` without a site URL."""
    host = urlsplit(site_url).hostname if site_url else None
    return host or "opsbook"


def build_stamps(root: Path, history: History | None) -> tuple[Stamps, str | None]:
    """The stamps of a build, and an info message when it has to fall back. With history, its
    stamps for every file it knows; the rest (files not committed yet) are stamped as without
    history, which is read only if one is asked for, once per state of the committed history
    (a `git log` over all of it depends on HEAD alone, so `mkdocs serve` reads it once while
    HEAD stays)."""
    if history is None or history.state == "none":
        return stamps_for(root)
    committed = history.committed

    def without_history() -> Stamps:
        return committed.derived("stamps", (root, os.environ.get("SOURCE_DATE_EPOCH")), lambda: stamps_for(root)[0])

    return HistoryStamps(history.facts, LazyStamps(without_history)), None


def build_calendars(
    handbook: Handbook,
    stamps: Stamps,
    *,
    site_url: str | None,
    site_name: str | None = None,
    plans: Sequence[ProjectPlan] | None = None,
    events: Sequence[CalendarEvent] | None = None,
) -> Calendars:
    """The bytes of every feed of the handbook (`events`: the handbook's, when already worked out)."""
    notes = [] if site_url else [NO_SITE_URL]
    if events is None:
        events = handbook_events(handbook, uid_host(site_url), plans)
    files = {}
    written: dict[str, bytes] = {}
    feeds = feeds_of(handbook)
    held = events_by_feed(feeds, events)
    for feed in feeds:
        name = f"{feed.name} — {site_name}" if site_name else feed.name
        files[feed.path] = write_ics(name, held[feed.path], stamps, site_url, written)
    return Calendars(files, tuple(notes))


__all__ = [
    "FOLDER",
    "NO_SITE_URL",
    "CalendarEvent",
    "Calendars",
    "Feed",
    "FeedLinks",
    "FixedStamps",
    "GitStamps",
    "LazyStamps",
    "Stamps",
    "build_calendars",
    "build_stamps",
    "events_by_feed",
    "events_in",
    "feed_for_page",
    "feeds_of",
    "handbook_events",
    "links_for",
    "stamps_for",
    "uid_host",
]
