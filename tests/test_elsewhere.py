"""Part of a release is not the release (issue 14, class 9): a scan of a code repository
whose README links the weights on the Hub says where they are, leaves OSAID unknown
instead of failing it, and prints the command that adds them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run
from fixtures_release import MIT, write
from mofkit.inspect import scan
from mofkit.sources.release_files import open_release

README = """\
# Acme-LM

Training and inference code for Acme-LM.

The model weights are on the Hugging Face Hub: [acme/acme-lm-7b](https://huggingface.co/acme/acme-lm-7b).
It was pre-trained on [Acme Web](https://huggingface.co/datasets/acme/web).
"""

TRAIN = "for batch in loader:\n    loss = model(batch)\n    loss.backward()\n    optimizer.step()\n"


def _code_repo(root: Path) -> Path:
    write(root, "README.md", README)
    write(root, "LICENSE", MIT)
    write(root, "train.py", TRAIN)
    return root


def test_weights_linked_from_the_readme_are_elsewhere_not_unreleased(tmp_path: Path) -> None:
    repo = _code_repo(tmp_path / "acme-lm")
    result = scan(open_release(str(repo)))
    place = result.release.elsewhere_for("model-parameters-final")
    assert place is not None
    assert place.location == "hf:acme/acme-lm-7b" and (place.path, place.line) == ("README.md", 5)
    assert place.command == f"mof scan hf:acme/acme-lm-7b --code {repo}"
    datasets = result.release.elsewhere_for("datasets")
    assert datasets is not None and datasets.location == "hf-dataset:acme/web"


def test_the_osaid_element_is_unknown_and_the_command_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _code_repo(tmp_path / "acme-lm")
    code, out, _ = run(["scan", str(repo), "--format", "json", "--no-follow"], capsys)
    assert code == 0
    data = json.loads(out)
    parameters = data["osaid"]["elements"]["parameters"]
    assert parameters["verdict"] == "unknown"
    assert "not among the inputs" in parameters["reasons"][0]
    weights = next(c for c in data["mof"]["components"] if c["id"] == "model-parameters-final")
    assert weights["status"] == "missing"
    assert weights["why"] == "not among the inputs: the release says it is at hf:acme/acme-lm-7b"
    assert weights["elsewhere"]["command"] == f"mof scan hf:acme/acme-lm-7b --code {repo}"
    datasets = next(c for c in data["mof"]["components"] if c["id"] == "datasets")
    assert datasets["elsewhere"]["location"] == "hf-dataset:acme/web"
    code, text, _ = run(["scan", str(repo), "--no-follow"], capsys)
    flat = " ".join(text.split())
    assert "Parameters unknown" in flat
    assert f"add it with: mof scan hf:acme/acme-lm-7b --code {repo}" in flat


def test_without_a_link_missing_weights_are_still_not_released(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# Acme-LM\n\nTraining code.\n")
    write(tmp_path, "train.py", TRAIN)
    result = scan(open_release(str(tmp_path)))
    assert result.release.elsewhere == []


def test_gap_steps_say_where_a_part_is_and_how_to_add_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _code_repo(tmp_path / "acme-lm")
    code, out, _ = run(["scan", str(repo), "--format", "json", "--no-follow"], capsys)
    assert code == 0
    gaps = json.loads(out)["gaps"]
    steps = [item for gap in gaps for item in gap["items"]
             if item["component"] in ("model-parameters-final", "datasets")]
    assert steps and not any(item["suggestion"].startswith(("Release", "Put")) for item in steps)
    weights = next(item for item in steps if item["component"] == "model-parameters-final")
    assert weights["action"] == "scan"
    assert weights["suggestion"] == (
        "Scan the model parameters (final) at hf:acme/acme-lm-7b (named at README.md:5) "
        f"together with this release: mof scan hf:acme/acme-lm-7b --code {repo}")
    datasets = next(item for item in steps if item["component"] == "datasets")
    assert "hf-dataset:acme/web (named at README.md:6)" in datasets["suggestion"]
    # The command in the step is one mof scan accepts (its flags are real).
    command = weights["suggestion"].split(": ", 1)[1].split()
    assert command[:2] == ["mof", "scan"] and "--code" in command
    code, usage, _ = run(["scan", "--help"], capsys)
    assert code == 0 and "--code" in usage
