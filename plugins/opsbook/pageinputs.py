"""What each kind of page is made from, so that a `mkdocs serve` rebuild can reuse a page without
working out its context at all.

Under `mkdocs serve` an unchanged file is read into the very same (frozen) entry on every
rebuild (sourcecache.py), and an unchanged project's plan is the very same plan
(`RenderCache.plan`). A page whose inputs are the same objects as last build's, and whose shared
part (templates, settings, the team, every entry's title, the history's commits: `Renderer._shared`)
is the same, shows what it showed then. The inputs are named here per kind of page, beside what
`Renderer._context_<kind>` reads; a kind without a rule is fingerprinted from its context as
before. `RenderCache.verify` (on in the rebuild tests) holds every rule to the fingerprint: a page
reused by its inputs whose context digests differently is an error, not a stale page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .model import Entry, Handbook, Note, Project
from .raci import identities, parts_by_id
from .site import PageSpec

if TYPE_CHECKING:
    from .render import Renderer

#: Values compared by value; anything else (entries, plans, revisions) by identity, or field by
#: field when it is a frozen dataclass (history records are made again on every build).
_VALUES = (str, bytes, int, float, bool, dt.date, dt.datetime, type(None))


def same(a: Any, b: Any) -> bool:
    """Whether `a` is what `b` was: the same object, equal plain values, or tuples, lists and
    frozen dataclasses whose parts are the same."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is tuple or kind is list:
        return len(a) == len(b) and all(map(same, a, b))
    if kind in _VALUES:
        return bool(a == b)
    params = getattr(kind, "__dataclass_params__", None)
    if params is not None and params.frozen:
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return False


class PageInputs:
    """The inputs of one build's pages (one per `Renderer`)."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.handbook: Handbook = renderer.handbook

    def of(self, page: PageSpec, shared: bytes) -> tuple[Any, ...] | None:
        """Everything the page's context is made from; None for a kind without a rule."""
        rule: Callable[[PageSpec], tuple[Any, ...]] | None = self._rules.get(page.template)
        if rule is None:
            return None
        history = self.renderer.history
        entry = page.context.get("entry")
        path = entry.path if isinstance(entry, Entry) else None
        told = (history.of(path), history.scopes.get(path)) if history is not None and path else ()
        return (shared, page.src, page.template, page.title, page.tags, page.source, page.in_nav,
                tuple(page.context.items()), told, rule(page))

    @cached_property
    def _rules(self) -> Mapping[str, Callable[[PageSpec], tuple[Any, ...]]]:
        alone: Callable[[PageSpec], tuple[Any, ...]] = lambda _: ()  # noqa: E731 (the page's entry is all)
        return {
            "workflow.html": self._workflow, "project.html": self._project, "note.html": self._note,
            "ritual.html": alone, "report.html": alone, "procedure.html": alone, "policy.html": alone,
            "changes.html": self._changes, "person.html": self._person, "role.html": self._role,
            "raci.html": self._matrix,
        }

    # One method per kind: what `Renderer._context_<kind>` reads beyond the page's own context,
    # the entry's history and the shared part.

    def _workflow(self, page: PageSpec) -> tuple[Any, ...]:
        return tuple(self._projects_of.get(page.context["entry"].id, ()))

    def _project(self, page: PageSpec) -> tuple[Any, ...]:
        project: Project = page.context["entry"]
        return (self.renderer.plans[project.id], tuple(self._notes_of.get(project.id, ())))

    def _note(self, page: PageSpec) -> tuple[Any, ...]:
        note: Note = page.context["entry"]
        return (self.handbook.get("project", note.project) if note.project else None,)

    def _changes(self, page: PageSpec) -> tuple[Any, ...]:
        """A month's page shows its month (in its own context); `changes/` the newest of the log."""
        history = self.renderer.history
        return (history.log,) if history is not None and "month" not in page.context else ()

    def _matrix(self, _: PageSpec) -> tuple[Any, ...]:
        return (self.handbook.workflows, self.handbook.procedures)

    def _person(self, page: PageSpec) -> tuple[Any, ...]:
        return self._who(page.context["person_id"])

    def _role(self, page: PageSpec) -> tuple[Any, ...]:
        return self._who(page.context["role_id"])

    def _who(self, who: str) -> tuple[Any, ...]:
        """The project tasks on their page and every entry they (or their roles) have a part in."""
        duties = tuple((d.plan, d.task, d.letters, d.via) for d in self.renderer.duties.get(who, ()))
        parts = tuple(self._parts.get(i, ()) for i in identities(self.handbook, who))
        return duties, parts

    @cached_property
    def _projects_of(self) -> dict[str, list[Project]]:
        found: dict[str, list[Project]] = {}
        for project in self.handbook.projects:
            found.setdefault(project.workflow, []).append(project)
        return found

    @cached_property
    def _notes_of(self) -> dict[str, list[Note]]:
        found: dict[str, list[Note]] = {}
        for note in self.handbook.notes:
            if note.project:
                found.setdefault(note.project, []).append(note)
        return found

    @cached_property
    def _parts(self) -> dict[str, tuple[Entry, ...]]:
        return parts_by_id(self.handbook, self.renderer.assignments)


__all__ = ["PageInputs", "same"]
