"""Pages rendered to HTML from the package's Jinja templates, with autoescaping on.

Users may override any template by putting a file of the same name in their own folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..calendars import feed_for_page, feeds_of, links_for
from ..core.model import Entry, Handbook, Note, Procedure, Project, Report, Responsibility, Ritual, Workflow
from ..core.plan import ProjectPlan, TaskState, plan_project, workflow_schedule
from ..core.recurrence import describe, rule_of
from ..core.sanitize import markdown_to_html
from ..history import History
from ..history.archive import front
from ..views.holdings import ProjectDuty, assignment_table, duties_by_who, holdings_of, identities, task_groups
from ..views.hub import COMING_DUE_DAYS, DUE_SOON_DAYS, build_hub
from ..views.raci import MEANINGS, handbook_matrix, procedure_table, project_table, workflow_table
from ..views.site import PageSpec, entry_src, relative_url, url_of
from .fingerprint import Digester, Uncacheable, files_digest
from .markup import KeptRow, PageMarkup
from .pageinputs import PageInputs
from .rendercache import RenderCache

NEXT_OCCURRENCES = 4
#: Pages that show the whole handbook and render in less time than a fingerprint of it takes:
#: always rendered, never kept in a RenderCache. (The RACI matrix, whose grid is large HTML made
#: of few values, is fingerprinted like the entries' pages.)
ALWAYS_RENDERED = frozenset({"hub.html", "calendars.html", "index.html", "people.html", "roles.html"})
#: Pages that show other entries (and project plans) only as links, by the package's templates:
#: the pages of people and roles (`_holdings.html`, `_project_tasks.html` show each workflow,
#: procedure, report, meeting or project they have a part in as a link, and the tasks in them in
#: full). With override templates, which may show more, they are digested whole like any page.
_LINKS_ONLY = frozenset({"person.html", "role.html"})
_LINKS: dict[type, Any] = {
    Entry: lambda e: (e.kind, e.id, e.display_title),
    ProjectPlan: lambda p: (p.project.kind, p.project.id, p.project.display_title),
}
#: Context values that are functions of the page's URL, the team and the site URL only (each in
#: the fingerprint by itself): left out of the walk of the context.
_DERIVED = ("link", "people_ref", "entry_url", "markup", "rows", "feed_links")


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

    def __init__(self, handbook: Handbook, template_dirs: Sequence[Path] = (), *, site_url: str | None = None,
                 history: History | None = None, repo_url: str | None = None,
                 cache: RenderCache | None = None) -> None:
        self.handbook = handbook
        self.template_dirs = tuple(template_dirs)
        #: Pages kept from the last build (`mkdocs serve` only); this renderer is one build's.
        self.cache = cache
        if cache is not None:
            cache.begin()
        self._digester = Digester(kept=cache.digests if cache else None)
        self._link_digester = Digester(_LINKS, kept=cache.link_digests if cache else None)
        self.site_url = site_url
        self.history = history
        self.repo_url = repo_url.rstrip("/") if repo_url else None
        #: Site paths that exist beyond the handbook's pages (e.g. `calendars/index.md`), set by
        #: the front end once it knows every file: the hub links only to those.
        self.published: frozenset[str] = frozenset()
        #: The table rows made in Python (markup.py) on each page rendered in this build, by run
        #: (one run per table body): search reads them apart from the rest of the page.
        self.rows: dict[str, list[list[str]]] = {}
        # Under `mkdocs serve` the environment (and the templates it compiled) is the last
        # build's while no template file changed.
        self.env = (cache.environment((self.template_dirs, self._templates), self._environment) if cache
                    else self._environment())

    def _environment(self) -> jinja2.Environment:
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in self.template_dirs])]
        loaders.append(jinja2.PackageLoader("opsbook.render", "templates"))
        env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["markdown"] = markdown_to_html
        env.filters["safe_url"] = safe_url
        return env

    @cached_property
    def _templates(self) -> bytes:
        """Every file of the package's templates and of the override folders."""
        return files_digest([*self.template_dirs, Path(__file__).parent / "templates"])

    @cached_property
    def plans(self) -> dict[str, ProjectPlan]:
        if self.cache is None:
            return {p.id: plan_project(self.handbook, p) for p in self.handbook.projects}
        return {p.id: self.cache.plan(self.handbook, p) for p in self.handbook.projects}

    def render(self, page: PageSpec) -> str:
        """The HTML of one page's content (the theme wraps it in the site's layout).

        Characters beyond ASCII are written as character references ("→" as `&#8594;`): browsers
        and search read them the same, and a front end that holds every page in memory (MkDocs
        does, until the build ends) holds one byte per character instead of two or four.
        """
        cache = self.cache
        if cache is None or page.template in ALWAYS_RENDERED:
            html = self._html(page, self._context(page))
            if cache is not None:
                cache.put(page.src, None, html)
            return html
        # A page made from the very same objects as last build's is last build's page.
        inputs = self._inputs.of(page, self._shared)
        if inputs is not None:
            kept = cache.by_inputs(page.src, inputs)
            if kept is not None:
                if cache.verify and self.fingerprint(page, self._context(page)) != kept[0]:
                    raise RuntimeError(f"{page.src}: reused for its inputs, but what it shows changed: "
                                       "pageinputs.py misses something its context reads")
                return kept[1]
            # What it is made from changed, and with it, nearly always, what it shows: rendered
            # without taking its fingerprint first (the check of the rules takes one all the same).
            context = self._context(page)
            html = self._html(page, context)
            cache.put(page.src, self.fingerprint(page, context) if cache.verify else None, html, inputs)
            return html
        context = self._context(page)
        try:
            key = self.fingerprint(page, context)
        except Uncacheable as err:
            cache.stats.uncacheable.append(f"{page.src}: {err}")
            key = None
        else:
            found = cache.get(page.src, key)
            if found is not None:
                return found
        html = self._html(page, context)
        cache.put(page.src, key, html)
        return html

    def _html(self, page: PageSpec, context: dict[str, Any]) -> str:
        html = self.env.get_template(page.template).render(context)
        markup = context["markup"]
        if self.cache is not None and markup.made_rows:
            self.cache.keep_rows(page.src, self._frame(page), markup.made_rows)
        runs = markup.runs
        if not html.isascii():
            html = _ascii(html)
            runs = [[_ascii(row) for row in run] for run in runs]
        if runs:
            self.rows[page.src] = runs
        return html

    def _frame(self, page: PageSpec) -> tuple[bytes, str]:
        """What a page's table rows show beyond the object each is made from: names, titles and
        settings (every page's shared part) and, for their links, the page's URL."""
        return self._shared, page.url

    def _kept_rows(self, page: PageSpec) -> Mapping[tuple[int, str], KeptRow] | None:
        return self.cache.rows(page.src, self._frame(page)) if self.cache is not None else None

    @cached_property
    def _inputs(self) -> PageInputs:
        return PageInputs(self)

    def fingerprint(self, page: PageSpec, context: dict[str, Any]) -> bytes:
        """A digest of everything the page's template can show: the part every page shares and
        the page's own context, walked value by value (Uncacheable when it holds an unknown type)."""
        shown = {k: v for k, v in context.items() if k not in _DERIVED}
        links_only = page.template in _LINKS_ONLY and not self._overridden
        digester = self._link_digester if links_only else self._digester
        return digester.digest((self._shared, page.src, page.template, page.title, page.tags, page.source,
                                page.in_nav, links_only, shown))

    @cached_property
    def _own_macros(self) -> bool:
        """Whether the package's `_macros.html` and `_raci.html` are the ones in use: then the long
        tables of people's and roles' pages are made in Python (PageMarkup.duty_rows, task_rows)
        as those macros would make them."""
        return not any((d / name).is_file() for d in self.template_dirs for name in ("_macros.html", "_raci.html"))

    @cached_property
    def _overridden(self) -> bool:
        """Whether any override folder holds a file (a template that may show more than ours)."""
        return any(d.is_dir() and any(p.is_file() for p in d.rglob("*")) for d in self.template_dirs)

    @cached_property
    def _shared(self) -> bytes:
        """What any page may show beyond its context: the templates (the package's and the
        override folders', every file), the settings and URLs, the team, every entry's kind, id,
        title, tags and owner (links anywhere show titles), today, and the history's commits."""
        hb, history = self.handbook, self.history
        entries = tuple((e.path, e.kind, e.id, e.display_title, e.tags, getattr(e, "owner", None)) for e in hb)
        commits = tuple(r.commit.sha for r in history.log if r.commit) if history else ()
        return self._digester.digest((
            self._templates, self.site_url, self.repo_url, sorted(self.published), hb.today, hb.timezone, hb.holidays, hb.team,
            entries, history.state if history else None, history.note if history else None, commits,
        ))

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

        def entry_url(entry: Entry) -> str:
            return url_of(entry_src(entry) or "hub/index.md")

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
            "entry_url": entry_url,
            "markup": (markup := PageMarkup(link, people_ref, entry_url, MEANINGS, self._kept_rows(page))),
            "rows": markup if self._own_macros else None,
            "feed_links": lambda path: links_for(path, self.site_url),
            "page_feed": feed_for_page(page.src),
            "raci_meanings": MEANINGS,
            **page.context,
        }
        entry = page.context.get("entry")
        context.update(self._history_context(entry))
        builder = getattr(self, f"_context_{context['page_kind']}", None)
        if builder is not None:
            context.update(builder(entry, page.context))
        return context

    def _history_context(self, entry: Entry | None) -> dict[str, Any]:
        history = self.history
        path = entry.path if entry is not None else None
        return {
            "repo_url": self.repo_url,
            "history_state": history.state if history else None,
            "history_note": history.note if history else None,
            "revisions": history.of(path) if history and path else (),
            "scope": history.scopes.get(path) if history and path else None,
        }

    def _context_changes(self, _: None, ctx: dict[str, Any]) -> dict[str, Any]:
        # site_pages gives every page of the change log the months (and a month page its own).
        months = ctx.get("months", [])
        month = ctx.get("month")
        if month is not None:
            return {"commits": month.groups}
        commits = front(self.history) if self.history else []
        shown = sum(1 for c, _ in commits if c is not None)
        return {"commits": commits, "earlier": sum(len(m.groups) for m in months) - shown}

    def _context_workflow(self, wf: Workflow, _: dict[str, Any]) -> dict[str, Any]:
        projects = [p for p in self.handbook.projects if p.workflow == wf.id]
        upcoming = sorted((p for p in projects if p.anchor_date >= self.handbook.today), key=lambda p: p.anchor_date)
        anchor = upcoming[0].anchor_date if upcoming else self.handbook.today
        sched = workflow_schedule(self.handbook, wf, anchor)
        return {"sched": sched, "projects": sorted(projects, key=lambda p: p.anchor_date),
                "raci": workflow_table(wf, [row.task for row in sched.tasks]),
                **_timeline(sched.tasks, sched.start, sched.anchor)}

    def _context_project(self, project: Project, _: dict[str, Any]) -> dict[str, Any]:
        plan = self.plans[project.id]
        notes = [n for n in self.handbook.notes if n.project == project.id]
        return {"plan": plan, "notes": notes, "raci": project_table(self.handbook, plan),
                **_timeline(plan.tasks, plan.schedule.start, project.anchor_date)}

    def _recurring(self, entry: Ritual | Report) -> dict[str, Any]:
        rule = rule_of(entry, self.handbook.timezone)
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
        return {"step_recurrence": texts, "raci": procedure_table(proc)}

    def _context_note(self, note: Note, _: dict[str, Any]) -> dict[str, Any]:
        project = self.handbook.get("project", note.project) if note.project else None
        return {"project": project}

    @cached_property
    def duties(self) -> dict[str, list[ProjectDuty]]:
        if self.cache is None:
            return duties_by_who(self.handbook, self.plans.values())
        return duties_by_who(self.handbook, self.plans.values(), self.cache.duties)

    @cached_property
    def assignments(self) -> list[tuple[Workflow | Procedure, Responsibility, dict[str, str]]]:
        return assignment_table(self.handbook, self.cache.assignments if self.cache is not None else None)

    def _who_context(self, who: str) -> dict[str, Any]:
        rows = self.duties.get(who, [])
        ordered = identities(self.handbook, who)
        # What they hold in each entry (kept with the entry under serve: pageinputs.py).
        inputs = self._inputs
        held = holdings_of(self.handbook, ordered, [inputs.held_in(ordered, e) for e in inputs.held_entries(ordered)])
        return {"held": held, "task_groups": task_groups(rows, self.handbook.today)}

    def _context_person(self, _: None, ctx: dict[str, Any]) -> dict[str, Any]:
        pid = ctx["person_id"]
        return {"person": self.handbook.team.people[pid], **self._who_context(pid)}

    def _context_role(self, _: None, ctx: dict[str, Any]) -> dict[str, Any]:
        rid = ctx["role_id"]
        team = self.handbook.team
        return {"role": team.roles[rid], "holders": team.holders(rid), **self._who_context(rid)}

    def _context_raci(self, _: None, __: dict[str, Any]) -> dict[str, Any]:
        if self.cache is None:
            return {"matrix": handbook_matrix(self.handbook)}
        return {"matrix": handbook_matrix(self.handbook, self.cache.tallies)}

    def _context_calendars(self, _: None, __: dict[str, Any]) -> dict[str, Any]:
        feeds = feeds_of(self.handbook)
        groups = [(heading, [f for f in feeds if f.kind == kind])
                  for kind, heading in (("team", "Team"), ("project", "Projects"), ("person", "People"), ("role", "Roles"))]
        return {"feed_groups": [(h, fs) for h, fs in groups if fs], "has_site_url": bool(self.site_url)}

    def _context_hub(self, _: None, __: dict[str, Any]) -> dict[str, Any]:
        return {"hub": build_hub(self.handbook, self.plans, self.published),
                "due_soon_days": DUE_SOON_DAYS, "coming_due_days": COMING_DUE_DAYS}


def _ascii(html: str) -> str:
    return html if html.isascii() else html.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _timeline(rows: Sequence[Any], start: dt.date, anchor: dt.date) -> dict[str, Any]:
    end = max([anchor, *(r.due for r in rows)])
    return {"timeline_rows": rows, "timeline_start": start, "timeline_end": end}


__all__ = ["Markup", "PersonRef", "Renderer", "safe_url"]
