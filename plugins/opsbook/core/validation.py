"""Pydantic's validation errors as handbook problems, at the line and column of the YAML.

Also the salvage of a file that failed validation: what could be read of it, so that its
references can still be checked and every problem is reported in one pass.
"""

from __future__ import annotations

import copy
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem, did_you_mean
from .model import INTERNAL_KEYS, Entry
from .model.base import type_name
from .source import Loc, SourceFile


def salvage(model: type[Entry], data: dict[str, Any], err: ValidationError) -> Entry | None:
    """The entry with its invalid values dropped and missing ones left empty, if that validates.

    Only used to check what the broken file refers to; it never reaches the site. Lists are
    never shortened, so every remaining item keeps the position it has in the file.
    """
    data = copy.deepcopy(data)
    for _ in range(_SALVAGE_ROUNDS):
        for error in err.errors(include_url=False):
            loc = data_loc(data, error["loc"])
            if error["type"] == "missing":
                _put(data, (*loc, str(error["loc"][-1])))
                continue
            while loc and isinstance(loc[-1], int):
                loc = loc[:-1]  # drop the whole list rather than shift its items
            if not loc:
                return None
            _drop(data, loc)
        try:
            return model.model_validate(data)
        except ValidationError as again:
            err = again
    return None


_SALVAGE_ROUNDS = 4


def _put(data: Any, loc: Loc) -> None:
    """Fill a missing value: empty text first, an empty list if text does not fit."""
    node = data
    for part in loc[:-1]:
        node = node[part]
    if isinstance(node, dict):
        key = loc[-1]
        node[key] = [] if node.get(key) == "" else ""


def _drop(data: Any, loc: Loc) -> None:
    node = data
    for part in loc[:-1]:
        node = node[part]
    if isinstance(node, dict):
        node.pop(loc[-1], None)


_MESSAGES = {
    "bool_type": "expected true or false",
    "int_type": "expected a whole number",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "model_attributes_type": "expected a mapping of keys to values",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "string_type": "expected text",
}


def problems_from(source: SourceFile, err: ValidationError, model: type[BaseModel]) -> Iterable[Problem]:
    errors = err.errors(include_url=False)
    failing = [e["loc"] for e in errors if e["type"] != "too_short"]
    for error in errors:
        raw = error["loc"]
        if raw and raw[0] in INTERNAL_KEYS:
            continue  # the file name is checked, once, by _validate
        if raw == ("anchor_date",) and error.get("input") is None:
            continue  # the missing project date is reported, by its name, by _project_anchor
        if error["type"] == "too_short" and any(loc[: len(raw)] == raw and loc != raw for loc in failing):
            continue  # the list is empty only because its items were refused, as reported
        yield _problem_from(source, error, model)


def _problem_from(source: SourceFile, error: Any, model: type[BaseModel]) -> Problem:
    raw = error["loc"]
    loc = data_loc(source.data, raw)
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        name = raw[-1]
        if name == "responsible":
            what = "step" if "steps" in raw else "task"
            return source.problem(loc, f"a {what} needs a responsible role (R): 'responsible' is missing")
        return source.problem(loc, f"missing required key '{name}'")
    if kind == "extra_forbidden":
        name = str(raw[-1])
        allowed = _allowed_keys(model, raw[:-1])
        return source.problem(
            (*data_loc(source.data, raw[:-1]), name), f"unknown key '{name}'{did_you_mean(name, allowed)}", at="key"
        )
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",")]
        hint = did_you_mean(str(value), options)
        return source.problem(loc, f"{type_name(value)} is not one of {expected}{hint}")
    if kind == "value_error":
        return source.problem(loc, str(error["ctx"]["error"]))
    if kind == "too_short":
        return source.problem(loc, "must not be empty")
    if kind in _MESSAGES:
        return source.problem(loc, f"{_MESSAGES[kind]}, got {type_name(value)}")
    return source.problem(loc, error["msg"])


def data_loc(data: Any, raw: tuple[str | int, ...]) -> Loc:
    """The part of a pydantic error location that names keys and indices in the file's data."""
    loc: list[str | int] = []
    node = data
    for part in raw:
        # Two branches, not one `or`: each narrows `node` and `part` to types that can be indexed.
        if isinstance(node, dict) and part in node:  # noqa: SIM114
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            continue
        loc.append(part)
    return tuple(loc)


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys a mapping accepts at `loc` in `model`, for "did you mean"."""
    current: Any = model
    for part in loc:
        current = _bare(current)
        if _is_model(current) and isinstance(part, str) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            # An index into a list, or a key of a mapping such as `people`: step to its items.
            args = [a for a in typing.get_args(current) if a is not Ellipsis]
            current = args[-1] if args else None
    current = _bare(current)
    if not _is_model(current):
        return []
    return [k for k in current.model_fields if k not in INTERNAL_KEYS and k != "anchor_date"]


def _bare(annotation: Any) -> Any:
    """The type under Annotated[...] and Optional[...]."""
    while True:
        args = typing.get_args(annotation)
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = args[0]
        elif args and type(None) in args:
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
