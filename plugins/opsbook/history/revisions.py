"""Old revisions of handbook files, read by the handbook's own reader and kept by blob id.

Parsing YAML is the hot path of reading history. A blob's parsed data never changes, so it is
parsed once per process, by `source.parse_source` with the working tree's limits (size, depth,
no anchors), and kept by blob id (the plugin keeps one cache across `mkdocs serve` rebuilds);
validation is done per path and workflow anchor, because an entry's id comes from its file name
and a project's date key from its workflow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core.loader import read_entry
from ..core.model import Entry, Workflow
from ..core.source import (
    MARKDOWN_SUFFIXES,
    MAX_FILE_BYTES,
    YAML_SUFFIXES,
    SourceFile,
    SourceMap,
    parse_source,
)
from .plans import Plans


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

    def version(
        self,
        path: str,
        blob: str,
        content: Callable[[str], bytes | None],
        workflow_of: Callable[[str], Workflow | None] = lambda _: None,
    ) -> Version:
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
        source, problems = parse_source(path, text, markdown=markdown)
        if source is None or problems:
            return _Parsed(None, None, problems[0].message if problems else "cannot be read")
        return _Parsed(source.data, source.body, None)

    def _validate(self, path: str, parsed: _Parsed, workflows: Mapping[str, Workflow]) -> Version:
        assert parsed.data is not None
        source = SourceFile(path, parsed.data, _NO_POSITIONS, parsed.body)
        entry, problems = read_entry(source, workflows)
        if entry is None or problems:
            return Version(path, None, problems[0].message if problems else "cannot be read")
        return Version(path, entry)


_NO_POSITIONS = SourceMap()  # an old revision's problems are summarised, never located
