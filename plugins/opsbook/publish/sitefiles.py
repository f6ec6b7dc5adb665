"""Every file a build publishes beside its pages, by site path: the calendar feeds, the change
log's and the recaps' Atom feeds, catalog.json and metrics.json.

One list for every front end: the MkDocs plugin writes these into the site it builds, and
`opsbook build --out` into the docs folder it writes, so neither can leave one out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..calendars import build_calendars, build_stamps, handbook_events, uid_host
from ..core.model import Handbook
from ..core.timings import Timings
from ..history import FEED_PATH, History, atom_feed
from ..views.derived import Derived
from ..views.recap import Week
from .catalog import CATALOG_FILE, catalog_json
from .metrics import METRICS_FILE, metrics_json
from .recap_feed import RECAP_FEED_PATH, recap_feed


@dataclass
class SiteFiles:
    files: dict[str, bytes | str] = field(default_factory=dict)
    """Each file's contents, by its path in the site."""
    feeds: tuple[str, ...] = ()
    """The paths of the calendar feeds among them."""
    notes: list[str] = field(default_factory=list)
    """What the reader should know about them (no site URL, no git for the stamps)."""


def site_files(
    handbook: Handbook,
    derived: Derived,
    history: History | None,
    weeks: Sequence[Week],
    *,
    root: Path,
    site_url: str | None,
    site_name: str,
    repo_url: str | None,
    timings: Timings | None = None,
) -> SiteFiles:
    """The files; `timings` is given the time of the calendars (with the catalogue, which lists
    their events) and of the two Atom feeds (under history)."""
    timings = timings or Timings()
    out = SiteFiles()
    with timings.stage("calendars"):
        plans = list(derived.plans.values())
        events = handbook_events(handbook, uid_host(site_url), plans)
        out.files[CATALOG_FILE] = catalog_json(handbook, site_url, plans, events)
    out.files[METRICS_FILE] = metrics_json(handbook, derived, weeks)
    if history is not None:
        with timings.stage("history"):
            tz = handbook.timezone
            out.files[FEED_PATH] = atom_feed(
                history, title=site_name, site_url=site_url, repo_url=repo_url, timezone=tz
            )
            out.files[RECAP_FEED_PATH] = recap_feed(
                weeks, title=site_name, site_url=site_url, today=handbook.today, timezone=tz
            )
    with timings.stage("calendars"):
        stamps, note = build_stamps(root, history)
        calendars = build_calendars(handbook, stamps, site_url=site_url, site_name=site_name, events=events)
    out.files.update(calendars.files)
    out.feeds = tuple(calendars.files)
    out.notes = [n for n in (note, *calendars.notes) if n]
    return out


__all__ = ["SiteFiles", "site_files"]
