"""The change log as an Atom feed (RFC 4287), one entry per commit, written whole."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zoneinfo

from markupsafe import escape

from .archive import month_key
from .records import CommitLog, History

ATOM = "http://www.w3.org/2005/Atom"
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
    ET.register_namespace("", ATOM)
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    page = f"{base}changes/"
    tz = zoneinfo.ZoneInfo(timezone)
    groups = committed.groups[:MAX_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{title}: changes"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = page if base else "urn:opsbook:changes"
    newest = groups[0][0].date if groups else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest.isoformat()
    ET.SubElement(feed, f"{{{ATOM}}}link", href=page or "./", rel="alternate", type="text/html")
    if base:
        ET.SubElement(feed, f"{{{ATOM}}}link", href=f"{base}changes/feed.xml", rel="self", type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "opsbook"
    for commit, revisions in groups:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = commit.subject
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:opsbook:commit:{commit.sha}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = commit.date.isoformat()
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = commit.author
        month = f"{page}{month_key(commit.date, tz)}/"
        link = f"{repo_url.rstrip('/')}/commit/{commit.sha}" if repo_url else f"{month}#commit-{commit.sha[:12]}"
        ET.SubElement(entry, f"{{{ATOM}}}link", href=link, rel="alternate")
        html = "".join(
            f"<h3>{escape(r.title)}</h3><ul>" + "".join(f"<li>{escape(str(c))}</li>" for c in r.changes) + "</ul>"
            for r in revisions
        )
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = html
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
