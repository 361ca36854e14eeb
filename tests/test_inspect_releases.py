"""The six reference releases: which components the scan finds, from which files,
under which licence."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures_release import BUILDERS
from mofkit.inspect import ScanResult, scan
from mofkit.sources.release_files import open_release

ALL = {
    "model-architecture", "model-parameters-final", "technical-report", "evaluation-results",
    "model-card", "data-card", "sample-model-outputs", "training-code", "inference-code",
    "evaluation-code", "evaluation-data", "supporting-libraries", "datasets",
    "data-preprocessing-code", "model-parameters-intermediate", "research-paper",
    "model-metadata",
}

EXPECTED_FOUND = {
    "pythia": ALL - {"technical-report"},
    "llama": {"model-architecture", "model-parameters-final", "technical-report",
              "evaluation-results", "model-card", "supporting-libraries"},
    "apache-report": {"model-architecture", "model-parameters-final", "technical-report",
                      "evaluation-results", "model-card", "evaluation-data",
                      "supporting-libraries"},  # the card's usage snippet is a hint only
    "no-licence": {"model-architecture", "model-parameters-final", "training-code"},
    "mixed": {"model-architecture", "model-parameters-final", "model-card", "data-card",
              "training-code", "inference-code", "evaluation-code", "evaluation-results",
              "datasets"},
    "finetune": {"model-parameters-final", "evaluation-results", "model-card", "training-code",
                 "datasets", "model-metadata"},
}

# (component, path of the strongest evidence, licence the scan resolves for it)
KEY_EVIDENCE = {
    "pythia": [
        ("model-parameters-final", "model.safetensors", "Apache-2.0"),
        ("model-parameters-intermediate", "checkpoints/step1000/model.safetensors", "Apache-2.0"),
        ("training-code", "train.py", "Apache-2.0"),
        ("data-preprocessing-code", "preprocessing/dedup.py", "Apache-2.0"),
        ("datasets", "data/pile_shard_00.jsonl", "Apache-2.0"),
        ("evaluation-code", "eval/run_eval.py", "Apache-2.0"),
        ("model-architecture", "models/gpt_neox.py", "Apache-2.0"),
        ("model-card", "README.md", "Apache-2.0"),
        ("model-metadata", "trainer_state.json", "Apache-2.0"),
    ],
    "llama": [
        ("model-parameters-final", "model-00001-of-00002.safetensors",
         "LicenseRef-scancode-llama-2-license-2023"),
        ("model-card", "README.md", "LicenseRef-scancode-llama-2-license-2023"),
        ("technical-report", "README.md", None),
        ("model-architecture", "config.json", "Apache-2.0"),
    ],
    "apache-report": [
        ("technical-report", "docs/technical_report.pdf", "Apache-2.0"),
        ("evaluation-results", "README.md", "Apache-2.0"),
        ("model-parameters-final", "model.safetensors", "Apache-2.0"),
    ],
    "no-licence": [
        ("model-parameters-final", "model.bin", ""),
        ("training-code", "train.py", ""),
    ],
    "mixed": [
        ("model-parameters-final", "model.safetensors", "CC-BY-NC-4.0"),
        ("training-code", "code/train.py", "MIT"),
        ("evaluation-code", "code/evaluate.py", "MIT"),
        ("model-card", "README.md", "CC-BY-4.0"),
        ("data-card", "README.md", "CC-BY-4.0"),
    ],
    "finetune": [
        ("model-parameters-final", "adapter_model.safetensors", "apache-2.0"),
        ("training-code", "sft.py", "apache-2.0"),
        ("model-metadata", "training_args.bin", "apache-2.0"),
    ],
}


@pytest.fixture(scope="module")
def scans(reference_releases: dict[str, Path]) -> dict[str, ScanResult]:
    return {name: scan(open_release(str(root))) for name, root in reference_releases.items()}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_components_found(scans: dict[str, ScanResult], name: str) -> None:
    assert scans[name].release.included() == EXPECTED_FOUND[name]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_key_evidence_and_licences(scans: dict[str, ScanResult], name: str) -> None:
    release = scans[name].release
    for component, path, licence in KEY_EVIDENCE[name]:
        entry = release.entry(component)
        assert entry is not None, component
        assert entry.component_path == path, component
        assert entry.licence == licence, component
        assert entry.evidence and entry.evidence[0].path == path


def test_parameter_count_is_evidence(scans: dict[str, ScanResult]) -> None:
    entry = scans["pythia"].release.entry("model-parameters-final")
    assert entry is not None
    assert "4 tensors, 10,698,752 parameters" in entry.evidence[0].why


def test_pythia_intermediate_checkpoints_per_folder(scans: dict[str, ScanResult]) -> None:
    findings = scans["pythia"].components["model-parameters-intermediate"].findings
    folders = [f.why.split("/")[1] for f in findings if f.why.startswith("checkpoint folder")]
    assert folders == ["step1000", "step2000", "step3000"]
    revision = [f for f in findings if "revision" in f.why]
    assert revision and revision[0].line is not None
    lines = scans["pythia"].snapshot.lines("README.md")
    assert 'revision="step3000"' in lines[revision[0].line - 1]


def test_llama_restrictions_reported(scans: dict[str, ScanResult]) -> None:
    paths = {item.path for item in scans["llama"].restrictions}
    assert paths == {"USE_POLICY.md", "LICENSE.txt"}
    assert scans["llama"].conflicts == []


def test_llama_data_card_stub_is_only_a_hint(scans: dict[str, ScanResult]) -> None:
    hints = scans["llama"].scan_dict()["hints"]
    assert "data-card" in hints
    assert "stub" in hints["data-card"][0]["why"]


def test_mixed_spdx_header_conflict(scans: dict[str, ScanResult]) -> None:
    conflicts = scans["mixed"].conflicts
    assert len(conflicts) == 1
    item = conflicts[0].to_dict()
    assert [s["path"] for s in item["statements"]] == ["code/LICENSE", "code/vendored.py"]
    assert [s["licence"] for s in item["statements"]] == ["MIT", "BSD-3-Clause"]
    assert item["statements"][1]["line"] == 1


def test_finetune_origin_from_base_model(scans: dict[str, ScanResult]) -> None:
    release = scans["finetune"].release
    assert release.origin == "mistralai/Mistral-7B-v0.1"
    assert scans["finetune"].scan_dict()["lineage"] == {
        "base_model": ["mistralai/Mistral-7B-v0.1"], "relation": "adapter",
        "path": "README.md", "line": 3, "stated_in": "metadata"}
    hint = scans["finetune"].components["model-architecture"].findings[0]
    assert "base model" in hint.why and hint.line == 3


def test_no_licence_has_no_licence_statement(scans: dict[str, ScanResult]) -> None:
    release = scans["no-licence"].release
    assert all(e.licence in ("", "Apache-2.0") for e in release.components)
    assert release.entry("model-parameters-final").licence == ""


def test_external_paper_has_no_release_licence(scans: dict[str, ScanResult]) -> None:
    entry = scans["llama"].release.entry("technical-report")
    assert entry is not None and entry.extra.get("external") is True
    assert "arXiv:2307.09288" in entry.evidence[0].why
    assert entry.evidence[0].line is not None
