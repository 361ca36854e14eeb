"""`mof assess` and `mof export` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cli_helpers import OPEN3_RECORD, run

OPEN3 = OPEN3_RECORD
SPELLED = OPEN3.replace("Apache-2.0", "Apache 2.0").replace("Open3", "Spelled")



@pytest.fixture
def record_files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in {"open3": OPEN3, "spelled": SPELLED, "broken": "release: [\n"}.items():
        p = tmp_path / f"{name}.yml"
        p.write_text(text, encoding="utf-8")
        paths[name] = p
    return paths


def test_json_shape(record_files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assess", str(record_files["open3"]), "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert item["source"] == str(record_files["open3"])
    assert item["mof"]["class"] == 3
    assert item["mof"]["label"] == "Class III - Open Model"
    assert item["mof"]["progress"] == {"1": 0, "2": 60, "3": 100}
    assert len(item["mof"]["components"]) == 17
    assert item["osaid"]["verdict"] == "fail"
    assert set(item["osaid"]["elements"]) == {"data-information", "code", "parameters"}
    assert [g["target"] for g in item["gaps"]] == ["2", "1", "osaid"]


def test_rule_sets_differ_on_spelling(record_files: dict[str, Path],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["assess", str(record_files["spelled"]), "-f", "json"], capsys)
    assert json.loads(out)[0]["mof"]["class"] == 3
    _, out, _ = run(["assess", str(record_files["spelled"]), "-f", "json", "--rules", "mot-compat"],
                    capsys)
    assert json.loads(out)[0]["mof"]["class"] == 0


def test_one_bad_input_keeps_the_others(record_files: dict[str, Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["assess", str(record_files["open3"]), str(record_files["broken"]),
                          str(record_files["spelled"]), "-f", "json"], capsys)
    assert code == 2
    data = json.loads(out)
    assert [d["source"] for d in data] == [str(record_files[k]) for k in ("open3", "broken",
                                                                     "spelled")]
    assert "error" in data[1] and "malformed YAML" in data[1]["error"]
    assert data[2]["mof"]["class"] == 3
    assert err.count("\n") == 1 and str(record_files["broken"]) in err
    assert "Traceback" not in err


def test_yaml_format(record_files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["assess", str(record_files["open3"]), "-f", "yaml"], capsys)
    assert code == 0
    assert yaml.safe_load(out)[0]["mof"]["class"] == 3


def test_text_report(record_files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["assess", str(record_files["open3"])], capsys)
    assert code == 0
    assert "Class III - Open Model" in out
    assert "Model parameters (Final)" in out
    assert "OSAID" in out and "Gaps" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "missing.yml"], "missing.yml: no such file"),
        (["assess", "x.yml", "--rules", "osi"], "unknown rule set 'osi'"),
        (["assess", "x.yml", "--format", "pdf"], "unknown format 'pdf'"),
        (["assess"], "Missing argument"),
        (["export", "missing.yml"], "missing.yml: no such file"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(args, capsys)
    assert code == 2
    assert message in err
    assert err.strip().count("\n") == 0
    assert out == ""


def test_export_round_trips(record_files: dict[str, Path], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "out.yml"
    code, _, _ = run(["export", str(record_files["open3"]), "--out", str(out_path)], capsys)
    assert code == 0
    again = yaml.safe_load(out_path.read_text(encoding="utf-8"))
    assert again == yaml.safe_load(OPEN3) | {"release": again["release"]}
    assert again["release"]["components"] == yaml.safe_load(OPEN3)["release"]["components"]
    code, out, _ = run(["export", str(out_path)], capsys)
    assert code == 0 and out == out_path.read_text(encoding="utf-8")


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mofkit", "assess", str(tmp_path / "no.yml")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mof: error: ")
    assert "Traceback" not in proc.stderr
