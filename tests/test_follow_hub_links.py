"""Whole releases from any entry point (issue 14 class 10, issue 15 part 3): the Hub
datasets, the base models and a ``license_link`` to another Hub repo that a card
declares are followed the same way whether the release is read from a folder, a git
repository or the Hub — pinned to the commit read, small files only, from the cache
when offline, not at all with --no-follow. The Hub is the fake Hub and the git server
a `git daemon`, both on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakehub import FakeHub, repo_from_dict
from fixtures_release import APACHE_2, MODEL_TENSORS, safetensors_bytes, write
from gitserver import bare_repo, git_daemon
from hf_support import component, scan_json

WORDS = ("The corpus was collected from public web pages, deduplicated, filtered for quality "
         "and personal information, and split into training and validation sets. ") * 3
WEIGHTS = {"size": 2_000_000_000}

# A fine-tune's card: no licence of its own, its base and its training data on the Hub.
FINETUNE_CARD = ("---\nbase_model: acme/acme-base\nbase_model_relation: finetune\n"
                 "datasets:\n- acme/web-corpus\n---\n# Acme-Chat\n\n"
                 "Acme-Chat is a chat model, fine-tuned from acme/acme-base.\n\n"
                 "## Training Data\n\nThe web corpus named above, filtered for dialogue.\n")
TRAIN = ("import torch\n\n\ndef main(model, loader, optimizer):\n    for batch in loader:\n"
         "        loss = model(batch).loss\n        loss.backward()\n        optimizer.step()\n")


def _serve_upstream(hub: FakeHub) -> None:
    hub.add(repo_from_dict("acme/acme-base", {
        "README.md": "---\nlicense: apache-2.0\n---\n# Acme base\n\nA 7B base model.\n",
        "LICENSE": APACHE_2, "model.safetensors": WEIGHTS}))
    hub.add(repo_from_dict("acme/web-corpus", {
        "README.md": f"---\nlicense: cc-by-4.0\n---\n# Web corpus\n\n{WORDS}",
        "data/train-00000-of-00002.parquet": {"size": 400_000_000},
        "data/train-00001-of-00002.parquet": {"size": 380_000_000}}, kind="dataset"))
    hub.add(repo_from_dict("acme/instructions", {
        "README.md": f"---\nlicense: cc-by-4.0\n---\n# Instructions\n\n{WORDS}"},
        kind="dataset"))


def _chain(report: dict) -> list[tuple[str, str | None, int, str]]:
    return [(link["repo"], link["revision"], link["depth"], link["status"])
            for link in report["attachments"]["scan"]["lineage"].get("chain", [])]


def _data_view(report: dict) -> dict:
    datasets = component(report, "datasets")
    return {"datasets": (datasets["status"], datasets["licence"]),
            "data-card": component(report, "data-card")["status"],
            "data-information": report["osaid"]["elements"]["data-information"]["verdict"],
            "chain": _chain(report),
            "followed": sorted((item["location"], item["revision"])
                               for item in report["attachments"]["scan"]["followed"])}


def test_a_folder_follows_its_hub_datasets_and_base_model(
    hf_env: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve_upstream(hf_env)
    release = tmp_path / "acme-chat"
    write(release, "README.md", FINETUNE_CARD)
    write(release, "train.py", TRAIN)
    report = scan_json(str(release), capsys)
    corpus_sha = hf_env.datasets["acme/web-corpus"].sha
    base_sha = hf_env.models["acme/acme-base"].sha
    # The dataset repo holds data files of real size under an open data licence: the
    # data itself is released, and its licence is the card's.
    datasets = component(report, "datasets")
    assert (datasets["status"], datasets["licence"]) == ("open", "CC-BY-4.0")
    assert datasets["licence_path"] == f"hf:datasets/acme/web-corpus@{corpus_sha}:README.md"
    assert "780,000,000 bytes" in datasets["evidence"][0]["why"]
    assert report["osaid"]["elements"]["data-information"]["verdict"] == "pass"
    # The lineage: the base, pinned, and its licence inherited (the fine-tune states none).
    assert _chain(report) == [("acme/acme-base", base_sha, 1, "scanned")]
    assert component(report, "training-code")["licence"] == "Apache-2.0"
    assert any("inherited from base acme/acme-base" in note for note in report["notes"])
    followed = {item["location"]: item for item in report["attachments"]["scan"]["followed"]}
    assert followed["hf:datasets/acme/web-corpus"]["revision"] == corpus_sha
    assert followed["hf:datasets/acme/web-corpus"]["said_at"] == "README.md:4"  # the datasets: key
    assert followed["hf:acme/acme-base"]["revision"] == base_sha
    assert not any(note.startswith("not among the inputs: Datasets") for note in report["notes"])
    # Small files only: the data and the weights are listed, never downloaded.
    assert not hf_env.requests("/cdn/")

    # --no-follow: nothing is asked of the Hub; the datasets stay links, elsewhere.
    hf_env.reset_log()
    report = scan_json(str(release), capsys, "--no-follow")
    assert hf_env.requests() == []
    assert report["attachments"]["scan"]["followed"] == [] and _chain(report) == []
    assert component(report, "datasets")["licence"] != "CC-BY-4.0"

    # Offline: the cache answers the same, and the Hub is not asked.
    online = scan_json(str(release), capsys)
    hf_env.reset_log()
    offline = scan_json(str(release), capsys, "--offline")
    assert hf_env.requests() == []
    assert _data_view(offline) == _data_view(online)


def test_offline_with_nothing_cached_names_what_was_not_followed(
    hf_env: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve_upstream(hf_env)
    release = tmp_path / "acme-chat"
    write(release, "README.md", FINETUNE_CARD)
    report = scan_json(str(release), capsys, "--offline")
    assert hf_env.requests() == []
    assert any("dataset acme/web-corpus" in note and "offline" in note
               for note in report["notes"])
    assert any("lineage: base acme/acme-base" in note and "offline" in note
               for note in report["notes"])
    assert report["attachments"]["scan"]["followed"] == []


def test_folder_git_and_hub_entry_points_follow_the_same_links(
    hf_env: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve_upstream(hf_env)
    files = {"README.md": FINETUNE_CARD, "train.py": TRAIN}
    folder = tmp_path / "acme-chat"
    for rel, text in files.items():
        write(folder, rel, text)
    hf_env.add(repo_from_dict("acme/acme-chat", files))
    served = tmp_path / "git"
    served.mkdir()
    bare_repo(served, "acme-chat", files)
    with git_daemon(served) as url:
        from_git = scan_json(f"{url}/acme-chat.git", capsys)
    from_folder = scan_json(str(folder), capsys)
    from_hub = scan_json("hf:acme/acme-chat", capsys)
    assert _data_view(from_folder) == _data_view(from_git) == _data_view(from_hub)
    assert _data_view(from_folder)["datasets"] == ("open", "CC-BY-4.0")
    assert from_hub["attachments"]["hub"]["lineage"][0]["repo"] == "acme/acme-base"
    cards = from_hub["attachments"]["hub"]["datasets"]
    assert [card["id"] for card in cards] == ["acme/web-corpus"]


def test_a_dataset_repo_with_only_its_card_documents_the_data(
    hf_env: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve_upstream(hf_env)
    card = ("---\nlicense: apache-2.0\ndatasets:\n- acme/instructions\n---\n# Acme-Instruct\n\n"
            "## Training Data\n\nInstructions written by annotators.\n")
    release = tmp_path / "acme-instruct"
    write(release, "README.md", card)
    write(release, "model.safetensors", safetensors_bytes(MODEL_TENSORS))
    hf_env.add(repo_from_dict("acme/acme-instruct", {
        "README.md": card, "model.safetensors": safetensors_bytes(MODEL_TENSORS)}))
    for target in (str(release), "hf:acme/acme-instruct"):
        report = scan_json(target, capsys)
        datasets = component(report, "datasets")
        # The card's CC-BY-4.0 is the documentation's licence, not the data's.
        assert datasets["licence"] != "CC-BY-4.0"
        assert any("no data files, only the card" in item["why"]
                   for item in datasets["evidence"])
        data_card = component(report, "data-card")
        assert data_card["status"] == "open"
        assert any(item["path"].startswith("hf:datasets/acme/instructions@")
                   for item in data_card["evidence"])
        assert any("acme/instructions on the Hub holds no data of real size" in note
                   for note in report["notes"])


# --------------------------------------------------------------- license_link (issue 15.3)
def _terms_card(link: str) -> str:
    return (f"---\nlicense: other\nlicense_name: acme-terms\nlicense_link: {link}\n---\n"
            "# Acme-Small\n\nA small model.\n")


def test_a_license_link_to_another_hub_repo_is_read_as_the_licence_text(
    hf_env: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mofkit.licenses.detect import licence_text

    hf_env.add(repo_from_dict("acme/terms", {
        "README.md": "# Acme terms\n", "MODEL_TERMS.txt": licence_text("flux-1-dev-nc-1.1.1")}))
    sha = hf_env.models["acme/terms"].sha
    release = tmp_path / "acme-small"
    write(release, "README.md", _terms_card(
        "https://huggingface.co/acme/terms/blob/main/MODEL_TERMS.txt"))
    write(release, "model.safetensors", safetensors_bytes(MODEL_TENSORS))
    report = scan_json(str(release), capsys)
    weights = component(report, "model-parameters-final")
    assert weights["licence"] == "LicenseRef-mofkit-flux-1-dev-nc-1.1.1"
    assert weights["status"] == "not-open"
    assert weights["licence_path"] == f"hf:acme/terms@{sha}:MODEL_TERMS.txt"
    # only the linked file was downloaded, not the rest of the repo
    assert [r.path for r in hf_env.requests("/resolve/") if r.method == "GET"] == [
        f"/acme/terms/resolve/{sha}/MODEL_TERMS.txt"]

    offline = scan_json(str(release), capsys, "--offline")
    assert component(offline, "model-parameters-final")["licence"] == weights["licence"]

    hf_env.reset_log()
    report = scan_json(str(release), capsys, "--no-follow")
    assert hf_env.requests() == []
    assert component(report, "model-parameters-final")["licence"] == "LicenseRef-acme-terms"
    assert any("license_link" in note and "links are not followed" in note
               for note in report["notes"])


def test_a_hub_release_s_hf_co_license_link_to_its_base_is_read(
    hf_env: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    hf_env.add(repo_from_dict("acme/open-base", {
        "README.md": "---\nlicense: apache-2.0\n---\n# Base\n", "LICENSE": APACHE_2,
        "model.safetensors": WEIGHTS}))
    hf_env.add(repo_from_dict("acme/open-tuned", {
        "README.md": _terms_card("https://hf.co/acme/open-base/resolve/main/LICENSE"),
        "model.safetensors": safetensors_bytes(MODEL_TENSORS)}))
    report = scan_json("hf:acme/open-tuned", capsys)
    weights = component(report, "model-parameters-final")
    assert (weights["status"], weights["licence"]) == ("open-wrong-type", "Apache-2.0")
    assert weights["licence_path"].startswith("hf:acme/open-base@")


@pytest.mark.parametrize(("link", "files", "needle"), [
    ("https://example.com/acme/terms.html", None,
     "a web page outside the release and the Hub; mofkit does not fetch web pages"),
    ("https://huggingface.co/acme/big-terms/blob/main/TERMS.txt",
     {"TERMS.txt": {"size": 5_000_000}}, "over the 1,048,576-byte cap"),
    ("https://huggingface.co/acme/terms-gone/blob/main/TERMS.txt", None, "not found"),
])
def test_a_license_link_that_is_not_read_says_why(
    hf_env: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    link: str, files: dict | None, needle: str,
) -> None:
    if files is not None:
        hf_env.add(repo_from_dict("acme/big-terms", {"README.md": "# Terms\n", **files}))
    release = tmp_path / "acme-small"
    write(release, "README.md", _terms_card(link))
    write(release, "model.safetensors", safetensors_bytes(MODEL_TENSORS))
    report = scan_json(str(release), capsys)
    assert any("license_link" in note and needle in note for note in report["notes"]), \
        report["notes"]
    assert component(report, "model-parameters-final")["licence"] == "LicenseRef-acme-terms"
    assert not hf_env.requests("/cdn/") and not hf_env.requests("/resolve/")
