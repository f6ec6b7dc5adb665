"""`opsbook new person|role|asset`: a record added to the file that lists them, every other byte
of that file kept, and nothing written that `opsbook check` would fault."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import opsbook, write_handbook

#: A team file as people write them: comments, blank lines, aligned flow mappings.
COMMENTED_TEAM = """\
# Who does what. Keep people in the order they joined.
kind: team
roles:
  strategist: {title: Content strategist}   # ideas and talking points
  designer:   {title: Designer}

people:
  # Full-time
  ellie: {name: Ellie Hart,  roles: [strategist]}
  lucy:  {name: Lucy Brooks, roles: [designer]}   # on leave in March
# New people go above this line.
"""


def _passes_check(root: Path) -> None:
    check = opsbook("check", "--strict", cwd=root)
    assert (check.returncode, check.stderr) == (0, ""), check.stdout


def test_a_person_goes_after_the_last_person_and_every_other_byte_stays(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": COMMENTED_TEAM})
    team = root / "playbooks/team.yml"
    done = opsbook(
        "new",
        "person",
        "--name",
        "Zoe Adams",
        "--id",
        "zoe",
        "--email",
        "zoe@example.com",
        "--role",
        "designer",
        cwd=root,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "playbooks/team.yml\n", "")
    added = "  zoe: {name: Zoe Adams, email: zoe@example.com, roles: [designer]}\n"
    assert team.read_text(encoding="utf-8") == COMMENTED_TEAM.replace(
        "# on leave in March\n", "# on leave in March\n" + added
    )
    _passes_check(root)


def test_a_person_in_a_block_style_team_file_is_written_in_block_style(example: Path) -> None:
    team = example / "playbooks/team.yml"
    before = team.read_text(encoding="utf-8")
    done = opsbook("new", "person", "--name", "Zoe Adams", "--role", "analyst", "--capacity", "16h", cwd=example)
    assert (done.returncode, done.stdout, done.stderr) == (0, "playbooks/team.yml\n", "")
    added = "  zoe-adams:\n    name: Zoe Adams\n    roles: [analyst]\n    capacity: 16h\n"
    assert team.read_text(encoding="utf-8") == before + added
    _passes_check(example)


def test_a_role_goes_after_the_last_role_and_its_warning_is_shown(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": COMMENTED_TEAM})
    team = root / "playbooks/team.yml"
    done = opsbook("new", "role", "--title", "Video editor", "--description", "Cuts: video", cwd=root)
    added = "  video-editor: {title: Video editor, description: 'Cuts: video'}\n"
    assert team.read_text(encoding="utf-8") == COMMENTED_TEAM.replace(
        "{title: Designer}\n", "{title: Designer}\n" + added
    )
    assert (done.returncode, done.stdout) == (0, "playbooks/team.yml\n")
    assert done.stderr == "playbooks/team.yml:6:3: warning: role 'video-editor' is held by nobody in the team\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["person", "--name", "Ellie Hart", "--id", "ellie"], "a person 'ellie' is already in playbooks/team.yml"),
        (["person", "--name", "Strategist", "--id", "strategist"], "a role 'strategist' is already in"),
        (["role", "--title", "Designer"], "a role 'designer' is already in playbooks/team.yml"),
    ],
    ids=["person", "person-named-like-a-role", "role"],
)
def test_an_id_the_team_has_is_refused_and_the_file_left_alone(tmp_path: Path, args: list[str], message: str) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": COMMENTED_TEAM})
    done = opsbook("new", *args, cwd=root)
    assert done.returncode == 1
    assert message in done.stderr
    assert "(choose another --id)" in done.stderr
    assert (root / "playbooks/team.yml").read_text(encoding="utf-8") == COMMENTED_TEAM


def test_an_unknown_role_of_a_person_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": COMMENTED_TEAM})
    done = opsbook("new", "person", "--name", "Zoe", "--role", "desginer", "--role", "ellie", cwd=root)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "opsbook new: --role: unknown role 'desginer' (did you mean 'designer'?)",
        "opsbook new: --role: unknown role 'ellie' ('ellie' is a person)",
    ]
    assert (root / "playbooks/team.yml").read_text(encoding="utf-8") == COMMENTED_TEAM


def test_a_person_who_would_break_a_project_is_refused(example: Path) -> None:
    """A second designer leaves the projects that do not say who designs unassigned: check would
    fault them, so the person is refused, with the errors, and team.yml stays as it was."""
    team = example / "playbooks/team.yml"
    before = team.read_bytes()
    done = opsbook("new", "person", "--name", "Zoe Adams", "--role", "designer", cwd=example)
    lines = done.stderr.splitlines()
    assert done.returncode == 1
    assert lines[0] == "opsbook new: with this person the handbook would not pass `opsbook check`; nothing was written"
    assert lines[1:] == [
        f"playbooks/projects/{name}.yml:7:1: error: role 'designer' is held by lucy, zoe-adams: say who takes it in 'assign'"
        for name in ("autumn-customer-webinar", "partner-webinar-march", "q1-product-webinar", "summer-webinar")
    ]
    assert team.read_bytes() == before


def test_a_first_role_starts_the_team_file_and_then_people_and_workflows_follow(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {})
    person = opsbook("new", "person", "--name", "Ellie Hart", "--role", "strategist", cwd=root)
    role = opsbook("new", "role", "--title", "Strategist", cwd=root)
    added = opsbook("new", "person", "--name", "Ellie Hart", "--id", "ellie", "--role", "strategist", cwd=root)
    workflow = opsbook("new", "workflow", "--title", "Press", "--owner", "strategist", "--task", "Draft::-3d", cwd=root)
    assert person.returncode == 1
    assert "start one with `opsbook new role`" in person.stderr
    assert (role.returncode, role.stdout) == (0, "playbooks/team.yml\n")
    assert (added.returncode, added.stderr, workflow.returncode) == (0, "", 0)
    assert (root / "playbooks/team.yml").read_text(encoding="utf-8") == (
        "kind: team\ntitle: Team\nroles:\n  strategist: {title: Strategist}\n"
        "people:\n  ellie:\n    name: Ellie Hart\n    roles: [strategist]\n"
    )
    _passes_check(root)


def test_a_team_file_that_does_not_load_is_reported_not_called_missing(tmp_path: Path) -> None:
    """A YAML error in the team file: `new person` and `new role` show it, file:line:col, rather
    than "no team file" or "not a file of kind team", and leave the file as it is."""
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": COMMENTED_TEAM + "roles: [\n"})
    team = root / "playbooks/team.yml"
    before = team.read_bytes()
    problem = "playbooks/team.yml:13:1: error: YAML syntax: expected the node content, but found '<stream end>'\n"
    person = opsbook("new", "person", "--name", "Zoe Adams", "--role", "designer", cwd=root)
    role = opsbook("new", "role", "--title", "Editor", cwd=root)
    assert (person.returncode, person.stdout) == (1, "")
    assert person.stderr == (
        "opsbook new: no team file loaded, and these files did not load (the team may be one of them): "
        "fix them first; nothing was written\n" + problem
    )
    assert (role.returncode, role.stdout) == (1, "")
    assert (
        role.stderr
        == "opsbook new: playbooks/team.yml did not load: fix these errors first; nothing was written\n" + (problem)
    )
    assert team.read_bytes() == before


def test_a_file_of_another_kind_where_the_team_file_goes_is_still_said_to_be_one(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": "kind: links\ntitle: Links\nlinks: []\n"})
    done = opsbook("new", "role", "--title", "Editor", cwd=root)
    assert (done.returncode, done.stderr) == (
        1,
        "opsbook new: playbooks/team.yml exists but is not a file of kind team; it was left as it is\n",
    )


def test_an_asset_goes_at_the_end_of_the_register(example: Path) -> None:
    register = example / "resource_hub/assets.yml"
    before = register.read_text(encoding="utf-8")
    done = opsbook(
        "new",
        "asset",
        "--title",
        "Team photo",
        "--file",
        "https://photos.example.com/team.jpg",
        "--license",
        "CC BY 4.0",
        "--acquired",
        "2026-11-01",
        "--usage",
        "web",
        "--usage",
        "slides",
        "--attribution",
        "Photo: Ellie Hart",
        cwd=example,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "resource_hub/assets.yml\n", "")
    assert register.read_text(encoding="utf-8") == before + (
        "  - id: team-photo\n"
        "    title: Team photo\n"
        "    file: https://photos.example.com/team.jpg\n"
        "    license: CC BY 4.0\n"
        "    acquired: 2026-11-01\n"
        "    usage: [web, slides]\n"
        "    attribution: 'Photo: Ellie Hart'\n"
    )
    _passes_check(example)


def test_an_asset_id_the_register_has_is_refused(example: Path) -> None:
    register = example / "resource_hub/assets.yml"
    before = register.read_bytes()
    done = opsbook(
        "new",
        "asset",
        "--title",
        "Webinar hero",
        "--id",
        "webinar-hero",
        "--file",
        "x.svg",
        "--license",
        "CC0",
        cwd=example,
    )
    assert done.returncode == 1
    assert done.stderr == (
        "opsbook new: an asset 'webinar-hero' is already in resource_hub/assets.yml (choose another --id)\n"
    )
    assert register.read_bytes() == before


def test_a_first_asset_starts_the_register(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": COMMENTED_TEAM})
    done = opsbook(
        "new", "asset", "--title", "Logo", "--file", "https://example.com/logo.svg", "--license", "In-house", cwd=root
    )
    assert (done.returncode, done.stdout) == (0, "resource_hub/assets.yml\n")
    assert (root / "resource_hub/assets.yml").read_text(encoding="utf-8") == (
        "kind: assets\ntitle: Asset register\nassets:\n"
        "  - id: logo\n    title: Logo\n    file: https://example.com/logo.svg\n    license: In-house\n"
    )
    _passes_check(root)


def test_a_file_changed_since_it_was_read_is_named_from_the_handbook_and_left_alone(tmp_path: Path) -> None:
    from opsbook.cli.records import write_over
    from opsbook.cli.scaffold import ScaffoldError

    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": COMMENTED_TEAM})
    team = root / "playbooks/team.yml"
    with pytest.raises(ScaffoldError) as refused:
        write_over(root, team, "kind: team\n", "kind: team\npeople: {}\n")
    assert [str(r) for r in refused.value.reasons] == [
        "playbooks/team.yml changed while the record was being added; nothing was written"
    ]
    assert team.read_text(encoding="utf-8") == COMMENTED_TEAM


def test_a_record_added_keeps_the_file_mode(tmp_path: Path) -> None:
    root = write_handbook(tmp_path / "hb", {"playbooks/team.yml": COMMENTED_TEAM})
    team = root / "playbooks/team.yml"
    team.chmod(0o600)
    done = opsbook("new", "role", "--title", "Editor", cwd=root)
    assert (done.returncode, done.stdout) == (0, "playbooks/team.yml\n"), done.stderr
    assert team.stat().st_mode & 0o7777 == 0o600


@pytest.mark.parametrize("given", ["docs/images/hero.jpg", "./docs/images/hero.jpg"])
def test_an_asset_file_given_with_docs_in_front_is_refused_with_the_path_to_give(example: Path, given: str) -> None:
    register = example / "resource_hub/assets.yml"
    before = register.read_bytes()
    done = opsbook("new", "asset", "--title", "Hero photo", "--file", given, "--license", "CC-BY-4.0", cwd=example)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"opsbook new asset: --file '{given}': the register names a file by its path inside docs/;"
        " give 'images/hero.jpg'\n"
    )
    assert register.read_bytes() == before


def test_an_asset_file_inside_a_docs_dir_of_another_name_is_refused_by_that_name(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "hb", {"playbooks/team.yml": COMMENTED_TEAM}, mkdocs="site_name: T\ndocs_dir: pages\n"
    )
    done = opsbook("new", "asset", "--title", "Logo", "--file", "pages/logo.svg", "--license", "CC0", cwd=root)
    assert done.returncode == 2
    assert "inside pages/; give 'logo.svg'" in done.stderr
    # `docs/...` is a folder inside pages/ here, not the docs folder: taken as given.
    done = opsbook("new", "asset", "--title", "Logo", "--file", "docs/logo.svg", "--license", "CC0", cwd=root)
    assert (done.returncode, done.stdout) == (0, "resource_hub/assets.yml\n"), done.stderr
