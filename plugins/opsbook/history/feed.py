"""The change log as an Atom feed (RFC 4287), one entry per commit, written whole."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zoneinfo

from markupsafe import escape

from .archive import month_key
from .atom import ATOM, EPOCH, FeedLinks, entry_head, feed_head
from .records import CommitLog, History

FEED_PATH = "changes/feed.xml"
MAX_ENTRIES = 100


def atom_feed(
    history: History, *, title: str, site_url: str | None, repo_url: str | None = None, timezone: str = "UTC"
) -> bytes:
    """The feed's bytes. Uncommitted changes are left out: a feed is for what was published. An
    entry links to its commit on the repository host, or else to the commit on its month's page.
    Written once per committed history and settings (see CommitLog)."""
    committed = history.committed
    return committed.derived(
        "atom", (title, site_url, repo_url, timezone), lambda: _atom(committed, title, site_url, repo_url, timezone)
    )


def _atom(committed: CommitLog, title: str, site_url: str | None, repo_url: str | None, timezone: str) -> bytes:
    links = FeedLinks(FEED_PATH, site_url)
    tz = zoneinfo.ZoneInfo(timezone)
    groups = committed.groups[:MAX_ENTRIES]
    newest = groups[0][0].date if groups else EPOCH
    feed = feed_head(links, title=f"{title}: changes", name="changes", updated=newest)
    for commit, revisions in groups:
        month = f"{links.folder}{month_key(commit.date, tz)}/#commit-{commit.sha[:12]}"
        link = f"{repo_url.rstrip('/')}/commit/{commit.sha}" if repo_url else links.href(month)
        entry = entry_head(
            feed,
            title=commit.subject,
            entry_id=f"urn:opsbook:commit:{commit.sha}",
            updated=commit.date,
            author=commit.author,
            link=link,
        )
        html = "".join(
            f"<h3>{escape(r.title)}</h3><ul>" + "".join(f"<li>{escape(str(c))}</li>" for c in r.changes) + "</ul>"
            for r in revisions
        )
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = html
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
