"""`mof scan --format …`: every report format from the scan's assessment, with what the scan
found besides the components (licence conflicts, the scan section, confidence)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cli_helpers import run
from fixtures_release import BUILDERS


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return BUILDERS["mixed"](tmp_path_factory.mktemp("mixed") / "mixed")


def test_json_is_one_object_with_scan_conflicts_and_confidence(
        mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", str(mixed), "--format", "json"], capsys)
    assert code == 0, err
    report = json.loads(out)
    assert isinstance(report, dict)
    assert report["conflicts"], "the mixed release has an SPDX header that contradicts its LICENSE"
    assert report["attachments"]["scan"]["conflicts"] == report["conflicts"]
    confidences = {c["id"]: c["confidence"] for c in report["mof"]["components"]}
    assert confidences["training-code"] > 0.5
    assert confidences["research-paper"] is None or confidences["research-paper"] < 0.5


def test_yaml_is_the_same_object(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out_json, _ = run(["scan", str(mixed), "--format", "json"], capsys)
    _, out_yaml, _ = run(["scan", str(mixed), "--format", "yaml"], capsys)
    assert yaml.safe_load(out_yaml) == json.loads(out_json)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_readable_formats_show_the_conflicts(mixed: Path, fmt: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", str(mixed), "--format", fmt], capsys)
    assert code == 0, err
    assert "Licence conflicts" in out
    assert "vendored.py" in out


@pytest.mark.parametrize("fmt", ["cyclonedx", "spdx3"])
def test_bom_formats_are_json(mixed: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", str(mixed), "--format", fmt], capsys)
    assert code == 0, err
    assert json.loads(out)


def test_mot_yaml_is_a_record(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mofkit.sources.mot_record import parse_record

    code, out, _ = run(["scan", str(mixed), "--format", "mot-yaml"], capsys)
    assert code == 0
    release = parse_record(out)
    assert "training-code" in release.included()


def test_unknown_format_is_one_line(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", str(mixed), "--format", "pdf"], capsys)
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "unknown format 'pdf'" in err
