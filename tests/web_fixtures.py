"""Shared fixtures for the registry, API, web and browser tests: small MOT
records written by the tests, a seeded registry, a fake scanner, a uvicorn
server on a free loopback port, and the PostgreSQL / Chromium switches.

Nothing here reads ../shared or the network beyond 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from mofkit.release import ComponentEntry, Evidence, LicenceStatement, Release, ReleaseDate

PG_ENV = "MOFKIT_TEST_PG_URL"
CHROMIUM = "/usr/bin/chromium"
TOKEN = "test-admin-token-0123456789"
HOSTILE_NAME = "<script>alert('x')</script>'; DROP TABLE models; --"
# Where a registry fixture runs: SQLite, and a real PostgreSQL ($MOFKIT_TEST_PG_URL;
# skipped without it, a failure when CI is set).
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def need(what: str, reason: str) -> None:
    """Skip with a reason, or fail when running in CI (env CI set)."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI: {reason}")
    pytest.skip(reason)


# -- MOT records ---------------------------------------------------------

OPEN_COMPONENTS = [
    "Model architecture", "Model parameters (Final)", "Model card", "Data card",
    "Technical report", "Evaluation results",
]


def record(name: str, *, producer: str = "Example Lab", licence: str = "Apache-2.0",
           components: list[str] | None = None, date: str = "2025-06-01",
           type_: str = "language", origin: str = "",
           component_licences: dict[str, str] | None = None,
           released: str | None = None) -> dict[str, Any]:
    """A record; ``date`` is the record's own date, ``released`` (written as the record's
    ``release_date`` field) when the model was released."""
    comps = []
    for cname in components if components is not None else OPEN_COMPONENTS:
        item: dict[str, Any] = {"name": cname, "description": f"{cname} of {name}"}
        if component_licences and cname in component_licences:
            item["license"] = component_licences[cname]
        comps.append(item)
    rec: dict[str, Any] = {
        "framework": {"name": "Model Openness Framework", "version": "1.0",
                      "date": "2024-12-15"},
        "release": {
            "name": name, "version": "1B", "date": date, "type": type_,
            "architecture": "transformer", "origin": origin, "producer": producer,
            "contact": "", "license": {"distribution": {"name": licence, "path": "LICENSE"}},
            "components": comps,
        },
    }
    if released is not None:
        rec["release"]["release_date"] = released
    return rec


