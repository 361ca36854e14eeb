"""Whole releases (issue 14, class 10): `mof scan` assembles the release from any entry
point by following the links it declares — a card's code repository (git), the weights
a code repository links on the Hub — one hop, pinned to revisions, from the cache when
offline, not at all with --no-follow. The Hub is the fake Hub and the git server a
`git daemon` on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakehub import FakeHub, repo_from_dict
from fixtures_release import APACHE_2, MIT, TINY_TENSORS, safetensors_bytes, write
from gitserver import bare_repo, git_daemon
from hf_support import component, scan_json

TRAIN = ("import torch\n\n\ndef main(model, loader, optimizer):\n    for batch in loader:\n"
         "        loss = model(batch).loss\n        loss.backward()\n        optimizer.step()\n")
WEIGHTS = {"size": 2_000_000_000}


def _model_card(repository: str) -> str:
    return (f"---\nlicense: apache-2.0\nrepository: {repository}\n---\n# Acme-7B\n\n"
            "## Training Data\n\nA web corpus of 1T tokens, deduplicated and filtered for "
            "quality, documented in the data card of the release.\n\n## Limitations\n\nMany.\n")


def test_a_hub_card_declaring_its_code_repository_brings_the_code(
    hf_env: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served = tmp_path / "git"
    served.mkdir()
    commit = bare_repo(served, "acme-code", {"train.py": TRAIN, "LICENSE": MIT})
    with git_daemon(served) as url:
        repo_url = f"{url}/acme-code.git"
        hf_env.add(repo_from_dict("acme/acme-7b", {
            "README.md": _model_card(repo_url), "LICENSE": APACHE_2,
            "model.safetensors": safetensors_bytes(TINY_TENSORS)}))
        report = scan_json("hf:acme/acme-7b", capsys)
        roots = report["attachments"]["scan"]["roots"]
        assert [(r["location"], r["kind"], r["revision"]) for r in roots][1] == (
            repo_url, "git", commit)  # pinned to the commit read
        training = component(report, "training-code")
        assert training["status"] == "open" and training["licence"] == "MIT"
        assert training["evidence"][0]["path"].endswith("train.py")
        followed = report["attachments"]["scan"]["followed"]
        assert followed[0]["location"] == repo_url and followed[0]["revision"] == commit
        assert followed[0]["said_at"] == "README.md:3"
        assert not any("not among the inputs" in note for note in report["notes"]
                       if "Training code" in note)
        # --no-follow: the code stays where the card says it is
        report = scan_json("hf:acme/acme-7b", capsys, "--no-follow")
        assert component(report, "training-code")["elsewhere"]["location"] == repo_url
        assert report["attachments"]["scan"].get("followed") in (None, [])
    # offline, the git server gone: the clone in the cache is used
    report = scan_json("hf:acme/acme-7b", capsys, "--offline")
    assert component(report, "training-code")["status"] == "open"


def test_a_code_repository_linking_its_weights_on_the_hub_is_assembled_with_them(
    hf_env: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hf_env.add(repo_from_dict("acme/acme-lm-7b", {
        "README.md": "---\nlicense: apache-2.0\n---\n# Acme-LM 7B\n\nThe weights.\n",
        "LICENSE": APACHE_2, "model.safetensors": WEIGHTS}))
    code = tmp_path / "acme-lm"
    write(code, "README.md", "# Acme-LM\n\nTraining code. The model weights are on the "
          "Hub: [acme/acme-lm-7b](https://huggingface.co/acme/acme-lm-7b).\n")
    write(code, "train.py", TRAIN)
    write(code, "LICENSE", MIT)
    report = scan_json(str(code), capsys)
    assert component(report, "model-parameters-final")["status"] != "missing"
    assert report["osaid"]["elements"]["parameters"]["verdict"] != "unknown"
    assert component(report, "training-code")["licence"] == "MIT"  # the code came along
    assert report["attachments"]["scan"]["followed"][0]["location"] == "hf:acme/acme-lm-7b"
    assert report["attachments"]["scan"]["followed"][0]["revision"]
    report = scan_json(str(code), capsys, "--no-follow")
    assert report["osaid"]["elements"]["parameters"]["verdict"] == "unknown"


def test_a_link_that_cannot_be_followed_is_a_note_not_an_error(
    hf_env: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = tmp_path / "acme-lm"
    write(code, "README.md", "# Acme-LM\n\nThe model weights are on the Hub: "
          "[acme/not-there](https://huggingface.co/acme/not-there).\n")
    write(code, "train.py", TRAIN)
    report = scan_json(str(code), capsys)
    assert any("not followed" in note and "acme/not-there" in note for note in report["notes"])
    assert report["osaid"]["elements"]["parameters"]["verdict"] == "unknown"
