"""The fake Hub answers huggingface_hub as the Hub does (headers, errors, search)."""

from __future__ import annotations

import time
from pathlib import Path

from fakehub import FakeHub, repo_from_dict, serve


def test_info_resolve_headers_and_lfs_redirect(hf_env: FakeHub, tmp_path: Path) -> None:
    import httpx
    from huggingface_hub import HfApi, hf_hub_download

    api = HfApi(endpoint=hf_env.url, token=False)
    info = api.model_info("open-org/open-model", files_metadata=True)
    sizes = {s.rfilename: (s.size, s.lfs is not None) for s in info.siblings}
    assert sizes["big-shard.safetensors"] == (4_000_000_000, True)
    assert sizes["config.json"][1] is False
    assert info.card_data.license == "apache-2.0" and info.safetensors.total == 576
    head = httpx.head(f"{hf_env.url}/open-org/open-model/resolve/main/config.json")
    assert head.headers["X-Repo-Commit"] == info.sha and head.headers["ETag"]
    lfs = httpx.head(f"{hf_env.url}/open-org/open-model/resolve/main/big-shard.safetensors")
    assert lfs.status_code == 302 and lfs.headers["X-Linked-Size"] == "4000000000"
    path = hf_hub_download("open-org/open-model", "config.json", endpoint=hf_env.url,
                           cache_dir=tmp_path, token=False)
    assert Path(path).read_text().startswith('{"architectures"')


def test_gated_private_missing_and_renamed(hf_env: FakeHub) -> None:
    import httpx

    base = hf_env.url
    gated = f"{base}/gated-org/gated-model/resolve/main/LICENSE"
    assert httpx.get(gated).status_code == 401
    assert httpx.get(gated, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert httpx.get(gated, headers={"Authorization": "Bearer hf_granted"}).status_code == 200
    assert httpx.get(f"{base}/gated-org/gated-model/resolve/main/README.md").status_code == 200
    private = httpx.get(f"{base}/api/models/private-org/secret")
    assert private.status_code == 401 and private.headers["X-Error-Code"] == "RepoNotFound"
    assert httpx.get(f"{base}/api/models/gone-org/deleted").status_code == 404
    moved = httpx.get(f"{base}/api/models/open-org/old-name")
    assert moved.status_code == 307
    assert moved.headers["Location"].endswith("/api/models/open-org/open-model")


def test_faults_are_consumed_in_order(hf_env: FakeHub) -> None:
    import httpx

    hf_env.fail("open-org/open-model", 429, 500, retry_after="7")
    url = f"{hf_env.url}/api/models/open-org/open-model"
    first, second, third = httpx.get(url), httpx.get(url), httpx.get(url)
    assert (first.status_code, first.headers["Retry-After"]) == (429, "7")
    assert (second.status_code, third.status_code) == (500, 200)


def test_five_thousand_models_search_and_info_stay_fast() -> None:
    from huggingface_hub import HfApi

    with serve() as big:
        started = time.monotonic()
        for number in range(5000):
            big.add(repo_from_dict(f"org{number % 50}/model-{number}", {
                "README.md": f"---\nlicense: mit\n---\n# Model {number}\n",
                "model.safetensors": {"size": 1000 + number},
            }))
        api = HfApi(endpoint=big.url, token=False)
        found = [m.id for m in api.list_models(search="model-", limit=5000)]
        assert len(found) == 5000 and len(set(found)) == 5000
        assert sum(1 for r in big.requests("/api/models?")) == 5  # 1,000 per page
        for number in range(0, 5000, 500):
            assert api.model_info(f"org{number % 50}/model-{number}").sha
        assert time.monotonic() - started < 20
