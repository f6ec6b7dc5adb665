"""`opsbook build --out DIR`: the handbook as a docs folder that a generator publishes without the
opsbook plugin, written only where opsbook wrote before."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import opsbook as opsbook_package
import pytest
import vobject
import yaml
from bs4 import BeautifulSoup
from conftest import EXAMPLE_TODAY_EPOCH, REPO, folder_files, opsbook, run_mkdocs
from gitrepo import GitRepo
from opsbook.publish.docsfolder import MANIFEST, write_docs_folder

#: A site with plain Material and no opsbook plugin, over the folder opsbook wrote (`docs/`).
PLAIN_MKDOCS = """\
site_name: Plain handbook
site_url: https://handbook.example.com/
theme:
  name: material
  font: false
plugins:
  - search
  - tags
extra_css: [assets/opsbook/opsbook.css, assets/opsbook/hub.css]
extra_javascript: [assets/opsbook/hub.js]
"""
EPOCH = {"SOURCE_DATE_EPOCH": EXAMPLE_TODAY_EPOCH}


def _front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return dict(yaml.safe_load(text.split("---\n")[1]))


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example handbook in a git repository of its own."""
    root = tmp_path / "handbook"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".venv", ".git", "site", "tests", "*.egg-info", "__pycache__")
    )
    GitRepo(root).commit("The example handbook", date="2026-11-02T09:00:00+00:00")
    return root


