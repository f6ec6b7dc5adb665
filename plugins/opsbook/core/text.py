"""Text from outside (playbooks, git) made fit for what opsbook writes.

Text enters at two places, the model's text fields and the git reader, and is made writable there
once, so every output (pages, the Atom feed, ICS, the catalogue, `opsbook diff`) can hold it.
Problem messages, printed one per line where CI reads workflow commands, are made one line.
"""

from __future__ import annotations

import re

# XML 1.0 (§2.2) cannot hold C0 controls but tab and line breaks, so an Atom feed holding one
# does not parse; HTML calls DEL and the C1 controls parse errors; RFC 5545 TEXT excludes them all.
# They carry nothing a reader could see, and calendars always dropped them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A lone surrogate (a byte that was not UTF-8, or a YAML "\ud800") cannot be written as UTF-8,
# nor U+FFFE and U+FFFF in XML: each stands for a character that is not there.
_NOT_A_CHARACTER = re.compile("[\ud800-\udfff\ufffe\uffff]")

# What can start a new line or hide text where a message is printed: every control character
# (a line feed starts a GitHub workflow command, ESC a terminal escape), Unicode's line and
# paragraph separators, bidirectional overrides that reorder what a reader sees, and surrogates
# that a UTF-8 terminal cannot be sent.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

#: Where a commit subject or an author's name is cut: one line of a page, never a body.
MAX_LINE_CHARS = 200


def writable(text: str) -> str:
    """`text` as every output can hold it: control characters but tab and line breaks dropped,
    and what is not a character replaced by U+FFFD."""
    return _NOT_A_CHARACTER.sub("\ufffd", _CONTROL.sub("", text))


def one_line(text: str) -> str:
    """`text` with line breaks and other unprintable characters written as escapes (`\\n`,
    `\\x1b`, `\\u202e`), for a message printed on one line."""
    return _UNPRINTABLE.sub(_escape, text)


def shorten(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """`text` cut to at most `limit` characters, the cut shown by an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


#: Small counts as a sentence spells them.
_COUNTS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)  # fmt: skip


def spelled(n: int) -> str:
    """A count as a sentence writes it: `4` → `four`; past twenty (or below none), in figures."""
    return _COUNTS[n] if 0 <= n < len(_COUNTS) else str(n)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
