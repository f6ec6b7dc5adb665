"""What each page's template is given: one pure function of the page, the handbook, what the
build derived from it (`views.derived.Derived`) and the site, per kind of page.

A context is split in two: its data (values only, which `pagecache` can digest) and its
helpers (functions of the page's URL, the team and the site URL, which the data holds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..calendars import feed_for_page, feeds_of, links_for
from ..core.model import Entry, Handbook, Note, Procedure, Project, Report, Ritual, Workflow
from ..core.plan import TaskState, workflow_schedule
from ..core.recurrence import describe, rule_of
from ..core.urls import page_url
from ..history import History
from ..history.archive import Group, front
from ..views.board import build_board
from ..views.changed import changed_entry_url
from ..views.derived import Derived
from ..views.holdings import task_groups
from ..views.hub import COMING_DUE_DAYS, DUE_SOON_DAYS, build_hub
from ..views.raci import MEANINGS, procedure_table, project_table, workflow_table
from ..views.site import PageSpec, relative_url
from .markup import PageMarkup
from .measures import performance_page, person_week, workload_page

NEXT_OCCURRENCES = 4


@dataclass(frozen=True)
class PersonRef:
    name: str
    kind: str
    url: str | None


@dataclass(frozen=True)
class Site:
    """What a build's pages read beyond the handbook: its settings and what else it publishes."""

    handbook: Handbook
    derived: Derived
    history: History | None = None
    site_url: str | None = None
    repo_url: str | None = None
    published: frozenset[str] = frozenset()
    """Site paths that exist beyond the handbook's pages (e.g. `calendars/index.md`): the hub
    links only to those."""


def helpers(page: PageSpec, site: Site) -> dict[str, Any]:
    """The functions a page's template calls: links relative to the page, people by id."""
    here, team = page.url, site.handbook.team

    def link(target_url: str) -> str:
        return relative_url(here, target_url)

    def people_ref(who: str) -> PersonRef:
        if who in team.people:
            return PersonRef(team.people[who].name, "person", f"people/{who}/")
        if who in team.roles:
            return PersonRef(team.roles[who].title, "role", f"roles/{who}/")
        return PersonRef(who, "unknown", None)

    def entry_url(entry: Entry) -> str:
        return page_url(entry)

    return {
        "link": link,
        "people_ref": people_ref,
        "entry_url": entry_url,
        "markup": PageMarkup(link, people_ref, entry_url, MEANINGS),
        "feed_links": lambda path: links_for(path, site.site_url),
    }


def context_for(page: PageSpec, site: Site) -> dict[str, Any]:
    """The data a page's template shows (its helpers apart, see `helpers`)."""
    hb = site.handbook
    kind = page.template.removesuffix(".html")
    context: dict[str, Any] = {
        "page_title": page.title,
        "page_kind": kind,
        "source": page.source,
        "today": hb.today,
        "team": hb.team,
        "states": TaskState,
        "default_holidays": hb.holidays,
        "default_timezone": hb.timezone,
        "page_feed": feed_for_page(page.src),
        "raci_meanings": MEANINGS,
        **page.context,
    }
    entry = page.context.get("entry")
    context.update(_history(site, entry))
    of_kind = _KINDS.get(kind)
    if of_kind is not None:
        context.update(of_kind(site, entry, page.context))
    return context


def _history(site: Site, entry: Entry | None) -> dict[str, Any]:
    history = site.history
    path = entry.path if entry is not None else None
    revisions = history.of(path) if history and path else ()
    if history and isinstance(entry, Project):  # its workflow's changes to its tasks too
        workflow = site.handbook.get("workflow", entry.workflow)
        revisions = history.of_project(entry.path, workflow.path if workflow else None)
    return {
        "repo_url": site.repo_url.rstrip("/") if site.repo_url else None,
        "history_state": history.state if history else None,
        "history_note": history.note if history else None,
        "revisions": revisions,
        "scope": history.scopes.get(path) if history and path else None,
    }


def _changes(site: Site, _: None, ctx: dict[str, Any]) -> dict[str, Any]:
    # site_pages gives every page of the change log the months (and a month page its own).
    months = ctx.get("months", [])
    month = ctx.get("month")
    if month is not None:
        return {"commits": month.groups, "entry_urls": _entry_urls(site, month.groups)}
    commits = front(site.history) if site.history else []
    shown = sum(1 for c, _ in commits if c is not None)
    earlier = sum(len(m.groups) for m in months) - shown
    return {"commits": commits, "earlier": earlier, "entry_urls": _entry_urls(site, commits)}


def _entry_urls(site: Site, commits: Sequence[Group]) -> dict[str, str]:
    """The page of the entry each listed revision changed, by the revision's path (none for an
    entry since removed)."""
    urls: dict[str, str] = {}
    for _, revisions in commits:
        for rev in revisions:
            if rev.path not in urls:
                url = changed_entry_url(site.handbook, rev.kind, rev.path)
                if url is not None:
                    urls[rev.path] = url
    return urls


