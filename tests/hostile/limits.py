"""Hostile inputs: each case runs opsbook in a child process held to a CPU-time and memory limit.

The limits are the kernel's (`RLIMIT_CPU`, `RLIMIT_AS`), not wall-clock asserts, so a busy
machine slows a case down without failing it, while a hang or a blow-up is killed and fails.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: Generous for one small handbook, far below what the attacks cost before they were fixed.
CPU_SECONDS = 60
MEMORY_BYTES = 1536 * 1024 * 1024


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def assert_no_traceback(self) -> None:
        assert "Traceback" not in self.output, self.output
        # Killed by a limit: SIGXCPU / SIGKILL show as a negative code.
        assert self.returncode >= 0, f"killed by signal {-self.returncode}:\n{self.output}"


def _limits(cpu: int, memory: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return apply


def run_limited(
    args: list[str], cwd: Path, *, env: dict[str, str] | None = None, cpu: int = CPU_SECONDS, memory: int = MEMORY_BYTES
) -> Run:
    """Run `python -m <args>` (e.g. ["opsbook.cli.main", "check"]) in `cwd` under the limits."""
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        errors="replace",
        preexec_fn=_limits(cpu, memory),
        timeout=cpu * 10,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def check(root: Path, *extra: str, **kwargs) -> Run:
    """`opsbook check` of the handbook in `root`, under the limits."""
    return run_limited(["opsbook.cli.main", "check", str(root), *extra], cwd=root, **kwargs)


def build(root: Path, *extra: str, **kwargs) -> Run:
    """`mkdocs build` of the handbook in `root` into root/site, under the limits."""
    return run_limited(
        ["mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site"), *extra], cwd=root, **kwargs
    )
