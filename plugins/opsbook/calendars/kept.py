"""What the calendars of one `mkdocs serve` build may reuse from the build before it.

A single `mkdocs build` has no use for it and does not make one. Under serve, an entry read from
an unchanged file is the very same object on every rebuild, and so are the team and an unchanged
project's plan (RenderCache.plan). So:

- an entry's events are kept while the entry (a project's plan), the team and the settings they
  are made with (the UIDs' host, the handbook's time zone) are the same;
- an event's VEVENT is kept while the event, its stamps (from history, which a commit changes)
  and the site URL are equal;
- a feed's bytes are kept while its name is the same and it holds the very same VEVENTs, in the
  same order (an event whose VEVENT was written again is never the same object);
- the stamps of files history does not know (GitStamps: a `git log` over the whole history) are
  kept while the committed history is the same object, which it is while HEAD stays.

The feeds are still written into the site on every build: MkDocs empties it first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from ..core.carried import Carried
from .events import CalendarEvent
from .ics import event_stamps, feed_ics, vevent
from .stamps import Stamps


@dataclass
class CalendarStats:
    """What one build made anew (the rest it reused)."""

    entries: int = 0
    """Entries whose events were made."""
    events: int = 0
    """VEVENTs written."""
    feeds: int = 0
    """Feeds put together."""


class CalendarCache:
    def __init__(self) -> None:
        self._events: Carried[str, tuple[tuple[object, ...], tuple[Hashable, ...], list[CalendarEvent]]] = Carried()
        self._lines: Carried[str, tuple[CalendarEvent, dt.datetime, int, str | None, bytes]] = Carried()
        self._feeds: Carried[str, tuple[str, tuple[bytes, ...], bytes]] = Carried()
        self._fallback: tuple[object, Hashable, Stamps] | None = None
        self.stats = CalendarStats()

    def begin(self) -> None:
        """A new build: what the last one made or reused is what this one may reuse."""
        self._events.begin()
        self._lines.begin()
        self._feeds.begin()
        self.stats = CalendarStats()

    def events(self, key: str, made_of: tuple[object, ...], settings: tuple[Hashable, ...],
               make: Callable[[], list[CalendarEvent]]) -> list[CalendarEvent]:
        """An entry's events (`key` names the entry), the last build's when they were made from
        the very same `made_of` objects and equal `settings` (see events.handbook_events)."""
        kept = self._events.get(key, lambda k: k[1] == settings and len(k[0]) == len(made_of)
                                and all(a is b for a, b in zip(k[0], made_of, strict=True)))
        if kept is None:
            self.stats.entries += 1
            kept = self._events.put(key, (made_of, settings, make()))
        return kept[2]

    def vevent(self, event: CalendarEvent, stamps: Stamps, site_url: str | None) -> bytes:
        """`ics.event_ical(event, stamps, site_url)`, the last build's bytes when all it is made
        of is equal."""
        modified, sequence = event_stamps(event, stamps)
        kept = self._lines.get(event.uid, lambda k: k[0] == event and k[1] == modified and k[2] == sequence
                               and k[3] == site_url)
        if kept is None:
            self.stats.events += 1
            kept = self._lines.put(event.uid, (event, modified, sequence, site_url,
                                               vevent(event, modified, sequence, site_url)))
        return kept[4]

    def feed(self, path: str, name: str, unique: dict[str, CalendarEvent], parts: Sequence[bytes]) -> bytes:
        """`ics.feed_ics(name, unique, parts)`, the last build's bytes for the feed at `path`
        when its name is the same and `parts` are the very same VEVENTs."""
        kept = self._feeds.get(path, lambda k: k[0] == name and len(k[1]) == len(parts)
                               and all(a is b for a, b in zip(k[1], parts, strict=True)))
        if kept is None:
            self.stats.feeds += 1
            kept = self._feeds.put(path, (name, tuple(parts), feed_ics(name, unique, parts)))
        return kept[2]

    def fallback(self, committed: object, settings: Hashable, make: Callable[[], Stamps]) -> Stamps:
        """The stamps `make()` gives for files history does not know, kept while `committed`
        (history's CommitLog: the same object while HEAD stays) is the same object and
        `settings` (SOURCE_DATE_EPOCH) equal."""
        kept = self._fallback
        if kept is None or kept[0] is not committed or kept[1] != settings:
            kept = self._fallback = (committed, settings, make())
        return kept[2]


__all__ = ["CalendarCache", "CalendarStats"]
