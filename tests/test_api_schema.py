"""Every JSON answer the response cache holds, after a walk over every read route,
validates against the response schema the OpenAPI description gives for its route
(issue 16: the documented shapes are the served shapes)."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from jsonschema import Draft202012Validator

from mofkit.registry import open_registry
from web_fixtures import LiveServer, make_app, seed


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    reg = open_registry(str(tmp_path_factory.mktemp("schema") / "registry.db"))
    seed(reg)
    app = make_app(reg, public_url="https://mof.example.org")
    with LiveServer(app) as server, httpx.Client(base_url=server.url, timeout=10) as client:
        yield client, app, reg
    reg.close()


def _operation(spec, path):
    for template, item in spec["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and "get" in item:
            return template, item["get"]
    return None, None


def test_every_cached_json_answer_matches_its_openapi_schema(served):
    client, app, reg = served
    spec = client.get("/api/v1/openapi.json").json()
    scanned = "scanned-model-1b"
    ids = [h["id"] for h in reg.history(scanned)]
    paths = [
        "/api/v1/models", "/api/v1/models?limit=2&page=2&sort=name",
        "/api/v1/models?class=3&osaid=pass", "/api/v1/models/alpha-open-7b",
        f"/api/v1/models/{scanned}", "/api/v1/models/alpha-chat-7b",
        f"/api/v1/models/{scanned}/history", f"/api/v1/models/{scanned}/history?rules=mof",
        f"/api/v1/models/{scanned}/assessments/{ids[0]}",
        f"/api/v1/models/{scanned}/diff?from={ids[-1]}&to={ids[0]}",
        "/api/v1/models/alpha-open-7b/badges", "/api/v1/search?q=alpha",
        "/api/v1/compare?m=alpha-open-7b&m=beta-partial-3b", "/api/v1/stats",
        "/api/v1/facets", "/api/v1/grid", "/api/v1/grid?class=3&sort=name",
    ]
    for path in paths:
        assert client.get(path).status_code == 200, path
    checked = set()
    for key, entry in app.state.fast.entries():
        if not entry.media_type.startswith("application/json"):
            continue
        path = key[0]
        template, op = _operation(spec, path)
        assert op is not None, f"no GET operation for {path}"
        schema = op["responses"]["200"]["content"]["application/json"]["schema"]
        validator = Draft202012Validator({**schema, "components": spec["components"]})
        errors = sorted(validator.iter_errors(json.loads(entry.body)), key=str)
        assert not errors, f"{path}: {errors[0].message} at {list(errors[0].absolute_path)}"
        checked.add(template)
    every_get = {t for t, item in spec["paths"].items() if "get" in item and
                 "application/json" in item["get"]["responses"]["200"].get("content", {})}
    cached_gets = every_get - {"/api/v1/submissions", "/api/v1/submissions/{sid}"}
    assert checked == cached_gets


def test_a_schema_mismatch_is_caught(served):
    """The check can fail: a model without its required ``mof`` is refused."""
    client, _, _ = served
    spec = client.get("/api/v1/openapi.json").json()
    _, op = _operation(spec, "/api/v1/models/alpha-open-7b")
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    body = client.get("/api/v1/models/alpha-open-7b").json()
    del body["mof"]
    validator = Draft202012Validator({**schema, "components": spec["components"]})
    assert list(validator.iter_errors(body))


def test_submissions_match_their_schema(served):
    client, _, _ = served
    spec = client.get("/api/v1/openapi.json").json()
    schema = spec["paths"]["/api/v1/submissions"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": spec["components"]})
    assert not list(validator.iter_errors(client.get("/api/v1/submissions").json()))
