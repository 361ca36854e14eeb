"""A fixture codebase for `mof audit`, written into a temporary folder by
:func:`build`: services that load models from the Hub in every way discovery
must see (aliases, keyword and positional arguments, constants, configs,
``models.txt``) and ways it must not be fooled (ids in comments and docstrings,
f-strings built at run time, local paths, datasets, broken files, venvs).

The models are the fake Hub's fixture repos (``tests/fakehub/fixtures.py``)
plus the two that :data:`EXTRA_REPOS` adds. ``EXPECTED_HUB`` lists every Hub
reference by file and line, worked out by hand from the sources below.
"""

from __future__ import annotations

from pathlib import Path

FILES: dict[str, str] = {
    # 1 ------------------------------------------------------------------------
    "services/chat/app.py": '''\
"""Chat service. Loads AutoModel.from_pretrained("docstring-org/not-used")."""
from transformers import AutoModelForCausalLM as LM, AutoTokenizer

BASE = "open-org/open-model"
# LM.from_pretrained("comment-org/not-used") is what we had before


def load():
    tokenizer = AutoTokenizer.from_pretrained(BASE)
    model = LM.from_pretrained(
        BASE,
        revision="{open_sha}",
    )
    return tokenizer, model
''',
    # 2 ------------------------------------------------------------------------
    "services/chat/fallback.py": '''\
import transformers as tf

FALLBACK = "community-org/community-model"


class Fallback:
    def __init__(self):
        self.model = tf.AutoModelForCausalLM.from_pretrained(pretrained_model_name_or_path=FALLBACK)
''',
    # 3 ------------------------------------------------------------------------
    "services/classify/pipe.py": '''\
from transformers import pipeline as make_pipeline

classifier = make_pipeline("text-classification", "nc-org/nc-model")
ner = make_pipeline(task="ner", model="chain-org/base")
''',
    # 4 ------------------------------------------------------------------------
    "services/classify/dynamic.py": '''\
import os

from transformers import AutoModel, pipeline


def build(size):
    name = f"open-org/model-{size}"
    return AutoModel.from_pretrained(name)


def from_env():
    return AutoModel.from_pretrained(os.environ.get("MODEL_ID", "open-org/open-model"))


def default_task():
    return pipeline("summarization")


def reuse():
    model = AutoModel.from_pretrained("chain-org/base")
    return pipeline("feature-extraction", model=model)
''',
    # 5 ------------------------------------------------------------------------
    "services/search/embed.py": '''\
from sentence_transformers import SentenceTransformer, CrossEncoder

EMBEDDER = SentenceTransformer("open-org/open-model", revision="main")
RERANKER = CrossEncoder(model_name="chain-org/leaf")
''',
    # 6 ------------------------------------------------------------------------
    "services/search/download.py": '''\
from huggingface_hub import hf_hub_download as fetch, snapshot_download
import huggingface_hub as hub

weights = fetch(repo_id="gated-org/gated-model", filename="model.safetensors")
corpus = fetch("data-org/open-corpus", "data/train.parquet", repo_type="dataset")
snapshot = snapshot_download("chain-org/base")
everything = hub.snapshot_download(repo_id="ghost-org/deleted-model")
''',
    # 7 ------------------------------------------------------------------------
    "services/search/local.py": '''\
from transformers import AutoModel

ON_DISK = AutoModel.from_pretrained("./checkpoints/finetuned")
ABSOLUTE = AutoModel.from_pretrained("/srv/models/ranker")
''',
    # 8 ------------------------------------------------------------------------
    "services/search/concat.py": '''\
from transformers import AutoModel

ORG = "chain-org"
NAME = ORG + "/middle"
m = AutoModel.from_pretrained(NAME)
n = AutoModel.from_pretrained(f"{ORG}/leaf")
''',
    # 9 ------------------------------------------------------------------------
    "services/legacy/broken.py": '''\
from transformers import AutoModel
def load(:
    return AutoModel.from_pretrained("broken-org/never-read")
''',
    # 10 -----------------------------------------------------------------------
    "services/legacy/notes.py": '''\
"""Old experiments.

    model = AutoModel.from_pretrained("docstring-org/old")
    pipe = pipeline(model="docstring-org/older")
"""
# snapshot_download("comment-org/old")
TEXT = "we once used from_pretrained('string-org/in-a-string') here"


def pipeline(model):  # a local function named pipeline: not transformers'
    return model


pipeline(model="local-org/not-a-hub-call")
''',
    # 11 -----------------------------------------------------------------------
    "configs/serving.yaml": '''\
# model: comment-org/in-yaml-comment
service:
  name: chat
  model: open-org/open-model
  revision: {open_sha}
  replicas: 2
classifier:
  model: linear
  base_model: chain-org/middle
datasets:
  - repo_id: data-org/open-corpus
    repo_type: dataset
''',
    # 12 -----------------------------------------------------------------------
    "configs/train.json": '''\
{
  "run": "nightly",
  "model_name_or_path": "data-org/with-datasets",
  "optimizer": {"name": "adamw", "lr": 0.0001}
}
''',
    # 13 -----------------------------------------------------------------------
    "pyproject.toml": '''\
[project]
name = "acme-ml"

[tool.acme]
embedding_model = "nc-org/nc-model"
teacher_model = "distil"
''',
    # 14 -----------------------------------------------------------------------
    "models.txt": '''\
# models pulled into the image at build time
open-org/open-model
chain-org/leaf@main   # pinned to a branch
not a model id
''',
    # 15 -----------------------------------------------------------------------
    "configs/broken.yaml": "model: [unclosed\n  base_model: open-org/open-model\n",
    # 16 -----------------------------------------------------------------------
    "README.md": "Uses `AutoModel.from_pretrained(\"readme-org/not-code\")`.\n",
    # 17 -----------------------------------------------------------------------
    "scripts/__init__.py": "",
    # 18 -----------------------------------------------------------------------
    "scripts/eval.py": '''\
from transformers import *  # noqa


def main():
    return pipeline("text-generation", model="chain-org/leaf")
''',
    # files discovery must never read -------------------------------------------
    ".venv/lib/python3.11/site-packages/transformers/models.py":
        'AutoModel.from_pretrained("venv-org/hidden")\n',
    ".venv/pyvenv.cfg": "home = /usr/bin\n",
    "node_modules/pkg/config.json": '{"model_id": "node-org/hidden"}\n',
    ".git/config.yaml": "model: git-org/hidden\n",
}

