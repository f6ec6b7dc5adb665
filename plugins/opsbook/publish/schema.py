"""A JSON Schema of every content file, generated from the models that validate them.

Editors use it through a YAML language server (completion, hover text and errors while typing).
It is a help for editing, not the check: `opsbook check` reads YAML 1.2 with its own loader and
checks what a schema cannot (references across files, schedules, recurrences). The schema is
written for JSON Schema draft-07, the draft the YAML language servers support best, and is one
`oneOf` whose alternatives differ by the constant `kind`, so a language server matches a file
to its kind and completes that kind's keys.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, models_json_schema

from ..core.durations import Duration, Offset
from ..core.model import INTERNAL_KEYS, KINDS
from ..core.model.base import ID_RULE

DRAFT = "http://json-schema.org/draft-07/schema#"

_ANCHOR_NOTE = (
    "The workflow's anchor date, written under the anchor's name: `launch` unless the workflow "
    "sets `anchor:` to another name (e.g. `publish: 2027-04-01`)."
)


class _Generator(GenerateJsonSchema):
    def encode_default(self, dft: Any) -> Any:
        # Durations and offsets are written as text (`1d`), not as the dataclass they parse to.
        if isinstance(dft, Duration | Offset):
            return str(dft)
        return super().encode_default(dft)


def handbook_schema() -> dict[str, Any]:
    """The schema of one content file (a YAML file, or a Markdown file's front matter)."""
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = [(model, "validation") for model in KINDS.values()]
    refs, top = models_json_schema(models, schema_generator=_Generator, ref_template="#/definitions/{model}")
    definitions: dict[str, Any] = copy.deepcopy(top["$defs"])
    alternatives = []
    for kind, model in KINDS.items():
        ref = refs[(model, "validation")]["$ref"]
        name = ref.rsplit("/", 1)[-1]
        _hide_internal_keys(definitions[name])
        if kind == "project":
            _anchor_by_name(definitions[name])
        alternatives.append({"$ref": ref})
    _drop_unused(definitions, alternatives)
    _name_keys(definitions)
    return {
        "$schema": DRAFT,
        "title": "opsbook handbook entry",
        "description": (
            "One file of an opsbook handbook under playbooks/ or resource_hub/. The file name is "
            "the entry's id; `kind` says what it is. Run `opsbook check` for the full check."
        ),
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(KINDS), "description": "What the entry is."}},
        "oneOf": alternatives,
        "definitions": definitions,
    }


def schema_text() -> str:
    """The schema as its file holds it (and `opsbook schema` prints it): JSON indented by two,
    non-ASCII kept, ending in a newline."""
    return json.dumps(handbook_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(target: Path) -> None:
    """Write the schema to `target` whole: to a temporary file beside it, then renamed."""
    text = schema_text()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, delete=False, prefix=f".{target.name}.", suffix=".tmp"
    ) as stream:
        stream.write(text)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(stream.name, 0o666 & ~umask)  # a temporary file is private; the schema is not
    os.replace(stream.name, target)


def _drop_unused(definitions: dict[str, Any], alternatives: list[dict[str, str]]) -> None:
    """Leave out definitions nothing refers to (pydantic lists the types of defaults too)."""
    text = json.dumps([definitions, alternatives])
    for name in list(definitions):
        if f'"#/definitions/{name}"' not in text:
            del definitions[name]


def _name_keys(node: Any) -> None:
    """Mappings keyed by id (`roles`, `assign`, `status`): pydantic writes `patternProperties`,
    which lets any other key through; `propertyNames` refuses a key that is not an id."""
    if isinstance(node, dict):
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in node:
            ((pattern, value),) = patterns.items()
            del node["patternProperties"]
            node["propertyNames"] = {"pattern": pattern}
            node["additionalProperties"] = value
        for value in node.values():
            _name_keys(value)
    elif isinstance(node, list):
        for value in node:
            _name_keys(value)


def _hide_internal_keys(schema: dict[str, Any]) -> None:
    """`id` and `path` come from the file name: a file that writes them is wrong."""
    for key in INTERNAL_KEYS:
        schema["properties"].pop(key, None)
    schema["required"] = [k for k in schema.get("required", []) if k not in INTERNAL_KEYS]


def _anchor_by_name(project: dict[str, Any]) -> None:
    """A project writes its date under the workflow's anchor name, not as `anchor_date`.

    The name is only known from the workflow (another file), so `launch` is offered by name and
    any other key that is an id is accepted as a date.
    """
    properties = project["properties"]
    properties.pop("anchor_date")
    properties["launch"] = {
        "title": "Launch",
        "type": "string",
        "format": "date",
        "description": _ANCHOR_NOTE,
        "examples": ["2027-01-21"],
    }
    project["required"] = [k for k in project["required"] if k != "anchor_date"]
    project["additionalProperties"] = {"type": "string", "format": "date", "description": _ANCHOR_NOTE}
    project["propertyNames"] = {"pattern": ID_RULE.pattern}
