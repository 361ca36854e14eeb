"""Shared set-up of the Hugging Face tests: the fake Hub on loopback with the
fixture repos, and an environment that points the client at it (and nowhere
else: no token, no saved login, a fresh cache)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_helpers import run
from fakehub import FakeHub, serve
from fakehub.fixtures import load

__all__ = ["component", "hf_env", "hub", "point_hub_client", "run", "scan_json", "statuses"]


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    with serve(load(FakeHub())) as running:
        yield running


def point_hub_client(endpoint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Hub client (huggingface_hub and mofkit's Hub source) pointed at ``endpoint``
    only, with a fresh cache, no token and short back-offs."""
    from huggingface_hub.utils import _detect_agent

    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    monkeypatch.setenv("MOFKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("MOFKIT_HF_BACKOFF", "0.01")
    for name in ("HF_TOKEN", "HF_HUB_OFFLINE", "HUGGING_FACE_HUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    # huggingface_hub read HF_ENDPOINT at import, and fetches an "agent harness"
    # registry from it on its own: that one request must not leave the machine.
    monkeypatch.setattr(_detect_agent, "_fetch_registry", lambda: None)


@pytest.fixture
def hf_env(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    point_hub_client(hub.url, tmp_path, monkeypatch)
    hub.reset_log()
    return hub


def scan_json(target: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    code, out, err = run(["scan", target, "--format", "json", *extra], capsys)
    assert code == 0, err
    return json.loads(out)


def statuses(report: dict) -> dict[str, str]:
    return {c["id"]: c["status"] for c in report["mof"]["components"]}


def component(report: dict, cid: str) -> dict:
    return next(c for c in report["mof"]["components"] if c["id"] == cid)
