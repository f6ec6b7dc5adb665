"""Build cost at scale: opsbook against plain MkDocs and the common git plugin, in one run.

For each N it generates a handbook of N workflows and N projects with M commits of history, and
a plain mkdocs-material site with the same pages (benchmarks/generate.py). Then, for several
rounds, it runs these builds, each in a fresh Python process, in an order that rotates every
round so that no case always runs first:

- `opsbook`: `mkdocs build` of the handbook (history read cold);
- `plain`: the plain site, whose pages hold about as much as opsbook's (tables and lists);
- `small`: the same pages written short (about 3.5 KB each), for reference;
- `git`: the plain site with mkdocs-git-revision-date-localized-plugin over its M commits;
- `rebuild`: the handbook as `mkdocs serve` builds it, then one playbook edited and the site built
  again in the same process (the plugin and its caches kept, as `serve` keeps them), five times
  over (the edit made and undone in turn); the median of those rebuilds. Then, in the same
  process, what keying pages by a digest of their context costs each rebuild whatever the edit:
  every page's context worked out afresh and digested (CPU seconds, the median of three), beside
  what the rebuild limit leaves opsbook (15% of the rebuild: 0.15 / 0.85 of MkDocs' own time).

Builds run in-process through mkdocs' own `build()`, so opsbook's stage timings (load, validate,
schedule, history, render, search, calendars) are read from the plugin. Peak memory is each
build process's own high-water mark of resident memory (VmHWM). The report gives medians over
the rounds and the ratios the targets are stated in. Run (`pip install -e '.[bench]'` first; `make bench` does both):

    .venv/bin/python benchmarks/run.py --workflows 100 500 1000 --commits 2000 --rounds 3
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import TODAY_EPOCH, generate
from opsbook.core.timings import STAGES

CASES = ("opsbook", "plain", "small", "git", "rebuild")
EDITED = "playbooks/workflows/wf-0000.yml"
#: Rebuilds after an edit in one `rebuild` case (each reported as the median of them).
REBUILDS = 5


def _peak_mb() -> float:
    """This process's peak resident memory since it started running Python.

    Linux's ru_maxrss is no good here: a child keeps the high-water mark of the process it was
    forked from (the runner, which holds the generated handbook), so small builds would look as
    big as the runner. VmHWM belongs to the process's own address space, which exec replaced.
    Processes the build starts (git, for the git plugin) are not counted.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes there, KiB elsewhere


