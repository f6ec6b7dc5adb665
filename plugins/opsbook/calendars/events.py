"""Which events the handbook has: every dated thing, with who it concerns and where it came from.

Events are plain data; `ics.py` writes them and `feeds.py` decides which feed holds each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.model import Assets, Handbook, Policy, Procedure, Report, Ritual, anchor_label
from ..core.plan import ProjectPlan, person_for, plan_project
from ..core.recurrence import Rule, rule_of
from ..core.urls import entry_src, url_of


@dataclass(frozen=True)
class CalendarEvent:
    """One event (or one recurring series) of a feed.

    `start` is a date for all-day events and a time of day in `timezone` for timed ones.
    """

    uid: str
    summary: str
    start: dt.date
    description: tuple[str, ...]
    """Lines of the description, people by name (feeds are published, not invitations)."""
    sources: tuple[str, ...]
    """The handbook files the event is computed from, relative to the handbook root."""
    time: dt.time | None = None
    duration: dt.timedelta | None = None
    timezone: str | None = None
    rule: Rule | None = None
    page: str | None = None
    """The site URL (relative to the site root) of the page that explains it."""
    project: str | None = None
    people: frozenset[str] = frozenset()
    """Ids of the people whose feeds hold it."""
    roles: frozenset[str] = frozenset()
    """Ids of the roles whose feeds hold it."""

    @property
    def all_day(self) -> bool:
        return self.time is None


def handbook_events(handbook: Handbook, host: str, plans: Sequence[ProjectPlan] | None = None) -> list[CalendarEvent]:
    """Every event of the handbook, in a fixed order (kind, then id), UIDs ending in `@host`.

    Each entry's events are made from that entry (a project's from its plan), the team and
    `host` alone.
    """
    if plans is None:
        plans = [plan_project(handbook, p) for p in handbook.projects]
    who = _People(handbook)
    found: list[CalendarEvent] = []
    for plan in sorted(plans, key=lambda p: p.project.id):
        found += _project_events(handbook, who, plan, host)
    for ritual in handbook.rituals:
        found += _ritual_events(handbook, who, ritual, host)
    for report in handbook.reports:
        found += _report_events(who, report, host)
    for proc in handbook.procedures:
        found += _procedure_events(who, proc, host)
    reviewed: tuple[Policy | Procedure, ...] = (*handbook.policies, *handbook.procedures)
    for entry in reviewed:
        found += _review_events(who, entry, host)
    for register in handbook.assets:
        found += _licence_events(register, host)
    return found


class _People:
    """Names and feed membership of role-or-person ids."""

    def __init__(self, handbook: Handbook) -> None:
        self.team = handbook.team

    def name(self, who: str) -> str:
        return self.team.name_of(who)

    def names(self, ids: Iterable[str]) -> str:
        return ", ".join(self.name(w) for w in ids)

    def roles(self, ids: Iterable[str]) -> frozenset[str]:
        return frozenset(w for w in ids if w in self.team.roles)


def launch_uid(project_id: str, host: str) -> str:
    """The UID of a project's launch day: the project's own, as a ritual's is (`rituals/<id>`),
    never one of its tasks' (`projects/<id>/<task>`)."""
    return f"projects/{project_id}@{host}"


def _launch_event(handbook: Handbook, who: _People, plan: ProjectPlan, page: str, host: str) -> CalendarEvent:
    """The project's anchor date itself (its launch), an all-day event of the project and team feeds."""
    project, workflow = plan.project, plan.workflow
    day = anchor_label(workflow.anchor)
    lines = [f"Project: {project.display_title}", f"Workflow: {workflow.title}"]
    owner = person_for(handbook, project, workflow.owner) if workflow.owner else None
    if owner:
        lines.append(f"Owner: {who.name(owner)}")
    return CalendarEvent(
        uid=launch_uid(project.id, host),
        summary=f"{day}: {project.display_title}",
        start=project.anchor_date,
        description=tuple(lines),
        sources=(project.path,),
        page=page,
        project=project.id,
    )


def _project_events(handbook: Handbook, who: _People, plan: ProjectPlan, host: str) -> list[CalendarEvent]:
    project = plan.project
    page = url_of(entry_src(project) or "")
    found = [_launch_event(handbook, who, plan, page, host)]
    for row in sorted(plan.tasks, key=lambda t: t.task.id):
        task = row.task
        accountable_role = task.accountable or plan.workflow.owner
        lines = [f"Project: {project.display_title}", f"Responsible: {who.names(row.responsible)}"]
        if row.accountable:
            lines.append(f"Accountable: {who.name(row.accountable)}")
        if row.start != row.due:
            lines.append(f"Starts: {row.start:%a %-d %b %Y}")
        if project.is_done(task.id):
            lines.append(f"Done{f' on {row.done_on:%a %-d %b %Y}' if row.done_on else ''}")
        role_ids = (*task.responsible, *((accountable_role,) if accountable_role else ()))
        # People come from the plan, where a project's `assign` has already picked who takes
        # each role: a role held by two people reaches only the one on this project.
        people = {p for p in (*row.responsible, row.accountable) if p and p in handbook.team.people}
        found.append(
            CalendarEvent(
                uid=f"projects/{project.id}/{task.id}@{host}",
                summary=f"{task.title} — {project.display_title}",
                start=row.due,
                description=tuple(lines),
                sources=tuple(dict.fromkeys((project.path, plan.workflow.path))),
                page=page,
                project=project.id,
                people=frozenset(people),
                roles=who.roles(role_ids),
            )
        )
    return found


