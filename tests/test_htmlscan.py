"""The page scans (headings for the table of contents, images for the licence gate) agree with a
full html.parser pass over the same HTML, on every page of the example site and on awkward markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from markupsafe import escape
from opsbook.render.htmlscan import headings, image_sources


class _Oracle(HTMLParser):
    """An independent reading: every h2/h3 with an id, and every image URL."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens: list[dict[str, Any]] = []
        self.sources: list[str] = []
        self._open: dict[str, Any] | None = None
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {}
        for name, value in attrs:
            found.setdefault(name, value or "")
        if tag in ("h2", "h3") and found.get("id"):
            self._open = {"level": int(tag[1]), "id": found["id"], "name": "", "html": "", "children": []}
        if tag == "img" and found.get("src"):
            self.sources.append(found["src"])
        if tag == "input" and found.get("type", "").strip().lower() == "image" and found.get("src"):
            self.sources.append(found["src"])
        if tag == "video" and found.get("poster"):
            self.sources.append(found["poster"])
        if tag == "image" and (found.get("href") or found.get("xlink:href")):
            self.sources.append(found.get("href") or found["xlink:href"])
        if tag in ("img", "source"):
            self.sources += [c.strip().split(" ")[0] for c in found.get("srcset", "").split(",") if c.strip()]
        self.sources += _css(found.get("style") or "")
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.sources += _css(data)
        if self._open is not None:
            self._open["name"] += str(escape(data))
            self._open["html"] += str(escape(data))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if self._open is not None and tag in ("h2", "h3"):
            token, self._open = self._open, None
            if token["level"] == 3 and self.tokens:
                self.tokens[-1]["children"].append(token)
            else:
                self.tokens.append(token)


def _css(css: str) -> list[str]:
    """The image URLs of some CSS, read token by token: url(...) and the strings of image-set(...)."""
    found = []
    depth_in_set = None
    tokens = re.finditer(
        r"""(?i)(url\(\s*(?:"[^"]*"|'[^']*'|[^)\s"']*)\s*\))|(image-set\()|("[^"]*"|'[^']*')|(\))""", css
    )
    for token in tokens:
        if token.group(1):
            inner = token.group(1)[4:-1].strip()
            found.append(inner[1:-1].strip() if inner[:1] in "\"'" and inner else inner)
        elif token.group(2):
            depth_in_set = True
        elif token.group(3) and depth_in_set:
            found.append(token.group(3)[1:-1].strip())
        elif token.group(4):
            depth_in_set = None
    return [url for url in found if url]


def oracle(html: str) -> _Oracle:
    parser = _Oracle()
    parser.feed(html)
    parser.close()
    return parser


def test_every_example_page_reads_the_same(example_build) -> None:
    pages = sorted(example_build.site.rglob("*.html"))
    assert len(pages) > 20
    seen_headings = seen_images = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        expected = oracle(html)
        assert headings(html) == expected.tokens, page
        assert image_sources(html) == expected.sources, page
        seen_headings += len(expected.tokens)
        seen_images += len(expected.sources)
    assert seen_headings > 50 and seen_images > 0  # the comparison covered real headings and images


@pytest.mark.parametrize(
    "html",
    [
        '<h2 id="a">Plain</h2><h3 id="b">Under <code>a</code> &amp; more</h3><h3 id="c">Second</h3>',
        "<H2 ID='up'>Upper <EM>case</EM></H2>",
        '<h3 id="first">h3 before any h2</h3><h2 id="x">x</h2>',
        '<h2>No id</h2><h2 id="">Empty id</h2><h2 class="x" id="kept" data-x="a>b">Quoted &gt; in attrs</h2>',
        '<h2 id="q">Fish &amp; chips &lt;3 &#x2014; “quoted”</h2>',
        '<h2 id="m">Two\nlines</h2>',
        '<img src="a.png"><img alt="x>y" src=\'b.png\' srcset="c.png 1x, d.png 2x">'
        '<picture><source srcset="e.webp"><img src="f.png"></picture><img src="">',
        '<IMG SRC="upper.png"/><img data-src="lazy.png"><p>img src="not-a-tag.png"</p>',
        '<img src="x.png?a=1&amp;b=2">',
        '<input type="image" src="go.png"><INPUT TYPE=" Image " SRC="up.png"><input src="text-box.png">',
        '<video poster="still.jpg" src="clip.mp4"></video><video src="none.mp4"></video>',
        '<svg><image href="a.svg"/><image xlink:href="b.svg"></image><image href="c.svg" xlink:href="d.svg"/></svg>',
        '<p style="background: url(a.png)">x</p><div STYLE="background:URL( \'b.png\' ), url(&quot;c.png&quot;)">'
        '<span style="color: red">no url</span></div><div style="background:url&#40;d.png&#41;"></div>',
        '<style>.hero { background: url("e.png") } .x { background-image: image-set("f.png" 1x, url(g.png) 2x) }</style>'
        '<img src="h.png"><style type="text/css">p{background:url(i.png)}</style>',
    ],
)
def test_awkward_markup_reads_as_html_parser_reads_it(html: str) -> None:
    expected = oracle(html)
    assert headings(html) == expected.tokens
    assert image_sources(html) == expected.sources
