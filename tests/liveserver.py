"""Waiting on a server started in a child process (`mkdocs serve`): a free port to give it, and
a poll of a URL until it answers."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request


def free_port() -> int:
    """A loopback port free now (nothing holds it once this returns)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    """The body of `url`, or None when it does not answer with a success."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, seconds: float, *, text: str = "") -> bool:
    """Whether `url` answers, with `text` in its body, within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return True
        time.sleep(0.3)
    return False
