"""The content model: one pydantic model per kind of entry, and the handbook that holds them all."""

from __future__ import annotations

from .base import INTERNAL_KEYS, Entry
from .governance import DataItem, Policy, Procedure, Step
from .handbook import Handbook
from .hub import Asset, Assets, Link, Links, Note
from .raci import Responsibility
from .recurring import Recurrence, Report, Ritual
from .team import Person, Role, Team
from .workflow import Project, Task, TaskStatus, Workflow, anchor_label, keeps_to_working_days, schedule_rules

#: Every kind of entry, by the value of its `kind:` key, in the order the site lists them.
KINDS: dict[str, type[Entry]] = {
    "team": Team,
    "workflow": Workflow,
    "project": Project,
    "ritual": Ritual,
    "report": Report,
    "policy": Policy,
    "procedure": Procedure,
    "links": Links,
    "assets": Assets,
    "note": Note,
}

__all__ = [
    "INTERNAL_KEYS",
    "KINDS",
    "Asset",
    "Assets",
    "DataItem",
    "Entry",
    "Handbook",
    "Link",
    "Links",
    "Note",
    "Person",
    "Policy",
    "Procedure",
    "Project",
    "Recurrence",
    "Report",
    "Responsibility",
    "Ritual",
    "Role",
    "Step",
    "Task",
    "TaskStatus",
    "Team",
    "Workflow",
    "anchor_label",
    "keeps_to_working_days",
    "schedule_rules",
]
