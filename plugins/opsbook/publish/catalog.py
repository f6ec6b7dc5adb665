"""catalog.json: every entry of the handbook with its URL, kind, owner, tags and calendar feeds,
for other tools (a chat bot, a dashboard, a link checker).

URLs are relative to the site root, where the catalogue itself lives, so they resolve against
the catalogue's own address; `site_url` is given too when the site has one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..calendars import CalendarEvent, handbook_events, uid_host
from ..calendars.feeds import TEAM_FEED, feeds_by_source, person_feed, role_feed
from ..calendars.feeds import feeds_of as calendar_feeds
from ..core.model import Assets, Entry, Handbook, Links, Note, Policy, Procedure, Project, Ritual, Team
from ..core.plan import ProjectPlan
from ..views.hub import owners_of
from ..views.licences import asset_licences
from ..views.site import entry_src, url_of

CATALOG_FILE = "catalog.json"
CATALOG_VERSION = 1


def _entry_url(entry: Entry) -> str:
    src = entry_src(entry)
    if src is not None:
        return url_of(src)
    if isinstance(entry, Team):
        return "people/"
    return f"hub/#{'links' if isinstance(entry, Links) else 'assets'}"


def _details(handbook: Handbook, entry: Entry) -> dict[str, Any]:
    if isinstance(entry, Project):
        return {"workflow": entry.workflow, "anchor_date": entry.anchor_date.isoformat()}
    if isinstance(entry, Ritual):
        return {"attendees": list(entry.attendees)}
    if isinstance(entry, Note):
        return {"date": entry.date.isoformat() if entry.date else None, "project": entry.project}
    if isinstance(entry, Policy | Procedure):
        return {"review": entry.review.isoformat() if entry.review else None}
    if isinstance(entry, Links):
        return {
            "links": [
                {
                    "title": link.title,
                    "url": link.url,
                    "description": link.description,
                    "owner": link.owner,
                    "tags": list(link.tags),
                }
                for link in entry.links
            ]
        }
    if isinstance(entry, Assets):
        states = {id(r.asset): r for r in asset_licences(handbook) if r.register is entry}
        return {
            "assets": [
                {
                    "id": a.id,
                    "title": a.title,
                    "file": a.file,
                    "license": a.license,
                    "expires": a.expires.isoformat() if a.expires else None,
                    "licence_state": states[id(a)].state.value,
                }
                for a in entry.assets
            ]
        }
    return {}


def catalog(
    handbook: Handbook,
    site_url: str | None = None,
    plans: Sequence[ProjectPlan] | None = None,
    events: Sequence[CalendarEvent] | None = None,
) -> dict[str, Any]:
    """The catalogue as JSON-ready data (`events`: the calendars', when already worked out)."""
    team = handbook.team
    # An entry's feeds are the ones that carry an event read from its file: the calendars decide.
    if events is None:
        events = handbook_events(handbook, uid_host(site_url), plans)
    by_source = feeds_by_source(calendar_feeds(handbook), events)
    entries = []
    for entry in sorted(handbook.entries, key=lambda e: (e.kind, e.id)):
        if isinstance(entry, Team):
            continue
        entries.append(
            {
                "id": entry.id,
                "kind": entry.kind,
                "title": entry.display_title,
                "summary": entry.summary,
                "url": _entry_url(entry),
                "source": entry.path,
                "owner": list(owners_of(handbook, entry)),
                "tags": list(entry.tags),
                "feeds": list(by_source.get(entry.path, ())),
                **_details(handbook, entry),
            }
        )
    people = [
        {
            "id": pid,
            "name": person.name,
            "roles": list(person.roles),
            "url": f"people/{pid}/",
            "feeds": [person_feed(pid)],
        }
        for pid, person in team.people.items()
    ]
    roles = [
        {
            "id": rid,
            "title": role.title,
            "holders": list(team.holders(rid)),
            "url": f"roles/{rid}/",
            "feeds": [role_feed(rid)],
        }
        for rid, role in team.roles.items()
    ]
    return {
        "version": CATALOG_VERSION,
        "site_url": site_url,
        "today": handbook.today.isoformat(),
        "feeds": {"team": TEAM_FEED},
        "entries": entries,
        "people": people,
        "roles": roles,
    }


def catalog_json(
    handbook: Handbook,
    site_url: str | None = None,
    plans: Sequence[ProjectPlan] | None = None,
    events: Sequence[CalendarEvent] | None = None,
) -> str:
    """The text of catalog.json."""
    return json.dumps(catalog(handbook, site_url, plans, events), ensure_ascii=False, indent=2) + "\n"


__all__ = ["CATALOG_FILE", "catalog", "catalog_json"]
