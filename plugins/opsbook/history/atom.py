"""What opsbook's Atom feeds (RFC 4287) share: the feed's head and an entry's head, and how a
feed links to the site's pages. The change log's feed (feed.py) and the weekly recaps' feed
(publish/recap_feed.py) are written with it."""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..core.urls import relative_url

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
"""A feed's time when it has no entries."""


@dataclass(frozen=True)
class FeedLinks:
    """How a feed at `path` (`recaps/feed.xml`) links to a page of the site: absolute under the
    site's URL when there is one, or else relative to the feed itself, which is what a feed reader
    resolves a relative link against (not the site's root)."""

    path: str
    site_url: str | None

    @property
    def base(self) -> str:
        """The site's URL with one trailing slash, or "" without one."""
        return self.site_url.rstrip("/") + "/" if self.site_url else ""

    @property
    def folder(self) -> str:
        """The directory URL the feed sits in: `recaps/`."""
        return posixpath.dirname(self.path) + "/"

    def href(self, url: str) -> str:
        """A link to the page whose URL from the site's root is `url` (`recaps/2027-W03/`, with
        an optional `#fragment`): `2027-W03/` from `recaps/feed.xml` without a site URL."""
        page, hash_, fragment = url.partition("#")
        link = self.base + page if self.base else relative_url(self.folder, page)
        return f"{link}{hash_}{fragment}"


def feed_head(links: FeedLinks, *, title: str, name: str, updated: dt.datetime) -> ET.Element:
    """A feed element with its title, id, time, links to its page (the feed's folder) and to
    itself, and generator. Without a site URL the id is `urn:opsbook:<name>` and the feed does
    without a self link, which must be absolute."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = links.href(links.folder) if links.base else f"urn:opsbook:{name}"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat()
    ET.SubElement(feed, f"{{{ATOM}}}link", href=links.href(links.folder), rel="alternate", type="text/html")
    if links.base:
        ET.SubElement(feed, f"{{{ATOM}}}link", href=links.href(links.path), rel="self", type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "opsbook"
    return feed


def entry_head(
    feed: ET.Element, *, title: str, entry_id: str, updated: dt.datetime, author: str, link: str
) -> ET.Element:
    """An entry of `feed` with its title, id, time, author and link (already made absolute or
    relative to the feed); the caller adds its summary and content."""
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    ET.SubElement(entry, f"{{{ATOM}}}title").text = title
    ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = updated.isoformat()
    ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
    ET.SubElement(entry, f"{{{ATOM}}}link", href=link, rel="alternate")
    return entry


__all__ = ["ATOM", "EPOCH", "FeedLinks", "entry_head", "feed_head"]
