"""ical.js, the calendar library of Thunderbird and of many web calendars, run by the system node.

The tests install a pinned ical.js from the npm registry into a folder of the system's temporary
directory, once per machine. Outside CI a machine without node skips the tests that need it,
with the reason; in CI (`CI=true`) a missing node fails them, so a broken install step in
.ci/run cannot pass unseen (as tests/browser.py does for Chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NoReturn

import pytest

ICALJS_VERSION = "2.2.1"
CACHE = Path(tempfile.gettempdir()) / f"opsbook-icaljs-{ICALJS_VERSION}"
EXPAND = Path(__file__).with_name("icaljs_expand.mjs")
EVENTS = Path(__file__).with_name("icaljs_events.mjs")


def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}: .ci/run must install it")
    pytest.skip(reason)


def require_icaljs() -> tuple[str, Path]:
    """The node executable and ical.js's module file, installing ical.js when it is missing."""
    node = shutil.which("node")
    if node is None:
        _missing("node is not installed (apt-get install nodejs npm)")
    module = CACHE / "node_modules" / "ical.js" / "dist" / "ical.js"
    if not module.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _missing(f"npm is not installed (apt-get install npm), and ical.js is not in {CACHE}")
        # Into a folder of its own, then renamed: two runs at once never see half an install.
        staging = Path(tempfile.mkdtemp(prefix="opsbook-icaljs-"))
        proc = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(staging),
                "--no-audit",
                "--no-fund",
                "--no-package-lock",
                f"ical.js@{ICALJS_VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, f"npm install ical.js@{ICALJS_VERSION} failed:\n{proc.stdout}{proc.stderr}"
        try:
            staging.rename(CACHE)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)  # another run put it there first
    assert module.is_file(), f"ical.js is not at {module}"
    return node, module


def occurrences(ics: Path, start: str, end: str) -> dict[str, list[str]]:
    """Each event's occurrences from `start` to before `end` (local date-times such as
    2026-01-01T00:00:00), as ical.js reads the feed: UTC instants for timed events, by UID."""
    node, module = require_icaljs()
    proc = subprocess.run(
        [node, str(EXPAND), str(module), str(ics), start, end], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def events(ics: Path) -> dict[str, dict[str, object]]:
    """Each event as ical.js reads it, by UID: summary, start, end and whether it is all-day."""
    node, module = require_icaljs()
    proc = subprocess.run(
        [node, str(EVENTS), str(module), str(ics)], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    found: dict[str, dict[str, object]] = json.loads(proc.stdout)
    return found