@pytest.mark.slow
def test_plain_material_builds_the_folder_strict_with_the_plugins_pages_and_feeds(
    example: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    done = opsbook("build", "--out", plain / "docs", cwd=example, env=EPOCH)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {len(folder_files(plain / 'docs')) - 1} files to {plain / 'docs'}: ")
    (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")
    built = run_mkdocs(plain, tmp_path / "plain-site", "--strict", env=EPOCH)
    assert built.returncode == 0, built.output
    assert "opsbook" not in built.output

    page = BeautifulSoup(built.page("workflows/webinar"), "html.parser")
    assert page.select_one("article h1").get_text() == "Webinar"  # type: ignore[union-attr]
    rows = page.select('table[data-opsbook="tasks"] tbody tr')
    assert len(rows) == 8 and "Generate ideas" in rows[0].get_text()
    assert {a.get_text(strip=True) for a in page.select(".md-tag")} >= {"webinars"}
    assert _front_matter(plain / "docs" / "workflows" / "webinar.md")["source"] == "playbooks/workflows/webinar.yml"
    assert (built.site / "index.html").is_file()  # the handbook's own docs/ came along

    # What the plugin shows, page for page: the same HTML in each generated page's body, and the
    # same feeds, change feed and catalogue.
    plugin = run_mkdocs(example, tmp_path / "plugin-site", "--strict", env=EPOCH)
    assert plugin.returncode == 0, plugin.output
    compared = 0
    for md in sorted((plain / "docs").rglob("*.md")):
        rel = md.relative_to(plain / "docs").as_posix()
        if (example / "docs" / rel).exists():
            continue
        body = md.read_text(encoding="utf-8").split('<div class="opsbook-generated">\n', 1)[1].rsplit("\n</div>", 1)[0]
        url = rel.removesuffix(".md").removesuffix("index").rstrip("/")
        assert body in plugin.page(url), rel
        assert body in built.page(url), rel
        compared += 1
    assert compared > 50
    feeds = folder_files(plugin.site / "calendars")
    assert {k: v for k, v in folder_files(built.site / "calendars").items() if k.endswith(".ics")} == {
        k: v for k, v in feeds.items() if k.endswith(".ics")
    }
    team = vobject.readOne(feeds["team.ics"].decode("utf-8"))
    assert "Approve slide deck — Partner webinar (March)" in {str(e.summary.value) for e in team.vevent_list}
    for rel in ("catalog.json", "metrics.json", "changes/feed.xml", "recaps/feed.xml"):
        assert (built.site / rel).read_bytes() == (plugin.site / rel).read_bytes(), rel


def test_it_refuses_a_folder_holding_a_file_it_did_not_write(small_handbook: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.md").write_text("Mine.\n", encoding="utf-8")
    done = opsbook("build", "--out", out, cwd=small_handbook)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"opsbook build: {out}: holds files opsbook did not write (notes.md); give a new or empty folder"
    )
    assert folder_files(out) == {"notes.md": b"Mine.\n"}


def test_a_second_run_replaces_its_own_files_and_refuses_a_changed_or_added_one(
    small_handbook: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert opsbook("build", "--out", out, cwd=small_handbook).returncode == 0
    assert (out / "projects" / "q1-webinar.md").is_file()
    (small_handbook / "playbooks" / "projects" / "q1-webinar.yml").unlink()
    again = opsbook("build", "--out", out, cwd=small_handbook)
    assert again.returncode == 0, again.stderr
    assert not (out / "projects").exists()  # the deleted project's page, and its folder, are gone
    assert not (out / "calendars" / "projects").exists()

    before = folder_files(out)
    (out / "workflows" / "webinar.md").write_text("edited by hand\n", encoding="utf-8")
    (out / "workflows" / "extra.md").write_text("added by hand\n", encoding="utf-8")
    refused = opsbook("build", "--out", out, cwd=small_handbook)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[-2:] == [
        f"opsbook build: {out}: workflows/extra.md: not written by opsbook; move it away or give another folder",
        f"opsbook build: {out}: workflows/webinar.md: changed since opsbook wrote it; move it away or give another folder",
    ]
    assert folder_files(out) == {
        **before,
        "workflows/webinar.md": b"edited by hand\n",
        "workflows/extra.md": b"added by hand\n",
    }


def test_it_refuses_a_folder_inside_docs(small_handbook: Path) -> None:
    done = opsbook("build", "--out", "docs/generated", cwd=small_handbook)
    assert done.returncode == 1
    assert done.stderr == ("opsbook build: docs/generated: give a folder outside docs/, which holds your own pages\n")
    assert not (small_handbook / "docs" / "generated").exists()


def test_a_handbook_with_errors_writes_nothing(small_handbook: Path, tmp_path: Path) -> None:
    (small_handbook / "playbooks" / "projects" / "broken.yml").write_text("kind: project\ntitle: B\n", encoding="utf-8")
    done = opsbook("build", "--out", tmp_path / "out", cwd=small_handbook)
    assert done.returncode == 1
    assert "playbooks/projects/broken.yml:" in done.stderr
    assert done.stderr.splitlines()[-1] == "opsbook: the handbook has errors; nothing written"
    assert not (tmp_path / "out").exists()


def test_pages_carry_escaped_titles_tags_and_source_and_a_docs_page_of_ones_own_wins(
    small_handbook: Path, tmp_path: Path
) -> None:
    webinar = small_handbook / "playbooks" / "workflows" / "webinar.yml"
    webinar.write_text(
        webinar.read_text(encoding="utf-8").replace("title: Webinar", 'title: "Webinar <b>live</b> & more"'),
        encoding="utf-8",
    )
    (small_handbook / "docs" / "hub").mkdir()
    (small_handbook / "docs" / "hub" / "index.md").write_text("# Our own hub\n", encoding="utf-8")
    out = tmp_path / "out"
    done = opsbook("build", "--out", out, cwd=small_handbook)
    assert done.returncode == 0, done.stderr
    assert (
        "opsbook: warning: docs/hub/index.md is your own file: opsbook keeps it and does not write its "
        "Resource hub page\n"
    ) in done.stderr
    assert (out / "hub" / "index.md").read_text(encoding="utf-8") == "# Our own hub\n"
    assert _front_matter(out / "workflows" / "webinar.md") == {
        "title": "Webinar &lt;b&gt;live&lt;/b&gt; &amp; more",
        "tags": ["events"],
        "source": "playbooks/workflows/webinar.yml",
        "search": {"boost": 2},
    }
    assert _front_matter(out / "people" / "ellie.md")["source"] == "playbooks/team.yml"
    # A page with no section to list hides the theme's contents column, as the plugin's pages do.
    assert _front_matter(out / "raci" / "index.md")["hide"] == ["toc"]
    # Search leaves out the status board, as the plugin's site does.
    assert _front_matter(out / "board" / "index.md")["search"] == {"exclude": True}
    assert "hide" not in _front_matter(out / "workflows" / "webinar.md")


def _zensical() -> str:
    found = shutil.which("zensical", path=str(Path(sys.executable).parent))
    if found is None:
        reason = "zensical is not installed (the test extras install it on Python 3.11 and newer)"
        if os.environ.get("CI", "").lower() == "true" and sys.version_info >= (3, 11):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def test_zensical_builds_the_folder(small_handbook: Path, tmp_path: Path) -> None:
    """Zensical ignores third-party MkDocs plugins; the folder is how it publishes a handbook."""
    zensical = _zensical()
    project = tmp_path / "zensical"
    assert opsbook("build", "--out", project / "docs", cwd=small_handbook, env=EPOCH).returncode == 0
    (project / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")
    proc = subprocess.run(
        [zensical, "build", "-f", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **EPOCH},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = project / "site"
    page = BeautifulSoup((site / "workflows" / "webinar" / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = page.select('table[data-opsbook="tasks"] tbody tr')
    assert [r.th.get_text(" ", strip=True).split(" before")[0] for r in rows] == [  # type: ignore[union-attr]
        "Design slide deck",
        "Approve slide deck",
    ]
    team = vobject.readOne((site / "calendars" / "team.ics").read_text(encoding="utf-8"))
    assert len(team.vevent_list) >= 2
    assert (site / "catalog.json").is_file()


def test_a_run_that_fails_half_way_leaves_a_folder_the_next_run_takes_as_its_own(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_docs_folder(out, {"a.md": b"first\n", "b.md": b"first\n"})
    with pytest.raises(OSError):
        # The second file's name is longer than any file system takes: the first is written by then.
        write_docs_folder(out, {"a.md": b"second\n", "x" * 300 + ".md": b"never\n"})
    assert (out / "a.md").read_bytes() == b"second\n"
    write_docs_folder(out, {"a.md": b"third\n"})
    assert folder_files(out).keys() == {"a.md", MANIFEST}
    assert (out / "a.md").read_bytes() == b"third\n"


def test_the_teams_template_overrides_shape_the_pages(small_handbook: Path, tmp_path: Path) -> None:
    mkdocs = small_handbook / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + "      templates_dir: overrides/opsbook\n", encoding="utf-8")
    package = Path(opsbook_package.__file__).parent / "render" / "templates" / "workflow.html"
    override = small_handbook / "overrides" / "opsbook" / "workflow.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        package.read_text(encoding="utf-8").replace(
            "{% block header %}\n", '{% block header %}\n<p class="team-note">Ask Ellie first.</p>\n', 1
        ),
        encoding="utf-8",
    )
    done = opsbook("build", "--out", tmp_path / "out", cwd=small_handbook)
    assert done.returncode == 0, done.stderr
    assert '<p class="team-note">Ask Ellie first.</p>' in (tmp_path / "out" / "workflows" / "webinar.md").read_text(
        encoding="utf-8"
    )
