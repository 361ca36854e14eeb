"""Helpers of the Hugging Face tests: an environment that points the client at a
fake Hub (and nowhere else: no token, no saved login, a fresh cache), and ways
to read a scan's JSON. The fixtures ``hub`` and ``hf_env`` are in conftest.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run

__all__ = ["component", "point_hub_client", "run", "scan_json", "statuses"]


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


def scan_json(target: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    code, out, err = run(["scan", target, "--format", "json", *extra], capsys)
    assert code == 0, err
    return json.loads(out)


def statuses(report: dict) -> dict[str, str]:
    return {c["id"]: c["status"] for c in report["mof"]["components"]}


def component(report: dict, cid: str) -> dict:
    return next(c for c in report["mof"]["components"] if c["id"] == cid)
