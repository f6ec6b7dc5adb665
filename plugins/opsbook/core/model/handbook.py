"""The whole handbook, loaded and checked: the one model every output is computed from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from .base import Entry
from .governance import Policy, Procedure
from .hub import Assets, Links, Note
from .recurring import Report, Ritual
from .team import Team
from .workflow import Project, Workflow

E = TypeVar("E", bound=Entry)


@dataclass(frozen=True)
class Handbook:
    """Every entry of a handbook, by kind and id, and the settings it was read with."""

    team: Team
    entries: tuple[Entry, ...]
    timezone: str = "UTC"
    holidays: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    _index: Mapping[tuple[str, str], Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {(e.kind, e.id): e for e in self.entries}
        object.__setattr__(self, "_index", MappingProxyType(index))

    def get(self, kind: str, entry_id: str) -> Entry | None:
        return self._index.get((kind, entry_id))

    def of(self, cls: type[E]) -> tuple[E, ...]:
        """Every entry of one kind, ordered by id."""
        found = [e for e in self.entries if isinstance(e, cls)]
        return tuple(sorted(found, key=lambda e: e.id))

    @property
    def workflows(self) -> tuple[Workflow, ...]:
        return self.of(Workflow)

    @property
    def projects(self) -> tuple[Project, ...]:
        return self.of(Project)

    @property
    def rituals(self) -> tuple[Ritual, ...]:
        return self.of(Ritual)

    @property
    def reports(self) -> tuple[Report, ...]:
        return self.of(Report)

    @property
    def policies(self) -> tuple[Policy, ...]:
        return self.of(Policy)

    @property
    def procedures(self) -> tuple[Procedure, ...]:
        return self.of(Procedure)

    @property
    def links(self) -> tuple[Links, ...]:
        return self.of(Links)

    @property
    def assets(self) -> tuple[Assets, ...]:
        return self.of(Assets)

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(sorted(self.of(Note), key=lambda n: (n.date or dt.date.min, n.id), reverse=True))

    def workflow_of(self, project: Project) -> Workflow:
        workflow = self.get("workflow", project.workflow)
        assert isinstance(workflow, Workflow), "the loader checks every project's workflow"
        return workflow

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)
