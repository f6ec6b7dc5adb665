"""The site's config file: MkDocs' mkdocs.yml or ProperDocs' properdocs.yml, found from a folder
and read leniently for the few keys the command line needs (the opsbook plugin's options, the
site's name and address)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from ..core.errors import ConfigError
from ..core.settings import Settings, check_settings
from ..core.text import one_line

#: Looked for in this order: a folder holding both is read as MkDocs reads it.
CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")
NEITHER = "no mkdocs.yml or properdocs.yml"


def config_file(folder: Path) -> Path | None:
    """The site's config file in `folder`, if it holds one."""
    return next((folder / name for name in CONFIG_FILES if (folder / name).is_file()), None)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds mkdocs.yml or properdocs.yml."""
    return next((folder for folder in (start, *start.parents) if config_file(folder)), None)


def settings_for(directory: str | None) -> Settings:
    """Settings from the opsbook entry of the config file in `directory` (or the nearest one
    above here). A folder without one is an error: default settings would check the wrong thing."""
    start = Path(directory) if directory else Path.cwd()
    if directory and not start.is_dir():
        raise ConfigError(f"{directory}: no such folder")
    root = start.resolve() if directory else find_root(start.resolve())
    if root is None:
        raise ConfigError(f"{NEITHER} here or in any folder above; pass the handbook's folder")
    if directory and config_file(root) is None:
        raise ConfigError(f"{directory}: {NEITHER} in this folder")
    settings = Settings.from_options(root, plugin_options(root))
    try:
        check_settings(settings, typed=False)
    except ConfigError as problem:
        config = config_file(root)
        raise ConfigError(f"{config.name}: {problem}" if config else str(problem)) from None
    return settings


def plugin_options(root: Path) -> dict[str, Any]:
    """What the config file gives `plugins: - opsbook:`."""
    data = site_config(root)
    for plugin in data.get("plugins") or ():
        if isinstance(plugin, dict) and "opsbook" in plugin:
            return dict(plugin["opsbook"] or {})
    if isinstance(data.get("plugins"), dict):
        return dict(data["plugins"].get("opsbook") or {})
    return {}


def config_text(config: Mapping[str, Any], key: str) -> str | None:
    """The text the config gives `key` (`site_url`, `site_name`, ...); None when it gives none, an
    empty one or something else (a list, a number, a tag read as nothing)."""
    value = config.get(key)
    return value if isinstance(value, str) and value else None


def site_config(root: Path) -> dict[str, Any]:
    """The config file of the handbook at `root` as a mapping ({} when it has none)."""
    config = config_file(root)
    if config is None:
        return {}
    # It may carry tags such as !ENV or !!python/name: read it leniently, use only our keys.
    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor(None, lambda loader, node: None)
    text = config.read_text(encoding="utf-8")
    try:
        data = yaml.load(text) or {}
    except ReaderError as err:  # a character YAML does not allow, e.g. a control character
        before = text[: err.position]
        line, column = before.count("\n") + 1, err.position - before.rfind("\n")
        where = f"{config.name}:{line}:{column}"
        raise ConfigError(f"{where}: YAML syntax: character U+{err.character:04X} is not allowed") from None
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{config.name}:{mark.line + 1}:{mark.column + 1}" if mark is not None else config.name
        raise ConfigError(f"{where}: YAML syntax: {one_line(err.problem or err.context or 'invalid YAML')}") from None
    except YAMLError as err:
        raise ConfigError(f"{config.name}: cannot be read: {one_line(str(err))}") from None
    return data if isinstance(data, dict) else {}
