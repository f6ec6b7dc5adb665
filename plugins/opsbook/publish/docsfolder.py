"""A docs folder that opsbook owns (`opsbook build --out DIR`): the handbook's pages as Markdown
files with front matter, for any static-site generator to publish without the opsbook plugin.

opsbook writes only into a folder that is new, empty, or holds exactly what it wrote there last
time: a list of every file it wrote, with a digest of each, is kept beside them (`MANIFEST`, a
dot-file, which generators leave out of a site). Any other file there, or one of its own that
was changed since, stops it before it writes anything: a person's file is never overwritten or
removed. Files of the last run that this one does not write again are removed (a deleted
project's page), and so are the folders they leave empty.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .output import all_inside, write_all

MANIFEST = ".opsbook-build.json"
_MANIFEST_VERSION = 1


class FolderRefused(Exception):
    """The folder holds what opsbook did not write there; `reasons` names each such file."""

    def __init__(self, folder: Path, reasons: list[str]) -> None:
        super().__init__(f"{folder}: {reasons[0]}")
        self.folder = folder
        self.reasons = reasons


def markdown_page(front: Mapping[str, Any], html: str) -> str:
    """A Markdown file: YAML front matter, then the page's HTML as one block.

    The block is wrapped in a div that starts a line and is followed by a blank line: Markdown
    passes such a block through as it is (CommonMark's HTML block, Python-Markdown's raw HTML), so
    no Markdown rule touches the rendered page."""
    matter = yaml.safe_dump(dict(front), allow_unicode=True, sort_keys=False, width=1_000_000)
    return f'---\n{matter}---\n\n<div class="opsbook-generated">\n{html.strip()}\n</div>\n'


def write_docs_folder(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` (paths relative to `folder`) into `folder` and record them; the paths written.

    Raises FolderRefused, before writing anything, when the folder holds a file opsbook did not
    write (or changed since); ValueError for a path that would leave the folder."""
    if folder.exists() and not folder.is_dir():
        raise FolderRefused(folder, ["is a file, not a folder"])
    previous = _owned(folder) if folder.exists() else {}
    all_inside(folder, [*files, MANIFEST])  # every path checked before anything is written
    for stale in sorted(previous.keys() - files.keys()):
        (folder / stale).unlink()
        _remove_empty_parents(folder, (folder / stale).parent)
    digests = {rel: _digest(data) for rel, data in sorted(files.items())}
    # Until every file is written, either bytes are opsbook's: a run that fails half-way (a full
    # disk) leaves a folder the next run still takes as its own.
    _write_manifest(folder, {rel: sorted({d, previous.get(rel, d)}) for rel, d in digests.items()})
    written = write_all(folder, files)
    _write_manifest(folder, digests)
    return written


def _write_manifest(folder: Path, digests: Mapping[str, str | list[str]]) -> None:
    manifest = {"version": _MANIFEST_VERSION, "files": dict(digests)}
    write_all(folder, {MANIFEST: json.dumps(manifest, indent=1, sort_keys=True) + "\n"})


def _owned(folder: Path) -> dict[str, str]:
    """What opsbook wrote into `folder` last time, by path and digest; FolderRefused when the
    folder holds anything else."""
    present = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())
    manifest = folder / MANIFEST
    if not present:
        return {}
    if MANIFEST not in present or manifest.is_symlink():
        shown = ", ".join(present[:3]) + (f" and {len(present) - 3} more" if len(present) > 3 else "")
        raise FolderRefused(folder, [f"holds files opsbook did not write ({shown}); give a new or empty folder"])
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise FolderRefused(folder, [f"{MANIFEST} cannot be read; give a new or empty folder"]) from None
    reasons, owned = [], {}
    for rel in present:
        path = folder / rel
        if rel == MANIFEST:
            continue
        if rel not in recorded or path.is_symlink():
            reasons.append(f"{rel}: not written by opsbook; move it away or give another folder")
        elif (digest := _digest(path.read_bytes())) not in _digests(recorded[rel]):
            reasons.append(f"{rel}: changed since opsbook wrote it; move it away or give another folder")
        else:
            # Only files found in the folder: a path in the list that leads elsewhere is never touched.
            owned[rel] = digest
    if reasons:
        raise FolderRefused(folder, reasons)
    return owned


def _remove_empty_parents(folder: Path, directory: Path) -> None:
    root = folder.resolve()
    while directory.resolve() != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def _digests(recorded: object) -> list[object]:
    return recorded if isinstance(recorded, list) else [recorded]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
