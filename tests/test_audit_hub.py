"""`mof audit` end to end: the fixture codebase (tests/audit_codebase.py), its
models served by the fake Hub on loopback (HF_ENDPOINT points there), policies
that pass, fail and expire on a fixed date, and the SARIF of a real run checked
against the SARIF 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from audit_codebase import build, expected_hub
from audit_support import SARIF_SCHEMA
from fakehub import FakeHub, repo_from_dict
from fakehub.fixtures import CONFIG, WEIGHTS, card
from hf_support import run

PASSING = """
licence_kinds: {deny: [proprietary, non-commercial]}
unresolved: warn
not_assessed: warn
exceptions:
  - model: nc-org/nc-model
    checks: [licence-kind]
    reason: research prototype, never shipped (RES-7)
    expires: 2025-12-31
"""
FAILING = """
min_class: III
licence_kinds: {deny: [restrictive, non-commercial, unknown, unlicensed]}
unresolved: fail
"""
EXPIRING = """
licence_kinds: {deny: [non-commercial]}
not_assessed: warn
exceptions:
  - model: nc-org/*
    reason: research prototype (RES-7)
    expires: 2025-03-31
"""


@pytest.fixture(scope="module", autouse=True)
def nc_model(hub: FakeHub) -> None:
    """This module's fake Hub (conftest.hub, one per module) also serves a model under a
    non-commercial licence."""
    hub.add(repo_from_dict("nc-org/nc-model", {
        "README.md": card("license: cc-by-nc-4.0"), "config.json": CONFIG,
        "model.safetensors": WEIGHTS}))


@pytest.fixture
def acme_codebase(hf_env: FakeHub, tmp_path: Path) -> Path:
    return build(tmp_path / "acme", hf_env.models["open-org/open-model"].sha)


def audit_json(root: Path, policy: str, today: str, capsys) -> tuple[int, dict]:
    path = root.parent / "policy.yml"
    path.write_text(policy)
    code, out, err = run(["audit", str(root), "--policy", str(path), "--today", today,
                          "--format", "json"], capsys)
    assert code in (0, 1), err
    return code, json.loads(out)


def test_every_distinct_model_is_scanned_once_at_its_pinned_revision(
        hf_env: FakeHub, acme_codebase: Path, capsys) -> None:
    sha = hf_env.models["open-org/open-model"].sha
    code, report = audit_json(acme_codebase, PASSING, "2025-06-01", capsys)
    assert code == 0
    models = {(m["model"], m["revision"]): m for m in report["models"]}
    assert set(models) == {(m, r) for _, _, m, r in expected_hub(sha)}
    pinned = models[("open-org/open-model", sha)]
    assert pinned["resolved_revision"] == sha
    assert [(u["path"], u["line"]) for u in pinned["usages"]] == [
        ("configs/serving.yaml", 4), ("services/chat/app.py", 11)]
    assert models[("open-org/open-model", None)]["resolved_revision"] == sha
    assert models[("open-org/open-model", None)]["licence"] == "Apache-2.0"
    assert models[("open-org/open-model", None)]["assessment"]["mof_class"] in (0, 1, 2, 3)
    kinds = {m: item["licence_kind"] for (m, _), item in models.items()}
    assert kinds["community-org/community-model"] == "restrictive"
    assert kinds["nc-org/nc-model"] == "non-commercial"
    assert kinds["chain-org/base"] == "open"
    ghost = models[("ghost-org/deleted-model", None)]
    assert ghost["assessment"] is None and "not found" in ghost["error"].lower()
    community = models[("community-org/community-model", None)]
    assert {"aup", "user-cap", "naming"} <= set(community["obligations"])
    # one repo-info request per distinct (model, revision), not one per place of use
    infos = [r.path for r in hf_env.requests()
             if r.path.startswith("/api/models/open-org/open-model")]
    assert 1 <= len(infos) <= 3 * 2


def test_a_policy_that_passes(acme_codebase: Path, capsys) -> None:
    code, report = audit_json(acme_codebase, PASSING, "2025-06-01", capsys)
    assert code == 0 and report["audit"]["result"] == "pass"
    waived = [f for f in report["findings"] if f["waived"]]
    assert [(f["rule"], f["model"]) for f in waived] == [("licence-kind", "nc-org/nc-model")]
    assert {f["level"] for f in report["findings"] if not f["waived"]} <= {"warning"}


def test_a_policy_that_fails(acme_codebase: Path, capsys) -> None:
    code, report = audit_json(acme_codebase, FAILING, "2025-06-01", capsys)
    assert code == 1 and report["audit"]["result"] == "fail"
    blocking = {(f["rule"], f["model"]) for f in report["findings"] if f["level"] == "error"}
    assert ("licence-kind", "community-org/community-model") in blocking
    assert ("licence-kind", "nc-org/nc-model") in blocking
    assert ("not-assessed", "ghost-org/deleted-model") in blocking
    assert ("unresolved", None) in blocking
    assert ("licence-kind", "chain-org/base") not in blocking


def test_an_exception_that_expired_no_longer_applies(acme_codebase: Path, capsys) -> None:
    code, before = audit_json(acme_codebase, EXPIRING, "2025-03-31", capsys)
    assert code == 0 and before["exceptions"][0]["status"] == "active"
    code, after = audit_json(acme_codebase, EXPIRING, "2025-04-01", capsys)
    assert code == 1
    assert [e["status"] for e in after["exceptions"]] == ["expired"]
    expired = [f for f in after["findings"] if f["rule"] == "exception-expired"]
    assert expired and expired[0]["model"] == "nc-org/nc-model"
    assert expired[0]["locations"][0] == {"path": "pyproject.toml", "line": 5, "column": 20}


def test_sarif_of_a_real_run_is_valid_and_points_at_lines(acme_codebase: Path, capsys) -> None:
    path = acme_codebase.parent / "policy.yml"
    path.write_text(FAILING)
    code, out, _ = run(["audit", str(acme_codebase), "--policy", str(path), "--today", "2025-06-01",
                        "--format", "sarif"], capsys)
    assert code == 1
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    places = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
               r["locations"][0]["physicalLocation"]["region"]["startLine"])
              for r in log["runs"][0]["results"]}
    assert ("licence-kind", "services/chat/fallback.py", 8) in places
    assert ("not-assessed", "services/search/download.py", 7) in places
    assert ("unresolved", "services/classify/dynamic.py", 12) in places
