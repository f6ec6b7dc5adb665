"""Synthetic handbooks for the benchmark, with a scripted git history, and a plain site to match.

`generate(out, n, m)` writes two git repositories under `out`:

- `out/opsbook/`: a handbook in the SPEC format — a team, N workflows of 15 tasks, N projects
  (one per workflow), N/10 rituals and N/10 reports, a policy, a procedure, links — and an
  mkdocs.yml using the opsbook plugin. Its history is one commit adding everything, then M
  commits each changing one workflow (a task's due offset and title) or one project (its launch
  date and a task's status), round robin.
- `out/plain/`: a plain mkdocs-material site with the same pages at the same paths (so its
  navigation has the same shape), each a Markdown page of tables and lists holding about as much
  as opsbook's page at that path (PAGE_BYTES), with M commits each changing one page.
  `mkdocs.yml` builds it as is; `mkdocs-git.yml` adds mkdocs-git-revision-date-localized-plugin;
  `mkdocs-small.yml` builds the same pages written short (`small/`, about 3.5 KB each: what a
  team might write by hand instead of what opsbook shows), for reference.

Both histories are written with one `git fast-import` each, with fixed authors and dates, so a
case of M = 2000 takes seconds. Run:

    .venv/bin/python benchmarks/generate.py OUT --workflows 100 --commits 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

TASKS = 15
EPOCH = int(dt.datetime(2026, 1, 5, 9, tzinfo=dt.timezone.utc).timestamp())
AUTHORS = [
    ("Ann Baker", "ann@example.com"),
    ("Ben Cole", "ben@example.com"),
    ("Cat Diaz", "cat@example.com"),
    ("Dan Evans", "dan@example.com"),
    ("Eve Ford", "eve@example.com"),
]
TODAY_EPOCH = "1795392000"  # 2026-11-23: fixes "today" so that builds are comparable

THEME = """\
theme:
  name: material
  font: false
  features:
    - content.action.edit
    - navigation.indexes
    - navigation.sections
    - navigation.prune
"""

OPSBOOK_MKDOCS = f"""\
site_name: Benchmark handbook
site_url: https://handbook.example.com/
repo_url: https://git.example.com/team/handbook
edit_uri: edit/main/docs/
{THEME}plugins:
  - search
  - tags
  - opsbook:
      timezone: Europe/London
      holidays: GB
"""

PLAIN_MKDOCS = f"""\
site_name: Benchmark plain site
site_url: https://handbook.example.com/
repo_url: https://git.example.com/team/handbook
edit_uri: edit/main/docs/
{THEME}plugins:
  - search
  - tags
