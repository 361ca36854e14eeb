"""A light core install: commands that need an extra say in one line which to install
(exit 2); the core commands work without any extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Run `mof` in a fresh interpreter in which the named modules cannot be imported, as
# if their extra were not installed.
HIDE = """
import sys
for name in {hidden!r}:
    sys.modules[name] = None
from mofkit.cli import main
main({argv!r})
"""


def mof_without(hidden: list[str], argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", HIDE.format(hidden=hidden, argv=argv)],
                          cwd=cwd, capture_output=True, text=True, check=False)


WEB = ["sqlalchemy", "alembic", "fastapi", "jinja2", "uvicorn", "starlette"]


@pytest.mark.parametrize("argv", [
    ["registry", "list", "--db", "r.db"],
    ["serve", "--db", "r.db", "--port", "8765"],
])
def test_web_commands_name_the_extra(tmp_path: Path, argv: list[str]) -> None:
    proc = mof_without(WEB, argv, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert "pip install 'mofkit[web]'" in proc.stderr and proc.stderr.startswith("mof: error:")


def test_core_commands_work_without_the_web_extra(tmp_path: Path) -> None:
    proc = mof_without(WEB, ["scan", str(ROOT / "examples/releases/pythia-tiny"), "-f", "json"],
                       tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = mof_without(WEB, ["check", str(ROOT / "examples/records/open-model.yml"),
                             "--min-class", "III"], tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_a_missing_module_of_no_extra_is_an_internal_error(tmp_path: Path) -> None:
    proc = mof_without(["yaml"], ["assess", str(ROOT / "examples/records/open-model.yml")],
                       tmp_path)
    assert proc.returncode == 2
    assert "internal error: ModuleNotFoundError" in proc.stderr and "pip install" not in proc.stderr


def test_core_dependencies_hold_no_web_package() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"]).lower()
    for name in ("sqlalchemy", "alembic", "fastapi", "jinja2", "uvicorn", "ray", "psycopg"):
        assert name not in core
    extras = project["optional-dependencies"]
    assert {"web", "ray", "postgres", "test"} <= set(extras)
    assert any(item.startswith("mofkit[") and all(e in item for e in ("web", "ray", "postgres"))
               for item in extras["test"])
