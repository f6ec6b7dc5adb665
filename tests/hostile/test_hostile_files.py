"""Hostile file names, links and special files under playbooks/ and resource_hub/, reserved ids,
outside requests from Markdown fields and the images the licence gate sees (issue 15).

Each case runs opsbook in a child process under CPU and memory limits (limits.py) and asserts
the positioned error, never a hang or a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import browser_page, serve
from conftest import MINIMAL_MKDOCS, TEAM, WORKFLOW, write_handbook
from limits import build, check, run_limited
from opsbook.core.loader import HUB_ONLY_KINDS
from opsbook.core.model import KINDS
from opsbook.core.model.base import ID_HELP
from opsbook.views.site import SECTIONS

POLICY = "kind: policy\ntitle: Brand policy\nowner: strategist\n"
FILE_LINK = (
    "a symbolic link: a handbook file must be a regular file (a link could publish a file from outside the repository)"
)
FOLDER_LINK = (
    "a symbolic link: a handbook folder must be a real folder (a link could publish files from outside the repository)"
)


def _handbook(root: Path, files: dict[str, str] | None = None, *, mkdocs: str = MINIMAL_MKDOCS) -> Path:
    return write_handbook(
        root, {"playbooks/team.yml": TEAM, "playbooks/workflows/webinar.yml": WORKFLOW, **(files or {})}, mkdocs=mkdocs
    )


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


# Case 1: a folder name reaches the "edit this page" link.

HOSTILE_FOLDER = 'x"><img src=x onerror=alert(1)>'


def test_a_folder_not_named_like_an_id_is_an_error_at_the_folder(tmp_path: Path) -> None:
    root = _handbook(tmp_path / "hb", {f"playbooks/policies/{HOSTILE_FOLDER}/brand.yml": POLICY})
    run = check(root)
    run.assert_no_traceback()
    assert run.returncode == 1
    assert _errors(run.stdout) == [
        f"playbooks/policies/{HOSTILE_FOLDER}:1:1: error: '{HOSTILE_FOLDER}' is not a valid folder name: use {ID_HELP}",
    ]
    built = build(root)
    built.assert_no_traceback()
    assert built.returncode != 0
    assert f"playbooks/policies/{HOSTILE_FOLDER}:1:1: error:" in built.output


@pytest.mark.browser
def test_every_segment_of_the_edit_link_is_percent_encoded_and_runs_no_script(chromium: object, tmp_path: Path) -> None:
    # Folders under playbooks/ are ids now; the configured folder itself is the one segment left
    # that can hold anything.
    folder = f"pb{HOSTILE_FOLDER}"
    mkdocs = MINIMAL_MKDOCS.replace(
        "timezone: Europe/London", f"timezone: Europe/London\n      playbooks_dir: '{folder}'"
    )
    root = write_handbook(
        tmp_path / "hb", {f"{folder}/team.yml": TEAM, f"{folder}/workflows/webinar.yml": WORKFLOW}, mkdocs=mkdocs
    )
    built = build(root)
    assert built.returncode == 0, built.output
    edit = (
        "https://git.example.com/team/handbook/edit/main/pbx%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"
        "/workflows/webinar.yml"
    )
    with serve(root / "site") as base, browser_page(chromium) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
        page.goto(base + "workflows/webinar/")  # type: ignore[attr-defined]
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        assert dialogs == []
        assert page.locator("img[onerror]").count() == 0  # type: ignore[attr-defined]
        assert page.locator('a[title="Edit this page"]').get_attribute("href") == edit  # type: ignore[attr-defined]
    assert f'<a href="{edit}" title="Edit this page"' in (
        root / "site" / "workflows" / "webinar" / "index.html"
    ).read_text(encoding="utf-8")


def test_folders_named_like_ids_and_hidden_folders_are_fine(tmp_path: Path) -> None:
    root = _handbook(
        tmp_path / "hb",
        {"playbooks/policies/2027-brand/brand.yml": POLICY, "playbooks/.drafts/Not An Id.yml": "not: read\n"},
    )
    run = check(root)
    assert run.returncode == 0, run.output


def test_the_playbooks_folder_may_not_leave_the_handbook(tmp_path: Path) -> None:
    outside = _handbook(tmp_path / "outside")
    root = _handbook(
        tmp_path / "hb",
        mkdocs=MINIMAL_MKDOCS.replace(
            "timezone: Europe/London", "timezone: Europe/London\n      playbooks_dir: ../outside/playbooks"
        ),
    )
    run = check(root)
    run.assert_no_traceback()
    assert run.returncode == 2, run.output
    assert "playbooks_dir: '../outside/playbooks' is not a folder inside the folder of mkdocs.yml" in run.output
    assert (outside / "playbooks" / "team.yml").exists()


# Case 3: links and special files are never opened.


def test_a_link_to_a_file_outside_the_repository_is_refused_and_not_published(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text("kind: policy\ntitle: Salaries of the board\nowner: strategist\n", encoding="utf-8")
    root = _handbook(tmp_path / "hb")
    (root / "playbooks" / "policies").mkdir()
    (root / "playbooks" / "policies" / "secret.yml").symlink_to(secret)
    run = check(root)
    run.assert_no_traceback()
    assert _errors(run.stdout) == [f"playbooks/policies/secret.yml:1:1: error: {FILE_LINK}"]
    built = build(root)
    assert built.returncode != 0
    assert not any(
        "Salaries" in p.read_text(encoding="utf-8", errors="replace") for p in (root / "site").rglob("*") if p.is_file()
    )


def test_a_link_to_dev_zero_and_a_fifo_are_refused_without_reading_them(tmp_path: Path) -> None:
    root = _handbook(tmp_path / "hb")
    (root / "playbooks" / "zero.yml").symlink_to("/dev/zero")
    os.mkfifo(root / "playbooks" / "pipe.yml")
    (root / "playbooks" / "gone.yml").symlink_to(root / "playbooks" / "nowhere.yml")
    run = check(root)  # before the fix: a read of /dev/zero until memory ran out, then a FIFO that never ends
    run.assert_no_traceback()
    assert _errors(run.stdout) == [
        f"playbooks/gone.yml:1:1: error: {FILE_LINK}",
        "playbooks/pipe.yml:1:1: error: not a regular file (a FIFO, device or socket): a handbook file must be "
        "a regular file",
        f"playbooks/zero.yml:1:1: error: {FILE_LINK}",
    ]


def test_linked_folders_are_refused_at_the_link(tmp_path: Path) -> None:
    elsewhere = _handbook(tmp_path / "elsewhere", {"playbooks/policies/brand.yml": POLICY})
    root = _handbook(tmp_path / "hb")
    (root / "playbooks" / "policies").symlink_to(elsewhere / "playbooks" / "policies")
    (root / "resource_hub").symlink_to(elsewhere / "playbooks")
    run = check(root)
    run.assert_no_traceback()
    assert _errors(run.stdout) == [
        f"playbooks/policies:1:1: error: {FOLDER_LINK}",
        f"resource_hub:1:1: error: {FOLDER_LINK}",
    ]


# Case 7: names the id rule's `$` let through, and names that are not UTF-8.


def test_a_file_name_with_a_newline_or_a_byte_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    root = _handbook(tmp_path / "hb")
    policies = os.fsencode(root / "playbooks" / "policies")
    os.mkdir(policies)
    for name in (b"brand\n.yml", b"caf\xff.yml"):
        with open(os.path.join(policies, name), "wb") as stream:
            stream.write(POLICY.encode())
    os.mkdir(os.path.join(policies, b"old\xff"))
    with open(os.path.join(policies, b"old\xff", b"x.yml"), "wb") as stream:
        stream.write(POLICY.encode())
    run = check(root)
    run.assert_no_traceback()
    assert _errors(run.stdout) == [
        f"playbooks/policies/brand\\n.yml:1:1: error: 'brand\\n' is not a valid id (the file name is the id): use {ID_HELP}",
        f"playbooks/policies/caf\\xff.yml:1:1: error: 'caf\\xff' is not a valid id (the file name is the id): use {ID_HELP}",
        f"playbooks/policies/old\\xff:1:1: error: 'old\\xff' is not a valid folder name: use {ID_HELP}",
    ]
    built = build(root)
    built.assert_no_traceback()
    assert built.returncode != 0


def test_an_id_key_ending_in_a_newline_is_not_an_id(tmp_path: Path) -> None:
    team = TEAM.replace("  ellie: {", '  "ellie\\n": {')
    root = _handbook(tmp_path / "hb", {"playbooks/team.yml": team})
    run = check(root)
    run.assert_no_traceback()
    assert f"playbooks/team.yml:6:14: error: 'ellie\\n' is not a valid id: use {ID_HELP}" in run.stdout


def test_new_refuses_an_id_ending_in_a_newline(tmp_path: Path) -> None:
    root = _handbook(tmp_path / "hb")
    run = run_limited(
        ["opsbook.cli.main", "new", "policy", "--title", "Brand", "--owner", "strategist", "--id", "brand\n"], cwd=root
    )
    run.assert_no_traceback()
    assert run.returncode == 1
    assert f"'brand\\n' is not a valid id: use {ID_HELP} (pass --id)" in run.stderr
    assert not (root / "playbooks" / "policies").exists()


# Case 11: ids that would take the place of a page opsbook makes.


def test_an_entry_with_id_index_is_an_error(tmp_path: Path) -> None:
    root = _handbook(tmp_path / "hb", {"playbooks/policies/index.yml": POLICY, "playbooks/policies/brand.yml": POLICY})
    run = check(root)
    run.assert_no_traceback()
    assert _errors(run.stdout) == [
        "playbooks/policies/index.yml:1:1: error: 'index' cannot be an entry's id: its page would take the "
        "place of the section's own index page (rename the file)",
    ]
    built = build(root)
    assert built.returncode != 0
    assert "docs/policies/index.md is your own page" not in built.output


def test_a_person_or_role_with_id_index_is_an_error(tmp_path: Path) -> None:
    team = TEAM + "  index: {name: Ian Dex, roles: [designer]}\n"
    team = team.replace("  designer: {title: Designer}\n", "  designer: {title: Designer}\n  index: {title: Indexer}\n")
    root = _handbook(tmp_path / "hb", {"playbooks/team.yml": team})
    run = check(root)
    run.assert_no_traceback()
    assert _errors(run.stdout) == [
        "playbooks/team.yml:5:3: error: 'index' cannot be an id in roles: its page would take the place of "
        "the page that lists all roles",
        "playbooks/team.yml:9:3: error: 'index' cannot be an id in people: its page would take the place of "
        "the page that lists all people",
    ]


def test_new_refuses_the_id_index(tmp_path: Path) -> None:
    root = _handbook(tmp_path / "hb")
    run = run_limited(["opsbook.cli.main", "new", "policy", "--title", "Index", "--owner", "strategist"], cwd=root)
    run.assert_no_traceback()
    assert run.returncode == 1
    assert "'index' cannot be an entry's id" in run.stderr


def test_the_kinds_without_a_page_are_those_the_site_gives_none() -> None:
    assert {cls for kind, cls in KINDS.items() if kind not in HUB_ONLY_KINDS} == set(SECTIONS)
    assert KINDS.keys() >= HUB_ONLY_KINDS


@pytest.mark.parametrize("kind", ["links", "assets"])
def test_a_file_without_a_page_may_be_named_index(tmp_path: Path, kind: str) -> None:
    root = _handbook(tmp_path / "hb", {"resource_hub/index.yml": f"kind: {kind}\n"})
    run = check(root)
    assert run.returncode == 0, run.output


# Case 15: nothing is loaded from another host, and the licence gate sees every way a page shows an image.

REMOTE = "the site loads nothing from outside it (put the image in docs/ and give its path)"


def test_an_image_from_another_host_in_a_markdown_field_is_an_error_at_the_field(tmp_path: Path) -> None:
    root = _handbook(
        tmp_path / "hb",
        {
            "playbooks/policies/brand.yml": POLICY + "body: |\n  Our logo: ![](https://tracker.example/p.gif)\n\n"
            '  <img src="//t2.example/x.gif" srcset="//t3.example/y.gif 2x">\n',
            "playbooks/policies/notes.md": "---\n" + POLICY + "---\nHello ![x][r]\n\n[r]: http://x.example/y.png\n",
            "playbooks/procedures/data.yml": "kind: procedure\ntitle: Data\nowner: strategist\nsteps:\n"
            "  - id: one\n    title: One\n    responsible: strategist\n"
            "    description: \"<IMG SRC='/&#9;/t4.example/step.png'>\"\n",
            "playbooks/reports/weekly.yml": "kind: report\ntitle: Weekly\nowner: strategist\nrepeat: weekly\n"
            "days: [mon]\nstarts: 2027-01-04\nmethod: '![chart](\\\\\\\\t5.example/c.png)'\n",  # Markdown reads two backslashes as one
            "resource_hub/notes/fine.md": "---\nkind: note\ntitle: Fine\n---\n![local](../images/a.png) "
            "[a link](https://example.com/) `<img src=https://t6.example/code.png>`\n",
        },
    )
    run = check(root)
    run.assert_no_traceback()
    assert _errors(run.stdout) == [
        "playbooks/policies/brand.yml:4:7: error: the body shows images from another host "
        f"('https://tracker.example/p.gif', '//t2.example/x.gif'): {REMOTE}",
        f"playbooks/policies/notes.md:2:1: error: the body shows an image from another host ('http://x.example/y.png'): {REMOTE}",
        "playbooks/procedures/data.yml:8:18: error: the description shows an image from another host "
        f"('/\\t/t4.example/step.png'): {REMOTE}",
        f"playbooks/reports/weekly.yml:7:9: error: the method shows an image from another host ('\\\\t5.example/c.png'): {REMOTE}",
    ]


def test_the_sanitiser_drops_an_image_from_another_host_and_keeps_a_local_one() -> None:
    from opsbook.core.sanitize import markdown_to_html

    html = str(
        markdown_to_html(
            '![a](https://tracker.example/p.gif) <img src="//t.example/x.gif" '
            'srcset="//t.example/y.gif 2x"> ![b](images/b.png)'
        )
    )
    assert "example" not in html
    assert '<img alt="b" src="images/b.png">' in html


def test_the_licence_gate_sees_input_video_svg_and_css_images(tmp_path: Path) -> None:
    page = """# Launch