def _workflow(site: Site, wf: Workflow, _: dict[str, Any]) -> dict[str, Any]:
    hb = site.handbook
    projects = site.derived.projects_of.get(wf.id, [])
    upcoming = sorted((p for p in projects if p.anchor_date >= hb.today), key=lambda p: p.anchor_date)
    anchor = upcoming[0].anchor_date if upcoming else hb.today
    sched = workflow_schedule(hb, wf, anchor)
    return {
        "sched": sched,
        "projects": sorted(projects, key=lambda p: p.anchor_date),
        "raci": workflow_table(wf, [row.task for row in sched.tasks]),
        **_timeline(sched.tasks, sched.start, sched.anchor, wf.anchor),
    }


def _project(site: Site, project: Project, _: dict[str, Any]) -> dict[str, Any]:
    plan = site.derived.plans[project.id]
    notes = site.derived.notes_of.get(project.id, [])
    return {
        "plan": plan,
        "notes": notes,
        "raci": project_table(site.handbook, plan),
        **_timeline(plan.tasks, plan.schedule.start, project.anchor_date, plan.workflow.anchor),
    }


def _recurring(site: Site, entry: Ritual | Report, _: dict[str, Any]) -> dict[str, Any]:
    rule = rule_of(entry, site.handbook.timezone)
    assert rule is not None, "the loader requires rituals and reports to recur"
    today = site.handbook.today
    upcoming = rule.dates(today, today + dt.timedelta(days=400))[:NEXT_OCCURRENCES]
    return {"rule": rule, "recurrence_text": describe(rule), "next_dates": upcoming}


def _procedure(_: Site, proc: Procedure, __: dict[str, Any]) -> dict[str, Any]:
    texts = {}
    for step in proc.steps:
        rule = rule_of(step)
        texts[step.id] = describe(rule) if rule else None
    return {"step_recurrence": texts, "raci": procedure_table(proc)}


def _note(site: Site, note: Note, _: dict[str, Any]) -> dict[str, Any]:
    return {"project": site.handbook.get("project", note.project) if note.project else None}


def _who(site: Site, who: str) -> dict[str, Any]:
    hb = site.handbook
    rows = site.derived.duties.get(who, [])
    return {"held": site.derived.holdings[who], "task_groups": task_groups(rows, hb.today)}


def _person(site: Site, _: None, ctx: dict[str, Any]) -> dict[str, Any]:
    pid = ctx["person_id"]
    return {"person": site.handbook.team.people[pid], **_who(site, pid), **person_week(site, pid)}


def _role(site: Site, _: None, ctx: dict[str, Any]) -> dict[str, Any]:
    rid = ctx["role_id"]
    team = site.handbook.team
    return {"role": team.roles[rid], "holders": team.holders(rid), **_who(site, rid)}


def _raci(site: Site, _: None, __: dict[str, Any]) -> dict[str, Any]:
    return {"matrix": site.derived.matrix}


def _calendars(site: Site, _: None, __: dict[str, Any]) -> dict[str, Any]:
    feeds = feeds_of(site.handbook)
    groups = [
        (heading, [f for f in feeds if f.kind == kind])
        for kind, heading in (("team", "Team"), ("project", "Projects"), ("person", "People"), ("role", "Roles"))
    ]
    return {"feed_groups": [(h, fs) for h, fs in groups if fs], "has_site_url": bool(site.site_url)}


def _hub(site: Site, _: None, __: dict[str, Any]) -> dict[str, Any]:
    return {
        "hub": build_hub(site.handbook, site.derived.plans, site.published),
        "over_capacity": site.derived.workload.over if "workload/index.md" in site.published else (),
        "due_soon_days": DUE_SOON_DAYS,
        "coming_due_days": COMING_DUE_DAYS,
    }


def _board(site: Site, _: None, __: dict[str, Any]) -> dict[str, Any]:
    return {"board": build_board(site.handbook, site.derived.plans)}


def _timeline(rows: Sequence[Any], start: dt.date, anchor: dt.date, anchor_name: str) -> dict[str, Any]:
    end = max([anchor, *(r.due for r in rows)])
    return {
        "timeline_rows": rows,
        "timeline_start": start,
        "timeline_end": end,
        "timeline_anchor": anchor,
        "timeline_anchor_name": anchor_name,
    }


#: What each kind of page (its template's name) shows beyond the page's own context.
_KINDS: dict[str, Callable[[Site, Any, dict[str, Any]], dict[str, Any]]] = {
    "changes": _changes,
    "workflow": _workflow,
    "project": _project,
    "ritual": _recurring,
    "report": _recurring,
    "procedure": _procedure,
    "note": _note,
    "person": _person,
    "role": _role,
    "raci": _raci,
    "calendars": _calendars,
    "hub": _hub,
    "board": _board,
    "workload": workload_page,
    "performance": performance_page,
}


__all__ = ["NEXT_OCCURRENCES", "PersonRef", "Site", "context_for", "helpers"]