def _first(rule: Rule) -> dt.date | None:
    # RFC 5545 §3.8.5.3: DTSTART should be the first instance of the rule, so it starts there.
    return rule.next_on_or_after(rule.starts)


def _recurring(entry: Ritual | Report, timezone: str | None = None) -> tuple[Rule, dt.date] | None:
    """The entry's rule and its first date; None when it never occurs."""
    rule = rule_of(entry, timezone)
    first = _first(rule) if rule else None
    return (rule, first) if rule is not None and first is not None else None


def _ritual_events(handbook: Handbook, who: _People, ritual: Ritual, host: str) -> list[CalendarEvent]:
    if (recurring := _recurring(ritual, handbook.timezone)) is None:
        return []
    rule, first = recurring
    lines = [f"Attendees: {who.names(ritual.attendees)}"]
    if ritual.location:
        lines.append(f"Location: {ritual.location}")
    if ritual.agenda:
        lines.append("Agenda: " + "; ".join(ritual.agenda))
    return [
        CalendarEvent(
            uid=f"rituals/{ritual.id}@{host}",
            summary=ritual.title,
            start=first,
            time=ritual.time,
            duration=ritual.duration.timedelta(),
            timezone=ritual.timezone or handbook.timezone,
            rule=rule,
            description=tuple(lines),
            sources=(ritual.path,),
            page=url_of(entry_src(ritual) or ""),
            people=who.team.people_reached(ritual.attendees),
            roles=who.roles(ritual.attendees),
        )
    ]


def _report_events(who: _People, report: Report, host: str) -> list[CalendarEvent]:
    if (recurring := _recurring(report)) is None:
        return []
    rule, first = recurring
    lines = [f"Owner: {who.names(report.owner)}"]
    if report.audience:
        lines.append(f"Audience: {who.names(report.audience)}")
    return [
        CalendarEvent(
            uid=f"reports/{report.id}@{host}",
            summary=f"Due: {report.title}",
            start=first,
            rule=rule,
            description=tuple(lines),
            sources=(report.path,),
            page=url_of(entry_src(report) or ""),
            people=who.team.people_reached(report.owner),
            roles=who.roles(report.owner),
        )
    ]


def _procedure_events(who: _People, proc: Procedure, host: str) -> list[CalendarEvent]:
    found = []
    for step in proc.steps:
        rule = rule_of(step)
        first = _first(rule) if rule else None
        if rule is None or first is None:
            continue
        accountable = step.accountable or proc.owner
        ids = (*step.responsible, accountable)
        found.append(
            CalendarEvent(
                uid=f"procedures/{proc.id}/{step.id}@{host}",
                summary=f"{step.title} — {proc.title}",
                start=first,
                rule=rule,
                description=(
                    f"Procedure: {proc.title}",
                    f"Responsible: {who.names(step.responsible)}",
                    f"Accountable: {who.name(accountable)}",
                ),
                sources=(proc.path,),
                page=url_of(entry_src(proc) or ""),
                people=who.team.people_reached(ids),
                roles=who.roles(ids),
            )
        )
    return found


def _review_events(who: _People, entry: Policy | Procedure, host: str) -> list[CalendarEvent]:
    if entry.review is None:
        return []
    kind = "procedure" if isinstance(entry, Procedure) else "policy"
    folder = "procedures" if kind == "procedure" else "policies"
    return [
        CalendarEvent(
            uid=f"{folder}/{entry.id}/review@{host}",
            summary=f"Review {kind}: {entry.title}",
            start=entry.review,
            description=(f"Owner: {who.name(entry.owner)}",),
            sources=(entry.path,),
            page=url_of(entry_src(entry) or ""),
            people=who.team.people_reached((entry.owner,)),
            roles=who.roles((entry.owner,)),
        )
    ]


def _licence_events(register: Assets, host: str) -> list[CalendarEvent]:
    # The asset register names no owner (SPEC §3), so licence expiries go to the team feed only.
    found = []
    for asset in register.assets:
        if asset.expires is None:
            continue
        lines = [f"Licence: {asset.license}"]
        if asset.source:
            lines.append(f"Source: {asset.source}")
        found.append(
            CalendarEvent(
                uid=f"assets/{register.id}/{asset.id}/expires@{host}",
                summary=f"Licence expires: {asset.title}",
                start=asset.expires,
                description=tuple(lines),
                sources=(register.path,),
                page="hub/",
            )
        )
    return found
