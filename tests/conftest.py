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
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from web_fixtures import BACKENDS

if TYPE_CHECKING:
    import httpx

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


@pytest.fixture(params=BACKENDS)
def reg(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """An empty registry, on each backend."""
    from web_fixtures import registry_at

    with registry_at(request.param, tmp_path) as registry:
        yield registry


class Site(NamedTuple):
    """The site over a seeded registry, served on loopback."""

    client: httpx.Client
    slugs: dict[str, str]
    reg: Any

    @property
    def url(self) -> str:
        return str(self.client.base_url).rstrip("/")


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A seeded registry (``web_fixtures.seed``) and the site over it under uvicorn, one per
    test module. The submit queue runs only in a module that sets ``SITE_RUNS_QUEUE = True``
    (otherwise a submission stays queued, and the registry stays as seeded)."""
    import httpx

    from mofkit.registry import open_registry
    from web_fixtures import LiveServer, make_app, seed

    registry = open_registry(str(tmp_path_factory.mktemp("site") / "registry.db"))
    slugs = seed(registry)
    queue = bool(getattr(request.module, "SITE_RUNS_QUEUE", False))
    try:
        with LiveServer(make_app(registry, run_queue=queue)) as server, \
                httpx.Client(base_url=server.url, timeout=10) as client:
            yield Site(client, slugs, registry)
    finally:
        registry.close()


@pytest.fixture(scope="session")
def reference_releases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The six reference releases (``fixtures_release.BUILDERS``), built once; tests only
    read them."""
    from fixtures_release import BUILDERS

    base = tmp_path_factory.mktemp("references")
    return {name: Path(build(base / name)) for name, build in BUILDERS.items()}


@pytest.fixture
def open3_record(tmp_path: Path) -> Path:
    """``cli_helpers.OPEN3_RECORD`` (a Class III record) written to a file."""
    from cli_helpers import OPEN3_RECORD

    path = tmp_path / "open3.yml"
    path.write_text(OPEN3_RECORD, encoding="utf-8")
    return path


@pytest.fixture
def stand_in_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    """`mof audit` assesses the models it finds with ``audit_support.stand_in`` instead of
    the Hub, at a fixed build date."""
    from audit_support import stand_in
    from mofkit.audit.assessor import HubAssessor

    monkeypatch.setattr(HubAssessor, "__call__",
                        lambda self, model, revision: stand_in(model, revision))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
