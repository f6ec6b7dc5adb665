"""Old revisions of handbook files, read by the handbook's own reader and kept by blob id.

Parsing YAML is the hot path of reading history. A blob's parsed data never changes, so it is
parsed once per process and kept (the plugin keeps one cache across `mkdocs serve` rebuilds),
piece by piece so that a revision parses only what it changed (quickyaml.Pieces); validation is
done per path, because an entry's id comes from its file name, and a task shared by revisions is
validated once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..core.loader import read_entry
from ..core.model import Entry, Task, Workflow
from ..core.source import (
    MARKDOWN_SUFFIXES,
    MAX_FILE_BYTES,
    YAML_SUFFIXES,
    SourceFile,
    SourceMap,
    parse_source,
    split_front_matter,
)
from .plans import Plans
from .quickyaml import Pieces, quick_mapping


def is_entry_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.endswith(YAML_SUFFIXES + MARKDOWN_SUFFIXES) and not name.startswith(".")


def stem_of(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


@dataclass(frozen=True)
class Version:
    """One revision of one file: its entry, or why it cannot be read."""

    path: str
    entry: Entry | None
    problem: str | None = None
    """The first problem when the revision no longer reads as a valid entry."""

    @property
    def readable(self) -> bool:
        return self.entry is not None

    @property
    def kind(self) -> str | None:
        return self.entry.kind if self.entry is not None else None

    @property
    def title(self) -> str:
        return self.entry.display_title if self.entry is not None else stem_of(self.path)


@dataclass(frozen=True)
class _Parsed:
    data: dict[str, Any] | None
    body: str | None
    problem: str | None


class RevisionCache:
    """Parsed revisions by blob id, entries by (blob id, path, anchor name), and what is worked
    out from them: projects' dates, and the committed history last read (keyed by HEAD).

    One instance may live as long as the process: blob and commit ids name content, so nothing in
    it goes stale. `parses` counts the YAML parses done, for tests and the benchmark.
    """

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, bool], _Parsed] = {}
        self._versions: dict[tuple[str, str, str | None], Version] = {}
        self.parses = 0
        self._pieces = Pieces()
        self._tasks: dict[int, tuple[Any, Any]] = {}
        self.plans = Plans()
        """Projects' dates by (project, workflow), both entries of this cache (see plans.Plans)."""
        self.walks: dict[Any, Any] = {}
        """The committed history last read, by what it depends on (see log.read_history)."""

    def parsed(self, blob: str, path: str) -> bool:
        """Whether `blob` is parsed already as the kind of file `path` is."""
        return (blob, path.endswith(MARKDOWN_SUFFIXES)) in self._parsed

    def data(self, path: str, blob: str, content: Callable[[str], bytes | None]) -> dict[str, Any] | None:
        """The mapping `blob` holds at `path`, not validated; None when it does not read. Shared:
        do not change it."""
        return self._parse_once(path, blob, content).data

    def version(self, path: str, blob: str, content: Callable[[str], bytes | None],
                workflow_of: Callable[[str], Workflow | None] = lambda _: None) -> Version:
        """The entry `blob` holds when it sits at `path`. `content` reads a blob when it is not
        parsed yet; `workflow_of` finds a project's workflow (its anchor names the date key)."""
        parsed = self._parse_once(path, blob, content)
        if parsed.data is None:
            return Version(path, None, parsed.problem)
        anchor = None
        workflows: dict[str, Workflow] = {}
        wid = parsed.data.get("workflow")
        if parsed.data.get("kind") == "project" and isinstance(wid, str):
            workflow = workflow_of(wid)
            if workflow is not None:
                workflows[wid] = workflow
                anchor = workflow.anchor
        key = (blob, path, anchor)
        found = self._versions.get(key)
        if found is None:
            found = self._validate(path, parsed, workflows)
            self._versions[key] = found
        return found

    def _parse_once(self, path: str, blob: str, content: Callable[[str], bytes | None]) -> _Parsed:
        markdown = path.endswith(MARKDOWN_SUFFIXES)
        parsed = self._parsed.get((blob, markdown))
        if parsed is None:
            parsed = self._parse(path, content(blob), markdown)
            self._parsed[(blob, markdown)] = parsed
        return parsed

    def _parse(self, path: str, raw: bytes | None, markdown: bool) -> _Parsed:
        self.parses += 1
        if raw is None:
            return _Parsed(None, None, "the repository does not have this revision")
        if len(raw) > MAX_FILE_BYTES:
            return _Parsed(None, None, f"file is {len(raw)} bytes, over the limit of {MAX_FILE_BYTES}")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            return _Parsed(None, None, f"file is not valid UTF-8: {err.reason}")
        quick = _quick_parse(text, markdown, self._pieces)
        if quick is not None:
            return quick
        source, problems = parse_source(path, text, markdown=markdown)
        if source is None or problems:
            return _Parsed(None, None, problems[0].message if problems else "cannot be read")
        return _Parsed(source.data, source.body, None)

    def _validate(self, path: str, parsed: _Parsed, workflows: Mapping[str, Workflow]) -> Version:
        assert parsed.data is not None
        data = parsed.data
        tasks = data.get("tasks")
        if data.get("kind") in _WITH_TASKS and isinstance(tasks, list):
            data = {**data, "tasks": [self._task(item) for item in tasks]}
        source = SourceFile(path, data, _NO_POSITIONS, parsed.body)
        entry, problems = read_entry(source, workflows)
        if entry is None or problems:
            return Version(path, None, problems[0].message if problems else "cannot be read")
        return Version(path, entry)


    def _task(self, item: Any) -> Any:
        """The Task a task's mapping validates to, validated once for every revision that shares
        the mapping (see quickyaml.Pieces); the mapping itself when it does not validate, so that
        the entry's validation reports it as ever. Tasks are frozen and validate alone (no
        validator looks beyond one task), and pydantic takes an instance as it is."""
        if not isinstance(item, dict):
            return item
        found = self._tasks.get(id(item))
        if found is None:
            try:
                task: Any = Task.model_validate(item)
            except ValidationError:
                task = item
            found = self._tasks[id(item)] = (item, task)  # the item kept alive keeps its id unique
        return found[1]


_WITH_TASKS = ("workflow", "project")


def _quick_parse(text: str, markdown: bool, pieces: Pieces) -> _Parsed | None:
    body = None
    if markdown:
        split = split_front_matter(text)
        if split is None:
            return None
        text, body = split
    data = quick_mapping(text, pieces)
    return _Parsed(data, body, None) if data is not None else None


_NO_POSITIONS = SourceMap()  # an old revision's problems are summarised, never located
