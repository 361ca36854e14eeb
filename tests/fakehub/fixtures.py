"""The fixture repos the Hugging Face tests (and the benchmark) serve: open,
gated, community-licensed (``license: other`` + ``license_name``), a three-level
fine-tune chain, a cycle, a repo with datasets, a renamed and a private repo,
and repos used for faults (429 then 200; 500). Deleted repos are simply absent.
"""

from __future__ import annotations

import json

from fakehub.repos import FakeRepo, repo_from_dict
from fakehub.server import FakeHub
from fixtures_release import safetensors_bytes

APACHE_HEAD = """
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION
"""
WORDS = ("The corpus was collected from public web pages, deduplicated, filtered for quality "
         "and personal information, and split into training and validation sets. ") * 3

DEFAULT_BODY = "# Model\n\nA small test model."


def card(meta: str, body: str = "") -> str:
    return f"---\n{meta.strip()}\n---\n\n{body or DEFAULT_BODY}\n"


CONFIG = json.dumps({"architectures": ["LlamaForCausalLM"], "model_type": "llama",
                     "hidden_size": 8, "num_hidden_layers": 1, "vocab_size": 64}) + "\n"
WEIGHTS = {"size": 4_000_000_000}  # listed by size only: never served


def open_model(repo_id: str = "open-org/open-model") -> FakeRepo:
    return repo_from_dict(repo_id, {
        "README.md": card("license: apache-2.0\nlibrary_name: transformers",
                          "# Open model\n\n## Training Data\n" + WORDS),
        "LICENSE": APACHE_HEAD,
        "config.json": CONFIG,
        "model.safetensors": safetensors_bytes({"w": ("BF16", [64, 8]), "b": ("F32", [64])}),
        "big-shard.safetensors": WEIGHTS,
        "tokenizer.json": {"size": 9_000_000},
        "modeling_tiny.py": "import torch\n\nclass Tiny(torch.nn.Module):\n    pass\n",
    })


def fixtures() -> list[FakeRepo]:
    repos = [
        open_model(),
        repo_from_dict("gated-org/gated-model", {
            "README.md": card("license: apache-2.0\nextra_gated_prompt: Tell us who you are."),
            "LICENSE": APACHE_HEAD, "config.json": CONFIG, "model.safetensors": WEIGHTS,
        }, gated="manual", allowed_tokens=frozenset({"hf_granted"})),
        repo_from_dict("community-org/community-model", {
            "README.md": card("license: other\nlicense_name: llama3\nlicense_link: LICENSE"),
            "config.json": CONFIG, "model.safetensors": WEIGHTS,
        }),
        # A three-level chain: base <- middle <- leaf. The leaf states no licence.
        repo_from_dict("chain-org/base", {
            "README.md": card("license: mit\ndatasets:\n- data-org/open-corpus",
                              "# Base\n\n## Training Data\n" + WORDS),
            "config.json": CONFIG, "model.safetensors": WEIGHTS,
        }),
        repo_from_dict("chain-org/middle", {
            "README.md": card("license: mit\nbase_model: chain-org/base\n"
                              "base_model_relation: finetune"),
            "model.safetensors": WEIGHTS,
        }),
        repo_from_dict("chain-org/leaf", {
            "README.md": card("base_model:\n- chain-org/middle\nbase_model_relation: adapter"),
            "adapter_model.safetensors": {"size": 20_000_000},
        }),
        # A cycle: a <- b <- a.
        repo_from_dict("cycle-org/a", {
            "README.md": card("license: mit\nbase_model: cycle-org/b"),
            "model.safetensors": WEIGHTS,
        }),
        repo_from_dict("cycle-org/b", {
            "README.md": card("license: mit\nbase_model: cycle-org/a"),
            "model.safetensors": WEIGHTS,
        }),
        repo_from_dict("data-org/with-datasets", {
            "README.md": card("license: apache-2.0\ndatasets:\n- data-org/open-corpus\n"
                              "- data-org/gated-corpus\n- data-org/deleted-corpus\n"
                              "model-index:\n- name: with-datasets\n  results:\n"
                              "  - task: {type: text-generation}\n"
                              "    dataset: {type: data-org/eval-set, name: Eval}\n"
                              "    metrics: [{type: accuracy, value: 0.5}]"),
            "config.json": CONFIG, "model.safetensors": WEIGHTS,
        }),
        repo_from_dict("data-org/open-corpus", {
            "README.md": card("license: cc-by-4.0", "# Open corpus\n\n" + WORDS),
            "data/train-00000.parquet": {"size": 300_000_000},
        }, kind="dataset"),
        repo_from_dict("data-org/gated-corpus", {
            "README.md": card("license: odc-by", "# Gated corpus\n\n" + WORDS),
        }, kind="dataset", gated="auto"),
        repo_from_dict("data-org/eval-set", {
            "README.md": card("license: mit", "# Eval set\n\nTwo hundred questions."),
        }, kind="dataset"),
        repo_from_dict("private-org/secret", {
            "README.md": card("license: mit"), "model.safetensors": WEIGHTS,
        }, private=True, allowed_tokens=frozenset({"hf_owner"})),
        open_model("flaky-org/rate-limited"),
        open_model("flaky-org/broken"),
    ]
    return repos


def load(hub: FakeHub) -> FakeHub:
    for repo in fixtures():
        hub.add(repo)
    hub.rename("open-org/old-name", "open-org/open-model")
    return hub
