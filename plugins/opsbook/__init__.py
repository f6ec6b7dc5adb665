"""opsbook: an operations handbook kept as YAML and Markdown in git.

The core (model, loader, schedule, recurrence, pages) never imports MkDocs; the MkDocs plugin
(`opsbook.mkdocs.plugin`) and the command line (`opsbook.cli.main`) are thin adapters over it.
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("opsbook")  # written once, in pyproject.toml
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
