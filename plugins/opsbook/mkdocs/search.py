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

A page whose long tables opsbook made row by row (markup.py) can be read around them: each row
that opens and closes its own elements, none kept or a heading, loses all its tags wherever it
stands, so its copy is its text and can be kept with the row from one `mkdocs serve` build to
the next (`rows`, `kept`). Where that cannot be shown, the whole page is read.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence

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
# Tags that Material drops and a browser shows words apart at: table cells and rows, line breaks
# and block elements. (Material keeps p, li and the like as tags, which its search splits at.)
_APART = frozenset(["td", "th", "tr", "br", "hr", "div", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
                    "caption", "blockquote", "section", "article", "header", "footer", "nav", "aside", "main",
                    "figure", "figcaption", "details", "summary", "address", "fieldset", "legend", "form"])
# Elements whose content html.parser does not read as markup, or that indexers skip whole.
_RAW = frozenset(["script", "style", "object", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                  "noscript", "plaintext"])

_DROP, _KEEP, _AS_IS = 0, 1, 2
# Where a tag of _APART sets words apart: before it (a start tag), after it (an end tag), or both
# (`<br>`, `<div/>`). An end tag that closes nothing sets nothing apart, as Material ignores it.
_BEFORE, _AFTER = 1, 2
_APART_AT = {name: _BEFORE | _AFTER if name in _VOID else _BEFORE for name in _APART}
_NAMES: dict[str, str] = {}
_NAMED_LENGTH, _NAMED_MAX = 48, 8192


def search_copy(html: str, *, separator: str = "", rows: Sequence[Sequence[str]] = (),
                kept: MutableMapping[str, str] | None = None) -> str:
    """`html` without the tags a search indexer does not need (see the module's docstring).

    `separator` is put where dropped tags stood between two runs of text: MkDocs' own indexer
    joins the text between tags with a space, so it needs `" "`; Material's joins it with
    nothing, so it needs `""`.

    `rows` may name runs of table rows that `html` holds, in order, each run as its rows: a row is
    copied on its own (and its copy kept in `kept`, by the row) when it is a closed run of
    elements that only lose their tags, and the rest of the page is read around the runs. Where
    that cannot be shown to read the same as the whole page, the whole page is read.
    """
    lowered = html.lower()  # a case-insensitive regular expression would take ten times as long
    if any(marker in lowered for marker in _EXCLUSIONS):
        return html if separator else _spaced(html)
    if rows:
        composed = _around_rows(html, separator, rows, {} if kept is None else kept)
        if composed is not None:
            return composed
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
    names: list[str] = []   # and their tag names
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


# Stands in the page for each run of rows while the rest of it is read: a character no page holds.
_MARK = "\x00"


def _around_rows(html: str, separator: str, runs: Sequence[Sequence[str]], kept: MutableMapping[str, str]) -> str | None:
    """The copy of `html` made from the copies of its rows and of the rest of the page with a
    mark where each run stood; None when that is not sure to be the whole page's copy.

    A row that starts with a tag, ends with text and holds only elements it closes itself, none
    of which is kept or is or holds a heading, loses all its tags wherever it stands: its copy
    is its texts, each after a separator (for Material, after a space where a tag that sets words
    apart stood before it). It changes neither which elements are open nor what is kept around
    it, and after its closing text no dropped tag is pending, as after the mark. The mark must
    stand in text, after other text (so no separator falls before it), and after the page's first
    element (so words are set apart in it as in the row), outside any `pre` or heading (which are
    copied as they are).
    """
    if _MARK in html:
        return None
    pieces: list[str] = []
    copies: list[str] = []
    pos = 0
    for run in runs:
        if not run:
            continue
        made = []
        for row in run:
            copy = kept.get(row)
            if copy is None:
                copy = _row_copy(row, separator)
                if copy is None:
                    return None
                kept[row] = copy
            made.append(copy)
        text = "".join(run)
        at = html.find(text, pos)
        if at < 0:
            return None
        pieces.append(html[pos:at])
        copies.append("".join(made))
        pos = at + len(text)
    pieces.append(html[pos:])
    read = _read(_MARK.join(pieces))
    if read is None:
        return None
    parts, fate, closed_by, first, apart = read
    marked = [i for i in range(0, len(parts), 2) if _MARK in parts[i]]
    if not marked or marked[0] < first or any(parts[i].startswith(_MARK) for i in marked):
        return None
    for start, verdict in enumerate(fate):
        if verdict == _AS_IS and any(start < i <= closed_by.get(start, len(parts)) for i in marked):
            return None
    framed = _assemble(parts, fate, closed_by, separator, apart).split(_MARK)
    if len(framed) != len(copies) + 1:
        return None
    out = [framed[0]]
    for copy, after in zip(copies, framed[1:], strict=True):
        out.append(copy)
        out.append(after)
    return "".join(out)


def _row_copy(row: str, separator: str) -> str | None:
    """A row's copy when it loses all its tags wherever it stands (see `_around_rows`)."""
    parts = _TOKENS.split(row)
    if parts[0] or not parts[-1] or (len(parts) - 1) // 2 != len(_MARKUP.findall(row)):
        return None
    names: list[str] = []
    spaced = not separator
    out: list[str] = []
    gap = False  # a tag that sets words apart since the last text
    for token, text in zip(parts[1::2], parts[2::2], strict=True):
        if token[1] != "!":
            name = _NAMES.get(token) or _name(token)
            if token[1] == "/":
                if not names or names.pop() != name:
                    return None
            elif name in _RAW or name in _VERBATIM or name in _KEPT:
                return None
            elif name not in _VOID and not token.endswith("/>"):
                names.append(name)
            gap = gap or (spaced and name in _APART)
        if text:
            out.append(separator if separator else " " if gap else "")
            out.append(text)
            gap = False
    if names:
        return None
    return "".join(out)


def _name(token: str) -> str:
    """A tag's name as html.parser gives it; remembered for tags without attributes (`<td>`)."""
    found = _NAME.match(token)
    assert found is not None
    name = found.group(1).lower()
    if len(token) <= _NAMED_LENGTH and len(_NAMES) < _NAMED_MAX:
        _NAMES[token] = name
    return name


def _assemble(parts: list[str], fate: bytearray, closed_by: dict[int, int], separator: str,
              apart: bytearray) -> str:
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
                out.extend(parts[i:end + 2])
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
