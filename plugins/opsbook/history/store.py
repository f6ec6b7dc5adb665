"""Parsed revisions kept on disk by blob id, in `<handbook root>/.cache/opsbook/`, so that a
build on a machine that built before reads each old revision's YAML once, not once per build.

A blob's parse depends on nothing but its bytes, whether it is Markdown, and the reader's code:
an entry is kept under the blob id and its kind of file, in a file named for a digest of the
reader's modules and the YAML libraries' versions, so a changed reader never meets what an
older one wrote. The file is a cache, never a source: it is written whole and renamed into
place; one that does not read as this format (cut short, edited, written by anything else) is
ignored, as is an entry that does not, and the revision is parsed from git as if it were
absent; a file that git tracks (one a pull request could bring) is neither read nor written.

The file is a header line, then one line per entry: its key, a tab and the entry as JSON, read
only when it is asked for. Parsed data is plain JSON but for dates and times, which are written
as ISO text in place and listed beside it (their keys and indices) to be read back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(".cache", "opsbook")
"""Where the store is, under the handbook root."""

Entry = tuple[dict[str, Any] | None, str | None, str | None]
"""What a revision parses to: its data (None when it does not read), Markdown body, problem."""

_HERE = Path(__file__).parent
_READER = ("revisions.py", "store.py", "../core/source.py", "../core/fastyaml.py", "../core/fullyaml.py",
           "../core/scalars.py")
_HEADER = "opsbook parsed revisions 1"
_KINDS: Mapping[str, Callable[[str], Any]] = {"date": dt.date.fromisoformat, "datetime": dt.datetime.fromisoformat}


@cache
def reader_digest() -> str | None:
    """A digest of the code a parse depends on; None when it cannot be read (no store then)."""
    import ruamel.yaml
    import yaml

    digest = hashlib.sha256(f"1 {ruamel.yaml.__version__} {yaml.__version__} {yaml.__with_libyaml__}".encode())
    try:
        for name in _READER:
            digest.update((_HERE / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:16]


def store_path(root: Path) -> Path | None:
    """The store's file under the handbook root; None when the reader's code cannot be read, or
    when a folder on the way is a symbolic link (which a commit can bring: the store is read and
    written inside the handbook only)."""
    digest = reader_digest()
    if digest is None or any((root / part).is_symlink() for part in (FOLDER.parent, FOLDER)):
        return None
    return root / FOLDER / f"revisions-{digest}.tsv"


def load(path: Path) -> dict[str, str]:
    """The entries kept in `path` by key (see `key`), each still JSON text; none when the file
    is absent or not this format."""
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, ValueError):  # absent, unreadable, or not what `save` writes
        return {}
    header, _, rest = text.partition("\n")
    if header != _HEADER:
        return {}
    entries = {}
    for line in rest.split("\n"):
        name, tab, value = line.partition("\t")
        if tab:
            entries[name] = value
    return entries


def save(path: Path, entries: Mapping[str, str]) -> None:
    """Write `entries` (JSON text by key) to `path` whole, through a temporary file renamed into
    place, and remove what an older reader wrote; a folder that cannot be written is left as it was."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# opsbook's cache of parsed revisions: never committed\n*\n", encoding="utf-8")
        fd, name = tempfile.mkstemp(dir=folder, prefix=".revisions-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(_HEADER + "\n")
            file.writelines(f"{name}\t{value}\n" for name, value in entries.items())
        os.replace(name, path)
    except OSError:
        with suppress(OSError):
            os.unlink(name)
        return
    for older in folder.glob("revisions-*"):
        if older.name != path.name:
            with suppress(OSError):
                older.unlink()


def key(blob: str, markdown: bool) -> str:
    return f"{blob}.md" if markdown else blob


def encode(entry: Entry) -> str | None:
    """`entry` as one line of JSON; None when it holds what JSON does not keep (a number too
    long to write, say): then it is not kept."""
    data, body, problem = entry
    dates: list[list[Any]] = []
    try:
        plain = _plain(data, [], dates) if data is not None else None
    except _NotKept:
        return None
    return json.dumps([plain, body, problem, dates], separators=(",", ":"))


def decode(text: str) -> Entry | None:
    """What `encode` made, read back; None when `text` is not such a thing."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not (isinstance(value, list) and len(value) == 4):
        return None
    data, body, problem, dates = value
    if not (isinstance(data, dict | None) and isinstance(body, str | None) and isinstance(problem, str | None)
            and isinstance(dates, list) and (data is None) != (problem is None)):
        return None
    try:
        for where, kind in dates:
            *path, last = where
            holder: Any = data
            for step in path:
                holder = holder[step] if type(step) in (str, int) else None
            written = holder[last] if type(last) in (str, int) and type(holder) in (dict, list) else None
            if not isinstance(written, str):
                return None
            holder[last] = _KINDS[kind](written)
    except (TypeError, ValueError, KeyError, IndexError):
        return None
    return data, body, problem


class _NotKept(Exception):
    pass


def _plain(value: Any, path: list[str | int], dates: list[list[Any]]) -> Any:
    kind = type(value)
    if kind is dict and all(type(k) is str for k in value):
        return {k: _plain(v, [*path, k], dates) for k, v in value.items()}
    if kind is list:
        return [_plain(v, [*path, i], dates) for i, v in enumerate(value)]
    if kind is dt.date or kind is dt.datetime:
        dates.append([path, kind.__name__])
        return value.isoformat()
    # Python writes and reads back a limited number of digits.
    if kind in (str, bool, float, type(None)) or (kind is int and value.bit_length() <= 4000):
        return value
    raise _NotKept