# (path, line, model, revision) of every Hub reference; "{open_sha}" is filled in.
EXPECTED_HUB: list[tuple[str, int, str, str | None]] = [
    ("configs/serving.yaml", 4, "open-org/open-model", "{open_sha}"),
    ("configs/serving.yaml", 9, "chain-org/middle", None),
    ("configs/train.json", 3, "data-org/with-datasets", None),
    ("models.txt", 2, "open-org/open-model", None),
    ("models.txt", 3, "chain-org/leaf", "main"),
    ("pyproject.toml", 5, "nc-org/nc-model", None),
    ("scripts/eval.py", 5, "chain-org/leaf", None),
    ("services/chat/app.py", 9, "open-org/open-model", None),
    ("services/chat/app.py", 11, "open-org/open-model", "{open_sha}"),
    ("services/chat/fallback.py", 8, "community-org/community-model", None),
    ("services/classify/dynamic.py", 20, "chain-org/base", None),
    ("services/classify/pipe.py", 3, "nc-org/nc-model", None),
    ("services/classify/pipe.py", 4, "chain-org/base", None),
    ("services/search/concat.py", 5, "chain-org/middle", None),
    ("services/search/concat.py", 6, "chain-org/leaf", None),
    ("services/search/download.py", 4, "gated-org/gated-model", None),
    ("services/search/download.py", 6, "chain-org/base", None),
    ("services/search/download.py", 7, "ghost-org/deleted-model", None),
    ("services/search/embed.py", 3, "open-org/open-model", "main"),
    ("services/search/embed.py", 4, "chain-org/leaf", None),
]
EXPECTED_UNRESOLVED: list[tuple[str, int]] = [
    ("services/classify/dynamic.py", 8),  # f-string with a parameter
    ("services/classify/dynamic.py", 12),  # os.environ.get(...)
    ("services/classify/dynamic.py", 16),  # pipeline without a model
]
EXPECTED_LOCAL: list[tuple[str, int, str]] = [
    ("services/search/local.py", 3, "./checkpoints/finetuned"),
    ("services/search/local.py", 4, "/srv/models/ranker"),
]


def build(root: Path, open_sha: str = "0" * 40) -> Path:
    """Write the codebase under ``root`` and return it."""
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{open_sha}", open_sha), encoding="utf-8")
    (root / "assets").mkdir(exist_ok=True)
    (root / "assets" / "weights.json").write_bytes(b'{"model": "bin-org/x"}\0\0\0')
    return root


def expected_hub(open_sha: str) -> list[tuple[str, int, str, str | None]]:
    return [(p, line, m, open_sha if r == "{open_sha}" else r) for p, line, m, r in EXPECTED_HUB]
