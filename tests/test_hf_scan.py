"""`mof scan hf:org/name` end to end against the fake Hub on loopback."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from fakehub import FakeHub
from hf_support import component, run, scan_json, statuses


def hub_of(report: dict[str, Any]) -> dict[str, Any]:
    return report["attachments"]["hub"]


def scan_of(report: dict[str, Any]) -> dict[str, Any]:
    return report["attachments"]["scan"]


def test_open_repo_records_revision_weights_and_fetches_no_weights(
        hf_env: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    sha = hf_env.models["open-org/open-model"].sha
    report = scan_json("hf:open-org/open-model", capsys)
    assert report["release"]["revision"] == sha
    assert hub_of(report)["revision"] == sha
    assert scan_of(report)["roots"][0]["revision"] == sha
    assert hub_of(report)["parameters"] == 64 * 8 + 64
    assert {"path": "big-shard.safetensors", "size": 4_000_000_000} in hub_of(report)["weights"]
    weights = component(report, "model-parameters-final")
    assert weights["status"] == "open-wrong-type" and weights["licence"] == "Apache-2.0"
    assert any("576 parameters" in e["why"] for e in weights["evidence"])
    assert hub_of(report)["access"]["weights"] == "open"
    gets = [r.path for r in hf_env.requests() if r.method == "GET"]
    assert not any(p.endswith((".safetensors", "tokenizer.json")) or "/cdn/" in p for p in gets)
    assert sorted(hub_of(report)["fetched"]) == ["LICENSE", "README.md", "config.json",
                                                "modeling_tiny.py"]


def test_url_and_pinned_revision_forms(hf_env: FakeHub,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    sha = hf_env.models["open-org/open-model"].sha
    by_url = scan_json("https://huggingface.co/open-org/open-model", capsys)
    pinned = scan_json(f"hf:open-org/open-model@{sha}", capsys)
    assert hub_of(by_url)["revision"] == hub_of(pinned)["revision"] == sha
    assert statuses(by_url) == statuses(pinned)
    code, _, err = run(["scan", "hf:open-org/open-model@no-such-branch"], capsys)
    assert code == 2 and "revision not found" in err and err.count("\n") == 1


def test_gated_repo_is_partial_access_with_the_same_licence_verdict(
        hf_env: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    gated = scan_json("hf:gated-org/gated-model", capsys)
    assert hub_of(gated)["access"]["weights"] == "partial"
    assert "licence verdict" in hub_of(gated)["access"]["why"]
    weights = component(gated, "model-parameters-final")
    assert any("gated" in e["why"] and "partial" in e["why"] for e in weights["evidence"])
    assert set(hub_of(gated)["not_fetched"]) == {"LICENSE", "config.json"}
    assert not any("not readable" in note for note in gated["notes"])
    # The same files, ungated: the licence verdicts do not move.
    repo = hf_env.models["gated-org/gated-model"]
    repo.gated, repo._info = False, None
    try:
        with_access = scan_json("hf:gated-org/gated-model", capsys,
                                "--hf-token", "hf_granted")
    finally:
        repo.gated, repo._info = "manual", None
    assert component(with_access, "model-parameters-final")["status"] == weights["status"]
    assert component(with_access, "model-parameters-final")["licence"] == weights["licence"]


def test_gated_files_are_read_with_a_granted_token(hf_env: FakeHub,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:gated-org/gated-model", capsys, "--hf-token", "hf_granted")
    assert "LICENSE" in hub_of(report)["fetched"] and not hub_of(report)["not_fetched"]
    assert hub_of(report)["access"]["weights"] == "partial"


def test_community_licence_other_with_license_name(hf_env: FakeHub,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:community-org/community-model", capsys)
    assert hub_of(report)["licence_on_card"] == "llama3"
    weights = component(report, "model-parameters-final")
    assert weights["licence_written"] == "llama3"
    assert weights["status"] == "not-open"


def test_three_level_chain_inherits_licence_and_data(hf_env: FakeHub,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:chain-org/leaf", capsys)
    chain = hub_of(report)["lineage"]
    assert [(c["repo"], c["depth"], c["status"]) for c in chain] == [
        ("chain-org/middle", 1, "scanned"), ("chain-org/base", 2, "scanned")]
    middle_sha = hf_env.models["chain-org/middle"].sha
    base_sha = hf_env.models["chain-org/base"].sha
    assert chain[0]["revision"] == middle_sha
    weights = component(report, "model-parameters-final")
    assert weights["licence"] == "MIT"
    assert any(f"inherited from base chain-org/middle@{middle_sha}" in e["why"]
               for e in weights["evidence"])
    datasets = component(report, "datasets")
    assert datasets["status"] != "missing"
    assert datasets["licence"] == "CC-BY-4.0"  # from the base's dataset card
    assert all("inherited from base chain-org/middle" in e["why"] for e in datasets["evidence"])
    assert any(f"chain-org/base@{base_sha}" in e["path"] for e in datasets["evidence"])


def test_finetune_with_its_own_licence_keeps_it(hf_env: FakeHub,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:chain-org/middle", capsys)
    assert component(report, "model-parameters-final")["licence"] == "MIT"
    assert not any(note.startswith("licence") and "inherited" in note
                   for note in report["notes"])


def test_cycle_terminates_and_is_reported(hf_env: FakeHub,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:cycle-org/a", capsys)
    assert [(c["repo"], c["status"]) for c in hub_of(report)["lineage"]] == [
        ("cycle-org/b", "scanned"), ("cycle-org/a", "cycle")]
    assert len(hf_env.requests("/api/models/cycle-org/b")) == 1


def test_depth_cap(hf_env: FakeHub, capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOFKIT_HF_LINEAGE_DEPTH", "1")
    report = scan_json("hf:chain-org/leaf", capsys)
    assert [(c["repo"], c["status"]) for c in hub_of(report)["lineage"]] == [
        ("chain-org/middle", "scanned"), ("chain-org/base", "depth-cap")]


def test_dataset_cards_are_evidence(hf_env: FakeHub,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:data-org/with-datasets", capsys)
    cards = {c["id"]: c for c in hub_of(report)["datasets"]}
    assert cards["data-org/open-corpus"]["licence"] == "cc-by-4.0"
    assert cards["data-org/gated-corpus"]["gated"] == "auto"
    assert "not found" in cards["data-org/deleted-corpus"]["error"]
    datasets = component(report, "datasets")
    # One named dataset cannot be found: no licence is claimed for the set.
    assert datasets["status"] == "unlicensed"
    assert any("data-org/open-corpus" in e["path"] for e in datasets["evidence"])
    assert component(report, "data-card")["status"] != "missing"
    evaluation = component(report, "evaluation-data")
    assert any("data-org/eval-set" in e["path"] for e in evaluation["evidence"])
    assert any("gated-corpus is gated" in note for note in report["notes"])


@pytest.mark.parametrize(("target", "needle"), [
    ("hf:gone-org/deleted", "not found on the Hub"),
    ("hf:private-org/secret", "if it is private, set HF_TOKEN"),
])
def test_missing_and_private_are_one_line_errors(hf_env: FakeHub, target: str, needle: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", target], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and needle in err and target in err


def test_private_repo_with_its_token(hf_env: FakeHub, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_owner")
    report = scan_json("hf:private-org/secret", capsys)
    assert hub_of(report)["revision"] == hf_env.models["private-org/secret"].sha


def test_renamed_repo_is_followed_and_noted(hf_env: FakeHub,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:open-org/old-name", capsys)
    assert hub_of(report)["repo"] == "open-org/open-model"
    assert any("renamed on the Hub: open-org/old-name is now open-org/open-model" in note
               for note in report["notes"])


def test_429_then_200_honours_retry_after(hf_env: FakeHub,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    hf_env.fail("flaky-org/rate-limited", 429, 429, retry_after="0.3")
    started = time.monotonic()
    report = scan_json("hf:flaky-org/rate-limited", capsys)
    assert time.monotonic() - started >= 0.6
    answers = [r.status for r in hf_env.requests("/api/models/flaky-org/rate-limited")
               if not r.path.startswith("/api/models/flaky-org/rate-limited/refs")]
    assert answers == [429, 429, 200]  # the repo info; its refs are listed after it
    assert hub_of(report)["revision"] == hf_env.models["flaky-org/rate-limited"].sha


def test_500_gives_up_after_bounded_retries(hf_env: FakeHub,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOFKIT_HF_ATTEMPTS", "3")
    hf_env.fail("flaky-org/broken", *[500] * 5)
    try:
        code, _, err = run(["scan", "hf:flaky-org/broken"], capsys)
    finally:
        hf_env.faults.clear()
    assert code == 2 and "answered 500" in err and "3 times" in err
    assert len(hf_env.requests("/api/models/flaky-org/broken")) == 3


def test_network_error_is_one_line(hf_env: FakeHub, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("MOFKIT_HF_ATTEMPTS", "2")
    code, _, err = run(["scan", "hf:open-org/open-model"], capsys)
    assert code == 2 and "cannot reach the Hub" in err and err.count("\n") == 1


def test_a_dataset_on_an_unreachable_hub_is_one_note_after_one_try(
        hf_env: FakeHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """No network: a release folder naming a Hub dataset is rated, with one note, at once
    (a second's backoff would say "retrying" on stderr)."""
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("MOFKIT_HF_ATTEMPTS", "5")
    monkeypatch.setenv("MOFKIT_HF_BACKOFF", "1")
    release = tmp_path / "release"
    release.mkdir()
    (release / "README.md").write_text("---\nlicense: mit\ndatasets:\n- some-org/corpus\n---\n"
                                       "# A model\n", encoding="utf-8")
    code, out, err = run(["scan", str(release), "--format", "json"], capsys)
    assert code == 0, err
    assert "retrying" not in err and "waiting" not in err
    notes = [note for note in json.loads(out)["notes"] if "cannot reach" in note]
    assert len(notes) == 1 and notes[0].startswith("dataset some-org/corpus:"), notes
    assert "(connection refused; not retried)" in notes[0]


def test_warm_cache_and_offline(hf_env: FakeHub, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    cold = scan_json("hf:chain-org/leaf", capsys)
    cold_requests = len(hf_env.requests())
    hf_env.reset_log()
    warm = scan_json("hf:chain-org/leaf", capsys)
    warm_requests = len(hf_env.requests())
    assert warm_requests < cold_requests
    assert all(r.path.startswith("/api/") for r in hf_env.requests())  # no file downloads
    hf_env.reset_log()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    offline = scan_json("hf:chain-org/leaf", capsys)
    assert hf_env.requests() == []
    for report in (warm, offline):
        assert report["mof"] == cold["mof"] and hub_of(report)["lineage"] == hub_of(cold)["lineage"]
    code, _, err = run(["scan", "hf:open-org/open-model", "--offline"], capsys)
    assert code == 2 and "offline" in err and err.count("\n") == 1


def test_text_report_shows_the_hub_section(hf_env: FakeHub,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", "hf:chain-org/leaf"], capsys)
    assert code == 0, err
    assert "Hugging Face Hub" in out and "lineage:" in out
    assert "chain-org/middle@" in out and "chain-org/base@" in out
