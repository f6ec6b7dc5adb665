"""A fast reader for old revisions: PyYAML's C parser with the handbook's YAML 1.2 rules.

Historic revisions are read thousands of times and need no positions (their problems are
summarised, never located), so the pure-Python, position-keeping reader of `source.py` is the
slow path there. This reader composes with libyaml (about ten times faster) and builds values by
the same rules as `source.py`: only `true`/`false` are booleans, `10:00` is a string, dates are
dates. It vouches only for what it is sure of: on anything the two readers could disagree on —
a YAML error, tags, anchors, duplicate or merge keys, an unusual number or boolean spelling, an
impossible date — it returns None and the caller uses the handbook's own reader.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$")
_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
# Plain scalars the YAML 1.2 core schema may read as something other than a string, in
# spellings left to the handbook's own reader: other booleans, hex/octal, .inf, timestamps.
_DOUBTFUL = re.compile(r"^(?:True|TRUE|False|FALSE|[-+]?0[xXoObB].*|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|"
                       r"\d{4}-\d{1,2}-\d{1,2}(?:[Tt ].*)?|[-+]?[0-9][0-9_]*_[0-9_]*)$")
# A tag, anchor or alias starts a token: after a line start, a space or a flow indicator.
_TAG_OR_ANCHOR = re.compile(r"(?:^|[\s\[{,])[!&*][^\s*]", re.MULTILINE)

try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: the handbook's reader is as fast
    _Base = None  # type: ignore[assignment]


class _Unsure(Exception):
    """The fast reader cannot vouch for this text."""


if _Base is not None:
    class _Loader(_Base):  # type: ignore[misc, valid-type]
        """libyaml's parser with no implicit types: every plain scalar composes as a string node."""

        yaml_implicit_resolvers: dict[str, Any] = {}


def quick_mapping(text: str) -> dict[str, Any] | None:
    """The mapping `text` holds, as `source.parse_source` would build it; None when unsure."""
    if _Base is None or _TAG_OR_ANCHOR.search(text) or text.lstrip().startswith("%"):
        return None
    try:
        root = yaml.compose(text, Loader=_Loader)
        if not isinstance(root, yaml.MappingNode):
            return None
        return _mapping(root)
    except (yaml.YAMLError, _Unsure):
        return None


def _value(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return _mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    if node.tag != _STR:
        raise _Unsure
    return _scalar(node.value) if not node.style else node.value  # plain: "" from libyaml, None from Python


def _mapping(node: yaml.MappingNode) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
            raise _Unsure
        key = key_node.value
        if key in result or key == "<<":
            raise _Unsure
        result[key] = _value(value_node)
    return result


def _scalar(text: str) -> Any:
    if text in _NULL:
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    match = _DATE.match(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError as err:
            raise _Unsure from err
    if _DOUBTFUL.match(text):
        raise _Unsure
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text