<input type="image" src="../images/button.svg" alt="Go">

<video poster="../images/poster.svg" controls></video>

<svg width="10" height="10"><image href="../images/svg-href.svg" width="10" height="10"/><image xlink:href="../images/svg-xlink.svg"/></svg>

<div style="background-image: url('../images/inline-style.svg')">styled</div>

<style>
.hero { background: url("../images/style-block.svg") }
</style>
"""
    names = ["button", "poster", "svg-href", "svg-xlink", "inline-style", "style-block"]
    root = _handbook(
        tmp_path / "hb",
        {
            "docs/launch.md": page,
            "resource_hub/assets.yml": "kind: assets\n",
            **{f"docs/images/{n}.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>" for n in names},
        },
    )
    built = build(root)
    built.assert_no_traceback()
    gated = [line.split("opsbook: ", 1)[1] for line in built.output.splitlines() if "shows image" in line]
    assert gated == [
        f"page 'docs/launch.md' shows image 'docs/images/{n}.svg', which has no licence record in the asset register"
        for n in names
    ], built.output


# Case 16: the search copy keeps the words of generated table cells apart, as Material's own index
# of a Markdown table does.

PROCEDURE = """\
kind: procedure
title: Lead handling
owner: strategist
data:
  - name: Email address
    source: Webinar sign-up form
    purpose: follow-up
    lawful_basis: consent
    retention: 24 months
    systems: [CRM]
