"""What each kind of page is made from, so that a `mkdocs serve` rebuild can reuse a page without
working out its context at all.

Under `mkdocs serve` an unchanged file is read into the very same (frozen) entry on every
rebuild (sourcecache.py), and an unchanged project's plan is the very same plan
(`RenderCache.plan`). A page whose inputs are the same objects as last build's, and whose shared
part (templates, settings, the team, every entry's title, the history's commits: `Renderer._shared`)
is the same, shows what it showed then. The inputs are named here per kind of page, beside what
`Renderer._context_<kind>` reads. A page whose inputs changed is rendered again (what it shows
has nearly always changed with them); a kind without a rule is reused by a fingerprint of its
context. `RenderCache.verify` (on in the rebuild tests) holds every rule to that fingerprint: a
page reused for its inputs whose context digests differently is an error, not a stale page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from functools import cached_property
from operator import is_
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..core.carried import Carried
from ..core.model import Entry, Handbook, Note, Procedure, Project, Workflow
from ..views.holdings import HeldIn, held_in, identities, parts_by_id
from ..views.site import PageSpec

if TYPE_CHECKING:
    from .renderer import Renderer

#: Values compared by value, as are the (frozen) models; anything else by identity, or field by
#: field when it is a frozen dataclass (plans and history records are made again on every build).
_VALUES = (str, bytes, int, float, bool, dt.date, dt.datetime, type(None))


def same(a: Any, b: Any) -> bool:
    """Whether `a` is what `b` was: the same object, equal plain values, or tuples, lists and
    frozen dataclasses whose parts are the same."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is tuple or kind is list:  # mostly the very same objects: looked at in C first
        return len(a) == len(b) and (all(map(is_, a, b)) or all(map(same, a, b)))
    if kind in _VALUES or isinstance(a, BaseModel):  # models are frozen: equal values, equal pages
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
        self._this_build: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # `_who_parts`, once per build

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
        """The project tasks on their page and their part in every entry they (or their roles)
        have one in. The package's templates show the projects and entries there only as links
        (`Renderer.fingerprint` digests them so): then only that part counts, and an edit to a
        task of someone else's leaves their page as it was."""
        links_only = not self.renderer._overridden
        ordered = identities(self.handbook, who)
        rows = self.renderer.duties.get(who, ())
        # The same duties (kept with their plans) give the very same tuple as last build.
        kept = self._kept.get(("duties", who, links_only),
                              lambda k: len(k[0]) == len(rows) and all(map(is_, k[0], rows)))
        if kept is None:
            kept = self._kept.put(("duties", who, links_only), (tuple(rows), tuple(
                (d.plan.project if links_only else d.plan, d.task, d.letters, d.via) for d in rows)))
        return kept[1], self._who_parts(ordered, links_only)[1]

    def held_in(self, ordered: tuple[str, ...], entry: Workflow | Procedure) -> HeldIn:
        """What `ordered` hold in a workflow or procedure, for their page (`holdings.holdings_of`):
        the very object the last build made while the entry is the same object."""
        held = self._who_parts(ordered, not self.renderer._overridden)[2][(entry.kind, entry.id)][2]
        assert held is not None, "held_entries names only workflows and procedures with tasks or steps"
        return held  # type: ignore[no-any-return]

    def held_entries(self, ordered: tuple[str, ...]) -> list[Workflow | Procedure]:
        """The workflows and procedures `ordered` hold a task or step in, in the handbook's order."""
        entries = {id(e): e for i in ordered for e in self._parts.get(i, ()) if id(e) in self._items_of}
        return sorted(entries.values(), key=lambda e: self._position[id(e)])

    def _who_parts(self, ordered: tuple[str, ...], links_only: bool) -> tuple[Any, ...]:
        """(the entries `ordered` have a part in, one for each of their ids; their part in each,
        in that order; by entry, (entry, part, what they hold in it)). The parts are kept across
        builds while the entry is the same object; when every entry is, so is the whole."""
        key = (ordered, links_only)
        found = self._this_build.get(key)
        if found is not None:
            return found
        entries = tuple(e for i in ordered for e in self._parts.get(i, ()))
        kept = self._kept.get(key, lambda _: True)
        if kept is None or len(kept[0]) != len(entries) or not all(map(is_, kept[0], entries)):
            last = kept[2] if kept is not None else {}
            by_entry: dict[tuple[str, str], tuple[Entry, tuple[Any, ...], HeldIn | None]] = {}
            for entry in entries:
                at = (entry.kind, entry.id)
                part = by_entry.get(at) or last.get(at)
                if part is None or part[0] is not entry:
                    part = self._part(ordered, entry, links_only)
                by_entry[at] = part
            kept = self._kept.put(key, (entries, tuple(by_entry[(e.kind, e.id)][1] for e in entries), by_entry))
        self._this_build[key] = kept
        return kept

    def _part(self, ordered: tuple[str, ...], entry: Entry, links_only: bool) -> tuple[Entry, tuple[Any, ...], HeldIn | None]:
        """(entry, what `ordered` (a person and their roles, or a role) hold in it: the tasks or
        steps with their letters, and the fields that name them in it; the same as a HeldIn)."""
        held = held_in(ordered, entry, self._items_of[id(entry)]) if id(entry) in self._items_of else None  # type: ignore[arg-type]
        items = tuple((d.item, d.letters, d.via) for d in held.duties) if held is not None else ()
        named = tuple(getattr(entry, name, None) for name in ("owner", "audience", "attendees"))
        part = ((entry.kind, entry.id, entry.display_title, named) if links_only else entry, items)
        return entry, part, held

    @cached_property
    def _kept(self) -> Carried[tuple[Any, ...], tuple[Any, ...]]:
        cache = self.renderer.cache
        return cache.parts if cache is not None else Carried()

    @cached_property
    def _position(self) -> dict[int, int]:
        """Where each workflow and procedure stands in the handbook (and in `assignment_table`)."""
        return {id(e): n for n, e in enumerate((*self.handbook.workflows, *self.handbook.procedures))}

    @cached_property
    def _items_of(self) -> dict[int, list[tuple[Any, dict[str, str]]]]:
        """Each workflow's and procedure's tasks or steps with who holds which letters, by entry."""
        found: dict[int, list[tuple[Any, dict[str, str]]]] = {}
        for entry, item, held in self.renderer.assignments:
            found.setdefault(id(entry), []).append((item, held))
        return found

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
