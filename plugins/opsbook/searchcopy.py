"""The copy of a page that a search indexer reads: the same words under the same headings,
without the markup that only lays them out.

MkDocs' search plugins (Material's and MkDocs' own) index a page by running `html.parser` over
its whole HTML, and their handlers do work for every tag: on a page of large tables (a workflow's
tasks and RACI, a person's duties) that costs several times what rendering the page did. Given
this copy instead, an indexer finds the same sections (same heading ids and titles) with the same
text, up to the length of runs of white space, which neither indexer's tokenizer nor a search
result's snippet can tell apart.

What is dropped is every tag that cannot change what an indexer records:
- void elements (`<br>`, `<img>`) and comments, which both indexers skip;
- end tags that close nothing (`html.parser`'s indexers ignore an end tag that does not match the
  innermost open element);
- elements that are closed and are not, and do not contain, a heading, and are not among the tags
  Material keeps in its index (`p`, `code`, `pre`, `li`, `ol`, `ul`, `sub`, `sup`). Material
  tracks how deep a heading is to tell when its section ends, so the elements around headings
  stay, as do elements left open, and the first element (Material opens the first section on it).

Headings and `pre` blocks are copied as they are. A page this cannot read the way `html.parser`
does (a `<!DOCTYPE>`, a `<script>` or `<style>`, a stray `<`) or that uses Material's
`data-search-exclude` is returned unchanged.
"""

from __future__ import annotations

import re

__all__ = ["search_copy"]

# A comment, or a start or end tag whose attribute values may hold ">" inside quotes.
_TOKENS = re.compile(r"""(<(?:!--.*?--|/?[A-Za-z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>)""", re.DOTALL)
_NAME = re.compile(r"</?([A-Za-z][^\t\n\r\f />\x00]*)")
# Everything html.parser may read as markup: each must be one of the tokens above.
_MARKUP = re.compile(r"<[!/?A-Za-z]")
# Markup that asks an indexer to leave something out: only a full parse honours it exactly.
_EXCLUSIONS = ("data-search", "linenodiv")

_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"])
_KEPT = frozenset(["p", "code", "pre", "li", "ol", "ul", "sub", "sup"])
_VERBATIM = frozenset(["h1", "h2", "h3", "h4", "h5", "h6", "pre"])
# Elements whose content html.parser does not read as markup, or that indexers skip whole.
_RAW = frozenset(["script", "style", "object", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                  "noscript", "plaintext"])

_DROP, _KEEP, _AS_IS = 0, 1, 2
_NAMES: dict[str, str] = {}
_NAMED_LENGTH, _NAMED_MAX = 48, 8192


def search_copy(html: str, *, separator: str = "") -> str:
    """`html` without the tags a search indexer does not need (see the module's docstring).

    `separator` is put where dropped tags stood between two runs of text: MkDocs' own indexer
    joins the text between tags with a space, so it needs `" "`; Material's joins it with
    nothing, so it needs `""`.
    """
    lowered = html.lower()  # a case-insensitive regular expression would take ten times as long
    if any(marker in lowered for marker in _EXCLUSIONS):
        return html
    parts = _TOKENS.split(html)  # text, tag, text, tag, ..., text
    count = len(parts)
    if (count - 1) // 2 != len(_MARKUP.findall(html)):
        return html
    fate = bytearray(count)
    closed_by: dict[int, int] = {}
    starts: list[int] = []  # the open elements, as html.parser's indexers keep them: tokens
    names: list[str] = []   # and their tag names
    first = True
    for i in range(1, count, 2):
        token = parts[i]
        name = _NAMES.get(token)
        if name is None:
            if token[1] == "!":
                continue
            name = _name(token)
        if token[1] == "/":
            if names and names[-1] == name:
                names.pop()
                start = starts.pop()
                closed_by[start] = i
                if fate[start]:
                    fate[i] = _KEEP
            continue
        if name in _VOID:
            continue
        if name in _RAW:
            return html
        if name in _VERBATIM:
            for start in starts:
                fate[start] = fate[start] or _KEEP
            fate[i] = _AS_IS
        elif name in _KEPT or first:
            fate[i] = _KEEP  # and the first element: Material opens the page's first section on it
        first = False
        if token.endswith("/>"):
            closed_by[i] = i  # html.parser reads `<x/>` as `<x></x>`
        else:
            starts.append(i)
            names.append(name)
    for start in starts:
        fate[start] = fate[start] or _KEEP
    return _assemble(parts, fate, closed_by, separator)


def _name(token: str) -> str:
    """A tag's name as html.parser gives it; remembered for tags without attributes (`<td>`)."""
    found = _NAME.match(token)
    assert found is not None
    name = found.group(1).lower()
    if len(token) <= _NAMED_LENGTH and len(_NAMES) < _NAMED_MAX:
        _NAMES[token] = name
    return name


def _assemble(parts: list[str], fate: bytearray, closed_by: dict[int, int], separator: str) -> str:
    out = [parts[0]]
    count = len(parts)
    cut = False  # a tag was dropped since the last text or kept tag
    i = 1
    while i < count:
        verdict = fate[i]
        if verdict == _AS_IS:
            end = closed_by.get(i)
            if end is None:  # never closed: all the rest is inside it
                out.extend(parts[i:])
                break
            out.extend(parts[i:end + 2])
            cut = False
            i = end + 2
            continue
        if verdict:
            out.append(parts[i])
            cut = False
        else:
            cut = True
        text = parts[i + 1]
        if text:
            if cut and separator:
                out.append(separator)
            cut = False
            out.append(text)
        i += 2
    return "".join(out)
