"""One more record in a file that lists many: a person or a role in the team file, an asset in
the asset register.

The file is the team's own, with its comments, order and layout, so the record goes in as text:
its lines are inserted after the last record of the list, indented and styled like the records
already there, and every other byte stays as it was. Only a list that is missing, empty or
written in flow style (`people: {}`) is rewritten through ruamel.yaml's round trip, which keeps
comments and order but may respace that file.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.errors import Problem, did_you_mean
from ..core.loader import LoadResult, Settings, load_handbook
from ..core.source import SourceFile, split_front_matter
from ..publish.output import write_whole
from .scaffold import (
    Draft,
    ScaffoldError,
    Written,
    by_kind,
    check_draft,
    check_id,
    did_not_load,
    no_team,
    render,
    slugify,
    team_of,
)


@dataclass(frozen=True)
class Document:
    """A YAML file, or a Markdown file's front matter, as text: `yaml` is text[start:end]."""

    text: str
    start: int
    end: int

    @classmethod
    def read(cls, path: Path) -> Document:
        text = path.read_bytes().decode("utf-8")
        if path.suffix != ".md":
            start = 1 if text.startswith("\ufeff") else 0
            return cls(text, start, len(text))
        split = split_front_matter(text)
        if split is None:
            raise ValueError(f"{path.name} has no front matter")
        start = text.index("\n") + 1
        return cls(text, start, start + len(split[0]))

    @property
    def yaml(self) -> str:
        return self.text[self.start : self.end]

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.yaml else "\n"

    def with_yaml(self, yaml: str) -> str:
        return self.text[: self.start] + yaml + self.text[self.end :]


def add_record(settings: Settings, draft: Draft) -> Written:
    """Add the person, role or asset of `draft` to the file that lists them (a new team file or
    asset register when there is none); raise ScaffoldError, writing nothing, when the record
    is already there or the handbook would not pass `opsbook check` with it."""
    before = load_handbook(settings)
    entry_id = check_id(draft.entry_id or slugify(draft.title), draft.title, draft.kind)
    if draft.kind == "asset":
        files = sorted(by_kind(before.sources, "assets").values(), key=lambda s: s.path)
        reasons: list[str | Problem] = list(_check_asset(files, entry_id))
        default = (settings.hub_dir, "assets.yml", "assets", "Asset register")
    else:
        files = list(by_kind(before.sources, "team").values())
        reasons = _check_member(before, draft, entry_id)
        default = (settings.playbooks_dir, "team.yml", "team", "Team")
    if reasons:
        raise ScaffoldError(reasons)
    fields = {k: v for k, v in draft.fields.items() if v not in (None, [], "")}
    if files:
        path = settings.root / files[0].path
        doc = Document.read(path)
        if draft.kind == "asset":
            text = add_to_sequence(doc, "assets", {"id": entry_id, **fields})
        else:
            text = add_to_mapping(doc, "people" if draft.kind == "person" else "roles", entry_id, fields)
    else:
        folder, name, kind, title = default
        path = settings.root / folder / name
        if path.exists():
            rel = f"{folder}/{name}"
            if did_not_load(before, rel) and (found := [p for p in before.errors if p.path == rel]):
                raise ScaffoldError([f"{rel} did not load: fix these errors first; nothing was written", *found])
            raise ScaffoldError([f"{rel} exists but is not a file of kind {kind}; it was left as it is"])
        group = {"asset": [{"id": entry_id, **fields}], "role": {entry_id: fields}}[draft.kind]
        text = render(kind, title, {"assets" if draft.kind == "asset" else "roles": group})
    rel = path.relative_to(settings.root).as_posix()
    warnings = check_draft(settings, before, {rel: text}, draft.kind)
    if files:
        write_over(settings.root, path, doc.text, text)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    return Written(path, warnings)


def _check_member(before: LoadResult, draft: Draft, entry_id: str) -> list[str | Problem]:
    """A new person or role: an id that neither a person nor a role has, and known roles."""
    sources = before.sources
    teams = list(by_kind(sources, "team").values())
    if draft.kind == "person" and not teams:
        return no_team(before)
    roles, people = team_of(sources)
    where = teams[0].path if teams else ""
    reasons: list[str | Problem] = []
    if entry_id in people or entry_id in roles:
        held = "person" if entry_id in people else "role"
        reasons.append(f"a {held} '{entry_id}' is already in {where} (choose another --id)")
    for role in draft.fields.get("roles") or ():
        if role not in roles:
            hint = f" ('{role}' is a person)" if role in people else did_you_mean(role, roles)
            reasons.append(f"--role: unknown role '{role}'{hint}")
    return reasons


def _check_asset(registers: list[SourceFile], entry_id: str) -> list[str]:
    for register in registers:
        assets = register.data.get("assets")
        for asset in assets if isinstance(assets, list) else ():
            if isinstance(asset, dict) and asset.get("id") == entry_id:
                return [f"an asset '{entry_id}' is already in {register.path} (choose another --id)"]
    return []


