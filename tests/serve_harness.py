"""Builds a site as `mkdocs serve` does, in this process, once per "build" line on stdin.

The plugin object (and with it every cache kept between rebuilds) lives as long as this process,
as it does under `mkdocs serve`: MkDocs keeps plugins that have `on_startup` across its config
reloads. After each build one JSON line on stdout gives opsbook's stage timings.
Run as `python serve_harness.py ROOT SITE`; a fresh process is a cold build.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path


class _Server:
    """Stands in for MkDocs' live-reload server in on_serve: watches nothing."""

    def watch(self, *_: object, **__: object) -> None:
        pass


def main(root: Path, site: Path) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started = served = False
    for line in sys.stdin:
        if line.strip() != "build":
            continue
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        if not started:
            config.plugins.on_startup(command="serve", dirty=False)
            started = True
        build(config)
        if not served:  # as `mkdocs serve` does once its first build is done
            config.plugins.on_serve(_Server(), config=config, builder=None)
            served = True
        plugin = config.plugins["opsbook"]
        print(json.dumps({"stages": plugin.timings.seconds, "uncacheable": plugin.page_cache.uncacheable}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
