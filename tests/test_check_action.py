"""The GitHub Action (action.yml): its `mof check` step, run here with bash, passes
mof's exit status through (0 met, 1 not met, 2 error) and sets the `result` output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cli_helpers import OPEN3_RECORD

ROOT = Path(__file__).resolve().parent.parent
RECORD = OPEN3_RECORD


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_a_composite_that_installs_and_runs_mof_check() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"source", "min-class", "osaid", "rules"}
    steps = action["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert "pip install" in steps[1]["run"] and "GITHUB_ACTION_PATH" in steps[1]["run"]
    assert "mof" in steps[2]["run"]


@pytest.mark.parametrize(
    ("min_class", "osaid", "source", "status", "said"),
    [
        ("III", "false", "record", 0, "Open3: meets Class III"),
        ("II", "false", "record", 1, "Open3: Class II not met"),
        ("III", "true", "record", 1, "OSAID 1.0 fail"),
        ("IV", "false", "record", 2, ""),
        ("III", "false", "missing", 2, ""),
    ],
)
def test_check_step_passes_the_exit_status_through(min_class: str, osaid: str, source: str,
                                                   status: int, said: str,
                                                   tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash not found")
    record = tmp_path / "r.yml"
    record.write_text(RECORD, encoding="utf-8")
    step = _action()["runs"]["steps"][2]
    output = tmp_path / "github_output"
    output.touch()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "mof").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mofkit "$@"\n',
                                 encoding="utf-8")
    (bin_dir / "mof").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "GITHUB_OUTPUT": str(output),
           "MOF_SOURCE": str(record if source == "record" else tmp_path / "no.yml"),
           "MOF_MIN_CLASS": min_class, "MOF_OSAID": osaid, "MOF_RULES": "mof"}
    proc = subprocess.run([bash, "-e", "-c", step["run"]], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == status, proc.stderr
    if said:
        assert said in proc.stdout
        assert said in output.read_text(encoding="utf-8")
    if status == 1:
        assert "::error title=MOF check::" in proc.stdout
    if status == 2:
        assert proc.stderr.startswith("mof: error: ")
