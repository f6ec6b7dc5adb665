"""A fast reader for old revisions: libyaml's node tree, built into values by the handbook's rules.

Historic revisions are read thousands of times and need no positions (their problems are
summarised, never located), so even `source.parse_quickly`, which records where each value
stands, does more than they need. This reader takes the tree `fastyaml` composes with libyaml
(typed as ruamel types it: only `true`/`false` are booleans, `10:00` is a string) and reads each
scalar with `source.SCALAR_TYPES`. It vouches only for what it is sure of: where `fastyaml`
declines (tags, anchors, a YAML error, text the two parsers could read differently) and on
anything the handbook's reader reports — a duplicate or merge key, a key that is a list or a
mapping, a type it does not allow, an impossible date or number — it returns None and the
caller uses the handbook's own reader.
"""

from __future__ import annotations

from typing import Any

from .. import fastyaml
from ..source import SCALAR_TYPES


class _Unsure(Exception):
    """The fast reader cannot vouch for this text."""


def quick_mapping(text: str) -> dict[str, Any] | None:
    """The mapping `text` holds, as `source.parse_source` would build it; None when unsure."""
    root = fastyaml.compose(text)
    if root is None or root.id != "mapping":
        return None
    try:
        return _mapping(root)
    except (_Unsure, ValueError):  # ValueError: an impossible date or number
        return None


def _value(node: fastyaml.Node) -> Any:
    if node.id == "mapping":
        return _mapping(node)
    if node.id == "sequence":
        return [_value(item) for item in node.value]
    if node.tag == fastyaml.STR:
        return node.value
    read = SCALAR_TYPES.get(node.tag)
    if read is None:
        raise _Unsure
    return read(node.value)


def _mapping(node: fastyaml.Node) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.id != "scalar":
            raise _Unsure
        key = key_node.value
        if key in result or key == "<<":
            raise _Unsure
        result[key] = _value(value_node)
    return result
