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
does (a `<!DOCTYPE>`, a `<script>` or `<style>`, a stray `<`) is returned unchanged, and so is one
that uses Material's `data-search-exclude`, but for the spaces below.

One thing differs, on purpose, for Material: it joins the texts of two elements with nothing, so
the cells of a table written without white space between them (`<td>follow-up</td><td>consent</td>`,
as opsbook writes its tables) would be indexed as one word, `follow-upconsent`, and "consent" would
find nothing. A Markdown table has a line break between its cells, so Material indexes them apart.
The copy for Material puts a space where a tag that sets words apart on the page (a cell, a row,
a line break, a block: `_APART`) stood between two texts, outside headings and `pre`: it reads as
the page would read with white space around each of those tags.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig

__all__ = ["search_copy", "search_separator"]

# The search plugins that index `page.content` in on_page_context with html.parser, and what
# each puts between the texts of two elements.
_SEARCH_SEPARATORS = {"material.plugins.search.plugin": "", "mkdocs.contrib.search": " "}

# A comment, or a start or end tag whose attribute values may hold ">" inside quotes.
_TOKENS = re.compile(r"""(<(?:!--.*?--|/?[A-Za-z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>)""", re.DOTALL)
_NAME = re.compile(r"</?([A-Za-z][^\t\n\r\f />\x00]*)")
# Everything html.parser may read as markup: each must be one of the tokens above.
_MARKUP = re.compile(r"<[!/?A-Za-z]")
# Markup that asks an indexer to leave something out: only a full parse honours it exactly.
_EXCLUSIONS = ("data-search", "linenodiv")

_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
_KEPT = frozenset(["p", "code", "pre", "li", "ol", "ul", "sub", "sup"])
_VERBATIM = frozenset(["h1", "h2", "h3", "h4", "h5", "h6", "pre"])
# Tags that Material drops and a browser shows words apart at: table cells and rows, line breaks
# and block elements. (Material keeps p, li and the like as tags, which its search splits at.)
_APART = frozenset(
    [
        "td",
        "th",
        "tr",
        "br",
        "hr",
        "div",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "figure",
        "figcaption",
        "details",
        "summary",
        "address",
        "fieldset",
        "legend",
        "form",
    ]
)
# Elements whose content html.parser does not read as markup, or that indexers skip whole.
_RAW = frozenset(
    ["script", "style", "object", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"]
)

_DROP, _KEEP, _AS_IS = 0, 1, 2
# Where a tag of _APART sets words apart: before it (a start tag), after it (an end tag), or both
# (`<br>`, `<div/>`). An end tag that closes nothing sets nothing apart, as Material ignores it.
_BEFORE, _AFTER = 1, 2
_APART_AT = {name: _BEFORE | _AFTER if name in _VOID else _BEFORE for name in _APART}
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
        return html if separator else _spaced(html)
    read = _read(html)
    return html if read is None else _assemble(*read[:3], separator, read[4])


def _read(html: str) -> tuple[list[str], bytearray, dict[int, int], int, bytearray] | None:
    """The page as text and tags, each tag's fate, where each element is closed, the index of
    its first element and where each tag sets words apart; None when it must be read by a full
    parse."""
    parts = _TOKENS.split(html)  # text, tag, text, tag, ..., text
    count = len(parts)
    if (count - 1) // 2 != len(_MARKUP.findall(html)):
        return None
    fate = bytearray(count)
    apart = bytearray(count)
    closed_by: dict[int, int] = {}
    starts: list[int] = []  # the open elements, as html.parser's indexers keep them: tokens
    names: list[str] = []  # and their tag names
    first = count
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
                if name in _APART_AT:
                    apart[i] = _AFTER
            continue
        where = _APART_AT.get(name)
        if where:
            apart[i] = _BEFORE | _AFTER if token.endswith("/>") else where
        if name in _VOID:
            continue
        if name in _RAW:
            return None
        if name in _VERBATIM:
            for start in starts:
                fate[start] = fate[start] or _KEEP
            fate[i] = _AS_IS
        elif name in _KEPT or first == count:
            fate[i] = _KEEP  # and the first element: Material opens the page's first section on it
        if first == count:
            first = i
        if token.endswith("/>"):
            closed_by[i] = i  # html.parser reads `<x/>` as `<x></x>`
        else:
            starts.append(i)
            names.append(name)
    for start in starts:
        fate[start] = fate[start] or _KEEP
    return parts, fate, closed_by, first, apart


def _spaced(html: str) -> str:
    """For Material, a page that must keep its tags (it excludes parts of itself from search) with
    a space where a tag sets words apart, so that its table cells are still indexed apart."""
    read = _read(html)
    if read is None or not any(read[4]):
        return html
    parts, fate, closed_by, _, apart = read
    every = bytearray(_AS_IS if verdict == _AS_IS else _KEEP for verdict in fate)
    return _assemble(parts, every, closed_by, "", apart)


def _name(token: str) -> str:
    """A tag's name as html.parser gives it; remembered for tags without attributes (`<td>`)."""
    found = _NAME.match(token)
    assert found is not None
    name = found.group(1).lower()
    if len(token) <= _NAMED_LENGTH and len(_NAMES) < _NAMED_MAX:
        _NAMES[token] = name
    return name


def _assemble(parts: list[str], fate: bytearray, closed_by: dict[int, int], separator: str, apart: bytearray) -> str:
    if not separator:
        return _assemble_spaced(parts, fate, closed_by, apart)
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
            out.extend(parts[i : end + 2])
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
            if cut:
                out.append(separator)
            cut = False
            out.append(text)
        i += 2
    return "".join(out)


def _assemble_spaced(parts: list[str], fate: bytearray, closed_by: dict[int, int], apart: bytearray) -> str:
    """`_assemble` for Material, which joins texts with nothing: a space stands where a tag that
    sets words apart was, between two texts (or a text and a kept tag)."""
    out = [parts[0]]
    count = len(parts)
    gap = False  # such a tag since the last text or kept tag
    # Whether Material has opened its first section (on text or an element, not on `<br>`): before
    # that there are no words to set apart, and a space would open a section of its own.
    opened = bool(parts[0])
    i = 1
    while i < count:
        verdict = fate[i]
        where = apart[i]
        if where & _BEFORE and opened:
            gap = True
        if verdict:
            opened = True
            if gap:
                out.append(" ")
                gap = False
            if verdict == _AS_IS:
                end = closed_by.get(i)
                if end is None:  # never closed: all the rest is inside it
                    out.extend(parts[i:])
                    break
                out.extend(parts[i : end + 2])
                i = end + 2
                continue
            out.append(parts[i])
        if where & _AFTER and opened:
            gap = True
        text = parts[i + 1]
        if text:
            if gap:
                out.append(" ")
                gap = False
            opened = True
            out.append(text)
        i += 2
    return "".join(out)


def search_separator(config: MkDocsConfig) -> str | None:
    """What the site's search plugin puts between two elements' texts, or None when the site has
    no search plugin, more than one, or one that opsbook does not know how it reads a page."""
    modules = {
        type(plugin).__module__
        for plugin in config.plugins.values()
        if getattr(plugin, "config", {}).get("enabled", True) is not False
    }
    known = [module for module in modules if module in _SEARCH_SEPARATORS]
    others = [module for module in modules if "search" in module and module not in _SEARCH_SEPARATORS]
    if len(known) != 1 or others:
        return None
    return _SEARCH_SEPARATORS[known[0]]