def _time_hooks(config: Any) -> list[float]:
    """Every event handler of the opsbook plugin, timed: the one-element list its seconds add up
    in. An independent count of opsbook's share of a build, beside the stages it reports itself
    (anything a stage leaves out shows up here)."""
    spent = [0.0]
    plugin = config.plugins.get("opsbook")

    def timed(method: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return run

    for methods in config.plugins.events.values():
        methods[:] = [timed(m) if plugin is not None and getattr(m, "__self__", None) is plugin else m for m in methods]
    return spent


class _Server:
    """What `on_serve` is handed in place of MkDocs' live-reload server: it watches nothing."""

    def watch(self, *_: Any, **__: Any) -> None:
        pass


def _build(config_file: Path, site_dir: Path, *, command: str = "build") -> tuple[float, Any, float]:
    """One in-process `mkdocs build`: its wall time, the loaded config and the time spent in
    opsbook's event handlers. As `mkdocs serve` runs its builds: "serve" starts the server
    (on_startup, the first build, on_serve), "" is a rebuild and "stop" a rebuild after which
    the server stops (on_shutdown)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    hooks = _time_hooks(config)
    if command in ("build", "serve"):
        config.plugins.on_startup(command=command, dirty=False)
    build(config)
    if command == "serve":
        config.plugins.on_serve(_Server(), config=config, builder=None)
    if command in ("build", "stop"):
        config.plugins.on_shutdown()
    return time.perf_counter() - start, config, hooks[0]


def _page_keys(config: Any) -> float:
    """CPU seconds to work out every page's context afresh (with the build's `Derived`, which
    contexts read) and digest it, as the page cache must on every rebuild before it can keep a
    page: the floor of a serve rebuild under a cache keyed by what each page is given."""
    from opsbook.render.context import context_for
    from opsbook.render.pagecache import Digester
    from opsbook.views.derived import Derived

    plugin = config.plugins["opsbook"]
    seconds = []
    for _ in range(3):
        start = time.process_time()
        site = dataclasses.replace(plugin.site, derived=Derived(plugin.handbook))
        digester = Digester()
        for page in plugin.pages.values():
            digester.digest(context_for(page, site))
        seconds.append(time.process_time() - start)
    return statistics.median(seconds)


def _stages(config: Any) -> dict[str, float]:
    return dict(config.plugins["opsbook"].timings.seconds)


def child(case: str, root: Path, site_dir: Path) -> dict[str, Any]:
    """One case, in this (fresh) process."""
    import logging

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    if case == "plain":
        secs, _, _ = _build(root / "mkdocs.yml", site_dir)
        return {"seconds": secs, "peak_mb": _peak_mb()}
    if case == "small":
        secs, _, _ = _build(root / "mkdocs-small.yml", site_dir)
        return {"seconds": secs, "peak_mb": _peak_mb()}
    if case == "git":
        secs, _, _ = _build(root / "mkdocs-git.yml", site_dir)
        return {"seconds": secs, "peak_mb": _peak_mb()}
    if case == "opsbook":
        secs, config, hooks = _build(root / "mkdocs.yml", site_dir)
        return {"seconds": secs, "peak_mb": _peak_mb(), "stages": _stages(config), "hooks": hooks}
    assert case == "rebuild"
    # As `mkdocs serve` does: on_startup once, then a fresh config per build, the plugin kept.
    # Several rebuilds, the task renamed and named back in turn: where the garbage collector's
    # full collections fall (a fifth of a second each) differs from one build to the next.
    first, _, _ = _build(root / "mkdocs.yml", site_dir, command="serve")
    edited = root / EDITED
    original = edited.read_text(encoding="utf-8")
    renamed = original.replace("title: Step 3 of", "title: Edited step 3 of", 1)
    builds = []
    try:
        for n in range(REBUILDS):
            edited.write_text(renamed if n % 2 == 0 else original, encoding="utf-8")
            secs, config, hooks = _build(root / "mkdocs.yml", site_dir, command="" if n < REBUILDS - 1 else "stop")
            builds.append({"seconds": secs, "hooks": hooks, "stages": _stages(config)})
    finally:
        edited.write_text(original, encoding="utf-8")
    floor = _page_keys(config)
    return {
        "seconds": statistics.median(b["seconds"] for b in builds),
        "first_seconds": first,
        "hooks": statistics.median(b["hooks"] for b in builds),
        "stages": {s: statistics.median(b["stages"][s] for b in builds) for s in STAGES},
        "share": statistics.median(b["hooks"] / b["seconds"] for b in builds),
        "page_keys": floor,
        "builds": builds,
    }


def _run_child(case: str, root: Path, site_dir: Path) -> dict[str, Any]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": TODAY_EPOCH}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", case, str(root), str(site_dir)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{case} build of {root} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(work: Path, workflows: int, commits: int, rounds: int, cases: tuple[str, ...] = CASES) -> dict[str, Any]:
    """Generate the case and run every build `rounds` times; medians per case (NaN for a case
    left out)."""
    ops_root, plain_root = generate(work / f"n{workflows}", workflows, commits)
    roots = {"opsbook": ops_root, "plain": plain_root, "small": plain_root, "git": plain_root, "rebuild": ops_root}
    runs: dict[str, list[dict[str, Any]]] = {case: [] for case in CASES}
    for r in range(rounds):
        order = cases[r % len(cases) :] + cases[: r % len(cases)]
        for case in order:
            result = _run_child(case, roots[case], work / f"site-{workflows}-{case}")
            runs[case].append(result)
            print(f"  N={workflows} round {r + 1} {case}: {result['seconds']:.2f} s", file=sys.stderr)
    built = next(
        (
            work / f"site-{workflows}-{case}"
            for case in ("plain", "small", "opsbook")
            if (work / f"site-{workflows}-{case}").is_dir()
        ),
        work,
    )
    pages = sum(1 for _ in built.rglob("index.html"))

    def med(case: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[case]) if runs[case] else math.nan

    def med_stages(case: str) -> dict[str, float]:
        return {
            s: statistics.median(run["stages"][s] for run in runs[case]) if runs[case] else math.nan for s in STAGES
        }

    return {
        "workflows": workflows,
        "commits": commits,
        "rounds": rounds,
        "pages": pages,
        "seconds": {case: med(case, "seconds") for case in CASES},
        "peak_mb": {case: med(case, "peak_mb") for case in ("opsbook", "plain", "small", "git")},
        "stages": med_stages("opsbook"),
        "rebuild_stages": med_stages("rebuild"),
        "hooks": {case: med(case, "hooks") for case in ("opsbook", "rebuild")},
        "rebuild_share": med("rebuild", "share"),
        "page_keys": med("rebuild", "page_keys"),
    }


def report(results: list[dict[str, Any]]) -> str:
    """The results as Markdown tables."""
    lines = [
        "| N | pages | opsbook (s) | plain (s) | plain + git plugin (s) | a/b | a/c | opsbook N / opsbook 100 |"
        " history cold (s) | git plugin adds (s) | history / git adds | rebuild (s) | history warm (s) |"
        " opsbook stages / rebuild | opsbook hooks / rebuild | peak opsbook (MB) | peak plain (MB) | memory a/b |"
        " plain, short pages (s) | a / short | peak short (MB) | memory a / short |",
        "|" + "---:|" * 22,
    ]
    base = next((r["seconds"]["opsbook"] for r in results if r["workflows"] == 100), None)
    for r in results:
        s, st, rb, mem = r["seconds"], r["stages"], r["rebuild_stages"], r["peak_mb"]
        adds = s["git"] - s["plain"]
        growth = f"{s['opsbook'] / base:.1f}" if base else "–"
        lines.append(
            f"| {r['workflows']} | {r['pages']} | {s['opsbook']:.2f} | {s['plain']:.2f} | {s['git']:.2f} | "
            f"{s['opsbook'] / s['plain']:.2f} | {s['opsbook'] / s['git']:.2f} | {growth} | {st['history']:.2f} | "
            f"{adds:.2f} | {st['history'] / adds if adds > 0 else float('nan'):.2f} | {s['rebuild']:.2f} | "
            f"{rb['history']:.2f} | {sum(rb.values()) / s['rebuild']:.2f} | {r['rebuild_share']:.2f} | "
            f"{mem['opsbook']:.0f} | "
            f"{mem['plain']:.0f} | {mem['opsbook'] / mem['plain']:.2f} | {s['small']:.2f} | "
            f"{s['opsbook'] / s['small']:.2f} | {mem['small']:.0f} | {mem['opsbook'] / mem['small']:.2f} |".replace(
                "| nan ", "| – "
            )
        )  # a case left out (--cases)
    lines += [
        "",
        "opsbook's stages (median seconds; first the cold build, then the rebuild after one edit):",
        "",
        "| N | build | " + " | ".join(STAGES) + " | opsbook total | in opsbook's hooks |",
        "|---|---|" + "---:|" * (len(STAGES) + 2),
    ]
    for r in results:
        for label, stages, hooks in (
            ("cold", r["stages"], r["hooks"]["opsbook"]),
            ("rebuild", r["rebuild_stages"], r["hooks"]["rebuild"]),
        ):
            lines.append(
                (
                    f"| {r['workflows']} | {label} | "
                    + " | ".join(f"{stages[s]:.2f}" for s in STAGES)
                    + f" | {sum(stages.values()):.2f} | {hooks:.2f} |"
                ).replace("| nan ", "| – ")
            )
    lines += [
        "",
        "A rebuild's limit and the page cache's floor (median seconds): what 15% of the rebuild leaves",
        "opsbook (0.15 / 0.85 of MkDocs' own time), and the CPU time of working out and digesting every",
        "page's context, which a cache keyed by that digest pays on every rebuild whatever the edit:",
        "",
        "| N | rebuild | MkDocs' own | opsbook's hooks | opsbook at 15% | contexts and digests | floor / limit |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        own = r["seconds"]["rebuild"] - r["hooks"]["rebuild"]
        limit = 0.15 / 0.85 * own
        lines.append(
            (
                f"| {r['workflows']} | {r['seconds']['rebuild']:.2f} | {own:.2f} | {r['hooks']['rebuild']:.2f} | "
                f"{limit:.2f} | {r['page_keys']:.2f} | {r['page_keys'] / limit:.2f} |"
            ).replace("| nan ", "| – ")
        )
    runs = {(r["commits"], r["rounds"]) for r in results}
    lines += ["", "Commits and rounds: " + ", ".join(f"M = {m}, {k} round(s)" for m, k in sorted(runs)) + "."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workflows", "-n", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--commits", "-m", type=int, default=2000)
    parser.add_argument("--rounds", "-r", type=int, default=3)
    parser.add_argument(
        "--cases", nargs="+", choices=CASES, default=list(CASES), help="which builds to run (default: all)"
    )
    parser.add_argument("--work", type=Path, help="where to generate and build (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the raw medians here")
    parser.add_argument("--child", nargs=3, metavar=("CASE", "ROOT", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        case, root, site = args.child
        print(json.dumps(child(case, Path(root), Path(site))))
        return 0
    with tempfile.TemporaryDirectory(prefix="opsbook-bench-") as tmp:
        work = args.work or Path(tmp)
        results = []
        for n in args.workflows:
            results.append(measure(work, n, args.commits, args.rounds, tuple(args.cases)))
            print(json.dumps(results[-1]), file=sys.stderr)  # each N's medians as soon as it is done
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
