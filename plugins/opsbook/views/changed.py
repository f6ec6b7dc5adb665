"""The page of the entry a revision changed, as the change log and the weekly recaps link it."""

from __future__ import annotations

from ..core.model import Handbook
from ..core.urls import page_url
from ..history.revisions import stem_of


def changed_entry_url(handbook: Handbook, kind: str | None, path: str) -> str | None:
    """The page, relative to the site root, of the entry a revision of `path` changed: the entry of
    that kind and id (the file's name) in the handbook now. The team file's is the people index
    (none when the team has nobody, and so no such page); none for a file of no kind or an entry
    since removed."""
    if not kind:
        return None
    if kind == "team":
        return "people/" if handbook.team.people else None
    entry = handbook.get(kind, stem_of(path))
    return page_url(entry) if entry is not None else None


__all__ = ["changed_entry_url"]
