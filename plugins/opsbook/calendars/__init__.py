"""Subscribable ICS calendars (SPEC §6): which events exist, which feed holds each, the RFC 5545
bytes of each feed, and writing them whole into a folder.

`publish(...)` is what the MkDocs plugin and `opsbook calendars` both call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..model import Handbook
from ..output import inside, write_whole
from ..plan import ProjectPlan
from .events import CalendarEvent, handbook_events
from .feeds import FOLDER, Feed, FeedLinks, events_by_feed, events_in, feed_for_page, feeds_of, links_for
from .ics import write_ics
from .stamps import FixedStamps, GitStamps, Stamps, stamps_for

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


def write_feeds(calendars: Calendars, site_dir: Path, *, strip: str = "") -> list[Path]:
    """Write every feed under `site_dir`, each whole or not at all; the paths written.

    `strip` drops a leading folder from the feed paths (the CLI writes `calendars/` itself).
    Raises ValueError for a path that would leave `site_dir`, before writing anything.
    """
    feeds = [(rel.removeprefix(strip), data) for rel, data in calendars.files.items()]
    for rel, _ in feeds:
        inside(site_dir, rel)  # every path is checked before anything is written
    return [write_whole(site_dir, rel, data) for rel, data in feeds]


__all__ = [
    "FOLDER", "NO_SITE_URL", "CalendarEvent", "Calendars", "Feed", "FeedLinks", "FixedStamps", "GitStamps",
    "Stamps", "build_calendars", "events_by_feed", "events_in", "feed_for_page", "feeds_of", "handbook_events", "links_for",
    "stamps_for", "uid_host", "write_feeds",
]
