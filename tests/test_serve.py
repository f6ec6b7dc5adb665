"""`mkdocs serve` rebuilds the site when a playbook (outside docs/) changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import WORKFLOW
from liveserver import fetch, free_port, wait_for


def test_serve_rebuilds_when_a_playbook_changes(small_handbook: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(small_handbook / "mkdocs.yml")],
        cwd=small_handbook,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/workflows/webinar/"
        assert wait_for(url, 60, text="Design slide deck"), "mkdocs serve did not come up"
        (small_handbook / "playbooks/workflows/webinar.yml").write_text(
            WORKFLOW.replace("Design slide deck", "Design the slide deck twice")
        )
        assert wait_for(url, 60, text="Design the slide deck twice")
        # Search reads a copy of each page, kept between rebuilds: the edited page's is new.
        index = f"http://127.0.0.1:{port}/search/search_index.json"
        assert wait_for(index, 30, text="Design the slide deck twice")
        assert "Design slide deck" not in (fetch(index) or "")
    finally:
        server.terminate()
        server.wait(timeout=30)
