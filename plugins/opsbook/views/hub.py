"""The resource hub as data: the front door of the handbook (SPEC §5, `hub/`).

Everything the hub shows is computed here from the handbook and the project plans; the
template only lays it out. Every row carries its kind, owners and tags, so the page can be
filtered in the browser with no server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from ..calendars.feeds import TEAM_FEED, project_feed
from ..core.model import Entry, Handbook, Note, Policy, Procedure, Project, Report, Ritual, Team
from ..core.plan import PlannedTask, ProjectPlan, TaskState, person_for
from ..core.recurrence import describe, rule_of
from .licences import AssetLicence, LicenceState, asset_licences
from .site import SECTIONS, entry_src, url_of

#: Tasks due within this many days are "due soon".
DUE_SOON_DAYS = 14
#: Reviews and licence expiries within this many days are "coming due".
COMING_DUE_DAYS = 90
RECENT_NOTES = 8
#: When few tasks are due soon, the hub shows at least this many of the next ones.
NEXT_TASKS = 5
CALENDARS_PAGE = ("calendars/index.md", "calendars.md")

#: The kinds the filter offers, with their labels, in the order the hub shows them.
KIND_LABELS: dict[str, str] = {
    **{folder[:-1] if folder != "policies" else "policy": heading for folder, heading in SECTIONS.values()},
    "link": "Links",
    "asset": "Assets",
}


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


@dataclass(frozen=True)
class Facets:
    """What a row can be filtered by: its kind, the people and roles who own it, its tags."""

    kind: str
    owners: tuple[str, ...] = ()
    """Role and person ids; a role brings the people who hold it, so a person finds their roles' rows."""
    tags: tuple[str, ...] = ()


