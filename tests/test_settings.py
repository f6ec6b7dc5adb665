"""One set of defaults: the options of `plugins: - opsbook:` default to `Settings`' values in the
MkDocs plugin and on the command line alike, and both read the same mkdocs.yml the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import opsbook
from mkdocs.config import load_config
from opsbook.cli.main import settings_for
from opsbook.core.settings import Settings

OPTIONS = {"playbooks_dir": "books", "hub_dir": "hub", "timezone": "Europe/London", "holidays": "GB-ENG"}


def _mkdocs_yml(root: Path, options: dict[str, Any]) -> Path:
    lines = ["site_name: Settings", "plugins:", "  - opsbook:" if options else "  - opsbook"]
    lines += [f"      {name}: {value}" for name, value in options.items()]
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _plugin_options(root: Path) -> dict[str, Any]:
    """The plugin's options as MkDocs reads and validates them from root/mkdocs.yml."""
    config = load_config(config_file=str(root / "mkdocs.yml"))
    return {name: value for name, value in config.plugins["opsbook"].config.items() if name != "enabled"}


def test_every_plugin_option_defaults_to_the_settings_default(tmp_path: Path) -> None:
    root = _mkdocs_yml(tmp_path / "hb", {})
    defaults = Settings(root=root.resolve())
    options = _plugin_options(root)
    assert options == {name: getattr(defaults, name) for name in options}
    assert set(options) == {
        "playbooks_dir",
        "hub_dir",
        "timezone",
        "holidays",
        "templates_dir",
        "nav_max_entries",
        "offline",
        "recap_weeks",
    }
    assert settings_for(str(root)) == defaults


@pytest.mark.parametrize("given", [OPTIONS, {"timezone": "America/New_York"}], ids=["all", "one"])
def test_the_command_line_reads_the_options_the_plugin_reads(tmp_path: Path, given: dict[str, str]) -> None:
    root = _mkdocs_yml(tmp_path / "hb", given)
    settings = settings_for(str(root))
    plugin = _plugin_options(root)
    assert {name: getattr(settings, name) for name in OPTIONS} == {name: plugin[name] for name in OPTIONS}
    assert {name: getattr(settings, name) for name in given} == given


def test_the_command_line_reads_recap_weeks_and_templates_dir_as_the_plugin_does(tmp_path: Path) -> None:
    given = {"recap_weeks": 4, "templates_dir": "overrides"}
    root = _mkdocs_yml(tmp_path / "hb", given)
    settings = settings_for(str(root))
    plugin = _plugin_options(root)
    assert {name: getattr(settings, name) for name in given} == {name: plugin[name] for name in given} == given


@pytest.mark.parametrize(("value", "shown"), [("0", "0"), ("ten", "'ten'"), ("2.5", "2.5"), ("true", "True")])
def test_opsbook_check_refuses_a_recap_weeks_that_is_not_a_whole_number_1_or_more(
    tmp_path: Path, value: str, shown: str
) -> None:
    root = _mkdocs_yml(tmp_path / "hb", {"recap_weeks": value})
    done = opsbook("check", cwd=root)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"opsbook: mkdocs.yml: recap_weeks: must be a whole number, 1 or more, not {shown}\n"
