"""Markdown fields rendered to HTML and sanitised: playbooks arrive by pull request (SPEC §9)."""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from markupsafe import Markup

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "s",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
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


def markdown_to_html(text: str | None) -> Markup:
    """Render a Markdown field and strip anything that could run script."""
    if not text:
        return Markup("")
    html = markdown_lib.markdown(text, extensions=_EXTENSIONS, output_format="html")
    clean = nh3.clean(
        html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
        link_rel="noopener noreferrer", strip_comments=True,
    )
    return Markup(clean)
