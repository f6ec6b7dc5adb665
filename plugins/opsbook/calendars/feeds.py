"""Which feeds the handbook publishes and which events each holds (SPEC §6).

Every project, person and role has a feed, even an empty one: a feed's URL never changes for
an id, so a subscription made today keeps working when work is assigned tomorrow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from ..core.model import Handbook
from .events import CalendarEvent

FOLDER = "calendars"


@dataclass(frozen=True)
class Feed:
    """One ICS file: where it lives in the site, its calendar name and what it is for."""

    path: str
    """Relative to the site root, e.g. `calendars/people/ellie.ics`."""
    name: str
    kind: str
    """team, project, person or role."""
    id: str


@dataclass(frozen=True)
class FeedLinks:
    """The ways to subscribe to a feed. Without a site URL only `relative` is known."""

    relative: str
    https: str | None
    webcal: str | None
    google: str | None


TEAM_FEED = f"{FOLDER}/team.ics"


def project_feed(project_id: str) -> str:
    return f"{FOLDER}/projects/{project_id}.ics"


def person_feed(person_id: str) -> str:
    return f"{FOLDER}/people/{person_id}.ics"


def role_feed(role_id: str) -> str:
    return f"{FOLDER}/roles/{role_id}.ics"


def feeds_of(handbook: Handbook) -> list[Feed]:
    """Every feed, in the order the calendars page lists them (SPEC §6 names, which never change)."""
    team = handbook.team
    found = [Feed(TEAM_FEED, "Everything", "team", "team")]
    found += [Feed(project_feed(p.id), p.display_title, "project", p.id) for p in handbook.projects]
    found += [Feed(person_feed(pid), person.name, "person", pid) for pid, person in sorted(team.people.items())]
    found += [Feed(role_feed(rid), role.title, "role", rid) for rid, role in sorted(team.roles.items())]
    return found


def feeds_by_source(feeds: Sequence[Feed], events: Sequence[CalendarEvent]) -> dict[str, tuple[str, ...]]:
    """For each handbook file, the feeds that carry its events. An event's first source is the
    entry it belongs to; a project task's workflow is a further source, but the event is the
    project's, not the template's."""
    found: dict[str, dict[str, None]] = {}
    for path, held in events_by_feed(feeds, events).items():
        for event in held:
            found.setdefault(event.sources[0], {})[path] = None
    return {source: tuple(paths) for source, paths in found.items()}


def feed_for_page(page_src: str) -> str | None:
    """The feed a generated page offers: `projects/q1.md` offers `calendars/projects/q1.ics`."""
    if page_src == "hub/index.md":
        return f"{FOLDER}/team.ics"
    folder, _, name = page_src.partition("/")
    if folder in ("projects", "people", "roles") and name.endswith(".md") and name != "index.md":
        return f"{FOLDER}/{folder}/{name[:-3]}.ics"
    return None


def events_in(feed: Feed, events: Sequence[CalendarEvent]) -> list[CalendarEvent]:
    """The events a feed holds, in the order given."""
    if feed.kind == "team":
        return list(events)
    if feed.kind == "project":
        return [e for e in events if e.project == feed.id]
    if feed.kind == "person":
        return [e for e in events if feed.id in e.people]
    return [e for e in events if feed.id in e.roles]


def events_by_feed(feeds: Sequence[Feed], events: Sequence[CalendarEvent]) -> dict[str, list[CalendarEvent]]:
    """`events_in` of every feed, by feed path, in one pass over the events."""
    found: dict[str, list[CalendarEvent]] = {feed.path: [] for feed in feeds}
    everything = [found[feed.path] for feed in feeds if feed.kind == "team"]
    by_id: dict[tuple[str, str], list[list[CalendarEvent]]] = {}
    for feed in feeds:
        if feed.kind != "team":
            by_id.setdefault((feed.kind, feed.id), []).append(found[feed.path])
    none: list[list[CalendarEvent]] = []
    for event in events:
        holders = list(everything)
        if event.project is not None:
            holders += by_id.get(("project", event.project), none)
        for person in event.people:
            holders += by_id.get(("person", person), none)
        for role in event.roles:
            holders += by_id.get(("role", role), none)
        for held in holders:
            held.append(event)
    return found


def links_for(feed_path: str, site_url: str | None) -> FeedLinks:
    """`https://`, `webcal://` and Google Calendar links to a feed, from the site's URL."""
    if not site_url:
        return FeedLinks(feed_path, None, None, None)
    base = site_url if site_url.endswith("/") else site_url + "/"
    https = base + feed_path
    scheme, sep, rest = https.partition("://")
    # webcal:// is the same address with its scheme swapped; calendar apps fetch it over https.
    webcal = f"webcal://{rest}" if sep and scheme in ("http", "https") else None
    google = "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal or https})
    return FeedLinks(feed_path, https, webcal, google)