def write_records(folder: Path, records: list[dict[str, Any]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for rec in records:
        path = folder / f"{rec['release']['name'].replace('/', '_')[:60]}.yml"
        path.write_text(yaml.safe_dump(rec, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def scanned_release(name: str, source: str, *, licence: str = "Apache-2.0",
                    producer: str = "Scan Co", origin: str | None = None) -> Release:
    """A release as a scanner would describe it, with evidence per component."""
    comps = [
        ComponentEntry("model-architecture", evidence=[
            Evidence("src/model.py", "defines the network", line=12, licence=licence)]),
        ComponentEntry("model-parameters-final", evidence=[
            Evidence("model.safetensors", "weights file", confidence=0.95)]),
        ComponentEntry("model-card", evidence=[Evidence("README.md", "model card", line=1)]),
        ComponentEntry("inference-code", evidence=[
            Evidence("scripts/generate.py", "inference script", line=3)]),
    ]
    return Release(name=name, source=source, producer=producer, date="2026-01-15",
                   release_date=ReleaseDate("2025-12-01", "card", "README.md:3"),
                   type="language", origin=origin,
                   licences={"distribution": LicenceStatement(licence, "LICENSE")},
                   components=comps)


def fake_scanner(calls: list[str] | None = None) -> Any:
    """A scanner for the submit queue that rates a made-up release per source."""
    from mofkit.pipeline import assess_release
    from mofkit.registry.ingest import Rated

    def scan(source: str) -> Rated:
        if calls is not None:
            calls.append(source)
        name = "Scanned " + source.rsplit("/", 1)[-1].replace("hf:", "")
        release = scanned_release(name, source)
        return Rated(assess_release(release).results(), "git",
                     "0123456789abcdef0123456789abcdef01234567")

    return scan


def seed(registry: Any, extra: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """A small registry: open, partly open, restrictive, a derived model, a
    hostile name, and a scanned model with evidence and two assessments."""
    from mofkit.pipeline import assess_release
    from mofkit.sources.mot_record import record_to_release

    recs = [
        # Record dates (date=) and release dates (released=) differ on purpose: dates
        # filter, sort and chart by the release date, never the record's own date.
        record("Alpha-Open-7B", producer="Alpha Labs", date="2025-03-10",
               released="2025-03-01"),
        record("Beta-Partial-3B", producer="Beta AI", components=OPEN_COMPONENTS[:3],
               date="2025-07-02", type_="code", released="2023-09"),
        record("Gamma-Community-70B", producer="Gamma Corp", licence="llama3",
               date="2024-11-20", released="2024-04-18"),
        record("Alpha-Chat-7B", producer="Alpha Labs", origin="Alpha-Open-7B",
               date="2025-05-01", released="2025-04-20",
               component_licences={"Model parameters (Final)": "CC-BY-NC-4.0"}),
        record(HOSTILE_NAME, producer="<b>Evil</b> & Co", date="2025-01-01"),  # unknown
        *(extra or []),
    ]
    slugs = {}
    for rec in recs:
        release = record_to_release(rec, source=f"{rec['release']['name']}.yml")
        slug = None
        for result in assess_release(release).results():
            slug = registry.add_result(result, source_kind="mot-record", slug=slug).slug
        slugs[rec["release"]["name"]] = slug
    source = "https://github.com/example/scanned-model"
    first = scanned_release("Scanned-Model-1B", source, licence="CC-BY-NC-4.0")
    second = scanned_release("Scanned-Model-1B", source)
    slug = None
    for release, rev in ((first, "1111111111111111111111111111111111111111"),
                         (second, "2222222222222222222222222222222222222222")):
        for result in assess_release(release).results():
            slug = registry.add_result(result, source_kind="git", revision=rev, slug=slug).slug
    slugs["Scanned-Model-1B"] = slug
    return slugs


# -- databases -----------------------------------------------------------

@contextmanager
def pg_database() -> Iterator[str]:
    """A fresh schema on the PostgreSQL server at $MOFKIT_TEST_PG_URL, as a URL
    whose connections use it (a schema is much cheaper than a database)."""
    import psycopg

    base = os.environ[PG_ENV]
    plain = libpq_url(base)
    name = f"mofkit_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def libpq_url(url: str) -> str:
    """``url`` as libpq takes it: CI gives ``postgresql+psycopg://`` (SQLAlchemy's
    form), a developer may give ``postgresql://`` or ``postgres://``."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.startswith(("postgresql+", "postgres+")):
        return "postgresql://" + rest
    return url


@contextmanager
def registry_at(kind: str, tmp_path: Path) -> Iterator[Any]:
    from mofkit.registry import open_registry

    if kind == "sqlite":
        reg = open_registry(str(tmp_path / "registry.db"))
        try:
            yield reg
        finally:
            reg.close()
        return
    if not os.environ.get(PG_ENV):
        need("PostgreSQL", f"{PG_ENV} is not set (a postgresql:// URL of a server where "
             "the tests may create databases)")
    with pg_database() as url:
        reg = open_registry(url)
        try:
            yield reg
        finally:
            reg.close()


# -- a live server ---------------------------------------------------------

class LiveServer:
    """The app under uvicorn in a thread, on a free 127.0.0.1 port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        from mofkit.web.settings import server_options

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                **server_options())  # as `mof serve` runs it
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def make_app(registry: Any, **settings: Any) -> Any:
    from mofkit.web.app import create_app
    from mofkit.web.settings import Settings

    defaults: dict[str, Any] = {"registry": registry, "admin_token": TOKEN,
                                "scanner": fake_scanner(), "read_rate": 0, "write_rate": 0}
    defaults.update(settings)
    return create_app(Settings(**defaults))


def wait_for(predicate: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")
