"""catalog.json: every entry of the handbook with its URL, kind, owner, tags and calendar feeds,
for other tools (a chat bot, a dashboard, a link checker).

URLs are relative to the site root, where the catalogue itself lives, so they resolve against
the catalogue's own address; `site_url` is given too when the site has one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .licences import asset_licences
from .model import Assets, Entry, Handbook, Links, Note, Policy, Procedure, Project, Report, Ritual, Team
from .plan import person_for, plan_project
from .recurrence import rule_of
from .site import entry_src, url_of

CATALOG_FILE = "catalog.json"
CATALOG_VERSION = 1
TEAM_FEED = "calendars/team.ics"


def project_feed(project_id: str) -> str:
    return f"calendars/projects/{project_id}.ics"


def person_feed(person_id: str) -> str:
    return f"calendars/people/{person_id}.ics"


def role_feed(role_id: str) -> str:
    return f"calendars/roles/{role_id}.ics"


def owners_of(handbook: Handbook, entry: Entry) -> tuple[str, ...]:
    """Who owns an entry (role or person ids): its `owner`; for a project, whoever takes its
    workflow owner's role on it. A ritual has attendees, not an owner."""
    if isinstance(entry, Project):
        owner = handbook.workflow_of(entry).owner
        return (person_for(handbook, entry, owner),) if owner else ()
    owner = getattr(entry, "owner", None)
    if isinstance(owner, str):
        return (owner,)
    if isinstance(owner, tuple):
        return owner
    return ()


def feeds_of(handbook: Handbook, entry: Entry) -> tuple[str, ...]:
    """The calendar files (SPEC §6 names) that carry this entry's events: the team feed, the
    project's own feed, and the feeds of the roles and people the events are for."""
    team = handbook.team
    who: list[str] = []
    people: dict[str, None] = {}
    if isinstance(entry, Project):
        workflow = handbook.workflow_of(entry)
        skipped = set(entry.skip)
        for task in (*workflow.tasks, *entry.tasks):
            if task.id not in skipped:
                who.extend((*task.responsible, task.accountable or workflow.owner or ""))
        # Assignments and single holders decide who does a project's tasks, not every holder.
        people = dict.fromkeys(w for t in plan_project(handbook, entry).tasks
                               for w in (*t.responsible, t.accountable) if w in team.people)
    elif isinstance(entry, Ritual):
        who.extend(entry.attendees)
    elif isinstance(entry, Report):
        who.extend(entry.owner)
    elif isinstance(entry, Policy):
        if entry.review is None:
            return ()
        who.append(entry.owner)
    elif isinstance(entry, Procedure):
        if entry.review is None and not any(rule_of(s) for s in entry.steps):
            return ()
        who.append(entry.owner)
        for step in entry.steps:
            if rule_of(step):
                who.extend((*step.responsible, step.accountable or entry.owner))
    elif isinstance(entry, Assets):
        return (TEAM_FEED,) if any(a.expires for a in entry.assets) else ()
    else:
        return ()
    feeds = [TEAM_FEED]
    if isinstance(entry, Project):
        feeds.append(project_feed(entry.id))
    roles = [w for w in dict.fromkeys(who) if w in team.roles]
    if not isinstance(entry, Project):
        people = dict.fromkeys(w for w in who if w in team.people)
        for role in roles:
            people.update(dict.fromkeys(team.holders(role)))
    feeds.extend(role_feed(r) for r in roles)
    feeds.extend(person_feed(p) for p in people)
    return tuple(feeds)


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
        return {"links": [{"title": link.title, "url": link.url, "description": link.description,
                           "owner": link.owner, "tags": list(link.tags)} for link in entry.links]}
    if isinstance(entry, Assets):
        states = {id(r.asset): r for r in asset_licences(handbook) if r.register is entry}
        return {"assets": [{
            "id": a.id, "title": a.title, "file": a.file, "license": a.license,
            "expires": a.expires.isoformat() if a.expires else None,
            "licence_state": states[id(a)].state.value,
        } for a in entry.assets]}
    return {}


def catalog(handbook: Handbook, site_url: str | None = None) -> dict[str, Any]:
    """The catalogue as JSON-ready data."""
    team = handbook.team
    entries = []
    for entry in sorted(handbook.entries, key=lambda e: (e.kind, e.id)):
        if isinstance(entry, Team):
            continue
        entries.append({
            "id": entry.id,
            "kind": entry.kind,
            "title": entry.display_title,
            "summary": entry.summary,
            "url": _entry_url(entry),
            "source": entry.path,
            "owner": list(owners_of(handbook, entry)),
            "tags": list(entry.tags),
            "feeds": list(feeds_of(handbook, entry)),
            **_details(handbook, entry),
        })
    people = [{
        "id": pid, "name": person.name, "roles": list(person.roles), "url": f"people/{pid}/",
        "feeds": [person_feed(pid)],
    } for pid, person in team.people.items()]
    roles = [{
        "id": rid, "title": role.title, "holders": list(team.holders(rid)), "url": f"roles/{rid}/",
        "feeds": [role_feed(rid)],
    } for rid, role in team.roles.items()]
    return {
        "version": CATALOG_VERSION,
        "site_url": site_url,
        "today": handbook.today.isoformat(),
        "feeds": {"team": TEAM_FEED},
        "entries": entries,
        "people": people,
        "roles": roles,
    }


def write_whole(site_dir: Path, name: str, text: str) -> Path:
    """Write `text` to `name` inside `site_dir` all at once: a temporary file, then a rename, so a
    reader never sees half a file (SPEC §9)."""
    site = site_dir.resolve()
    target = (site / name).resolve()
    if site not in target.parents:
        raise ValueError(f"{name} is outside the site directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_catalog(handbook: Handbook, site_dir: Path, site_url: str | None = None) -> Path:
    """catalog.json at the site root."""
    text = json.dumps(catalog(handbook, site_url), ensure_ascii=False, indent=2) + "\n"
    return write_whole(site_dir, CATALOG_FILE, text)


__all__ = ["CATALOG_FILE", "TEAM_FEED", "catalog", "feeds_of", "owners_of", "project_feed", "write_catalog",
           "write_whole"]
