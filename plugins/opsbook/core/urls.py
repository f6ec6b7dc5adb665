"""Where each page of the site lives (SPEC §5): the URL rules every output links by.

The calendars, the catalogue, the hub and the renderer all link to entry pages, so the rules
sit here, below all of them, rather than with the list of pages in `views/site.py`.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

from .model import Entry, Note, Policy, Procedure, Project, Report, Ritual, Workflow

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


def url_of(src: str) -> str:
    """The directory URL of a page, relative to the site root: `workflows/webinar.md` → `workflows/webinar/`."""
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


def page_url(entry: Entry) -> str:
    """The URL of the page that shows an entry, relative to the site root: its own page, or the
    hub for kinds with none (team, links, assets)."""
    return url_of(entry_src(entry) or "hub/index.md")
