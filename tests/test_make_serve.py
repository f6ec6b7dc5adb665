"""`make serve`: the port is chosen with PORT=, and a port in use stops it in one line."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
VENV = Path(sys.executable).parent.parent


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    """`make` in the repository with this test run's virtualenv, which it must not reinstall
    (`-o` takes its stamp file as up to date)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-o", f"{VENV}/.installed", f"VENV={VENV}", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_takes_the_port_from_port() -> None:
    with socket.socket() as probe:  # a port free now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = _make("-n", "serve", f"PORT={port}")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[-1] == f"{VENV}/bin/mkdocs serve --dev-addr 127.0.0.1:{port}"


def test_a_port_in_use_stops_serve_in_one_line() -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        done = _make("serve", f"PORT={port}")
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert (
        f"cannot serve on port {port}: Address already in use. Choose a free port: make serve PORT=8001" in done.stderr
    )
