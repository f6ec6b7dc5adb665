"""Checks across the whole handbook: references, responsibilities, schedules and recurrences.

Each check reports at the key or value that is wrong, or at the start of the item that lacks
something, in the file that holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from .errors import Problem, Severity, did_you_mean
from .model import (
    Assets,
    Entry,
    Handbook,
    Links,
    Note,
    Policy,
    Procedure,
    Project,
    Recurrence,
    Report,
    Responsibility,
    Ritual,
    Task,
    Team,
    Workflow,
    schedule_rules,
)
from .recurrence import rule_of
from .rrule import RecurrenceError, day_errors
from .schedule import NOMINAL_ANCHOR, ScheduleError, schedule, without
from .source import Loc, SourceFile
from .workdays import WorkCalendar, subdivision_note

LICENCE_WARNING_DAYS = 30


class _Checker:
    def __init__(
        self, handbook: Handbook, sources: dict[str, SourceFile], known: dict[str, set[str]], team_ok: bool
    ) -> None:
        self.handbook = handbook
        self.sources = sources
        self.known = known
        self.team_ok = team_ok
        self.team = handbook.team
        self.problems: list[Problem] = []
        self.checking_partial = False
        self.unsound: frozenset[str] = frozenset()
        #: What could be read of workflows with errors: their projects are still checked against
        #: them (assignments, skips, statuses), though not scheduled.
        self.broken_workflows: dict[str, Workflow] = {}

    def error(self, source: SourceFile, loc: Loc, message: str, *, at: str = "value") -> None:
        self.problems.append(source.problem(loc, message, at=at))

    def warning(self, source: SourceFile, loc: Loc, message: str, *, at: str = "value") -> None:
        self.problems.append(source.problem(loc, message, at=at, severity=Severity.WARNING))

    def run(self, partials: Sequence[Entry]) -> list[Problem]:
        self.broken_workflows = {e.id: e for e in partials if isinstance(e, Workflow)}
        if self.team_ok:
            self._check_team()
        for entry in self.handbook.entries:
            self._check_entry(entry)
        # What could be read of broken files. Missing values were filled in empty, and the
        # loader keeps one problem per place, so "missing 'responsible'" is not repeated as
        # "no responsible role", nor a refused 'accountable' or 'owner' as "no accountable role".
        for entry in partials:
            self.checking_partial = True
            # A file whose YAML was refused (an alias, a duplicate key, an impossible date)
            # may read as something its author never wrote: only its references are checked.
            unsound = entry.path in self.unsound
            self.problems.extend(p for p in self._problems_of(entry) if not unsound or p.message.startswith("unknown "))
        return self.problems

    def _problems_of(self, entry: Entry) -> tuple[Problem, ...]:
        """What checking `entry` finds, taken out of `problems`."""
        found = len(self.problems)
        self._check_entry(entry)
        own = tuple(self.problems[found:])
        del self.problems[found:]
        return own

    def _check_entry(self, entry: Entry) -> None:
        source = self.sources[entry.path]
        if isinstance(entry, Workflow):
            self._check_workflow(entry, source)
        elif isinstance(entry, Project):
            self._check_project(entry, source)
        elif isinstance(entry, Ritual):
            self._check_people(source, ("attendees",), entry.attendees)
            self._check_recurrence(entry, source, (), required=True)
        elif isinstance(entry, Report):
            self._check_people(source, ("owner",), entry.owner)
            self._check_people(source, ("audience",), entry.audience)
            self._check_recurrence(entry, source, (), required=True)
        elif isinstance(entry, Policy):
            self._check_people(source, ("owner",), (entry.owner,))
        elif isinstance(entry, Procedure):
            self._check_procedure(entry, source)
        elif isinstance(entry, Links):
            for i, link in enumerate(entry.links):
                if link.owner:
                    self._check_people(source, ("links", i, "owner"), (link.owner,))
        elif isinstance(entry, Assets):
            self._check_assets(entry, source)
        elif isinstance(entry, Note) and entry.project:
            self._check_ref(source, ("project",), "project", entry.project)

    def _check_team(self) -> None:
        team: Team = self.team
        source = self.sources[team.path]
        held: set[str] = set()
        for pid, person in team.people.items():
            if pid in team.roles:
                self.error(source, ("people", pid), f"'{pid}' is both a role and a person: ids must differ", at="key")
            for i, role in enumerate(person.roles):
                held.add(role)
                if role not in team.roles:
                    hint = did_you_mean(role, team.roles)
                    self.error(source, ("people", pid, "roles", i), f"unknown role '{role}'{hint}")
        for role in team.roles:
            if role not in held:
                self.warning(source, ("roles", role), f"role '{role}' is held by nobody in the team", at="key")

    def _check_people(self, source: SourceFile, loc: Loc, ids: Sequence[str]) -> None:
        """Each of `ids` (at `loc`, or `loc` + index for a list) names a role or a person."""
        if not self.team_ok:
            return
        for i, who in enumerate(ids):
            if not who or who in self.team.roles or who in self.team.people:
                continue
            where = (*loc, i) if (*loc, i) in source.positions.values else loc
            hint = did_you_mean(who, [*self.team.roles, *self.team.people])
            self.error(source, where, f"unknown role or person '{who}'{hint}")

    def _check_ref(self, source: SourceFile, loc: Loc, kind: str, ref: str) -> bool:
        if not ref:
            return False  # missing, and reported as such
        if ref in self.known.get(kind, ()):
            return True
        self.error(source, loc, f"unknown {kind} '{ref}'{did_you_mean(ref, self.known.get(kind, ()))}")
        return False

    def _check_raci(self, source: SourceFile, loc: Loc, item: Responsibility, owner: str | None, what: str) -> None:
        if not item.responsible:
            self.error(source, loc, f"{what} '{item.id}' has no responsible role (R)")
        self._check_people(source, (*loc, "responsible"), item.responsible)
        if item.accountable:
            self._check_people(source, (*loc, "accountable"), (item.accountable,))
        elif not owner and not self._written(source, (*loc, "accountable"), ("owner",)):
            self.error(source, loc, f"{what} '{item.id}' has no accountable role (A): set 'accountable', or an 'owner'")
        self._check_people(source, (*loc, "consulted"), item.consulted)
        self._check_people(source, (*loc, "informed"), item.informed)

    def _written(self, source: SourceFile, *locs: Loc) -> bool:
        """Whether any of `locs` is in the file: a value the loader refused (and reported) is not
        reported again as missing."""
        return any(loc in source.positions.values for loc in locs)

    def _check_unique(self, source: SourceFile, loc: Loc, ids: Sequence[str], what: str) -> None:
        seen: dict[str, int] = {}
        for i, item_id in enumerate(ids):
            if item_id in seen:
                self.error(
                    source, (*loc, i, "id"), f"duplicate {what} id '{item_id}' (also {what} {seen[item_id] + 1})"
                )
            else:
                seen[item_id] = i

    def _check_workflow(self, workflow: Workflow, source: SourceFile) -> None:
        if workflow.owner:
            self._check_people(source, ("owner",), (workflow.owner,))
        self._check_unique(source, ("tasks",), [t.id for t in workflow.tasks], "task")
        for i, task in enumerate(workflow.tasks):
            self._check_raci(source, ("tasks", i), task, workflow.owner, "task")
        self._check_schedule(source, workflow.tasks, NOMINAL_ANCHOR, WorkCalendar(), workflow, ("tasks",))

    def _check_schedule(
        self,
        source: SourceFile,
        tasks: Sequence[Task],
        anchor: dt.date,
        calendar: WorkCalendar,
        workflow: Workflow,
        loc: Loc,
        *,
        project: Project | None = None,
    ) -> None:
        if self.checking_partial or len({t.id for t in tasks}) != len(tasks):
            # What could be read of a broken file may lack the dates that would make it
            # schedule; its references to other tasks are still checked.
            self._check_before(source, tasks, loc, project)
            return
        try:
            schedule(tasks, anchor, calendar, **schedule_rules(workflow, project))
        except ScheduleError as err:
            own = {t.id: i for i, t in enumerate(project.tasks if project else workflow.tasks)}
            for issue in err.issues:
                message = issue.message if project else (issue.relative_message or issue.message)
                if issue.task_id in own:
                    where: Loc = (*loc, own[issue.task_id])
                    if issue.field == "before" and not message.startswith("cycle"):
                        where = (*where, "before", issue.index or 0)
                    # A cycle or a date that cannot hold is reported at the task (SPEC §4).
                    self.error(source, where, message)
                else:
                    # A workflow task that only fails with this project's dates or holidays.
                    self.error(
                        source,
                        (workflow.anchor,),
                        f"with this date, workflow '{workflow.id}' cannot be scheduled: {issue.message}",
                    )

    def _check_before(self, source: SourceFile, tasks: Sequence[Task], loc: Loc, project: Project | None) -> None:
        ids = {t.id for t in tasks}
        own = {t.id: i for i, t in enumerate(project.tasks if project else tasks)}
        for task in tasks:
            if task.id not in own:
                continue
            for j, other in enumerate(task.before):
                if other not in ids:
                    self.error(
                        source,
                        (*loc, own[task.id], "before", j),
                        f"unknown task '{other}' in 'before'{did_you_mean(other, ids)}",
                    )

    def _workflow_of(self, project: Project) -> tuple[Workflow | None, bool]:
        """The project's workflow, and whether it is only what could be read of a broken one."""
        workflow = self.handbook.get("workflow", project.workflow)
        if isinstance(workflow, Workflow):
            return workflow, False
        broken = self.broken_workflows.get(project.workflow)
        return broken, broken is not None

    def _check_project(self, project: Project, source: SourceFile) -> None:
        if project.holidays and (note := subdivision_note(project.holidays)):
            self.problems.append(source.problem(("holidays",), note, severity=Severity.INFO))
        if not self._check_ref(source, ("workflow",), "workflow", project.workflow):
            return
        workflow, broken = self._workflow_of(project)
        if workflow is None:
            return
        task_ids = [t.id for t in workflow.tasks]
        self._check_unique(source, ("tasks",), [t.id for t in project.tasks], "task")
        for i, task in enumerate(project.tasks):
            if task.id in task_ids:
                self.error(source, ("tasks", i, "id"), f"task '{task.id}' is already in workflow '{workflow.id}'")
            self._check_raci(source, ("tasks", i), task, workflow.owner, "task")
        all_ids = task_ids + [t.id for t in project.tasks]
        for i, skipped in enumerate(project.skip):
            if skipped not in task_ids:
                self.error(
                    source,
                    ("skip", i),
                    f"unknown task '{skipped}' in workflow '{workflow.id}'{did_you_mean(skipped, task_ids)}",
                )
        for task_id in project.status:
            if task_id not in all_ids:
                self.error(
                    source, ("status", task_id), f"unknown task '{task_id}'{did_you_mean(task_id, all_ids)}", at="key"
                )
        if self.team_ok:
            self._check_assignments(project, workflow, source)
        left_out = set(project.skip)
        tasks = without((*workflow.tasks, *project.tasks), left_out)
        if broken:
            # The workflow's own errors are reported; its dates cannot be worked out.
            self._check_before(source, tasks, ("tasks",), project)
            return
        calendar = WorkCalendar(project.holidays or self.handbook.holidays)
        self._check_schedule(source, tasks, project.anchor_date, calendar, workflow, ("tasks",), project=project)

    def _check_assignments(self, project: Project, workflow: Workflow, source: SourceFile) -> None:
        for role, person in project.assign.items():
            if role not in self.team.roles:
                self.error(
                    source, ("assign", role), f"unknown role '{role}'{did_you_mean(role, self.team.roles)}", at="key"
                )
            if person not in self.team.people:
                self.error(
                    source, ("assign", role), f"unknown person '{person}'{did_you_mean(person, self.team.people)}"
                )
        needed: dict[str, None] = {}
        skipped = set(project.skip)
        for task in (*workflow.tasks, *project.tasks):
            if task.id in skipped:
                continue
            for who in (*task.responsible, task.accountable or workflow.owner):
                if who and who in self.team.roles:
                    needed[who] = None
        for role in needed:
            holders = self.team.holders(role)
            if role not in project.assign and len(holders) > 1:
                where: Loc = ("assign",) if "assign" in project.model_fields_set else ("workflow",)
                self.error(
                    source,
                    where,
                    f"role '{role}' is held by {', '.join(holders)}: say who takes it in 'assign'",
                    at="key",
                )

    def _check_recurrence(self, rec: Recurrence, source: SourceFile, loc: Loc, *, required: bool) -> None:
        if required and not rec.recurs:
            self.error(source, loc, "missing 'repeat' (or 'rrule'): when does it happen?")
            return
        bad_days = day_errors(rec)
        for err in bad_days:
            self.error(source, (*loc, "days", err.index) if err.index is not None else (*loc, "days"), str(err))
        if bad_days:
            return
        try:
            rule_of(rec, self.handbook.timezone)
        except RecurrenceError as err:
            where: Loc = (*loc, err.field) if err.field in rec.model_fields_set else loc
            if err.index is not None:
                where = (*where, err.index)
            self.error(source, where, str(err))

    def _check_procedure(self, procedure: Procedure, source: SourceFile) -> None:
        self._check_people(source, ("owner",), (procedure.owner,))
        self._check_unique(source, ("steps",), [s.id for s in procedure.steps], "step")
        for i, step in enumerate(procedure.steps):
            self._check_raci(source, ("steps", i), step, procedure.owner, "step")
            self._check_recurrence(step, source, ("steps", i), required=False)

    def _check_assets(self, register: Assets, source: SourceFile) -> None:
        self._check_unique(source, ("assets",), [a.id for a in register.assets], "asset")
        today = self.handbook.today
        for i, asset in enumerate(register.assets):
            if asset.expires is None:
                continue
            if asset.expires < today:
                self.warning(
                    source, ("assets", i, "expires"), f"the licence of asset '{asset.id}' expired on {asset.expires}"
                )
            elif asset.expires <= today + dt.timedelta(days=LICENCE_WARNING_DAYS):
                self.warning(
                    source,
                    ("assets", i, "expires"),
                    f"the licence of asset '{asset.id}' expires on {asset.expires}, within {LICENCE_WARNING_DAYS} days",
                )


def check_handbook(
    handbook: Handbook,
    sources: dict[str, SourceFile],
    known: dict[str, set[str]],
    *,
    team_ok: bool,
    partials: Sequence[Entry] = (),
    unsound: frozenset[str] = frozenset(),
) -> Iterator[Problem]:
    """Every problem that needs more than one file to see; for `partials` (what could be read of
    broken files), only their references."""
    checker = _Checker(handbook, sources, known, team_ok)
    checker.unsound = unsound
    yield from checker.run(partials)
