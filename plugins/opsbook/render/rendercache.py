"""Pages kept across `mkdocs serve` rebuilds, each reused while what it is made from is the same.

A single `mkdocs build` has no use for it and does not make one. A kind of page with a rule in
pageinputs.py is reused while its inputs are the same, and rendered again otherwise; any other is
reused while its fingerprint is unchanged (render.py, `Renderer.fingerprint`): a digest of a part
every page shares (templates, settings, the team, every entry's title, today, the history's
commits) and of the page's own context, walked value by value (fingerprint.py). The same digest
checks the rules in tests (`verify`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.carried import Carried
from ..core.model import Handbook, Procedure, Project, Workflow
from ..core.plan import ProjectPlan, plan_project
from ..views.holdings import Assignment, ProjectDuty, entry_assignments, plan_duties
from ..views.raci import Tally, entry_tallies
from .fingerprint import KeptDigests
from .markup import KeptRow
from .pageinputs import same


@dataclass
class RenderStats:
    """What one build did with the cache: pages rendered (missed or never cached) and reused."""

    rendered: int = 0
    reused: int = 0
    by_inputs: int = 0
    """Of those reused, how many without working out their context (pageinputs.py)."""
    pages: list[str] = field(default_factory=list)
    """The pages rendered, by path."""
    uncacheable: list[str] = field(default_factory=list)
    """Pages whose context held a value the fingerprint cannot vouch for: always rendered."""


class RenderCache:
    """Each page's HTML by its path (`projects/q1.md`), with the fingerprint it was made from."""

    def __init__(self) -> None:
        self._pages: Carried[str, tuple[bytes | None, str, tuple[Any, ...] | None]] = Carried()
        #: Check every page reused for its inputs against its fingerprint (for tests: it costs
        #: what reusing by inputs saves).
        self.verify = False
        self.stats = RenderStats()
        #: Digests of unchanged objects, for the full fingerprints and for the links-only ones.
        self.digests = KeptDigests()
        self.link_digests = KeptDigests()
        #: Each project's plan by its path, with the objects and settings it was made from.
        self._plans: Carried[str, tuple[tuple[Any, ...], tuple[Any, ...], ProjectPlan]] = Carried()
        self._environment: tuple[Hashable, Any] | None = None
        #: What each person or role holds in each entry, while the entry is the same (pageinputs.py).
        self._duties: Carried[str, tuple[ProjectPlan, tuple[tuple[str, ProjectDuty], ...]]] = Carried()
        self._tallies: Carried[tuple[str, str], tuple[Any, Mapping[str, Tally]]] = Carried()
        self._assignments: Carried[tuple[str, str], tuple[Any, Sequence[Assignment]]] = Carried()
        self.parts: Carried[tuple[Any, ...], tuple[Any, tuple[Any, ...], Any]] = Carried()
        #: The table rows of each page made in Python (markup.py), with the page's frame: what
        #: they show beyond the object each is made from (every page's shared part and the
        #: page's URL, which their links are relative to).
        self._rows: Carried[str, tuple[Hashable, Mapping[tuple[int, str], KeptRow]]] = Carried()

    def environment(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The Jinja environment the last build rendered with, while `key` (the template folders
        and a digest of every file in them) is the same: its templates need not be compiled
        again. A new one from `make` otherwise."""
        if self._environment is None or self._environment[0] != key:
            self._environment = (key, make())
        return self._environment[1]

    def begin(self) -> None:
        """A new build: what the last build rendered or reused is what this one may reuse (pages
        no longer generated are let go)."""
        self._pages.begin()
        self.stats = RenderStats()
        self.digests.begin()
        self.link_digests.begin()
        self._plans.begin()
        self.parts.begin()
        self._rows.begin()
        self._duties.begin()
        self._tallies.begin()
        self._assignments.begin()

    def plan(self, handbook: Handbook, project: Project) -> ProjectPlan:
        """The project's plan, the same object as last build's when it was made from the very same
        project, workflow and team (unchanged files are the same objects under `mkdocs serve`),
        with the same holidays and today."""
        made_of = (project, handbook.workflow_of(project), handbook.team)
        settings = (handbook.holidays, handbook.today)
        kept = self._plans.get(project.path, lambda k: k[1] == settings
                               and all(a is b for a, b in zip(k[0], made_of, strict=True)))
        if kept is None:
            kept = self._plans.put(project.path, (made_of, settings, plan_project(handbook, project)))
        return kept[2]

    def by_inputs(self, src: str, inputs: tuple[Any, ...]) -> tuple[bytes | None, str] | None:
        """The page's fingerprint and HTML, when it was made from the same inputs (pageinputs.py)."""
        found = self._pages.get(src, lambda k: k[2] is not None and same(k[2], inputs))
        if found is None:
            return None
        self._rows.get(src, lambda _: True)  # carried on with the page
        self.stats.reused += 1
        self.stats.by_inputs += 1
        return found[0], found[1]

    def rows(self, src: str, frame: Hashable) -> Mapping[tuple[int, str], KeptRow]:
        """The rows the page was last made of, while its frame is the same (`PageMarkup.made_rows`)."""
        found = self._rows.get(src, lambda k: k[0] == frame)
        return found[1] if found is not None else {}

    def keep_rows(self, src: str, frame: Hashable, rows: Mapping[tuple[int, str], KeptRow]) -> None:
        self._rows.put(src, (frame, rows))

    def duties(self, handbook: Handbook, plan: ProjectPlan) -> tuple[tuple[str, ProjectDuty], ...]:
        """The plan's duties (`holdings.plan_duties`), the same as last build's for the same plan (made
        of the same project, workflow and team: see `plan`)."""
        path = plan.project.path
        kept = self._duties.get(path, lambda k: k[0] is plan)
        if kept is None:
            kept = self._duties.put(path, (plan, plan_duties(handbook, plan)))
        return kept[1]

    def assignments(self, entry: Workflow | Procedure) -> Sequence[Assignment]:
        """`holdings.entry_assignments` of a workflow or procedure, last build's while it is the same object."""
        kept = self._assignments.get((entry.kind, entry.id), lambda k: k[0] is entry)
        if kept is None:
            kept = self._assignments.put((entry.kind, entry.id), (entry, entry_assignments(entry)))
        return kept[1]

    def tallies(self, entry: Workflow | Procedure) -> Mapping[str, Tally]:
        """`raci.entry_tallies` of a workflow or procedure, last build's while it is the same object."""
        kept = self._tallies.get((entry.kind, entry.id), lambda k: k[0] is entry)
        if kept is None:
            kept = self._tallies.put((entry.kind, entry.id), (entry, entry_tallies(entry)))
        return kept[1]

    def get(self, src: str, key: bytes) -> str | None:
        """The page's HTML when its fingerprint is `key` (a kind of page without inputs)."""
        found = self._pages.get(src, lambda k: k[0] is not None and k[0] == key)
        if found is None:
            return None
        self._rows.get(src, lambda _: True)
        self.stats.reused += 1
        return found[1]

    def put(self, src: str, key: bytes | None, html: str, inputs: tuple[Any, ...] | None = None) -> None:
        """A page just rendered, kept by its fingerprint `key` or its `inputs` (neither: always
        rendered, not kept)."""
        self.stats.rendered += 1
        self.stats.pages.append(src)
        if key is not None or inputs is not None:
            self._pages.put(src, (key, html, inputs))


__all__ = ["RenderCache", "RenderStats"]
