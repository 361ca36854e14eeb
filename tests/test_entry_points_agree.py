"""Every entry point rates a release the same way, because each calls
``mofkit.pipeline.rate``: ``mofkit.rate``, ``mof scan --format json``,
``mof registry add`` + the REST API's model JSON (the app under uvicorn on loopback),
a ``mof bulk`` output line and ``mof audit`` JSON. Checked on every folder under
``examples/releases/`` and the six reference releases (tests/fixtures_release.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

import mofkit
from cli_helpers import run
from fakehub import FakeHub, repo_from_folder
from fixtures_release import BUILDERS
from web_fixtures import LiveServer, make_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples" / "releases").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def releases(reference_releases: dict[str, Path]) -> dict[str, Path]:
    """Every example release and the six reference releases."""
    return {**{p.name: p for p in EXAMPLES}, **reference_releases}


@pytest.fixture(scope="module")
def rated(releases: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """mofkit.rate's result for each release (the reference)."""
    return {name: mofkit.rate(str(path), rules=["mof"]).to_dict()
            for name, path in releases.items()}


def test_there_are_examples_and_six_references(releases: dict[str, Path]) -> None:
    assert len(EXAMPLES) >= 2 and len(BUILDERS) == 6
    assert len(releases) == len(EXAMPLES) + 6


def test_mof_scan_json_is_mofkit_rate(releases: dict[str, Path], rated: dict[str, Any],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    for name, path in releases.items():
        code, out, err = run(["scan", str(path), "--format", "json"], capsys)
        assert code == 0, err
        assert json.loads(out) == rated[name], name


def test_registry_and_api_store_what_mof_scan_prints(releases: dict[str, Path],
                                                      rated: dict[str, Any], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from mofkit.registry import open_registry

    db = tmp_path / "registry.db"
    for path in releases.values():
        code, _, err = run(["registry", "add", str(path), "--db", str(db)], capsys)
        assert code == 0, err
    reg = open_registry(str(db))
    try:
        with LiveServer(make_app(reg)) as server, \
                httpx.Client(base_url=server.url, timeout=30) as client:
            listed = client.get("/api/v1/models", params={"limit": 100}).json()["models"]
            by_name = {item["name"]: item["slug"] for item in listed}
            for name in releases:
                slug = by_name[rated[name]["release"]["name"]]
                model = client.get(f"/api/v1/models/{slug}").json()
                stored = model["assessments"]["mof"]["result"]
                # The registry never stores or shows a local path (registry/identity.py):
                # the source and the scan's root locations are in public form, here none.
                roots = stored["attachments"]["scan"]["roots"]
                assert stored["source"] == "" and {root["location"] for root in roots} == {""}, name
                assert without_locations(stored) == without_locations(rated[name]), name
                assert set(model["assessments"]) == {"mof", "mot-compat"}
    finally:
        reg.close()


def without_locations(result: dict[str, Any]) -> dict[str, Any]:
    """``result`` without where it was read from (its source and the scan's roots)."""
    attached = result["attachments"]
    scan = {**attached["scan"], "roots": [{k: v for k, v in root.items() if k != "location"}
                                          for root in attached["scan"]["roots"]]}
    return {**{k: v for k, v in result.items() if k != "source"},
            "attachments": {**attached, "scan": scan}}


def test_a_bulk_line_holds_what_mof_scan_prints(releases: dict[str, Path],
                                                 rated: dict[str, Any], tmp_path: Path) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text("".join(f"{path}\n" for path in releases.values()), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "MOFKIT_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "mofkit", "bulk", str(listing), "--out",
                           str(out), "--workers", "1", "--backend", "local"],
                          capture_output=True, text=True, env=env, check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_source = {line["source"]: line for line in lines}
    for name, path in releases.items():
        record = by_source[str(path)]
        assert record["status"] == "ok", record
        assert record["result"] == rated[name], name


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    """The part of an assessment `mof audit` reports."""
    mof = result["mof"]
    return {"mof_class": mof["class"], "label": mof["label"], "progress": mof["progress"],
            "osaid": result["osaid"]["verdict"],
            "osaid_elements": {k: v["verdict"] for k, v in result["osaid"]["elements"].items()},
            "rules": result["rules"]["name"]}


def test_mof_audit_finds_the_same_assessment(releases: dict[str, Path], rated: dict[str, Any],
                                             hf_env: FakeHub, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`mof audit` rates the models code uses from the Hub: each release is served by the
    fake Hub and used by a script; the audit's assessment is mofkit.rate's on the same
    repo, and the same MOF class, progress and OSAID verdicts as the folder's."""
    code_dir = tmp_path / "code"
    code_dir.mkdir()
    calls = []
    for name, path in releases.items():
        repo = f"agree/{name}"
        hf_env.add(repo_from_folder(repo, path))
        calls.append(f'AutoModel.from_pretrained("{repo}")')
    (code_dir / "use.py").write_text("from transformers import AutoModel\n\n"
                                     + "\n".join(calls) + "\n", encoding="utf-8")
    code, out, err = run(["audit", str(code_dir), "--format", "json"], capsys)
    assert code in (0, 1), err
    models = {m["model"]: m for m in json.loads(out)["models"]}
    for name in releases:
        audited = models[f"agree/{name}"]["assessment"]
        on_hub = mofkit.rate(f"hf:agree/{name}", rules=["mof"]).to_dict()
        assert audited == _summary(on_hub), name
        assert audited == _summary(rated[name]), name
