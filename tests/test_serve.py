"""`mkdocs serve` rebuilds the site when a playbook (outside docs/) changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import WORKFLOW


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _fetch(url)
        if body is not None and text in body:
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_playbook_changes(small_handbook: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(small_handbook / "mkdocs.yml")],
        cwd=small_handbook,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/workflows/webinar/"
        assert _wait_for(url, "Design slide deck", 60), "mkdocs serve did not come up"
        (small_handbook / "playbooks/workflows/webinar.yml").write_text(
            WORKFLOW.replace("Design slide deck", "Design the slide deck twice")
        )
        assert _wait_for(url, "Design the slide deck twice", 60)
        # Search reads a copy of each page, kept between rebuilds: the edited page's is new.
        index = f"http://127.0.0.1:{port}/search/search_index.json"
        assert _wait_for(index, "Design the slide deck twice", 30)
        assert "Design slide deck" not in (_fetch(index) or "")
    finally:
        server.terminate()
        server.wait(timeout=30)
