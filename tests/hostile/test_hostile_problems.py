"""Every problem at once, and input written the natural way accepted (issue 15, cases 9 and 19)."""

from __future__ import annotations

from pathlib import Path

from conftest import TEAM, write_handbook
from limits import build, check

BROKEN_WORKFLOW = """\
kind: workflow
title: Webinar
owner: strategist
tasks:
  - id: approve-deck
    title: Approve slide deck
    responsible: strategist
    due: -12d
    efort: 2h
  - id: design-deck
    title: Design slide deck
    responsible: designer
    consulted: [nobody]
    before: [aprove-deck]
"""

PROJECT_OF_BROKEN_WORKFLOW = """\
kind: project
title: Q1 product webinar
workflow: webinar
launch: 2027-01-21
assign: {strategist: elie}
skip: [rehearse]
status:
  send-invites: done
tasks:
  - id: thank-speakers
    title: Thank the speakers
    responsible: strategist
    before: [wrap-up]
"""


def test_an_unknown_key_in_one_task_does_not_hide_the_other_tasks_problems(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path,
        {
            "playbooks/team.yml": TEAM,
            "playbooks/workflows/webinar.yml": BROKEN_WORKFLOW,
        },
    )
    run = check(root)
    run.assert_no_traceback()
    assert run.returncode == 1
    assert run.stdout.splitlines()[:3] == [
        "playbooks/workflows/webinar.yml:9:5: error: unknown key 'efort' (did you mean 'effort'?)",
        "playbooks/workflows/webinar.yml:13:17: error: unknown role or person 'nobody'",
        "playbooks/workflows/webinar.yml:14:14: error: unknown task 'aprove-deck' in 'before' (did you mean 'approve-deck'?)",
    ]


def test_a_project_of_a_broken_workflow_is_still_checked_against_it(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path,
        {
            "playbooks/team.yml": TEAM,
            "playbooks/workflows/webinar.yml": BROKEN_WORKFLOW,
            "playbooks/projects/q1-webinar.yml": PROJECT_OF_BROKEN_WORKFLOW,
        },
    )
    run = check(root)
    run.assert_no_traceback()
    project = [line for line in run.stdout.splitlines() if line.startswith("playbooks/projects/")]
    assert project == [
        "playbooks/projects/q1-webinar.yml:5:22: error: unknown person 'elie' (did you mean 'ellie'?)",
        "playbooks/projects/q1-webinar.yml:6:8: error: unknown task 'rehearse' in workflow 'webinar'",
        "playbooks/projects/q1-webinar.yml:8:3: error: unknown task 'send-invites'",
        "playbooks/projects/q1-webinar.yml:13:14: error: unknown task 'wrap-up' in 'before'",
    ]


def test_asset_usage_may_be_a_list_of_channels(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path,
        {
            "playbooks/team.yml": TEAM,
            "resource_hub/assets.yml": """\
            kind: assets
            assets:
              - {id: hero, title: Hero, file: https://example.com/hero.png, license: CC BY 4.0, usage: [web, slides]}
              - {id: logo, title: Logo, file: https://example.com/logo.png, license: In-house, usage: Everywhere}
              - {id: bad, title: Bad, file: https://example.com/bad.png, license: In-house, usage: {web: yes}}
        """,
        },
    )
    run = check(root)
    assert (
        run.stdout.splitlines()[0]
        == "resource_hub/assets.yml:5:88: error: expected text or a list of texts, got a mapping"
    )
    (root / "resource_hub/assets.yml").write_text(
        (root / "resource_hub/assets.yml").read_text().replace(", usage: {web: yes}", "")
    )
    run = build(root, "--strict")
    assert run.returncode == 0, run.output
    hub = (root / "site/hub/index.html").read_text(encoding="utf-8")
    assert "<td>web, slides</td>" in hub
    assert "<td>Everywhere</td>" in hub


def test_a_title_too_long_for_the_navigation_is_refused_where_it_stands(tmp_path: Path) -> None:
    """30 files with 1 MB titles made a 1.9 GB site: every page's navigation carries every title."""
    root = write_handbook(
        tmp_path,
        {
            "playbooks/team.yml": TEAM,
            "resource_hub/notes/kickoff.md": "---\nkind: note\ntitle: " + "Kick-off " * 100_000 + "\n---\nText.\n",
        },
    )
    run = check(root)
    run.assert_no_traceback()
    assert run.stdout.splitlines()[0] == (
        "resource_hub/notes/kickoff.md:3:8: error: a title is at most 200 characters, this one has 899999: "
        "put the rest in 'summary' or the text"
    )