"""

PLAIN_GIT_MKDOCS = PLAIN_MKDOCS + "  - git-revision-date-localized\n"
SMALL_MKDOCS = PLAIN_MKDOCS.replace(
    "site_name: Benchmark plain site\n", "site_name: Benchmark plain site, short pages\ndocs_dir: small\n"
)


@dataclass(frozen=True)
class Shape:
    """How many of each thing a handbook of N workflows has."""

    workflows: int

    @property
    def roles(self) -> int:
        return max(10, self.workflows // 10)

    @property
    def people(self) -> int:
        return 2 * self.roles

    @property
    def rituals(self) -> int:
        return max(2, self.workflows // 10)

    @property
    def reports(self) -> int:
        return max(2, self.workflows // 10)


#: Weekly hours, varied so that the workload page has people under and over capacity.
CAPACITIES = ("40h", "32h", "24h", "8h")


def _role(k: int) -> str:
    return f"role-{k:04d}"


def _person(k: int) -> str:
    return f"person-{k:04d}"


def team(shape: Shape) -> str:
    lines = ["kind: team", "title: Benchmark team", "roles:"]
    lines += [f"  {_role(k)}: {{title: Role {k}, description: Does the work of role {k}.}}" for k in range(shape.roles)]
    lines.append("people:")
    # Two people per role, so every project assigns its roles explicitly.
    lines += [
        f"  {_person(k)}: {{name: Person {k}, email: p{k}@example.com, roles: [{_role(k % shape.roles)}], "
        f"capacity: {CAPACITIES[k % len(CAPACITIES)]}}}"
        for k in range(shape.people)
    ]
    return "\n".join(lines) + "\n"


def _workflow_roles(shape: Shape, i: int) -> list[int]:
    return [(i + j) % shape.roles for j in range(10)]


def workflow(shape: Shape, i: int, version: int) -> str:
    roles = _workflow_roles(shape, i)
    lines = [
        "kind: workflow",
        f"title: Workflow {i} (revision {version})",
        f"summary: How the team runs process number {i}, from first idea to launch.",
        f"owner: {_role(roles[0])}",
        "tags: [benchmark, " + f"group-{i % 7}]",
        "tasks:",
    ]
    changed = version % TASKS
    for t in range(TASKS):
        title = f"Step {t} of workflow {i}" + (f", revised {version}" if t == changed and version else "")
        lines += [
            f"  - id: step-{t:02d}",
            f"    title: {title}",
            f"    responsible: {_role(roles[t % 10])}",
            f"    consulted: [{_role(roles[(t + 1) % 10])}]",
            f"    informed: [{_role(roles[(t + 2) % 10])}]",
            "    effort: 2h",
        ]
        if t % 2 == 0:
            # Fixed dues at least two days apart; a revision moves one of them by a day.
            due = (TASKS - t) * 3 + (1 if t == changed and version % 2 else 0)
            lines.append(f"    due: -{due}d")
        else:
            lines += ["    duration: 2d", f"    before: [step-{t + 1:02d}]"]
    return "\n".join(lines) + "\n"


def project(shape: Shape, i: int, version: int) -> str:
    roles = _workflow_roles(shape, i)
    launch = dt.date(2027, 3, 1) + dt.timedelta(days=(i * 3) % 200 + version * 7)
    holders = shape.people // shape.roles
    assign = ", ".join(f"{_role(r)}: {_person(r + shape.roles * (i % holders))}" for r in roles)
    done = version % 4
    lines = [
        "kind: project",
        f"title: Project {i}",
        f"summary: Run number {i} of workflow {i}.",
        "tags: [benchmark]",
        f"workflow: wf-{i:04d}",
        f"launch: {launch.isoformat()}",
        f"assign: {{{assign}}}",
    ]
    if done:
        # Done on dates around their due dates, some early and some late, and one on no date:
        # the team performance page has something to count.
        lines.append("status:")
        lines += [
            f"  step-{t:02d}: {{done: {launch - dt.timedelta(days=(TASKS - t) * 3 - (i + t) % 5)}}}"
            if t
            else f"  step-{t:02d}: done"
            for t in range(done)
        ]
    lines += ["body: |", f"  Project {i} follows workflow {i}. This text is revision {version}."]
    return "\n".join(lines) + "\n"


def ritual(shape: Shape, i: int) -> str:
    return (
        f"kind: ritual\ntitle: Meeting {i}\nattendees: [{_role(i % shape.roles)}, {_person(i % shape.people)}]\n"
        f'starts: 2027-01-04\ntime: "{9 + i % 8:02d}:30"\nduration: 30m\nrepeat: weekly\n'
        f"days: [{['mon', 'tue', 'wed', 'thu', 'fri'][i % 5]}]\nagenda: [Progress, Blockers, Next steps]\n"
    )


def report(shape: Shape, i: int) -> str:
    return (
        f"kind: report\ntitle: Report {i}\nowner: {_role(i % shape.roles)}\n"
        f"audience: [{_role((i + 1) % shape.roles)}]\nrepeat: monthly\ndays: [{1 + i % 28}]\n"
        "starts: 2027-01-01\nmetrics: [Visitors, Leads, Conversion]\nsources: [Analytics, CRM]\n"
        "method: Export the figures, compare with last month, and list three actions.\n"
        "effort: 3h\n"
    )


POLICY = """\
kind: policy
title: Asset licensing
owner: role-0000
effective: 2026-01-01
review: 2027-06-01
applies_to: [images, video]
rules:
  - Every image has a licence record before use.
"""

PROCEDURE = """\
kind: procedure
title: Customer data handling
owner: role-0001
review: 2027-06-01
data:
  - {name: Email address, source: Forms, purpose: Follow-up, lawful_basis: consent, retention: 24 months, systems: [CRM]}
steps:
  - {id: clean-bounces, title: Remove bounced contacts, responsible: role-0001, repeat: monthly, days: [1], starts: 2027-01-01, effort: 2h}
"""

LINKS = """\
kind: links
title: Useful links
links:
  - {title: Brand guide, url: "https://example.com/brand", description: Colours and logos.}
