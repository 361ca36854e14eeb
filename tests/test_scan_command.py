"""`mof scan` and `mof init` as a user runs them, on the six reference releases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import run
from fixtures_release import BUILDERS, write
from mofkit.sources.mot_record import load_record

# (MOF class, progress III/II/I, OSAID verdict)
EXPECTED = {
    "pythia": (1, {"3": 100.0, "2": 100.0, "1": 100.0}, "pass"),
    "llama": (0, {"3": 16.67, "2": 0.0, "1": 0.0}, "fail"),
    "apache-report": (0, {"3": 83.33, "2": 0.0, "1": 0.0}, "fail"),
    "no-licence": (0, {"3": 16.67, "2": 0.0, "1": 0.0}, "fail"),
    "mixed": (0, {"3": 66.67, "2": 0.0, "1": 0.0}, "fail"),
    "finetune": (0, {"3": 50.0, "2": 0.0, "1": 0.0}, "fail"),
}
# Component statuses that carry the story of each release.
STATUSES = {
    "pythia": {"training-code": "open", "model-parameters-intermediate": "open-wrong-type",
               "technical-report": "missing"},
    "llama": {"model-parameters-final": "not-open", "model-card": "not-open",
              "technical-report": "unlicensed", "data-card": "missing"},
    "apache-report": {"model-parameters-final": "open-wrong-type", "technical-report": "open",
                      "data-card": "missing", "training-code": "missing"},
    "no-licence": {"model-parameters-final": "unlicensed", "training-code": "unlicensed"},
    "mixed": {"model-parameters-final": "not-open", "training-code": "open",
              "model-card": "open", "data-card": "open"},
    "finetune": {"model-parameters-final": "open-wrong-type", "datasets": "unlicensed",
                 "model-architecture": "missing"},
}





@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_class_and_osaid(reference_releases: dict[str, Path], name: str,
                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", str(reference_releases[name]), "--format", "json"], capsys)
    assert code == 0, err
    report = json.loads(out)
    mof_class, progress, osaid = EXPECTED[name]
    assert report["mof"]["class"] == mof_class
    assert report["mof"]["progress"] == progress
    assert report["osaid"]["verdict"] == osaid
    statuses = {c["id"]: c["status"] for c in report["mof"]["components"]}
    for component, status in STATUSES[name].items():
        assert statuses[component] == status, component


def test_json_carries_evidence_conflicts_and_gaps(reference_releases: dict[str, Path],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["scan", str(reference_releases["mixed"]), "-f", "json"], capsys)
    report = json.loads(out)
    weights = next(c for c in report["mof"]["components"] if c["id"] == "model-parameters-final")
    assert weights["evidence"][0] == {
        "path": "model.safetensors", "line": None,
        "why": "safetensors header: 4 tensors, 10,698,752 parameters (BF16×4)",
        "licence": "CC-BY-NC-4.0", "confidence": 1.0, "kind": "content",
    }
    assert weights["confidence"] == 1.0
    conflict = report["attachments"]["scan"]["conflicts"][0]
    assert conflict["statements"][1]["path"] == "code/vendored.py"
    gap_components = {i["component"] for g in report["gaps"] for i in g["items"]}
    assert "model-parameters-final" in gap_components
    assert report["attachments"]["scan"]["files"] == 9


def test_rules_mot_compat(reference_releases: dict[str, Path],
                          capsys: pytest.CaptureFixture[str]) -> None:
    pythia = str(reference_releases["pythia"])
    code, out, _ = run(["scan", pythia, "--rules", "mot-compat", "-f", "json"], capsys)
    assert code == 0
    assert json.loads(out)["rules"]["name"] == "mot-compat"


def test_text_report_shows_evidence(reference_releases: dict[str, Path],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["scan", str(reference_releases["llama"])], capsys)
    assert code == 0
    assert "Evidence" in out and "model-00001-of-00002.safetensors" in out
    assert "USE_POLICY.md" in out


def test_code_and_paper_roots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model, code_root = tmp_path / "model", tmp_path / "train"
    write(model, "README.md", "---\nlicense: apache-2.0\n---\n# M\n")
    write(code_root, "train.py", "trainer.train()\n")
    code, out, _ = run(["scan", str(model), "--code", str(code_root), "--paper",
                        "arXiv:2402.00838", "-f", "json"], capsys)
    assert code == 0
    report = json.loads(out)
    paths = {c["id"]: c["component_path"] for c in report["mof"]["components"]}
    assert paths["training-code"] == "code:train.py"
    assert paths["research-paper"] == "(command line)"
    assert [r["label"] for r in report["attachments"]["scan"]["roots"]] == ["model", "code"]


@pytest.mark.parametrize("args, message", [
    (["scan", "/definitely/not/here"], "no such file or folder"),
    (["scan", "{empty}"], "empty folder"),
    (["scan", "file:///definitely/not/here/repo"], "git clone failed"),
    (["scan", "{release}", "--rules", "nope"], "unknown rule set"),
    (["scan", "{release}", "--format", "xml"], "unknown format"),
    (["scan", "{release}", "--paper", "a paper"], "not a file, an arXiv id"),
])
def test_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               args: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    write(tmp_path / "release", "README.md", "# m\n")
    args = [a.format(empty=tmp_path / "empty", release=tmp_path / "release") for a in args]
    code, out, err = run(args, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("mof: error: ") and message in err


def test_broken_front_matter_is_reported_not_raised(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "README.md", "---\nlicense: mit\nbad: [\n---\n# M\n")
    code, out, _ = run(["scan", str(tmp_path), "-f", "json"], capsys)
    assert code == 0
    assert any("not valid YAML" in p for p in json.loads(out)["attachments"]["scan"]["problems"])


def test_init_writes_a_valid_draft_that_rescans_clean(
    reference_releases: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "mof.yml"
    release = str(reference_releases["apache-report"])
    code, out, err = run(["init", release, "--out", str(out_path)], capsys)
    assert code == 0 and out == "" and "wrote" in err
    record = load_record(out_path)
    assert record.included() == {
        "model-architecture", "model-parameters-final", "technical-report",
        "evaluation-results", "model-card", "evaluation-data", "supporting-libraries",
    }  # the card's usage snippet is a hint, not shipped inference code
    assert record.entry("model-parameters-final").licence == "Apache-2.0"
    # refuses to overwrite without --force
    code, _, err = run(["init", release, "--out", str(out_path)], capsys)
    assert code == 2 and "--force" in err


def test_init_then_scan_compares_declared(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = BUILDERS["mixed"](tmp_path / "mixed")
    assert run(["init", str(root)], capsys)[0] == 0
    code, out, _ = run(["scan", str(root), "-f", "json"], capsys)
    assert code == 0
    declared = json.loads(out)["attachments"]["scan"]["declared"]
    assert declared["path"] == "mof.yml"
    assert declared["checks"] and {c["status"] for c in declared["checks"]} == {"agrees"}


def test_console_script_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mofkit", "scan", str(tmp_path / "x")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "no such file" in done.stderr
