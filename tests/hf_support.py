"""Shared set-up of the Hugging Face tests: the fake Hub on loopback with the
fixture repos, and an environment that points the client at it (and nowhere
else: no token, no saved login, a fresh cache)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakehub import FakeHub, serve
from fakehub.fixtures import load
from mofkit.cli import main


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    with serve(load(FakeHub())) as running:
        yield running


@pytest.fixture
def hf_env(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    from huggingface_hub.utils import _detect_agent

    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("MOFKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("MOFKIT_HF_BACKOFF", "0.01")
    for name in ("HF_TOKEN", "HF_HUB_OFFLINE", "HUGGING_FACE_HUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    # huggingface_hub read HF_ENDPOINT at import, and fetches an "agent harness"
    # registry from it on its own: that one request must not leave the machine.
    monkeypatch.setattr(_detect_agent, "_fetch_registry", lambda: None)
    hub.reset_log()
    return hub


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def scan_json(target: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    code, out, err = run(["scan", target, "--format", "json", *extra], capsys)
    assert code == 0, err
    return json.loads(out)


def statuses(report: dict) -> dict[str, str]:
    return {c["id"]: c["status"] for c in report["mof"]["components"]}


def component(report: dict, cid: str) -> dict:
    return next(c for c in report["mof"]["components"] if c["id"] == cid)
