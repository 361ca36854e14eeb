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
