"""The layers of docs/architecture.md hold (import-linter contracts in pyproject.toml),
and the code type-checks (mypy over src/, non-strict): both run as part of the suite,
as ruff does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return path


def lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([_tool("lint-imports"), "--config", str(ROOT / "pyproject.toml"),
                           "--no-cache"], cwd=src.parent, env=env, capture_output=True,
                          text=True, check=False)


def test_layer_contracts_hold() -> None:
    proc = lint_imports(ROOT / "src")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "BROKEN" not in proc.stdout and proc.stdout.count("KEPT") >= 5


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("sources/local.py", "from mofkit.inspect import scan", "sources/ only fetches"),
    ("bulk/summary.py", "from mofkit.commands import scan", "Only the command line"),
    ("assess/gaps.py", "import mofkit.report.text", "Layers"),
    ("report/common.py", "from mofkit import rate", "Nothing inside mofkit imports"),
    ("report/text.py", "import mofkit", "Nothing inside mofkit imports"),
    ("licenses/keys.py", "from mofkit.licenses.resolver import normalize", "Licences:"),
])
def test_a_wrong_import_breaks_the_contract(tmp_path: Path, module: str, line: str,
                                            contract: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "mofkit", src / "mofkit",
                    ignore=shutil.ignore_patterns("__pycache__", "data", "templates", "static"))
    target = src / "mofkit" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n",
                      encoding="utf-8")
    proc = lint_imports(src)
    assert proc.returncode != 0
    broken = proc.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, proc.stdout[-3000:]


def test_mypy_clean() -> None:
    proc = subprocess.run([_tool("mypy"), "src"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-1000:]
