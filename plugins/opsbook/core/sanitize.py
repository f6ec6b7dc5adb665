"""Markdown fields rendered to HTML and sanitised: playbooks arrive by pull request (SPEC §9).

Besides script, a sanitised field loads nothing from another host: an image there would tell
that host who reads the handbook, and when. The loader refuses such an image at its field
(`remote_images`); the sanitiser drops any that reaches it all the same.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import markdown as markdown_lib
import nh3
from markupsafe import Markup

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "code": {"class"},
    "ol": {"start"},
}
# No javascript: or data: URLs; relative links (to other pages of the site) stay.
_SCHEMES = {"http", "https", "mailto"}
_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "smarty"]
# What a browser removes from a URL before reading it (the URL standard's first steps).
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_INSIDE = re.compile(r"[\t\n\r]")
# Where an <img> may start: HTML parsers read `<image>` as `<img>` too.
_IMAGE_START = re.compile(r"<im", re.IGNORECASE)


def markdown_to_html(text: str | None) -> Markup:
    """Render a Markdown field and strip anything that could run script or load from elsewhere."""
    if not text:
        return Markup("")
    return Markup(_clean(markdown_lib.markdown(text, extensions=_EXTENSIONS, output_format="html"), None))


def remote_images(text: str | None) -> list[str]:
    """The images a Markdown field would load from another host, in the order they appear."""
    # An image is `![...]` in Markdown or an <img> in HTML: a field with neither has none.
    if not text or ("![" not in text and "<" not in text):
        return []
    found: list[str] = []
    _clean(markdown_lib.markdown(text, extensions=_EXTENSIONS, output_format="html"), found)
    return found


def loads_from_elsewhere(url: str) -> bool:
    """Whether a browser reads `url` (in a page of the site) as on another host: it names a
    scheme, or a host (`//host/p.gif`, and `\\\\host`, `/\\t/host` and the like, which browsers
    read the same way)."""
    cleaned = _URL_INSIDE.sub("", url.strip(_URL_EDGES)).replace("\\", "/")
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # an address Python cannot read: assume the worst
        return True
    return bool(parts.scheme or parts.netloc or cleaned.startswith("//"))


def _clean(html: str, found: list[str] | None) -> str:
    def local_only(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and loads_from_elsewhere(value):
            if found is not None:
                found.append(value)
            return None
        return value

    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        # Only a page with an image needs each attribute looked at.
        attribute_filter=local_only if _IMAGE_START.search(html) else None,
    )