def add_to_mapping(doc: Document, key: str, new_key: str, value: Mapping[str, Any]) -> str:
    """The file's text with `new_key: value` as the last item of the top-level mapping `key`."""
    root, node = _top_level(doc.yaml, key)
    if isinstance(node, MappingNode) and node.value and not node.flow_style:
        column = node.value[0][0].start_mark.column
        first = node.value[0][1]
        if isinstance(first, MappingNode) and first.flow_style:
            lines = [_line({new_key: _flow(value)})]
        else:
            step = first.value[0][0].start_mark.column - column if isinstance(first, MappingNode) and first.value else 2
            lines = [f"{new_key}:", *(" " * step + _line({k: v}) for k, v in value.items())]
        return _insert(doc, _after(doc.yaml, node), column, lines)
    if node is None and root is not None and not root.flow_style:
        lines = [f"{key}:", f"  {new_key}:", *(f"    {_line({k: v})}" for k, v in value.items())]
        return _insert(doc, len(doc.yaml), 0, lines)
    return _round_trip(doc, key, lambda data: _mapping_in(data, key).__setitem__(new_key, _block(value)))


def add_to_sequence(doc: Document, key: str, item: Mapping[str, Any]) -> str:
    """The file's text with `item` as the last item of the top-level list `key`."""
    root, node = _top_level(doc.yaml, key)
    if isinstance(node, SequenceNode) and node.value and not node.flow_style:
        first = node.value[0]
        line_start = doc.yaml.rfind("\n", 0, first.start_mark.index) + 1
        before = doc.yaml[line_start : first.start_mark.index]
        dash = len(before.rstrip()) - 1
        if isinstance(first, MappingNode) and first.value and not first.flow_style and before.rstrip().endswith("-"):
            column = first.value[0][0].start_mark.column
            pairs = [_line({k: v}) for k, v in item.items()]
            lines = [" " * dash + "-" + " " * (column - dash - 1) + pairs[0], *(" " * column + p for p in pairs[1:])]
            return _insert(doc, _after(doc.yaml, node), 0, lines)
    if node is None and root is not None and not root.flow_style:
        lines = [f"{key}:", "  - " + _line(dict(list(item.items())[:1]))]
        lines += [f"    {_line({k: v})}" for k, v in list(item.items())[1:]]
        return _insert(doc, len(doc.yaml), 0, lines)
    return _round_trip(doc, key, lambda data: _sequence_in(data, key).append(_block(item)))


def write_over(root: Path, path: Path, before: str, text: str) -> None:
    """Replace the file's text, keeping its mode, whole or not at all; refuse (ScaffoldError)
    when the file changed since `before` was read from it. `root` is the handbook's folder, which
    the message names the file from."""
    if path.read_bytes().decode("utf-8") != before:
        rel = path.relative_to(root).as_posix()
        raise ScaffoldError([f"{rel} changed while the record was being added; nothing was written"])
    write_whole(path, text.encode("utf-8"), mode=path.stat().st_mode & 0o7777)


def _top_level(yaml_text: str, key: str) -> tuple[MappingNode | None, Node | None]:
    """The document's top-level mapping and the node under `key` in it (None when absent)."""
    root = YAML().compose(yaml_text)
    if not isinstance(root, MappingNode):
        return None, None
    for key_node, value_node in root.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return root, value_node
    return root, None


def _after(yaml_text: str, node: Node) -> int:
    """Where the text after `node`'s last line begins: the end of its deepest last value (a
    block collection ends only where the next key begins, after any blank or comment lines)."""
    while isinstance(node, MappingNode | SequenceNode) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark.index
    if end > 0 and yaml_text[end - 1] == "\n":
        return end  # a block scalar ends at the start of the line after it
    newline = yaml_text.find("\n", end)
    return len(yaml_text) if newline < 0 else newline + 1


def _insert(doc: Document, at: int, column: int, lines: list[str]) -> str:
    yaml_text = doc.yaml
    newline = doc.newline
    block = "".join(" " * column + line + newline for line in lines)
    head = yaml_text[:at]
    if head and not head.endswith("\n"):
        head += newline
    return doc.with_yaml(head + block + yaml_text[at:])


def _line(pair: Mapping[str, Any]) -> str:
    """`key: value` on one line, quoted as YAML needs."""
    out = io.StringIO()
    _yaml().dump(CommentedMap((k, _flow(v)) for k, v in pair.items()), out)
    return out.getvalue().rstrip("\n")


def _flow(value: Any) -> Any:
    if isinstance(value, Mapping):
        mapping = CommentedMap((k, _flow(v)) for k, v in value.items())
        mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_flow(v) for v in value)
        seq.fa.set_flow_style()
        return seq
    return value


def _block(value: Mapping[str, Any]) -> CommentedMap:
    return CommentedMap((k, _flow(v)) for k, v in value.items())


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _round_trip(doc: Document, key: str, change: Any) -> str:
    yaml = _yaml()
    data = yaml.load(doc.yaml) or CommentedMap()
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return doc.with_yaml(out.getvalue().replace("\n", doc.newline))


def _mapping_in(data: CommentedMap, key: str) -> CommentedMap:
    if not isinstance(data.get(key), dict):
        data[key] = CommentedMap(data.get(key) or {})
    value: CommentedMap = data[key]
    value.fa.set_block_style()
    return value


def _sequence_in(data: CommentedMap, key: str) -> CommentedSeq:
    if not isinstance(data.get(key), list):
        data[key] = CommentedSeq()
    value: CommentedSeq = data[key]
    value.fa.set_block_style()
    return value
