"""Reading back what a rendered page shows: its headings and the images it loads.

Pages can be large (a role's duties, the change log), and a full HTML parse of each costs more
than rendering it, so both scans find their tags with one regular expression over the page and
parse only the tags found. The results are those of a full `html.parser` pass: attribute values
and text are unescaped the same way.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from markupsafe import escape

# A start tag whose attribute values may hold ">" inside quotes.
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_HEADING = re.compile(rf"<h([23])(\s{_ATTRS})?>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_IMAGE_TAG = re.compile(rf"<(img|source)(\s{_ATTRS})?/?>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_TAG = re.compile(rf"</?[A-Za-z][^\s/>]*{_ATTRS}>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _attributes(text: str | None) -> dict[str, str]:
    """A tag's attributes by lower-case name; the first of a repeated name wins, as in browsers."""
    found: dict[str, str] = {}
    for match in _ATTR.finditer(text or ""):
        name = match.group(1).lower()
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        found.setdefault(name, unescape(value))
    return found


def headings(html: str) -> list[dict[str, Any]]:
    """The h2 and h3 headings that have an id, as MkDocs' table-of-contents tokens (h3 under h2)."""
    tokens: list[dict[str, Any]] = []
    for match in _HEADING.finditer(html):
        ident = _attributes(match.group(2)).get("id")
        if not ident:
            continue
        text = str(escape(unescape(_TAG.sub("", _COMMENT.sub("", match.group(3))))))
        token = {"level": int(match.group(1)), "id": ident, "name": text, "html": text, "children": []}
        if token["level"] == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def image_sources(html: str) -> list[str]:
    """Every image URL in a page: `<img src>`, and the `srcset` of `<img>` and `<source>`."""
    sources: list[str] = []
    for match in _IMAGE_TAG.finditer(html):
        attrs = _attributes(match.group(2))
        if match.group(1).lower() == "img" and attrs.get("src"):
            sources.append(attrs["src"])
        for candidate in attrs.get("srcset", "").split(","):
            url = candidate.strip().split(" ")[0]
            if url:
                sources.append(url)
    return sources
