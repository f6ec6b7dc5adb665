"""opsbook: an operations handbook kept as YAML and Markdown in git.

The core (model, loader, schedule, recurrence, pages) never imports MkDocs; the MkDocs plugin
(`opsbook.mkdocs.plugin`) and the command line (`opsbook.cli.main`) are thin adapters over it.
"""

from __future__ import annotations

__version__ = "0.1.0"
