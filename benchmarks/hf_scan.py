"""Speed of `mof scan hf:…` against the fake Hub on loopback (no internet).

Serves N synthetic model repos (README with card metadata, LICENSE, config,
a Python file, weight shards listed by size; every fifth a fine-tune of a
shared base, every tenth naming a dataset), then scans each one cold (empty
cache) and warm (same cache, HF_HUB_OFFLINE unset: the Hub is asked for the
current commit only), and offline (cache only). Prints requests and bytes per
model and scans per second.

    .venv/bin/python benchmarks/hf_scan.py [--models 200]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fakehub import FakeHub, repo_from_dict, serve
from fakehub.fixtures import APACHE_HEAD, CONFIG, WORDS, card


def populate(hub: FakeHub, count: int) -> list[str]:
    hub.add(repo_from_dict("bench-base/base", {
        "README.md": card("license: apache-2.0", "# Base\n\n## Training Data\n" + WORDS),
        "LICENSE": APACHE_HEAD, "config.json": CONFIG,
        "model.safetensors": {"size": 14_000_000_000},
    }))
    hub.add(repo_from_dict("bench-data/corpus", {
        "README.md": card("license: cc-by-4.0", "# Corpus\n\n" + WORDS),
    }, kind="dataset"))
    names = []
    for number in range(count):
        meta = "license: apache-2.0\nlibrary_name: transformers"
        if number % 5 == 0:
            meta = "base_model: bench-base/base\nbase_model_relation: finetune"
        if number % 10 == 0:
            meta += "\ndatasets:\n- bench-data/corpus"
        repo_id = f"bench-org{number % 20}/model-{number}"
        hub.add(repo_from_dict(repo_id, {
            "README.md": card(meta, f"# Model {number}\n\n## Training Data\n" + WORDS),
            "LICENSE": APACHE_HEAD, "config.json": CONFIG,
            "modeling.py": "import torch\n\nclass Net(torch.nn.Module):\n    pass\n",
            "model-00001-of-00002.safetensors": {"size": 5_000_000_000},
            "model-00002-of-00002.safetensors": {"size": 2_000_000_000},
            "tokenizer.json": {"size": 2_000_000},
        }))
        names.append(repo_id)
    return names


def run(names: list[str], hub: FakeHub) -> tuple[float, int, int]:
    from mofkit.pipeline import rate

    hub.reset_log()
    started = time.perf_counter()
    for name in names:
        rate(f"hf:{name}", rules=("mof",))
    elapsed = time.perf_counter() - started
    log = hub.requests()
    return elapsed, len(log), sum(item.bytes for item in log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=200)
    args = parser.parse_args()
    with serve() as hub, tempfile.TemporaryDirectory() as tmp:
        names = populate(hub, args.models)
        os.environ.update({"HF_ENDPOINT": hub.url, "MOFKIT_CACHE": tmp,
                           "HF_HOME": str(Path(tmp) / "hf-home"),
                           "HF_HUB_DISABLE_TELEMETRY": "1"})
        for name in ("HF_TOKEN", "HF_HUB_OFFLINE"):
            os.environ.pop(name, None)
        from huggingface_hub.utils import _detect_agent

        _detect_agent._fetch_registry = lambda: None  # no request leaves the machine
        from mofkit.pipeline import scan_source

        scan_source(f"hf:{names[1]}")  # warm up imports and the licence index, then start cold
        import shutil

        shutil.rmtree(Path(tmp) / "hf", ignore_errors=True)
        print(f"{len(names)} models on the fake Hub at {hub.url}")
        for label in ("cold", "warm", "offline"):
            if label == "offline":
                os.environ["HF_HUB_OFFLINE"] = "1"
            elapsed, requests, sent = run(names, hub)
            print(f"{label:8} {len(names) / elapsed:7.1f} scans/s  "
                  f"{requests / len(names):5.2f} requests/model  "
                  f"{sent / len(names) / 1024:7.1f} KiB/model  ({elapsed:.2f} s)")
        os.environ.pop("HF_HUB_OFFLINE", None)
        hub.reset_log()
        scan_source(f"hf:{names[3]}")
        fresh = len(hub.requests())
        print(f"one plain model, warm: {fresh} request(s); weights downloaded: "
              f"{sum(1 for r in hub.log if '/cdn/' in r.path)}")


if __name__ == "__main__":
    main()