"""

HOME = "# Benchmark handbook\n\nA synthetic handbook for measuring build cost.\n"


def opsbook_files(shape: Shape) -> dict[str, str]:
    n = shape.workflows
    files = {
        "mkdocs.yml": OPSBOOK_MKDOCS,
        "docs/index.md": HOME,
        "playbooks/team.yml": team(shape),
        "playbooks/policies/asset-licensing.yml": POLICY,
        "playbooks/procedures/customer-data-handling.yml": PROCEDURE,
        "resource_hub/links.yml": LINKS,
    }
    for i in range(n):
        files[f"playbooks/workflows/wf-{i:04d}.yml"] = workflow(shape, i, 0)
        files[f"playbooks/projects/project-{i:04d}.yml"] = project(shape, i, 0)
    for i in range(shape.rituals):
        files[f"playbooks/rituals/meeting-{i:04d}.yml"] = ritual(shape, i)
    for i in range(shape.reports):
        files[f"playbooks/reports/report-{i:04d}.yml"] = report(shape, i)
    return files


def opsbook_change(shape: Shape, n: int) -> tuple[str, str]:
    """Commit n's one change: (path, new content)."""
    i, version = (n // 2) % shape.workflows, (n // 2) // shape.workflows + 1
    if n % 2:
        return f"playbooks/projects/project-{i:04d}.yml", project(shape, i, version)
    return f"playbooks/workflows/wf-{i:04d}.yml", workflow(shape, i, version)


#: About how much HTML content (the page's article) opsbook's generated pages of each kind hold,
#: measured on the N = 100, M = 2000 case: the plain page at the same path is made about as big,
#: so that the two sites have "the same number of pages of similar size". Pages that list the
#: whole handbook grow with N (bytes per workflow); a month of the change log holds a month of
#: commits (the generated history has one an hour).
PAGE_BYTES = {
    "workflows": 43_000,
    "projects": 56_000,
    "people": 116_000,
    "roles": 164_000,
    "rituals": 2_200,
    "reports": 2_200,
    "policies": 2_000,
    "procedures": 4_000,
    "changes": 74_000,
}
PAGE_BYTES_PER_WORKFLOW = {
    "hub/index.md": 1_900,
    "board/index.md": 10_000,  # every open project's 15 tasks as cards (issue 17)
    "raci/index.md": 5_500,
    "calendars/index.md": 660,
    "workflows/index.md": 250,
    "projects/index.md": 170,
    "workload/index.md": 600,
    "performance/index.md": 290,
}
MONTH_BYTES = 1_000_000
#: The HTML of one block of plain_page (a heading, a paragraph, a 15-row table and 10 list items).
BLOCK_BYTES = 4_250


def plain_bytes(src: str, workflows: int) -> int:
    """How much content the plain page at `src` holds (see PAGE_BYTES)."""
    if src in PAGE_BYTES_PER_WORKFLOW:
        return PAGE_BYTES_PER_WORKFLOW[src] * workflows
    section, _, rest = src.partition("/")
    if rest in ("", "index.md"):  # a section's index page: the change log's shows its newest commits
        return PAGE_BYTES["changes"] if section == "changes" else BLOCK_BYTES
    return MONTH_BYTES if section == "changes" else PAGE_BYTES.get(section, BLOCK_BYTES)


def _block(title: str, k: int, version: int) -> str:
    rows = "\n".join(
        f"| Step {t} of {title}, part {k} | {(TASKS - t) * 3} days before | Mon {t + 1} Mar 2027 | "
        f"2 days, 2 hours | Role {t % 10} with Person {t} and Person {t + 1} |"
        for t in range(TASKS)
    )
    items = "\n".join(
        f"- Step {t} moved from Mon {t + 1} Mar 2027 to Tue {t + 2} Mar 2027 in revision {version}, "
        "with the launch, as the project's owner agreed at the weekly check-in"
        for t in range(10)
    )
    return (
        f"## Part {k}\n\nWho does what in part {k} of {title}, and by when: the tasks in date order, worked "
        f"back from the launch date, and how they moved.\n\n| Task | Due | Date | Length | Who |\n"
        f"|---|---|---|---|---|\n{rows}\n\n{items}\n\n"
    )


def plain_page(src: str, title: str, version: int, size: int) -> str:
    """A page of about `size` bytes of HTML content: what a team writing the same things by hand
    would have, tables and lists (about 38 bytes of HTML per tag, where opsbook's pages have 45)."""
    head = f"# {title}\n\nThis page describes {title}. It is revision {version} of {src}.\n\n"
    return head + "".join(_block(title, k, version) for k in range(max(1, round(size / BLOCK_BYTES))))


def small_page(src: str, title: str, version: int) -> str:
    """A short page: prose and a 15-row table, about 3.5 KB (the size of a workflow's YAML file)."""
    rows = "\n".join(f"| Step {t} of {title} | role-{t:02d} | -{(TASKS - t) * 3}d | 2d | 2h |" for t in range(TASKS))
    return (
        f"# {title}\n\nThis page describes {title}: who does what, in what order and by when. "
        f"It is revision {version} of {src}.\n\n## Tasks\n\n| Task | Responsible | Due | Duration | Effort |\n"
        f"|---|---|---|---|---|\n{rows}\n\n## Notes\n\n" + "Plain text that fills the page. " * 30 + "\n"
    )


def plain_files(pages: Iterable[tuple[str, str]], workflows: int) -> dict[str, str]:
    files = {"mkdocs.yml": PLAIN_MKDOCS, "mkdocs-git.yml": PLAIN_GIT_MKDOCS, "mkdocs-small.yml": SMALL_MKDOCS}
    for src, title in pages:
        files[f"docs/{src}"] = plain_page(src, title, 0, plain_bytes(src, workflows))
        files[f"small/{src}"] = small_page(src, title, 0)
    return files


def opsbook_pages(root: Path) -> list[tuple[str, str]]:
    """The pages the opsbook site has (generated ones and docs/), as (src, title)."""
    from opsbook.core.loader import Settings, load_handbook
    from opsbook.history import read_history
    from opsbook.views.derived import Derived
    from opsbook.views.recap import recap_weeks
    from opsbook.views.site import site_pages

    today = dt.datetime.fromtimestamp(int(TODAY_EPOCH), dt.timezone.utc).date()  # the day the builds see
    settings = Settings(root=root, timezone="Europe/London", holidays="GB", today=today)
    handbook = load_handbook(settings).raise_for_errors()
    history = read_history(settings, handbook)
    recaps = recap_weeks(handbook, Derived(handbook), history, handbook.today)
    pages = [(spec.src, spec.title) for spec in site_pages(handbook, history, recaps)]
    pages += [(p.relative_to(root / "docs").as_posix(), p.stem) for p in sorted((root / "docs").rglob("*.md"))]
    return pages


def _git(root: Path, *args: str, stdin: bytes | None = None) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    subprocess.run(["git", *args], cwd=root, env=env, input=stdin, check=True, capture_output=True)


def write_repo(root: Path, first: dict[str, str], change: Callable[[int], tuple[str, str]], commits: int) -> None:
    """A repository whose first commit adds `first` and whose commits 1..M each apply change(n)."""
    root.mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    chunks: list[bytes] = []

    def commit(n: int, files: Iterable[tuple[str, str]], message: str) -> None:
        name, email = AUTHORS[n % len(AUTHORS)]
        stamp = f"{EPOCH + n * 3600} +0000"
        msg = message.encode()
        chunks.append(
            f"commit refs/heads/main\nauthor {name} <{email}> {stamp}\ncommitter {name} <{email}> {stamp}\n"
            f"data {len(msg)}\n".encode()
            + msg
            + b"\n"
        )
        for path, text in files:
            data = text.encode()
            chunks.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        chunks.append(b"\n")

    commit(0, sorted(first.items()), "Add the handbook")
    for n in range(1, commits + 1):
        path, text = change(n)
        commit(n, [(path, text)], f"Change {path.rsplit('/', 1)[-1]} ({n})")
    _git(root, "fast-import", "--quiet", stdin=b"".join(chunks))
    _git(root, "reset", "--hard", "-q", "main")


def generate(out: Path, workflows: int, commits: int) -> tuple[Path, Path]:
    """Write the opsbook and plain repositories under `out` (replaced if present); their roots."""
    if out.exists():
        shutil.rmtree(out)
    shape = Shape(workflows)
    ops_root, plain_root = out / "opsbook", out / "plain"
    write_repo(ops_root, opsbook_files(shape), lambda n: opsbook_change(shape, n), commits)
    pages = opsbook_pages(ops_root)

    def plain_change(n: int) -> tuple[str, str]:
        src, title = pages[n % len(pages)]
        return f"docs/{src}", plain_page(src, title, n // len(pages) + 1, plain_bytes(src, workflows))

    write_repo(plain_root, plain_files(pages, workflows), plain_change, commits)
    return ops_root, plain_root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--workflows", "-n", type=int, default=100)
    parser.add_argument("--commits", "-m", type=int, default=2000)
    args = parser.parse_args(argv)
    ops_root, plain_root = generate(args.out, args.workflows, args.commits)
    print(f"opsbook handbook: {ops_root}\nplain site: {plain_root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
