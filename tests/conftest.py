"""Shared fixtures (pytest finds them here; test modules never import them by name)
and the helper modules' folder on sys.path.

Markers (registered in pyproject.toml): ``slow``, ``ray`` (starts a Ray cluster),
``browser`` (drives Chromium), ``postgres`` (needs $MOFKIT_TEST_PG_URL); e.g.
``pytest -m "not slow and not ray"`` for a quick run.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).parent))

if TYPE_CHECKING:
    from fakehub import FakeHub

NO_HUB = "http://127.0.0.1:9"


@pytest.fixture(scope="session", autouse=True)
def no_real_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test reaches the real Hub: a scan follows the Hub datasets and base models a
    card names from any entry point, so the Hub client points at a loopback port nothing
    listens on (the discard port, 9: refused at once), over an empty cache, unless a test
    points it at a Hub it serves (``hf_env``, ``point_hub_client``). (Not HF_HUB_OFFLINE:
    huggingface_hub reads that once, at import, for the whole session.)"""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_ENDPOINT", NO_HUB)
        patch.setenv("MOFKIT_HF_BACKOFF", "0.01")
        patch.setenv("MOFKIT_CACHE", str(tmp_path_factory.mktemp("no-real-hub-cache")))
        patch.delenv("HF_TOKEN", raising=False)
        yield


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    """The fake Hugging Face Hub on loopback, with the fixture repos."""
    from fakehub import FakeHub, serve
    from fakehub.fixtures import load

    with serve(load(FakeHub())) as running:
        yield running


@pytest.fixture
def hf_env(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    """``hub``, with the Hub client pointed at it only (fresh cache, no token)."""
    from hf_support import point_hub_client

    point_hub_client(hub.url, tmp_path, monkeypatch)
    hub.reset_log()
    return hub
