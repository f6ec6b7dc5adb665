"""The benchmark suite works end to end at a tiny size (timings are the benchmark's to show, not
the tests'). Marked `bench`: left out of `make test` (about 35 s), run by `make bench-test` and CI."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Build, run_mkdocs
from opsbook.cli.main import main as opsbook_main

BENCH = REPO / "benchmarks"
sys.path.insert(0, str(BENCH))
from generate import TODAY_EPOCH, generate  # noqa: E402

CASES = ("opsbook", "plain", "small", "git", "rebuild")

pytestmark = pytest.mark.bench


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return generate(tmp_path_factory.mktemp("bench") / "n5", 5, 20)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def sites(generated: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """The three sites of a benchmark round, each built once with --strict: opsbook's handbook, the
    plain site of the same pages, the plain site of short pages (mkdocs-small.yml)."""
    ops_root, plain_root = generated
    work = tmp_path_factory.mktemp("sites")
    return {
        "ops": run_mkdocs(ops_root, work / "ops", "--strict", env={"SOURCE_DATE_EPOCH": TODAY_EPOCH}),
        "plain": run_mkdocs(plain_root, work / "plain", "--strict"),
        "small": run_mkdocs(plain_root, work / "small", "--strict", "-f", str(plain_root / "mkdocs-small.yml")),
    }


def test_generated_handbook_passes_check_and_strict_build(
    generated: tuple[Path, Path], sites: dict[str, Build], monkeypatch: pytest.MonkeyPatch
) -> None:
    ops_root, _ = generated
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    out = io.StringIO()
    code = opsbook_main(["check", str(ops_root), "--strict"], stdout=out, stderr=out)
    build = sites["ops"]
    assert code == 0, out.getvalue()
    assert build.returncode == 0, build.output
    assert (build.site / "workflows" / "wf-0004" / "index.html").is_file()
    assert (build.site / "projects" / "project-0004" / "index.html").is_file()


def test_generated_history_has_one_commit_per_change_with_fixed_dates(generated: tuple[Path, Path]) -> None:
    for root in generated:
        dates = _git(root, "log", "--format=%aI").split()
        assert len(dates) == 21
        assert dates[-1] == "2026-01-05T09:00:00+00:00"
        assert _git(root, "status", "--porcelain") == ""
    changed = _git(generated[0], "log", "-1", "--name-only", "--format=").split()
    assert len(changed) == 1 and changed[0].startswith("playbooks/")


def test_plain_site_has_as_many_pages_as_the_handbook_site(sites: dict[str, Build]) -> None:
    ops, plain, small = sites["ops"], sites["plain"], sites["small"]
    assert ops.returncode == 0 and plain.returncode == 0 and small.returncode == 0, (
        ops.output + plain.output + small.output
    )
    ops_pages = sorted(p.relative_to(ops.site) for p in ops.site.rglob("index.html"))
    plain_pages = sorted(p.relative_to(plain.site) for p in plain.site.rglob("index.html"))
    assert ops_pages == plain_pages
    assert sorted(p.relative_to(small.site) for p in small.site.rglob("index.html")) == ops_pages


def _content(site: Path, url: str) -> str:
    found = re.search(
        r"<article[^>]*>(.*)</article>", (site / url / "index.html").read_text(encoding="utf-8"), re.DOTALL
    )
    assert found is not None
    return found.group(1)


def test_plain_pages_are_about_the_size_of_the_handbook_pages(sites: dict[str, Build]) -> None:
    """The issue asks for plain pages "of similar size": a workflow's and a project's plain page
    hold about as much HTML as opsbook's (their size does not depend on N); the short pages do not."""
    ops, plain, small = sites["ops"], sites["plain"], sites["small"]
    for url in ("workflows/wf-0003", "projects/project-0003"):
        ratio = len(_content(plain.site, url)) / len(_content(ops.site, url))
        assert 0.7 < ratio < 1.4, (url, ratio)
        assert len(_content(small.site, url)) < len(_content(ops.site, url)) / 5


def test_a_rebuild_case_is_several_serve_rebuilds_each_timed_by_stage_and_by_hook(tmp_path: Path) -> None:
    ops_root, _ = generate(tmp_path / "n5", 5, 20)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": TODAY_EPOCH}
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--child", "rebuild", str(ops_root), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    builds = result["builds"]
    assert len(builds) == 5
    for build in builds:
        assert 0 < sum(build["stages"].values()) <= build["hooks"] < build["seconds"]
    # The edited playbook is left as it was.
    assert (
        subprocess.run(
            ["git", "status", "--porcelain"], cwd=ops_root, capture_output=True, text=True, check=True
        ).stdout
        == ""
    )


def test_runner_reports_every_case_and_opsbook_stages(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "-n",
            "5",
            "-m",
            "20",
            "-r",
            "1",
            "--work",
            str(tmp_path / "work"),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    [result] = json.loads(out.read_text())
    assert set(result["seconds"]) == set(CASES)
    assert all(secs > 0 for secs in result["seconds"].values())
    assert set(result["stages"]) == {"load", "validate", "schedule", "history", "render", "search", "calendars"}
    assert result["stages"]["render"] > 0 and result["rebuild_stages"]["history"] > 0
    table = [line for line in proc.stdout.splitlines() if line.startswith("| 5 |")]
    assert len(table) == 4  # the results row, the cold and rebuild stage rows, the page cache's floor
    assert len(table[0].split("|")) == 24  # N and 22 figures
    # The stages opsbook reports fall within the time spent in its hooks, counted apart.
    assert 0 < sum(result["stages"].values()) <= result["hooks"]["opsbook"]
    assert 0 < result["rebuild_share"] < 1
    # Every page's context worked out and digested takes time, and less than a whole rebuild does.
    assert 0 < result["page_keys"] < result["seconds"]["rebuild"]
    floor = table[3].split("|")
    assert float(floor[6]) == pytest.approx(result["page_keys"], abs=0.006)
