"""Composing handbook YAML with ruamel.yaml, the reader of every file `fastyaml` declines.

ruamel's plain (not round-trip) pipeline composes the node tree: the handbook needs no comments,
and the round-trip scanner's comment handling fails on valid files (a comment after a key whose
value is a folded scalar on a later line raises NotImplementedError). Plain scalars are typed by
the handbook's schema (`scalars.plain_tag`), as `fastyaml` types them for libyaml.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from .scalars import STR, plain_tag

_SEQ = Tag(suffix="tag:yaml.org,2002:seq")
_MAP = Tag(suffix="tag:yaml.org,2002:map")


class _Resolver(VersionedResolver):
    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return Tag(suffix=plain_tag(value) if implicit[0] else STR)
        return _SEQ if kind is SequenceNode else _MAP


def compose(text: str) -> Node | None:
    """The root node of `text` (None when it holds none). Raises ruamel's MarkedYAMLError or
    ReaderError for what cannot be read."""
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    yaml.Resolver = _Resolver
    return yaml.compose(text)
