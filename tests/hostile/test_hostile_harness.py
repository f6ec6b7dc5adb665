"""The harness itself: a runaway child is stopped by its limits rather than hanging the suite."""

from __future__ import annotations

from pathlib import Path

from limits import run_limited


def test_a_child_that_eats_memory_is_stopped_by_the_limit(tmp_path: Path) -> None:
    script = tmp_path / "greedy.py"
    script.write_text("x = bytearray(4 * 1024 ** 3)\n", encoding="utf-8")
    run = run_limited(["greedy"], cwd=tmp_path, memory=256 * 1024 * 1024)
    assert run.returncode != 0
    assert "MemoryError" in run.output
