"""Hugging Face submissions: the submit queue's default scanner reads
``hf:org/name`` (and allowed huggingface.co URLs) from the fake Hub on
loopback (``HF_ENDPOINT``), through the server's REST API."""

from __future__ import annotations

import httpx
import pytest

from fakehub import FakeHub
from mofkit.registry import open_registry
from web_fixtures import TOKEN, LiveServer, make_app, wait_for


@pytest.mark.parametrize("source", ["hf:open-org/open-model",
                                    "https://huggingface.co/open-org/open-model"])
def test_a_hub_submission_is_scanned_and_listed(hf_env: FakeHub, tmp_path, source) -> None:
    sha = hf_env.models["open-org/open-model"].sha
    reg = open_registry(str(tmp_path / "registry.db"))
    reg.generation_ttl = 60.0
    app = make_app(reg, scanner=None)  # the default scanner: the real Hub source
    try:
        with LiveServer(app) as server, httpx.Client(base_url=server.url, timeout=30) as c:
            assert c.get("/api/v1/models").json()["pager"]["total_items"] == 0
            r = c.post("/api/v1/submissions", json={"source": source},
                       headers={"Authorization": f"Bearer {TOKEN}"})
            assert r.status_code == 202, r.text
            assert r.json()["source"] == "hf:open-org/open-model"
            done = wait_for(lambda: (s := c.get(f"/api/v1/submissions/{r.json()['id']}")
                                     .json())["status"] in ("done", "failed") and s,
                            timeout=60)
            assert done["status"] == "done", done["error"]
            listed = c.get("/api/v1/models").json()["models"]
            assert [m["slug"] for m in listed] == [done["model"]]
            model = c.get(f"/api/v1/models/{done['model']}").json()
    finally:
        reg.close()
    assert model["name"] == "open-org/open-model"
    mof = model["assessments"]["mof"]
    assert mof["source_kind"] == "hf" and mof["revision"] == sha
    assert mof["result"]["attachments"]["hub"]["revision"] == sha
    assert set(model["assessments"]) == {"mof", "mot-compat"}
    weights = next(c for c in mof["result"]["mof"]["components"]
                   if c["id"] == "model-parameters-final")
    assert weights["licence"] == "Apache-2.0"
    assert any(req.method == "GET" for req in hf_env.requests())


def test_a_missing_hub_model_fails_the_submission(hf_env: FakeHub, tmp_path) -> None:
    from mofkit.registry.submit import SubmitQueue

    reg = open_registry(str(tmp_path / "registry.db"))
    try:
        item = reg.enqueue("hf:nobody-org/no-such-model")
        assert SubmitQueue(reg).process_one() is True
        failed = reg.submission(item["id"])
        assert failed["status"] == "failed" and failed["error"]
        assert reg.count() == 0
    finally:
        reg.close()
