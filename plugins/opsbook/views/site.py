"""The pages the handbook becomes, as data: where each lives, its title, tags and source file.

Nothing here knows MkDocs: a page is a path, a title and a template with its context. The
MkDocs plugin turns them into generated files; another front end could do the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape

from ..core.model import Handbook, Note
from ..core.urls import SECTIONS, entry_src, relative_url, url_of
from ..history import History
from ..history.archive import months
from .recap import Week

# The URL rules live in core/urls.py; they are re-exported for the callers that take them from here.
__all__ = ["SECTIONS", "PageSpec", "entry_src", "relative_url", "site_pages", "url_of"]


#: Material's search ranks an entry's own page above pages that merely mention its title.
ENTRY_SEARCH_BOOST = 2


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
    searched: bool = True
    """False for a page that only repeats what other pages hold (the status board): search leaves it out."""

    @property
    def url(self) -> str:
        """The page's directory URL, relative to the site root."""
        return url_of(self.src)

    def meta(self) -> dict[str, Any]:
        """What the page tells the theme and search, as a Markdown page's front matter would: its
        title and tags (escaped: the theme's templates print them as they are), the handbook file it
        shows, and its place in search (an entry's own page first; a page that only repeats others
        left out)."""
        meta: dict[str, Any] = {"title": str(escape(self.title))}
        if self.tags:
            meta["tags"] = [str(escape(t)) for t in self.tags]
        if self.source:
            meta["source"] = self.source
        if not self.searched:
            meta["search"] = {"exclude": True}
        elif self.source:
            meta["search"] = {"boost": ENTRY_SEARCH_BOOST}
        return meta


def site_pages(handbook: Handbook, history: History | None = None, recaps: Sequence[Week] = ()) -> Iterator[PageSpec]:
    """Every page the handbook generates; with its history, a page per month of the change log;
    with the weekly recaps (`recap.recap_weeks`), theirs."""
    this_week = {"this_week": recaps[0]} if recaps and recaps[0].current else {}  # the hub links to it
    yield PageSpec("hub/index.md", "Resource hub", "hub.html", this_week, source=None)
    if handbook.projects:
        yield PageSpec("board/index.md", "Status board", "board.html", {}, searched=False)
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
            yield PageSpec(src, entry.display_title, template, {"entry": entry}, tags=entry.tags, source=entry.path)
    if handbook.workflows or handbook.procedures:
        yield PageSpec("raci/index.md", "Who does what (RACI)", "raci.html", {})
    by_month = months(history, handbook.timezone) if history is not None else ()
    yield PageSpec("changes/index.md", "Changes", "changes.html", {"months": by_month})
    for month in by_month:
        yield PageSpec(
            month.src, f"Changes in {month.title}", "changes.html", {"month": month, "months": by_month}, in_nav=False
        )
    if recaps:
        yield PageSpec("recaps/index.md", "Weekly recaps", "recaps.html", {"weeks": tuple(recaps)})
    for i, week in enumerate(recaps):  # newest first
        around = {"newer": recaps[i - 1] if i else None, "older": recaps[i + 1] if i + 1 < len(recaps) else None}
        yield PageSpec(
            week.src, f"Recap of {week.title.lower()}", "recaps.html", {"week": week, **around}, in_nav=False
        )
    team = handbook.team
    if team.people:
        yield PageSpec("people/index.md", "People", "people.html", {})
    for pid, person in team.people.items():
        yield PageSpec(f"people/{pid}.md", person.name, "person.html", {"person_id": pid}, source=team.path)
    if team.people:
        yield PageSpec("workload/index.md", "Workload", "workload.html", {})
    if handbook.projects:
        yield PageSpec("performance/index.md", "Team performance", "performance.html", {})
    if team.roles:
        yield PageSpec("roles/index.md", "Roles", "roles.html", {})
    for rid, role in team.roles.items():
        yield PageSpec(f"roles/{rid}.md", role.title, "role.html", {"role_id": rid}, source=team.path)
    yield PageSpec("calendars/index.md", "Calendars", "calendars.html", {})
