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
# The tag names in any case; a first letter given as a class keeps the search fast.
_IMAGE_TAG = re.compile(rf"<([iI](?i:mg|mage|nput)|[sS](?i:ource)|[vV](?i:ideo))(\s{_ATTRS})?/?>")
# CSS that may load an image: a style attribute or a <style> block. Looked for only in a page
# that has `url(` (or `url&...;`, an entity for the bracket) or `image-set` in any case, which
# few pages do.
_CSS_HINTS = ("url(", "url&", "image-set")
_STYLED_TAG = re.compile(rf"<[A-Za-z][^\s/>]*(\s{_ATTRS})/?>")
_STYLE_BLOCK = re.compile(r"<style(?:\s[^>]*)?>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s"']*))\s*\)""", re.IGNORECASE)
_CSS_IMAGE_SET = re.compile(r"image-set\(([^)]*)\)", re.IGNORECASE)
_CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")
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
    """Every image URL in a page, in page order: `<img src>`, the `srcset` of `<img>` and
    `<source>`, `<input type=image src>`, `<video poster>`, SVG `<image href>` (or `xlink:href`),
    and CSS `url()` and `image-set()` in style attributes and `<style>` blocks."""
    found: list[tuple[int, str]] = []
    for match in _IMAGE_TAG.finditer(html):
        tag = match.group(1).lower()
        attrs = _attributes(match.group(2))
        at = match.start()
        if tag == "img" or (tag == "input" and attrs.get("type", "").strip().lower() == "image"):
            if attrs.get("src"):
                found.append((at, attrs["src"]))
        elif tag == "video" and attrs.get("poster"):
            found.append((at, attrs["poster"]))
        elif tag == "image":
            link = attrs.get("href") or attrs.get("xlink:href")
            if link:
                found.append((at, link))
        if tag in ("img", "source"):
            for candidate in attrs.get("srcset", "").split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    found.append((at, url))
    lowered = html.lower()  # a case-insensitive regular expression would take ten times as long
    if any(hint in lowered for hint in _CSS_HINTS):
        found.extend(_css_images(html))
        found.sort(key=lambda item: item[0])  # stable: a tag's own images keep their order
    return [url for _, url in found]


def _css_images(html: str) -> list[tuple[int, str]]:
    """The images of the page's style attributes and <style> blocks, each at its tag."""
    found: list[tuple[int, str]] = []
    for match in _STYLED_TAG.finditer(html):
        if "style" in match.group(1).lower():
            style = _attributes(match.group(1)).get("style")
            if style:
                found.extend((match.start(), url) for url in css_urls(style))
    for match in _STYLE_BLOCK.finditer(html):
        found.extend((match.start(), url) for url in css_urls(match.group(1)))
    return found


def css_urls(css: str) -> list[str]:
    """The URLs a piece of CSS loads images from: `url(...)` and the strings of `image-set(...)`."""
    found = [(m.start(), next(v for v in m.group(1, 2, 3) if v is not None)) for m in _CSS_URL.finditer(css)]
    for image_set in _CSS_IMAGE_SET.finditer(css):
        found.extend(
            (image_set.start(1) + m.start(), m.group(1) if m.group(1) is not None else m.group(2))
            for m in _CSS_STRING.finditer(image_set.group(1))
        )
    return [url.strip() for _, url in sorted(found) if url.strip()]
