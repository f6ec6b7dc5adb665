"""The import contract of pyproject.toml's [tool.importlinter]: the package's layers hold, and the
contract would notice if one stopped holding (an upward import, a new sub-package left out of the
layers, MkDocs imported outside opsbook.mkdocs)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` over the package under `root`/plugins, with `root`'s pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(root / "plugins")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_import_contract_holds() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package and its pyproject.toml, copied where a test may break them."""
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        REPO / "plugins/opsbook", tmp_path / "plugins/opsbook", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        ("core/durations.py", "from ..views import site", "opsbook.core is not allowed to import opsbook.views"),
        (
            "render/htmlscan.py",
            "from ..publish import schema",
            "opsbook.render is not allowed to import opsbook.publish",
        ),
        ("cli/scaffold.py", "from ..mkdocs import plugin", "opsbook.cli is not allowed to import opsbook.mkdocs"),
        ("views/site.py", "import mkdocs.config", "opsbook.views is not allowed to import mkdocs"),
    ],
)
def test_a_broken_layer_is_reported(copy: Path, module: str, line: str, reported: str) -> None:
    path = copy / "plugins/opsbook" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    done = _lint_imports(copy)
    assert done.returncode == 1, done.stdout + done.stderr
    assert reported in done.stdout


def test_a_new_sub_package_must_be_given_a_layer(copy: Path) -> None:
    (copy / "plugins/opsbook/stray.py").write_text("", encoding="utf-8")
    done = _lint_imports(copy)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "- opsbook.stray" in done.stdout
