"""Pages rendered to HTML from the package's Jinja templates, with autoescaping on.

Users may override any template by putting a file of the same name in their own folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .hub import COMING_DUE_DAYS, DUE_SOON_DAYS, build_hub
from .model import Handbook, Note, Procedure, Project, Report, Ritual, Workflow
from .plan import ProjectPlan, TaskState, plan_project, workflow_schedule
from .recurrence import describe, rule_of
from .responsibilities import duties, identities, project_tasks_for
from .sanitize import markdown_to_html
from .site import PageSpec, entry_src, relative_url, url_of

NEXT_OCCURRENCES = 4


@dataclass(frozen=True)
class PersonRef:
    name: str
    kind: str
    url: str | None


def safe_url(url: str) -> str:
    """A link target from the handbook, or '#' when its scheme could run script."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return url if scheme in ("", "http", "https", "mailto") else "#"


class Renderer:
    """Renders a handbook's pages; computes each project's plan once and reuses it."""

    def __init__(self, handbook: Handbook, template_dirs: Sequence[Path] = ()) -> None:
        self.handbook = handbook
        #: Site paths that exist beyond the handbook's pages (e.g. `calendars/index.md`), set by
        #: the front end once it knows every file: the hub links only to those.
        self.published: frozenset[str] = frozenset()
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs])]
        loaders.append(jinja2.PackageLoader("opsbook", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["markdown"] = markdown_to_html
        self.env.filters["safe_url"] = safe_url

    @cached_property
    def plans(self) -> dict[str, ProjectPlan]:
        return {p.id: plan_project(self.handbook, p) for p in self.handbook.projects}

    def render(self, page: PageSpec) -> str:
        """The HTML of one page's content (the theme wraps it in the site's layout)."""
        context = self._context(page)
        return self.env.get_template(page.template).render(context)

    def _context(self, page: PageSpec) -> dict[str, Any]:
        hb = self.handbook
        here = page.url
        team = hb.team

        def link(target_url: str) -> str:
            return relative_url(here, target_url)

        def people_ref(who: str) -> PersonRef:
            if who in team.people:
                return PersonRef(team.people[who].name, "person", f"people/{who}/")
            if who in team.roles:
                return PersonRef(team.roles[who].title, "role", f"roles/{who}/")
            return PersonRef(who, "unknown", None)

        context: dict[str, Any] = {
            "page_title": page.title,
            "page_kind": page.template.removesuffix(".html"),
            "source": page.source,
            "today": hb.today,
            "team": team,
            "states": TaskState,
            "default_holidays": hb.holidays,
            "default_timezone": hb.timezone,
            "link": link,
            "people_ref": people_ref,
            "entry_url": lambda e: url_of(entry_src(e) or "hub/index.md"),
            **page.context,
        }
        entry = page.context.get("entry")
        builder = getattr(self, f"_context_{context['page_kind']}", None)
        if builder is not None:
            context.update(builder(entry, page.context))
        return context

    def _context_workflow(self, wf: Workflow, _: dict[str, Any]) -> dict[str, Any]:
        projects = [p for p in self.handbook.projects if p.workflow == wf.id]
        upcoming = sorted((p for p in projects if p.anchor_date >= self.handbook.today), key=lambda p: p.anchor_date)
        anchor = upcoming[0].anchor_date if upcoming else self.handbook.today
        sched = workflow_schedule(self.handbook, wf, anchor)
        return {"sched": sched, "projects": sorted(projects, key=lambda p: p.anchor_date),
                **_timeline(sched.tasks, sched.start, sched.anchor)}

    def _context_project(self, project: Project, _: dict[str, Any]) -> dict[str, Any]:
        plan = self.plans[project.id]
        notes = [n for n in self.handbook.notes if n.project == project.id]
        return {"plan": plan, "notes": notes, **_timeline(plan.tasks, plan.schedule.start, project.anchor_date)}

    def _recurring(self, entry: Ritual | Report) -> dict[str, Any]:
        rule = rule_of(entry)
        assert rule is not None, "the loader requires rituals and reports to recur"
        today = self.handbook.today
        upcoming = rule.dates(today, today + dt.timedelta(days=400))[:NEXT_OCCURRENCES]
        return {"rule": rule, "recurrence_text": describe(rule), "next_dates": upcoming}

    def _context_ritual(self, ritual: Ritual, _: dict[str, Any]) -> dict[str, Any]:
        return self._recurring(ritual)

    def _context_report(self, report: Report, _: dict[str, Any]) -> dict[str, Any]:
        return self._recurring(report)

    def _context_procedure(self, proc: Procedure, _: dict[str, Any]) -> dict[str, Any]:
        texts = {}
        for step in proc.steps:
            rule = rule_of(step)
            texts[step.id] = describe(rule) if rule else None
        return {"step_recurrence": texts}

    def _context_note(self, note: Note, _: dict[str, Any]) -> dict[str, Any]:
        project = self.handbook.get("project", note.project) if note.project else None
        return {"project": project}

    def _who_context(self, ids: frozenset[str]) -> dict[str, Any]:
        hb = self.handbook
        owned = [e for e in (*hb.workflows, *hb.policies, *hb.procedures) if getattr(e, "owner", None) in ids]
        return {
            "duty_rows": duties(hb, ids),
            "rituals": [r for r in hb.rituals if ids.intersection(r.attendees)],
            "reports_owned": [r for r in hb.reports if ids.intersection(r.owner)],
            "reports_read": [r for r in hb.reports if ids.intersection(r.audience)],
            "owned": owned,
        }

    def _context_person(self, _: None, ctx: dict[str, Any]) -> dict[str, Any]:
        pid = ctx["person_id"]
        rows = project_tasks_for(list(self.plans.values()), pid)
        week_end = self.handbook.today + dt.timedelta(days=7)
        groups = [
            ("past due", [r for r in rows if r[1].state is TaskState.PAST_DUE]),
            ("due this week", [r for r in rows if r[1].state is TaskState.DUE_TODAY
                               or (r[1].state is TaskState.UPCOMING and r[1].due <= week_end)]),
            ("upcoming", [r for r in rows if r[1].state is TaskState.UPCOMING and r[1].due > week_end]),
            ("done", [r for r in rows if r[1].state is TaskState.DONE]),
        ]
        return {"person": self.handbook.team.people[pid], "task_groups": groups,
                **self._who_context(identities(self.handbook, pid))}

    def _context_role(self, _: None, ctx: dict[str, Any]) -> dict[str, Any]:
        rid = ctx["role_id"]
        team = self.handbook.team
        return {"role": team.roles[rid], "holders": team.holders(rid), **self._who_context(frozenset((rid,)))}

    def _context_hub(self, _: None, __: dict[str, Any]) -> dict[str, Any]:
        return {"hub": build_hub(self.handbook, self.plans, self.published),
                "due_soon_days": DUE_SOON_DAYS, "coming_due_days": COMING_DUE_DAYS}


def _timeline(rows: Sequence[Any], start: dt.date, anchor: dt.date) -> dict[str, Any]:
    end = max([anchor, *(r.due for r in rows)])
    return {"timeline_rows": rows, "timeline_start": start, "timeline_end": end}


__all__ = ["Markup", "PersonRef", "Renderer", "safe_url"]
