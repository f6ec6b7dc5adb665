"""Standard output that a reader closed early: `opsbook schema | head` ends quietly."""

from __future__ import annotations

import functools
import io
import os
import sys
from collections.abc import Callable
from typing import ParamSpec

P = ParamSpec("P")
#: The exit code after the reader went away, as Python's documentation of SIGPIPE suggests.
EXIT_CLOSED = 1


def quiet_when_closed(main: Callable[P, int]) -> Callable[P, int]:
    """`main`, ending with EXIT_CLOSED and no traceback when standard output is a pipe whose
    reader has gone. Output is flushed before returning, so that a late error is caught here and
    not printed by the interpreter on its way out."""

    @functools.wraps(main)
    def run(*args: P.args, **kwargs: P.kwargs) -> int:
        try:
            code = main(*args, **kwargs)
            sys.stdout.flush()
        except BrokenPipeError:
            _discard_stdout()
            return EXIT_CLOSED
        return code

    return run


def _discard_stdout() -> None:
    """Point standard output at the null device: what is still buffered goes nowhere, instead
    of failing once more when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test's StringIO): nothing is flushed at exit
