"""`opsbook check`: formats and exit codes of SPEC §8, through the command's `main()`; the
installed console script once, in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TEAM, WORKFLOW, opsbook, write_handbook


def test_check_of_a_sound_handbook_exits_0(small_handbook: Path) -> None:
    done = opsbook("check", str(small_handbook), cwd=small_handbook.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "ok: 3 entries, no problems\n"


def test_check_finds_the_handbook_from_a_subfolder(small_handbook: Path) -> None:
    done = opsbook("check", cwd=small_handbook / "playbooks" / "workflows")
    assert done.returncode == 0, done.stderr


def test_check_reports_every_error_and_exits_1(small_handbook: Path) -> None:
    (small_handbook / "playbooks/workflows/webinar.yml").write_text(
        WORKFLOW.replace("due: -12d", "due: 12d").replace("responsible: designer", "responsible: desiner")
    )
    done = opsbook("check", cwd=small_handbook)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "playbooks/workflows/webinar.yml:9:10: error: '12d' needs a sign: '-12d' is before the anchor, '+12d' after",
        "playbooks/workflows/webinar.yml:12:18: error: unknown role or person 'desiner' (did you mean 'designer'?)",
        "2 errors, 0 warnings",
    ]


def _with_unheld_role(root: Path) -> None:
    (root / "playbooks/team.yml").write_text(TEAM.replace("people:", "  analyst: {title: Analyst}\npeople:"))


def test_json_format_lists_path_line_column_severity_message(small_handbook: Path) -> None:
    _with_unheld_role(small_handbook)
    done = opsbook("check", "--format", "json", cwd=small_handbook)
    assert done.returncode == 0
    assert json.loads(done.stdout) == [
        {
            "path": "playbooks/team.yml",
            "line": 5,
            "column": 3,
            "severity": "warning",
            "message": "role 'analyst' is held by nobody in the team",
        }
    ]


def test_github_format_prints_workflow_commands(small_handbook: Path) -> None:
    _with_unheld_role(small_handbook)
    done = opsbook("check", "--format", "github", cwd=small_handbook)
    assert done.stdout == (
        "::warning file=playbooks/team.yml,line=5,col=3::role 'analyst' is held by nobody in the team\n"
    )


def test_strict_counts_warnings_as_errors(small_handbook: Path) -> None:
    _with_unheld_role(small_handbook)
    assert opsbook("check", cwd=small_handbook).returncode == 0
    assert opsbook("check", "--strict", cwd=small_handbook).returncode == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    unknown_flag = opsbook("check", "--bogus", cwd=tmp_path)
    no_handbook = opsbook("check", cwd=tmp_path)
    bad_format = opsbook("check", "--format", "xml", cwd=tmp_path)
    assert (unknown_flag.returncode, no_handbook.returncode, bad_format.returncode) == (2, 2, 2)
    assert "no mkdocs.yml or properdocs.yml here" in no_handbook.stderr


@pytest.mark.parametrize("name", ["mkdocs.yml", "properdocs.yml"])
def test_a_wrong_setting_names_the_config_file(tmp_path: Path, name: str) -> None:
    root = write_handbook(
        tmp_path / "hb", {}, mkdocs="site_name: X\nplugins:\n  - opsbook:\n      timezone: Mars/Base\n"
    )
    (root / "mkdocs.yml").rename(root / name)
    done = opsbook("check", cwd=root)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        f"opsbook: {name}: timezone: unknown time zone 'Mars/Base'\n",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("site_name: X\nplugins: [\n  - opsbook:\n", "3:3: YAML syntax: expected the node content, but found '-'"),
        (
            "site_name: X\nnav:\n - a: b\n  bad: 1\n",
            "4:3: YAML syntax: expected <block end>, but found '<block mapping start>'",
        ),
        ('site_name: "X\x01"\n', "1:14: YAML syntax: character U+0001 is not allowed"),
    ],
    ids=["flow", "block", "character"],
)
def test_a_config_file_yaml_cannot_read_is_named_with_line_and_column_on_one_line(
    tmp_path: Path, text: str, message: str
) -> None:
    for name in ("mkdocs.yml", "properdocs.yml"):
        root = write_handbook(tmp_path / name, {}, mkdocs=text)
        (root / "mkdocs.yml").rename(root / name)
        done = opsbook("check", cwd=root)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", f"opsbook: {name}:{message}\n")


def test_every_dir_option_is_helped_alike(tmp_path: Path) -> None:
    """`--dir` (and `check`'s folder) means the same in every subcommand, and says so alike."""
    helps = {
        command: " ".join(opsbook(*command.split(), "--help", cwd=tmp_path).stdout.split())
        for command in ("check", "diff", "recap", "workload")
    }
    for command, text in helps.items():
        assert "the handbook's folder (default: found from here)" in text, command
        assert "mkdocs.yml" not in text, command


def test_version_names_the_command(tmp_path: Path) -> None:
    done = opsbook("--version", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("opsbook ")


def test_console_script_is_installed_and_checks_a_handbook(small_handbook: Path) -> None:
    """The one run of the installed `opsbook` executable, in a process of its own."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "opsbook"), "check"],
        cwd=small_handbook,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok: 3 entries, no problems\n", "")


def test_check_of_one_entry_says_entry(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": TEAM})
    done = opsbook("check", cwd=root)
    assert (done.returncode, done.stdout) == (0, "ok: 1 entry, no problems\n")


@pytest.mark.parametrize("args", [["schema"], ["check"], ["check", "--format", "json"]], ids=" ".join)
def test_a_reader_gone_from_the_pipe_ends_the_command_quietly(small_handbook: Path, args: list[str]) -> None:
    """`opsbook schema | head`: the reading end of a real pipe is closed before the command
    writes, so its first write (or the flush at exit) fails; it ends with 1 and no traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "opsbook"), *args],
            cwd=small_handbook,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (1, "")


def test_a_site_config_key_is_text_only_when_it_is_a_string_with_something_in_it(tmp_path: Path) -> None:
    from opsbook.cli.siteconfig import config_text, site_config

    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Acme\nsite_url: ''\nrepo_url: [a, b]\nsite_author: !ENV [AUTHOR, 'x']\ndocs_dir: 3\n",
        encoding="utf-8",
    )
    config = site_config(tmp_path)
    found = {key: config_text(config, key) for key in ("site_name", "site_url", "repo_url", "site_author", "docs_dir")}
    assert found == {"site_name": "Acme", "site_url": None, "repo_url": None, "site_author": None, "docs_dir": None}
    assert config_text(config, "site_description") is None
