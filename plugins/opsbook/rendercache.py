"""Pages kept across `mkdocs serve` rebuilds, each reused while its fingerprint is unchanged.

A single `mkdocs build` has no use for it and does not make one. The fingerprint (render.py,
`Renderer.fingerprint`) is a digest of a part every page shares (templates, settings, the team,
every entry's title, today, the history's commits) and of the page's own context, walked value
by value (fingerprint.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .fingerprint import KeptDigests
from .model import Handbook, Project
from .plan import ProjectPlan, plan_project


@dataclass
class RenderStats:
    """What one build did with the cache: pages rendered (missed or never cached) and reused."""

    rendered: int = 0
    reused: int = 0
    pages: list[str] = field(default_factory=list)
    """The pages rendered, by path."""
    uncacheable: list[str] = field(default_factory=list)
    """Pages whose context held a value the fingerprint cannot vouch for: always rendered."""


class RenderCache:
    """Each page's HTML by its path (`projects/q1.md`), with the fingerprint it was made from."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[bytes, str]] = {}
        self._fresh: dict[str, tuple[bytes, str]] = {}
        self.stats = RenderStats()
        #: Digests of unchanged objects, for the full fingerprints and for the links-only ones.
        self.digests = KeptDigests()
        self.link_digests = KeptDigests()
        #: Each project's plan by its path, with the objects and settings it was made from.
        self._plans: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], ProjectPlan]] = {}
        self._planned: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], ProjectPlan]] = {}

    def begin(self) -> None:
        """A new build: what the last build rendered or reused is what this one may reuse (pages
        no longer generated are let go)."""
        if self._fresh:
            self._pages = self._fresh
        self._fresh = {}
        self.stats = RenderStats()
        self.digests.begin()
        self.link_digests.begin()
        self._plans, self._planned = self._planned or self._plans, {}

    def plan(self, handbook: Handbook, project: Project) -> ProjectPlan:
        """The project's plan, the same object as last build's when it was made from the very same
        project, workflow and team (unchanged files are the same objects under `mkdocs serve`),
        with the same holidays and today."""
        workflow = handbook.workflow_of(project)
        made_of = (project, workflow, handbook.team)
        kept = self._plans.get(project.path)
        if (kept is None or any(a is not b for a, b in zip(kept[0], made_of, strict=True))
                or kept[1] != (handbook.holidays, handbook.today)):
            kept = (made_of, (handbook.holidays, handbook.today), plan_project(handbook, project))
        self._planned[project.path] = kept
        return kept[2]

    def get(self, src: str, key: bytes) -> str | None:
        found = self._pages.get(src)
        if found is None or found[0] != key:
            return None
        self._fresh[src] = found
        self.stats.reused += 1
        return found[1]

    def put(self, src: str, key: bytes | None, html: str) -> None:
        """A page just rendered; `key` None for one that is not kept (always rendered)."""
        self.stats.rendered += 1
        self.stats.pages.append(src)
        if key is not None:
            self._fresh[src] = (key, html)


__all__ = ["RenderCache", "RenderStats"]
