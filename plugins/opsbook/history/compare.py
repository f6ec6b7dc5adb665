"""The scope changes between two revisions of the handbook (`opsbook diff BASE [HEAD]`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..core.files import handbook_files
from ..core.loader import Settings
from ..core.model import Workflow
from .changes import Change, Context, diff_versions
from .git import Repository, blob_id
from .records import Revision
from .revisions import RevisionCache, Version, is_entry_file, stem_of


@dataclass(frozen=True)
class Comparison:
    base: str
    """The base commit's full id."""
    head: str | None
    """The head commit's full id; None for the working tree."""
    revisions: tuple[Revision, ...]


def compare(
    settings: Settings, base: str, head: str | None = None, *, cache: RevisionCache | None = None
) -> Comparison:
    """Every entry that differs between `base` and `head` (None: the working tree), with its
    changes; GitError when a revision does not exist or the folder is not in git."""
    cache = cache or RevisionCache()
    repo = Repository.find(settings.root)
    folders = list(dict.fromkeys((settings.playbooks_dir, settings.hub_dir)))
    base_sha = repo.resolve(base)
    head_sha = repo.resolve(head) if head is not None else None
    old_tree = repo.tree(base_sha, folders)
    extra: dict[str, bytes] = {}
    if head_sha is not None:
        new_tree = repo.tree(head_sha, folders)
    else:
        new_tree = {}
        for file in handbook_files(settings):
            content = file.read_bytes()
            blob = blob_id(content)
            extra[blob] = content
            new_tree[file.relative_to(settings.root).as_posix()] = blob
    old_tree = {p: b for p, b in old_tree.items() if is_entry_file(p)}
    new_tree = {p: b for p, b in new_tree.items() if is_entry_file(p)}
    with repo.blobs() as blobs:

        def read(blob: str) -> bytes | None:
            return extra[blob] if blob in extra else blobs.read(blob)

        old_side = _Side(old_tree, cache, read)
        new_side = _Side(new_tree, cache, read)
        pairs = _pairs(old_tree, new_tree)
        revisions = []
        for old_path, new_path in pairs:
            old = old_side.version(old_path) if old_path else None
            new = new_side.version(new_path) if new_path else None
            context = Context(old_side.workflow_of(old), new_side.workflow_of(new), settings.holidays)
            changes = diff_versions(old, new, context)
            if old_path and new_path and old_path != new_path:
                changes.insert(0, Change("entry", "File moved", old_path, new_path))
            shown = new if new is not None and new.readable else old or new
            assert shown is not None
            revisions.append(Revision(None, shown.path, old_path, shown.kind, shown.title, tuple(changes)))
    return Comparison(base_sha, head_sha, tuple(revisions))


def _pairs(old: Mapping[str, str], new: Mapping[str, str]) -> list[tuple[str | None, str | None]]:
    """Old and new paths of each changed file; a file gone from one place and arriving in
    another with the same content or the same name (its id) is a move."""
    pairs: list[tuple[str | None, str | None]] = [(p, p) for p in sorted(old.keys() & new.keys()) if old[p] != new[p]]
    gone = sorted(old.keys() - new.keys())
    arrived = sorted(new.keys() - old.keys())
    for path in list(gone):
        match = next((a for a in arrived if new[a] == old[path]), None) or next(
            (a for a in arrived if stem_of(a) == stem_of(path)), None
        )
        if match is not None:
            pairs.append((path, match))
            gone.remove(path)
            arrived.remove(match)
    pairs.extend((p, None) for p in gone)
    pairs.extend((None, p) for p in arrived)
    return sorted(pairs, key=lambda pair: pair[1] or pair[0] or "")


class _Side:
    def __init__(self, tree: Mapping[str, str], cache: RevisionCache, read: Callable[[str], bytes | None]) -> None:
        self.tree = tree
        self.cache = cache
        self.read = read

    def version(self, path: str) -> Version:
        return self.cache.version(path, self.tree[path], self.read, self.workflow)

    def workflow(self, wid: str) -> Workflow | None:
        for path, blob in self.tree.items():
            if stem_of(path) == wid:
                entry = self.cache.version(path, blob, self.read).entry
                if isinstance(entry, Workflow):
                    return entry
        return None

    def workflow_of(self, version: Version | None) -> Workflow | None:
        entry = version.entry if version is not None else None
        wid = getattr(entry, "workflow", None) if entry is not None and entry.kind == "project" else None
        return self.workflow(wid) if isinstance(wid, str) else None