class Owners:
    """Role and person ids as the filters (the hub's, the board's) take them."""

    def __init__(self, team: Team) -> None:
        self.team = team
        self._reached: dict[tuple[str, ...], tuple[str, ...]] = {}  # the same few lists of ids recur

    def reach(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        """`ids`, then the people who hold the roles among them: a person finds their roles' rows."""
        found = self._reached.get(ids)
        if found is None:
            expanded = dict.fromkeys(ids)
            for who in ids:
                if who in self.team.roles:
                    expanded.update(dict.fromkeys(self.team.holders(who)))
            found = self._reached[ids] = tuple(expanded)
        return found

    def choices(self, ids: Iterable[str]) -> tuple[str, ...]:
        """The owner filter's choices: each id once, people first, then by name."""
        team = self.team
        return tuple(sorted(dict.fromkeys(ids), key=lambda w: (w not in team.people, team.name_of(w).lower())))


@dataclass(frozen=True)
class HubEntry:
    entry: Entry
    url: str
    owners: tuple[str, ...]
    facets: Facets


@dataclass(frozen=True)
class KindGroup:
    kind: str
    heading: str
    anchor: str
    rows: tuple[HubEntry, ...]


@dataclass(frozen=True)
class Launch:
    plan: ProjectPlan
    date: dt.date
    days_to_go: int
    owners: tuple[str, ...]
    facets: Facets

    @property
    def project(self) -> Project:
        return self.plan.project


@dataclass(frozen=True)
class DueTask:
    plan: ProjectPlan
    task: PlannedTask
    facets: Facets


@dataclass(frozen=True)
class ComingDue:
    """A review date or a licence expiry."""

    date: dt.date
    what: str
    """"review" or "licence"."""
    title: str
    url: str
    owners: tuple[str, ...]
    overdue: bool
    days: int
    facets: Facets

    @property
    def soon(self) -> bool:
        return self.days <= COMING_DUE_DAYS


@dataclass(frozen=True)
class HubNote:
    note: Note
    url: str
    project: Project | None
    facets: Facets


@dataclass(frozen=True)
class HubLink:
    title: str
    url: str
    description: str | None
    owner: str | None
    tags: tuple[str, ...]
    facets: Facets


@dataclass(frozen=True)
class HubAsset:
    licence: AssetLicence
    facets: Facets


@dataclass(frozen=True)
class Recurring:
    """A meeting or report, with its rhythm and next date, for the calendars section."""

    entry: Ritual | Report
    url: str
    rhythm: str
    next_date: dt.date | None
    people: tuple[str, ...]
    facets: Facets


@dataclass(frozen=True)
class Feed:
    title: str
    url: str


@dataclass(frozen=True)
class Hub:
    today: dt.date
    groups: tuple[KindGroup, ...]
    launches: tuple[Launch, ...]
    due_soon: tuple[DueTask, ...]
    """Past due, due today, and due within DUE_SOON_DAYS."""
    next_tasks: tuple[DueTask, ...]
    """The next tasks after those, when few are due soon, so the hub never looks idle by mistake."""
    coming_due: tuple[ComingDue, ...]
    notes: tuple[HubNote, ...]
    links: tuple[HubLink, ...]
    assets: tuple[HubAsset, ...]
    recurring: tuple[Recurring, ...]
    calendars_page: str | None
    """The site's calendars page (`calendars/`), when the site has one."""
    feeds: tuple[Feed, ...]
    """Feeds the site publishes (only those that exist)."""
    kinds: tuple[tuple[str, str], ...]
    owners: tuple[str, ...]
    tags: tuple[str, ...]
    licence_counts: Mapping[LicenceState, int] = field(default_factory=dict)

    @property
    def past_due(self) -> int:
        return sum(1 for d in self.due_soon if d.task.state is TaskState.PAST_DUE)

    @property
    def coming_due_soon(self) -> tuple[ComingDue, ...]:
        return tuple(c for c in self.coming_due if c.soon)


def _who(handbook: Handbook, entry: Entry) -> tuple[str, ...]:
    """Whom the hub lists for an entry: its owners, or a meeting's attendees."""
    return entry.attendees if isinstance(entry, Ritual) else owners_of(handbook, entry)


def build_hub(
    handbook: Handbook,
    plans: Mapping[str, ProjectPlan],
    published: Collection[str] = (),
) -> Hub:
    """The hub of a handbook. `published` holds the site paths that exist beyond the handbook's
    own pages (e.g. `calendars/index.md`, `calendars/team.ics`): the hub links only to those."""
    today = handbook.today
    team = handbook.team

    filter_owners = Owners(team)

    def facets(kind: str, owners: tuple[str, ...], tags: tuple[str, ...] = ()) -> Facets:
        return Facets(kind, filter_owners.reach(owners), tags)

    def page_url(entry: Entry) -> str:
        src = entry_src(entry)
        return url_of(src) if src else "hub/"

    groups = []
    for cls, (folder, heading) in SECTIONS.items():
        entries = handbook.notes if cls is Note else handbook.of(cls)
        rows = []
        for e in entries:
            owners = _who(handbook, e)
            rows.append(HubEntry(e, page_url(e), owners, facets(e.kind, owners, e.tags)))
        if rows:
            groups.append(KindGroup(entries[0].kind, heading, folder, tuple(rows)))

    launches = []
    for plan in sorted(plans.values(), key=lambda p: (p.project.anchor_date, p.project.id)):
        date = plan.project.anchor_date
        if date >= today:
            owners = owners_of(handbook, plan.project)
            launches.append(
                Launch(
                    plan,
                    date,
                    (date - today).days,
                    owners,
                    facets("project", (*owners, *plan.people), plan.project.tags),
                )
            )

    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    open_tasks = sorted(
        ((plan, t) for plan in plans.values() for t in plan.tasks if t.state is not TaskState.DONE),
        key=lambda pt: (pt[1].due, pt[0].project.id, pt[1].task.id),
    )
    soon = [pt for pt in open_tasks if pt[1].due <= horizon]
    after = [pt for pt in open_tasks if pt[1].due > horizon][: max(0, NEXT_TASKS - len(soon))]

    def due(plan: ProjectPlan, t: PlannedTask) -> DueTask:  # facets only for the tasks shown
        return DueTask(plan, t, facets("project", t.people, plan.project.tags))

    due_soon = [due(*pt) for pt in soon]
    next_tasks = [due(*pt) for pt in after]

    licences = asset_licences(handbook)
    coming: list[ComingDue] = []
    reviewed: tuple[Policy | Procedure, ...] = (*handbook.policies, *handbook.procedures)
    for e in reviewed:
        if e.review is not None:
            coming.append(
                ComingDue(
                    e.review,
                    "review",
                    e.display_title,
                    page_url(e),
                    (e.owner,),
                    e.review < today,
                    (e.review - today).days,
                    facets(e.kind, (e.owner,), e.tags),
                )
            )
    for rec in licences:
        expires = rec.asset.expires
        if expires is not None:
            coming.append(
                ComingDue(
                    expires,
                    "licence",
                    rec.asset.title,
                    f"hub/#asset-{rec.asset.id}",
                    (),
                    expires < today,
                    (expires - today).days,
                    facets("asset", ()),
                )
            )
    coming.sort(key=lambda c: (c.date, c.title))

    notes = tuple(
        HubNote(n, page_url(n), _project(handbook, n.project), facets("note", (), n.tags))
        for n in handbook.notes[:RECENT_NOTES]
    )

    links = tuple(
        HubLink(
            link.title,
            link.url,
            link.description,
            link.owner,
            link.tags,
            facets("link", (link.owner,) if link.owner else (), link.tags),
        )
        for group in handbook.links
        for link in group.links
    )
    assets = tuple(HubAsset(rec, facets("asset", ())) for rec in licences)
    counts = {state: sum(1 for r in licences if r.state is state) for state in LicenceState}

    recurring = []
    dated: tuple[Ritual | Report, ...] = (*handbook.rituals, *handbook.reports)
    for e in dated:
        rule = rule_of(e, handbook.timezone)
        if rule is None:
            continue
        upcoming = rule.dates(today, today + dt.timedelta(days=400))
        people = _who(handbook, e)
        recurring.append(
            Recurring(
                e,
                page_url(e),
                describe(rule),
                upcoming[0] if upcoming else None,
                people,
                facets(e.kind, people, e.tags),
            )
        )
    recurring.sort(key=lambda r: (r.next_date or dt.date.max, r.entry.display_title))

    published = set(published)
    calendars_page = next((url_of(src) for src in CALENDARS_PAGE if src in published), None)
    feeds = [Feed("Everything (team calendar)", TEAM_FEED)] if TEAM_FEED in published else []
    for launch in launches:
        path = project_feed(launch.project.id)
        if path in published:
            feeds.append(Feed(launch.project.display_title, path))

    all_rows: list[Facets] = [
        *(r.facets for g in groups for r in g.rows),
        *(link.facets for link in links),
        *(a.facets for a in assets),
    ]
    used_kinds = {f.kind for f in all_rows}
    tags = sorted({t for f in all_rows for t in f.tags}, key=str.lower)

    return Hub(
        today=today,
        groups=tuple(groups),
        launches=tuple(launches),
        due_soon=tuple(due_soon),
        next_tasks=tuple(next_tasks),
        coming_due=tuple(coming),
        notes=notes,
        links=links,
        assets=assets,
        recurring=tuple(recurring),
        calendars_page=calendars_page,
        feeds=tuple(feeds),
        kinds=tuple((k, label) for k, label in KIND_LABELS.items() if k in used_kinds),
        owners=filter_owners.choices(w for f in all_rows for w in f.owners),
        tags=tuple(tags),
        licence_counts=counts,
    )


def _project(handbook: Handbook, project_id: str | None) -> Project | None:
    found = handbook.get("project", project_id) if project_id else None
    return found if isinstance(found, Project) else None


__all__ = [
    "COMING_DUE_DAYS",
    "DUE_SOON_DAYS",
    "ComingDue",
    "DueTask",
    "Facets",
    "Feed",
    "Hub",
    "HubAsset",
    "HubEntry",
    "HubLink",
    "HubNote",
    "KindGroup",
    "Launch",
    "Owners",
    "Recurring",
    "build_hub",
    "owners_of",
]
