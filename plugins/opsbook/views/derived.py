"""What every output of one build reads beyond the handbook itself, worked out once per build."""

from __future__ import annotations

from functools import cached_property

from ..core.model import Handbook, Note, Project
from ..core.plan import ProjectPlan, plan_project
from .holdings import Holdings, ProjectDuty, duties_by_who, holdings_by_who
from .performance import Performance, performance
from .raci import Matrix, handbook_matrix
from .workload import Workload, workload


class Derived:
    """Project plans, who holds what, projects by workflow, notes by project and the RACI matrix of one handbook: the pages, calendars
    and catalogue of a build all read them from here. Each is worked out when first asked for."""

    def __init__(self, handbook: Handbook) -> None:
        self.handbook = handbook

    @cached_property
    def plans(self) -> dict[str, ProjectPlan]:
        """Each project's plan, by project id."""
        return {p.id: plan_project(self.handbook, p) for p in self.handbook.projects}

    @cached_property
    def duties(self) -> dict[str, list[ProjectDuty]]:
        """The project tasks of every person and role (`holdings.duties_by_who`)."""
        return duties_by_who(self.handbook, self.plans.values())

    @cached_property
    def holdings(self) -> dict[str, Holdings]:
        """What every person and role holds in workflows, procedures and entries, by id."""
        team = self.handbook.team
        return holdings_by_who(self.handbook, (*team.people, *team.roles))

    @cached_property
    def projects_of(self) -> dict[str, list[Project]]:
        """The projects that run each workflow, by workflow id, in the handbook's order."""
        found: dict[str, list[Project]] = {}
        for project in self.handbook.projects:
            found.setdefault(project.workflow, []).append(project)
        return found

    @cached_property
    def notes_of(self) -> dict[str, list[Note]]:
        """The notes about each project, by project id, in the handbook's order."""
        found: dict[str, list[Note]] = {}
        for note in self.handbook.notes:
            if note.project:
                found.setdefault(note.project, []).append(note)
        return found

    @cached_property
    def matrix(self) -> Matrix:
        return handbook_matrix(self.handbook)

    @cached_property
    def workload(self) -> Workload:
        """Everyone's planned hours for the weeks around today (`workload.workload`)."""
        return workload(self.handbook, self.plans.values())

    @cached_property
    def performance(self) -> Performance:
        """How the projects' tasks were done against their due dates (`performance.performance`)."""
        return performance(self.plans.values(), self.handbook.today, self.handbook.team.name_of)


__all__ = ["Derived"]
