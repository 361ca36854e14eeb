"""Hub branches and tags (``HfApi.list_repo_refs``): fetched with the release over real
HTTP from the fake Hub, cached, offline from the cache, a failure a note; branches
named for training steps are intermediate checkpoints, other branches are not."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from fakehub import FakeHub, repo_from_dict
from fakehub.fixtures import APACHE_HEAD, card
from hf_support import component, run, scan_json
from mofkit.inspect.checkpoints import regular_step, training_point
from mofkit.sources.hf.records import RepoRefs

INTERMEDIATE = "model-parameters-intermediate"
# Pythia-style: log-spaced early steps, then every 1,000 steps.
STEPS = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, *range(1000, 21000, 1000)]


def _sha(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()


def _model(repo_id: str, branches: list[str], tags: list[str] = (), news: str = "") -> object:
    return repo_from_dict(repo_id, {
        "README.md": card("license: apache-2.0", "# A model\n\nA small language model." + news),
        "LICENSE": APACHE_HEAD,
        "config.json": '{"model_type": "gpt_neox"}\n',
        "model.safetensors": {"size": 300_000_000},
    }, refs={name: _sha(repo_id + name) for name in branches},
        git_tags={name: _sha(repo_id + name) for name in tags})


@pytest.fixture
def refs_hub(hf_env: FakeHub) -> FakeHub:
    hf_env.add(_model("steps-org/stepped", [f"step{n}" for n in STEPS] + ["fp16"]))
    hf_env.add(_model("steps-org/tokens", ["stage1-step1000-tokens5B",
                                           "stage1-step2000-tokens9B"], tags=["v1.0"]))
    hf_env.add(_model("steps-org/other-branches", ["fp16", "onnx", "pr/3", "refs-pr-7",
                                                   "v2-t5"]))
    one = _model("steps-org/one-commit", [])
    one.refs.update({f"step{n}": one.sha for n in (1000, 2000, 3000)})
    hf_env.add(one)
    hf_env.reset_log()
    return hf_env


def test_the_fake_hub_serves_refs_as_the_hub_does(refs_hub: FakeHub) -> None:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import RepositoryNotFoundError

    api = HfApi(endpoint=refs_hub.url, token=False)
    refs = api.list_repo_refs("steps-org/tokens")
    assert {ref.name for ref in refs.branches} == {"main", "stage1-step1000-tokens5B",
                                                   "stage1-step2000-tokens9B"}
    assert [(t.name, t.ref) for t in refs.tags] == [("v1.0", "refs/tags/v1.0")]
    main = next(ref for ref in refs.branches if ref.name == "main")
    assert main.ref == "refs/heads/main" and main.target_commit == refs_hub.models[
        "steps-org/tokens"].sha
    assert refs.converts == [] and refs.pull_requests is None
    assert api.list_repo_refs("steps-org/tokens", include_pull_requests=True).pull_requests == []
    assert refs_hub.requests("/api/models/steps-org/tokens/refs")[0].status == 200
    with pytest.raises(RepositoryNotFoundError):
        api.list_repo_refs("gone-org/deleted")
    with pytest.raises(RepositoryNotFoundError):
        api.list_repo_refs("private-org/secret")  # no token


def test_step_branches_are_intermediate_checkpoints(refs_hub: FakeHub,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:steps-org/stepped", capsys)
    found = component(report, INTERMEDIATE)
    assert found["status"].startswith("open"), found
    evidence = found["evidence"][0]
    assert evidence["kind"] == "link" and evidence["confidence"] == 0.9
    assert evidence["path"] == "hf:steps-org/stepped@step20000"
    assert "31 Hub branch(es)" in evidence["why"] and "every 1000" in evidence["why"]
    assert "fp16" not in evidence["why"]
    assert found["licence"] == "Apache-2.0"  # the repo's licence covers its branches
    assert "step512" in report["attachments"]["hub"]["refs"]["branches"]
    assert len(refs_hub.requests("/api/models/steps-org/stepped/refs")) == 1


def test_token_named_branches_count_and_tags_are_listed(
        refs_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:steps-org/tokens", capsys)
    evidence = component(report, INTERMEDIATE)["evidence"][0]
    assert evidence["confidence"] == 0.75 and "stage1-step1000-tokens5B" in evidence["why"]
    assert report["attachments"]["hub"]["refs"]["tags"] == ["v1.0"]


def test_other_branches_are_not_checkpoints(refs_hub: FakeHub,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:steps-org/other-branches", capsys)
    assert component(report, INTERMEDIATE)["status"] == "missing"
    assert not component(report, INTERMEDIATE)["evidence"]


def test_branches_at_one_commit_are_a_hint_only(refs_hub: FakeHub,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    report = scan_json("hf:steps-org/one-commit", capsys)
    found = component(report, INTERMEDIATE)
    assert found["status"] == "missing"
    hints = report["attachments"]["scan"]["hints"][INTERMEDIATE]
    assert any("all at one commit" in hint["why"] for hint in hints)


def test_refs_failure_is_a_note_then_the_cache_serves(
        refs_hub: FakeHub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOFKIT_HF_ATTEMPTS", "2")
    refs_hub.fail("steps-org/stepped/refs", 500, 500)
    failed = scan_json("hf:steps-org/stepped", capsys)
    assert component(failed, INTERMEDIATE)["status"] == "missing"
    assert failed["attachments"]["hub"]["refs"] is None
    assert any("branches and tags not listed: the Hub answered 500" in note
               for note in failed["notes"])
    online = scan_json("hf:steps-org/stepped", capsys)  # listed and cached
    assert component(online, INTERMEDIATE)["status"].startswith("open")
    monkeypatch.setenv("MOFKIT_HF_REFS_MAX_AGE", "0")  # the cached list is not reused: ask
    refs_hub.fail("steps-org/stepped/refs", 500, 500)
    stale = scan_json("hf:steps-org/stepped", capsys)
    assert component(stale, INTERMEDIATE) == component(online, INTERMEDIATE)
    assert any("the list cached earlier is used" in note for note in stale["notes"])
    assert stale["attachments"]["hub"]["refs"] == online["attachments"]["hub"]["refs"]
    refs_hub.reset_log()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    offline = scan_json("hf:steps-org/stepped", capsys)
    assert refs_hub.requests() == []
    assert component(offline, INTERMEDIATE) == component(online, INTERMEDIATE)
    assert offline["attachments"]["hub"]["refs"] == online["attachments"]["hub"]["refs"]


def _refs_asked(hub: FakeHub, repo_id: str) -> int:
    return len(hub.requests(f"/api/models/{repo_id}/refs"))


def test_a_warm_rescan_at_the_same_commit_reuses_the_refs_listed(
        refs_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    first = scan_json("hf:steps-org/tokens", capsys)
    assert _refs_asked(refs_hub, "steps-org/tokens") == 1
    refs_hub.reset_log()
    again = scan_json("hf:steps-org/tokens", capsys)
    assert _refs_asked(refs_hub, "steps-org/tokens") == 0  # main did not move
    assert len(refs_hub.requests("/api/models/steps-org/tokens?")) == 1  # its commit asked
    assert again["attachments"]["hub"]["refs"] == first["attachments"]["hub"]["refs"]
    assert component(again, INTERMEDIATE) == component(first, INTERMEDIATE)
    assert again["notes"] == first["notes"]
    # A branch pushed without a commit to main: not seen while the list is younger than
    # the longest it is kept (7 days by default), seen once it is older.
    refs_hub.models["steps-org/tokens"].refs["stage1-step3000-tokens14B"] = _sha("3000")
    kept = scan_json("hf:steps-org/tokens", capsys)
    assert "stage1-step3000-tokens14B" not in kept["attachments"]["hub"]["refs"]["branches"]
    cached = next(Path(os.environ["MOFKIT_CACHE"]).rglob("steps-org--tokens/git-refs.json"))
    listed = json.loads(cached.read_text())
    assert listed["seen_with"] == refs_hub.models["steps-org/tokens"].sha
    cached.write_text(json.dumps({**listed, "listed_at": listed["listed_at"] - 7.01 * 86400}))
    refs_hub.reset_log()
    aged = scan_json("hf:steps-org/tokens", capsys)
    assert _refs_asked(refs_hub, "steps-org/tokens") == 1
    assert "stage1-step3000-tokens14B" in aged["attachments"]["hub"]["refs"]["branches"]
    assert "3 Hub branch(es)" in component(aged, INTERMEDIATE)["evidence"][0]["why"]


def test_a_new_commit_lists_the_refs_again(refs_hub: FakeHub,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    before = scan_json("hf:steps-org/other-branches", capsys)
    assert component(before, INTERMEDIATE)["status"] == "missing"
    # Checkpoints published on branches, the card saying so: main moves.
    refs_hub.add(_model("steps-org/other-branches", ["fp16", "step1000", "step2000"],
                        news="\n\nCheckpoints are on the branches step1000 and step2000."))
    refs_hub.reset_log()
    after = scan_json("hf:steps-org/other-branches", capsys)
    assert _refs_asked(refs_hub, "steps-org/other-branches") == 1
    assert after["release"]["revision"] != before["release"]["revision"]
    assert component(after, INTERMEDIATE)["status"].startswith("open")
    assert sorted(after["attachments"]["hub"]["refs"]["branches"]) == [
        "fp16", "main", "step1000", "step2000"]


def test_when_a_cached_list_of_refs_may_stand() -> None:
    sha, now, week = "a" * 40, 1_800_000_000.0, 7 * 86400.0
    listed = RepoRefs(seen_with=sha, listed_at=now - 3600)
    assert listed.reusable(sha, now, week)
    assert not listed.reusable("b" * 40, now, week)  # the revision rated moved
    assert not listed.reusable(sha, now, 0)  # MOFKIT_HF_REFS_MAX_AGE=0: always asked
    assert not listed.reusable(sha, now + week, week)  # too old
    assert not listed.reusable(sha, now - 7200, week)  # taken in the future: a clock moved
    assert not RepoRefs.from_json({"branches": []}).reusable(sha, now, week)  # when unknown
    assert RepoRefs.from_json(listed.to_json()) == listed


def test_offline_without_cached_refs_is_a_note(refs_hub: FakeHub,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from mofkit.sources.hf.client import HubClient
    from mofkit.sources.hf.options import HubOptions

    scan_json("hf:steps-org/tokens", capsys)
    client = HubClient(HubOptions.from_env(offline=True))
    info = client.info("model", "steps-org/tokens")
    (client.cache.repo_dir("model", "steps-org/tokens") / "git-refs.json").unlink()
    refs, note = client.refs(info)
    assert refs is None and note is not None and "offline" in note
    code, _, err = run(["scan", "hf:steps-org/tokens", "--offline"], capsys)
    assert code == 0, err


@pytest.mark.parametrize(("name", "point"), [
    ("step1000", 1000), ("step0", 0), ("global_step500", 500), ("checkpoint-2000", 2000),
    ("stage1-step140000-tokens294B", 140000), ("ckpt_30", 30), ("iter-5000", 5000),
    ("epoch3", 3), ("tokens-300B", 300), ("300B-tokens", 300),
    ("main", None), ("fp16", None), ("onnx", None), ("pr/3", None), ("v1.0", None),
    ("refs/convert/parquet", None), ("t5-base", None), ("steps", None), ("stepwise2", None),
    ("bf16-step", None), ("restep100", None),
])
def test_training_point_of_a_ref_name(name: str, point: float | None) -> None:
    assert training_point(name) == point


def test_regular_step() -> None:
    assert regular_step([float(n) for n in STEPS]) == 1000
    assert regular_step([10, 20, 30, 40]) == 10
    assert regular_step([3, 50, 700, 8000]) is None
    assert regular_step([1000, 2000]) is None  # two points say nothing of regularity