steps:
  - id: purge
    title: Purge old leads
    responsible: strategist
"""


@pytest.mark.browser
def test_search_finds_a_word_that_only_a_generated_table_cell_holds(chromium: object, tmp_path: Path) -> None:
    root = _handbook(tmp_path / "hb", {"playbooks/procedures/leads.yml": PROCEDURE})
    built = build(root)
    assert built.returncode == 0, built.output
    index = (root / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert index.count("consent") == 1  # the cell is the only place the word stands
    with serve(root / "site") as base, browser_page(chromium) as page:
        page.goto(base)  # type: ignore[attr-defined]
        page.locator("label.md-search__icon, .md-search__input").first.click()  # type: ignore[attr-defined]
        page.locator("input.md-search__input").press_sequentially("consent", delay=20)  # type: ignore[attr-defined]
        meta = page.locator(".md-search-result__meta")  # type: ignore[attr-defined]
        page.wait_for_function(  # type: ignore[attr-defined]
            "/matching/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=15000
        )
        results = page.locator(".md-search-result__item > a")  # type: ignore[attr-defined]
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert meta.inner_text() == "1 matching document", hrefs
        assert any(h.endswith("procedures/leads/#data") for h in hrefs), hrefs
        assert page.foreign_requests == []  # type: ignore[attr-defined]
