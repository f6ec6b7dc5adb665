"""The handbook's history read from git: the committed history in one `git log` pass (walk.py),
the uncommitted changes on top when `mkdocs serve` shows them, and each project's scope since
its first commit.

The committed part depends on nothing but the commits down from HEAD, the commits
`.git-blame-ignore-revs` names, a shallow clone's boundary and the default holidays. It is kept in
the revision cache under exactly those, so a rebuild with HEAD where it was only redoes the
working-tree step and the scopes (which compare with the handbook as loaded for that build).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.files import handbook_files
from ..core.loader import Settings
from ..core.model import Entry, Handbook, Project, Workflow
from .changes import diff_versions, moved_dates, reassignments
from .git import NULL_BLOB, BlobReader, GitError, Repository, blob_id
from .records import History, Revision, Scope
from .revisions import RevisionCache, is_entry_file
from .walk import Walk


def read_history(
    settings: Settings, handbook: Handbook | None = None, *, cache: RevisionCache | None = None, worktree: bool = False
) -> History:
    """Read the handbook's history.

    `handbook` (the loaded working tree) gives the current side of a project's scope;
    `worktree` adds uncommitted changes (working tree against HEAD), as `mkdocs serve` shows them.
    `cache` kept across calls keeps parsed revisions and the committed history (see the module);
    without one, what was parsed goes when this returns.
    Outside git, or without commits, a History with state "none" and a note saying so.
    """
    return _read(settings, handbook, cache, worktree)


def _read(settings: Settings, handbook: Handbook | None, kept: RevisionCache | None, worktree: bool) -> History:
    # A cache made here is this call's alone: the walk is not kept in it, so that nothing refers
    # back to it and it goes, parsed revisions and all, the moment this returns.
    cache = kept or RevisionCache()
    folders = list(dict.fromkeys((settings.playbooks_dir, settings.hub_dir)))
    try:
        repo, head, shallow = Repository.open(settings.root)
    except GitError as err:
        return History("none", f"{err}: entry pages show no history and the change log is empty")
    if head is None:
        return History("none", "the git repository has no commits yet: entry pages show no history")
    boundary = repo.shallow_boundary() if shallow else frozenset()
    ignored = repo.ignored_revisions()
    key = (repo.toplevel, repo.prefix, tuple(folders), head, ignored, boundary, settings.holidays)
    with repo.blobs() as blobs:
        walk = cache.walks.get(key)
        try:
            if walk is None:
                walk = _walk(repo, blobs, Walk(cache, settings.holidays, ignored, boundary), folders, head)
                cache.walks.clear()  # one history per cache: an older HEAD's is not read again
                if kept is not None:
                    cache.walks[key] = walk
            walk.read = blobs.read
            pending = _uncommitted(walk, repo, settings, folders, head) if worktree else []
            history = _history(walk, pending, handbook, "shallow" if boundary else "full")
        finally:
            if walk is not None:
                walk.read = _closed
    if boundary:
        shas = ", ".join(sorted(s[:7] for s in boundary))
        note = (
            f"this is a shallow clone: history before commit {shas} is missing, so entry pages "
            "show changes since then only (fetch the whole history: git fetch --unshallow, or "
            "fetch-depth: 0 with actions/checkout)"
        )
        return History(
            history.state, note, history.revisions, history.log, history.scopes, history.facts, history.committed
        )
    return history


def _closed(blob: str) -> bytes | None:
    raise AssertionError(f"blob {blob} read after read_history returned")


def _walk(repo: Repository, blobs: BlobReader, walk: Walk, folders: Sequence[str], head: str) -> Walk:
    """The pass over every commit down from `head`, with the blobs it will read fetched at once."""
    logged = list(repo.log(folders, revision=head))
    wanted = []
    for item in logged:
        for ch in item.changes:
            for path, blob in ((ch.old_path, ch.old_blob), (ch.path, ch.new_blob)):
                if path and blob != NULL_BLOB and is_entry_file(path) and not walk.cache.parsed(blob, path):
                    wanted.append(blob)
    fetched = blobs.read_many(wanted)

    def read(blob: str) -> bytes | None:
        return fetched[blob] if blob in fetched else blobs.read(blob)

    walk.read = read
    for item in logged:
        walk.commit(item)
    return walk


def _uncommitted(walk: Walk, repo: Repository, settings: Settings, folders: Sequence[str], head: str) -> list[Revision]:
    """Working-tree changes against HEAD, as revisions without a commit, by path."""
    if walk.head_tree is None:
        walk.head_tree = repo.tree(head, folders)
    committed = walk.head_tree
    disk: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    for file in handbook_files(settings):
        content = file.read_bytes()
        blob = blob_id(content)
        contents[blob] = content
        disk[file.relative_to(settings.root).as_posix()] = blob

    def read(blob: str) -> bytes | None:
        return contents[blob] if blob in contents else walk.read(blob)

    pending = []
    for path in sorted(set(committed) | set(disk)):
        if not is_entry_file(path) or committed.get(path) == disk.get(path):
            continue
        old = walk.version(path, committed[path], read=read) if path in committed else None
        new = walk.version(path, disk[path], read=read) if path in disk else None
        context = walk.context(walk.workflow_of(old, read=read), walk.workflow_of(new, read=read))
        shown = new if new is not None and new.readable else old or new
        assert shown is not None
        pending.append(Revision(None, path, None, shown.kind, shown.title, tuple(diff_versions(old, new, context))))
    return pending


def _history(walk: Walk, pending: Sequence[Revision], handbook: Handbook | None, state: str) -> History:
    lineage = dict(walk.lineage)
    uncommitted: dict[int, Revision] = {}
    for revision in pending:
        lid = lineage.get(revision.path)
        if lid is None:
            lid = lineage[revision.path] = -1 - len(uncommitted)  # a file new to history
        uncommitted[lid] = revision
    revisions = {}
    for path, lid in lineage.items():
        newest = (uncommitted[lid],) if lid in uncommitted else ()
        committed = walk.revisions.get(lid)
        if newest or committed:
            revisions[path] = newest + tuple(reversed(committed or ()))
    log = (*reversed(pending), *reversed(walk.log))
    entries: dict[str, Entry] = {}
    if handbook is not None:
        for entry in handbook.entries:
            entries.setdefault(entry.path, entry)
    scopes = {}
    for path, lid in lineage.items():
        scope = _scope(walk, path, lid, handbook, entries)
        if scope is not None:
            scopes[path] = scope
    return History(state, None, revisions, log, scopes, walk.facts(), walk.commit_log())


def _scope(walk: Walk, path: str, lid: int, handbook: Handbook | None, entries: Mapping[str, Entry]) -> Scope | None:
    first = walk.first.get(lid)
    if first is None or not isinstance(first[1].entry, Project):
        return None
    since, version, old_workflow = first
    old = version.entry
    assert isinstance(old, Project)
    new: Entry | None = None
    new_workflow: Workflow | None = None
    if handbook is not None:
        new = entries.get(path)
        if isinstance(new, Project):
            found = handbook.get("workflow", new.workflow)
            new_workflow = found if isinstance(found, Workflow) else None
    elif path in walk.state:
        new = walk.version(path, walk.state[path]).entry
        if isinstance(new, Project):
            new_workflow = walk.workflow(new.workflow)
    if not isinstance(new, Project):
        return None
    now = walk.dates(new, new_workflow)
    before = _planned(old, old_workflow)
    after = _planned(new, new_workflow)
    anchor = new_workflow.anchor if new_workflow else "launch"
    return Scope(
        since=since,
        anchor=anchor,
        first_date=old.anchor_date,
        date=new.anchor_date,
        added=tuple(title for tid, title in after.items() if tid not in before),
        removed=tuple(title for tid, title in before.items() if tid not in after),
        moved=tuple(moved_dates(walk.dates(old, old_workflow), now)),
        reassigned=tuple(reassignments(old, new)),
    )


def _planned(project: Project, workflow: Workflow | None) -> dict[str, str]:
    tasks = (*(workflow.tasks if workflow else ()), *project.tasks)
    return {t.id: t.title for t in tasks if t.id not in project.skip}
