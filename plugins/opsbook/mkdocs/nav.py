"""The site's navigation: opsbook's sections in their order, long ones shortened."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..views.site import SECTIONS, PageSpec

NAV_SECTIONS = [
    ("hub", "Resource hub"),
    ("board", "Status board"),
    *SECTIONS.values(),
    ("raci", "Who does what (RACI)"),
    ("people", "People"),
    ("workload", "Workload"),
    ("performance", "Team performance"),
    ("roles", "Roles"),
    ("calendars", "Calendars"),
    ("changes", "Changes"),
    ("recaps", "Weekly recaps"),
]


def arrange(nav: Navigation, pages: Mapping[str, PageSpec], max_entries: int) -> Navigation:
    """opsbook's sections titled and in their order; a section with more generated pages than
    `max_entries` lists only its index page (which lists them all)."""
    order = [folder for folder, _ in NAV_SECTIONS]
    titles = dict(NAV_SECTIONS)

    def rank(item: Any) -> int:
        folder = _folder_of(item)
        return order.index(folder) + 1 if folder in order else 0

    for item in nav.items:
        folder = _folder_of(item)
        if isinstance(item, Section) and folder in titles:
            item.title = titles[folder]
            _shorten(item, pages, max_entries)
    nav.items.sort(key=rank)
    return nav


def _shorten(section: Section, pages: Mapping[str, PageSpec], max_entries: int) -> None:
    """Leave a long section's generated pages out of the sidebar, and pages that another page
    lists (the change log's months): the section's index page links to them all."""
    if not any(isinstance(p, Page) and p.is_index for p in section.children):
        return  # no index page to reach them from: keep them listed
    generated = [p for p in section.children if isinstance(p, Page) and not p.is_index and p.file.src_uri in pages]
    hidden = [p for p in generated if not pages[p.file.src_uri].in_nav]
    if len(generated) - len(hidden) > max_entries:
        hidden = generated
    left_out = {id(p) for p in hidden}
    section.children = [p for p in section.children if id(p) not in left_out]


def _folder_of(item: Any) -> str | None:
    """The top folder of a navigation item's pages."""
    if isinstance(item, Page):
        head, _, rest = item.file.src_uri.partition("/")
        return head if rest else None
    for child in getattr(item, "children", None) or ():
        found = _folder_of(child)
        if found:
            return found
    return None
