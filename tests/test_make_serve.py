"""`make serve`: the port is chosen with PORT=, and a port in use stops it in one line."""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from liveserver import free_port

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
    port = free_port()
    done = _make("-n", "serve", f"PORT={port}")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[-1] == f"{VENV}/bin/mkdocs serve --dev-addr 127.0.0.1:{port}"


def test_a_port_in_use_stops_serve_in_one_line_naming_a_free_one() -> None:
    with contextlib.ExitStack() as held:
        # Two ports in a row in use: the one asked for and the next, which must not be suggested.
        while True:
            first = held.enter_context(socket.socket())
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            second = held.enter_context(socket.socket())
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            first.listen()
            second.listen()
            break
        done = _make("serve", f"PORT={port}")
        assert done.returncode != 0
        assert done.stdout == ""
        assert done.stderr.count("\n") == 1
        found = re.search(
            rf"cannot serve on port {port}: Address already in use\. Choose a free port: make serve PORT=(\d+)",
            done.stderr,
        )
        assert found is not None, done.stderr
        suggested = int(found.group(1))
        assert suggested > port + 1
        with socket.socket() as probe:  # nothing listens there
            assert probe.connect_ex(("127.0.0.1", suggested)) != 0
