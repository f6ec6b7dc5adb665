"""The pages the handbook becomes, as data: where each lives, its title, tags and source file.

Nothing here knows MkDocs: a page is a path, a title and a template with its context. The
MkDocs plugin turns them into generated files; another front end could do the same.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..core.model import Entry, Handbook, Note, Policy, Procedure, Project, Report, Ritual, Workflow
from ..history import History
from ..history.archive import months

#: Folder of each kind's pages (SPEC §5), in the order the navigation lists them.
SECTIONS: dict[type[Entry], tuple[str, str]] = {
    Workflow: ("workflows", "Workflows"),
    Project: ("projects", "Projects"),
    Ritual: ("rituals", "Rituals"),
    Report: ("reports", "Reports"),
    Policy: ("policies", "Policies"),
    Procedure: ("procedures", "Procedures"),
    Note: ("notes", "Notes"),
}


@dataclass(frozen=True)
class PageSpec:
    """One generated page."""

    src: str
    """Its path as if it were a Markdown file in docs/, e.g. `workflows/webinar.md`."""
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict, compare=False)
    tags: tuple[str, ...] = ()
    source: str | None = None
    """The handbook file it shows, relative to the handbook root, for "edit this page"."""
    in_nav: bool = True
    """False for pages reached from another page only (the change log's months)."""

    @property
    def url(self) -> str:
        """The page's directory URL, relative to the site root."""
        return url_of(self.src)


def url_of(src: str) -> str:
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=65536)
def relative_url(from_url: str, to_url: str) -> str:
    """A link from one directory URL to another (or to a file such as `calendars/team.ics`)."""
    rel = posixpath.relpath("/" + to_url, "/" + (from_url or "."))
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


def entry_src(entry: Entry) -> str | None:
    """Where an entry's page lives; None for kinds shown only on the hub (team, links, assets)."""
    for cls, (folder, _) in SECTIONS.items():
        if isinstance(entry, cls):
            return f"{folder}/{entry.id}.md"
    return None


def site_pages(handbook: Handbook, history: History | None = None) -> Iterator[PageSpec]:
    """Every page the handbook generates; with its history, a page per month of the change log."""
    yield PageSpec("hub/index.md", "Resource hub", "hub.html", {}, source=None)
    for cls, (folder, heading) in SECTIONS.items():
        entries = handbook.of(cls)
        if cls is Note:
            entries = handbook.notes
        if not entries:
            continue
        yield PageSpec(f"{folder}/index.md", heading, "index.html", {"entries": entries, "kind": folder})
        template = f"{folder[:-1] if folder != 'policies' else 'policy'}.html"
        for entry in entries:
            src = entry_src(entry)
            assert src is not None
            yield PageSpec(src, entry.display_title, template, {"entry": entry},
                           tags=entry.tags, source=entry.path)
    if handbook.workflows or handbook.procedures:
        yield PageSpec("raci/index.md", "Who does what (RACI)", "raci.html", {})
    by_month = months(history, handbook.timezone) if history is not None else ()
    yield PageSpec("changes/index.md", "Changes", "changes.html", {"months": by_month})
    for month in by_month:
        yield PageSpec(month.src, f"Changes in {month.title}", "changes.html", {"month": month, "months": by_month},
                       in_nav=False)
    team = handbook.team
    if team.people:
        yield PageSpec("people/index.md", "People", "people.html", {})
    for pid, person in team.people.items():
        yield PageSpec(f"people/{pid}.md", person.name, "person.html", {"person_id": pid},
                       source=team.path)
    if team.roles:
        yield PageSpec("roles/index.md", "Roles", "roles.html", {})
    for rid, role in team.roles.items():
        yield PageSpec(f"roles/{rid}.md", role.title, "role.html", {"role_id": rid}, source=team.path)
    yield PageSpec("calendars/index.md", "Calendars", "calendars.html", {})
