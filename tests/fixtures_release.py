"""Realistic model releases built in temporary folders, small files only.

Each builder writes one release and returns its root. The licence files hold
the full real licence texts, taken from the package's own licence index; weights
are tiny but valid safetensors files.
"""

from __future__ import annotations

import io
import json
import struct
import textwrap
import zipfile
from pathlib import Path
from typing import NamedTuple

from mofkit.licenses.detect import licence_text


def licence(key: str, title: str, copyright_line: str | None = None) -> str:
    """A LICENSE file: a title line, perhaps a copyright line, and the full text of the
    licence from the package's own index (its words, wrapped)."""
    body = textwrap.fill(licence_text(key), width=79)
    head = f"{title}\n\n" + (f"{copyright_line}\n\n" if copyright_line else "")
    return head + body + "\n"


MIT = licence("mit", "MIT License", "Copyright (c) 2023 EleutherAI")

APACHE_2 = licence("apache-2.0", "Apache License, Version 2.0")

LLAMA_2 = licence("llama-2-license-2023", "LLAMA 2 COMMUNITY LICENSE AGREEMENT")

LLAMA_AUP = """# Llama 2 Acceptable Use Policy

Meta is committed to promoting safe and fair use of its tools and features, including
Llama 2. If you access or use Llama 2, you agree to this Acceptable Use Policy.

## Prohibited Uses
We want everyone to use Llama 2 safely and responsibly. You agree you will not use, or
allow others to use, Llama 2 to violate the law or others' rights.
"""

CC_BY_NC_4 = licence("cc-by-nc-4.0", "Attribution-NonCommercial 4.0 International")


class Sparse(NamedTuple):
    """A large file written cheaply: its first bytes, then a hole up to ``size``."""

    head: bytes
    size: int


def write(root: Path, rel: str, content: str | bytes | Sparse) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Sparse):
        with path.open("wb") as handle:
            handle.write(content.head)
            handle.truncate(content.size)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


_DTYPE_SIZE = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8, "U8": 1}


def _safetensors_header(tensors: dict[str, tuple[str, list[int]]]) -> tuple[bytes, int]:
    """The length-prefixed header of a safetensors file and the size of its tensor data."""
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        count = 1
        for dim in shape:
            count *= dim
        size = count * _DTYPE_SIZE[dtype]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw, offset


def safetensors_bytes(tensors: dict[str, tuple[str, list[int]]]) -> bytes:
    """A valid safetensors file: header + zeroed tensor data."""
    head, data = _safetensors_header(tensors)
    return head + b"\0" * data


TINY_TENSORS = {
    "embed.weight": ("F16", [64, 8]),
    "layers.0.attn.weight": ("F16", [8, 8]),
    "layers.0.mlp.weight": ("BF16", [8, 16]),
    "lm_head.bias": ("F32", [64]),
}
TINY_PARAMETERS = 64 * 8 + 8 * 8 + 8 * 16 + 64  # 768

# A small but real model: above the final-parameters floor (10 M parameters).
MODEL_TENSORS = {
    "embed.weight": ("BF16", [32000, 256]),
    "layers.0.attn.weight": ("BF16", [256, 768]),
    "layers.0.mlp.weight": ("BF16", [256, 1024]),
    "lm_head.weight": ("BF16", [32000, 64]),
}
MODEL_PARAMETERS = 32000 * 256 + 256 * 768 + 256 * 1024 + 32000 * 64  # 10,698,752
# A LoRA adapter above the adapter floor (100 k parameters).
ADAPTER_TENSORS = {"lora_A": ("F32", [16, 4096]), "lora_B": ("F32", [4096, 16])}


def safetensors_file(tensors: dict[str, tuple[str, list[int]]]) -> Sparse:
    """A valid safetensors file of full size, its tensor data a hole (cheap to write)."""
    head, data = _safetensors_header(tensors)
    return Sparse(head, len(head) + data)


def pytorch_zip(storage_bytes: int) -> bytes:
    """A PyTorch-format zip (``archive/data.pkl`` and one storage of ``storage_bytes``), stored
    uncompressed as ``torch.save`` does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
        archive.writestr("archive/data/0", b"\0" * storage_bytes)
    return buffer.getvalue()


def _config(model_type: str, arch: str) -> str:
    return json.dumps({"architectures": [arch], "model_type": model_type, "hidden_size": 8,
                       "num_hidden_layers": 1, "vocab_size": 64}, indent=2) + "\n"


def pythia_like(root: Path) -> Path:
    """A fully open suite: weights, checkpoints, training code, data, paper."""
    write(root, "README.md", """---
license: apache-2.0
language:
- en
library_name: transformers
datasets:
- EleutherAI/pile
tags:
- pytorch
- causal-lm
---

# Pythia-Tiny

Pythia-Tiny is part of a suite of models built to study training dynamics.
Paper: [Pythia: A Suite for Analyzing Large Language Models](https://arxiv.org/abs/2304.01373).

## Model Details
A GPT-NeoX style decoder with 1 layer.

## Uses
Research on interpretability and training dynamics.

## Training Data
The model was trained on the Pile, an 825GiB general-purpose dataset in English
created by EleutherAI for training large language models. It contains texts from
22 diverse sources, roughly broken down into five categories: academic writing,
internet, prose, dialogue and miscellaneous. The data is in data/ of this release.

## Training
We publish 154 intermediate checkpoints, hosted as branches on the Hub:

```python
model = GPTNeoXForCausalLM.from_pretrained("pythia-tiny", revision="step3000")
```

## Evaluation

| Task | Accuracy |
|------|----------|
| LAMBADA | 0.62 |
| PIQA | 0.70 |

## Limitations
The model can produce factually incorrect output.
""")
    write(root, "LICENSE", APACHE_2)
    write(root, "config.json", _config("gpt_neox", "GPTNeoXForCausalLM"))
    write(root, "model.safetensors", safetensors_file(MODEL_TENSORS))
    for step in (1000, 2000, 3000):
        write(root, f"checkpoints/step{step}/model.safetensors", safetensors_file(MODEL_TENSORS))
    write(root, "tokenizer.json", '{"version": "1.0", "model": {"type": "BPE"}}\n')
    write(root, "requirements.txt", "torch>=2.0\ntransformers>=4.30\n# comment\ndeepspeed\n")
    write(root, "train.py", """# SPDX-License-Identifier: Apache-2.0
import torch
from transformers import Trainer

def main(model, data):
    trainer = Trainer(model=model, train_dataset=data)
    trainer.train()
""")
    write(root, "models/gpt_neox.py", """import torch.nn as nn


class GPTNeoX(nn.Module):
    def __init__(self):
        super().__init__()
""")
    write(root, "generate.py", "def run(model, ids):\n    return model.generate(ids)\n")
    write(root, "eval/run_eval.py", "import lm_eval\n\nlm_eval.simple_evaluate(model='hf')\n")
    write(root, "eval/data/lambada_test.jsonl", '{"text": "a"}\n')
    write(root, "eval/results.json", '{"lambada": 0.62}\n')
    write(root, "preprocessing/dedup.py", "from datasketch import MinHash\n\ndef dedup(docs):\n"
          "    return docs\n")
    write(root, "data/pile_shard_00.jsonl", '{"text": "hello world"}\n' * 50_000)
    write(root, "data/README.md", "# The Pile (subset)\n\nDocumentation of the training data.\n")
    write(root, "paper/pythia.pdf", b"%PDF-1.5\n% tiny\n")
    write(root, "configs/pythia-tiny.yml", "train_iters: 143000\nlr: 0.001\n")
    write(root, "trainer_state.json", '{"global_step": 3000}\n')
    write(root, "samples/generations.jsonl", '{"prompt": "Hi", "output": "Hello"}\n')
    return root


def llama_style(root: Path) -> Path:
    """Weights under a community licence with an acceptable-use policy."""
    write(root, "README.md", """---
license: other
license_name: llama2
license_link: LICENSE
extra_gated_prompt: You agree to the Llama 2 Community License.
language:
- en
pipeline_tag: text-generation
---

# Llama-2-Tiny

## Model Details
Llama 2 is a collection of pretrained and fine-tuned generative text models.

## Intended Use
Commercial and research use in English.

## Training Data
Llama 2 was pretrained on 2 trillion tokens of data from publicly available sources.

## Evaluation Results

| Model | MMLU |
|-------|------|
| Llama-2-Tiny | 45.3 |

## Ethical Considerations and Limitations
Testing conducted to date has been in English.

See the [technical report](https://arxiv.org/abs/2307.09288) for details.
""")
    write(root, "LICENSE.txt", LLAMA_2)
    write(root, "USE_POLICY.md", LLAMA_AUP)
    write(root, "config.json", _config("llama", "LlamaForCausalLM"))
    write(root, "model-00001-of-00002.safetensors", safetensors_file(MODEL_TENSORS))
    write(root, "model-00002-of-00002.safetensors", safetensors_file(MODEL_TENSORS))
    write(root, "model.safetensors.index.json", json.dumps({
        "metadata": {"total_size": 3072},
        "weight_map": {"embed.weight": "model-00001-of-00002.safetensors",
                       "lm_head.bias": "model-00002-of-00002.safetensors"},
    }))
    write(root, "tokenizer.model", b"\x0a\x0b sentencepiece")
    write(root, "generation_config.json", '{"temperature": 0.6}\n')
    return root


def apache_report(root: Path) -> Path:
    """Apache-2.0 weights, model card and technical report; no training code."""
    write(root, "README.md", """---
license: apache-2.0
library_name: transformers
model-index:
- name: Mistral-Tiny
  results:
  - task:
      type: text-generation
    dataset:
      name: HellaSwag
      type: hellaswag
    metrics:
    - type: acc
      value: 81.3
---

# Mistral-Tiny

## Model Details
A 7B-style decoder, tiny version. Read the technical report: arXiv:2310.06825.

## Intended Use
General text generation.

## Limitations
No moderation mechanisms.

## Usage

```python
from transformers import AutoModelForCausalLM
model = AutoModelForCausalLM.from_pretrained("mistral-tiny")
```
""")
    write(root, "LICENSE", APACHE_2)
    write(root, "config.json", _config("mistral", "MistralForCausalLM"))
    write(root, "model.safetensors", safetensors_file(MODEL_TENSORS))
    write(root, "docs/technical_report.pdf", b"%PDF-1.7\n% tiny\n")
    write(root, "tokenizer.json", '{"version": "1.0"}\n')
    return root


def no_licence(root: Path) -> Path:
    """Weights and code with no licence statement anywhere."""
    write(root, "README.md", "# my-model\n\nA small model I trained. Weights in model.bin.\n")
    write(root, "model.bin", pytorch_zip(21_000_000))
    write(root, "train.py", "import torch\n\nloss = model(x)\nloss.backward()\n"
          "optimizer.step()\n")
    write(root, "config.json", _config("gpt2", "GPT2LMHeadModel"))
    return root


def mixed_licences(root: Path) -> Path:
    """Code MIT (code/LICENSE), weights CC-BY-NC-4.0 (card metadata), card CC-BY-4.0."""
    write(root, "README.md", """---
license: cc-by-nc-4.0
datasets:
- allenai/c4
---

# Mixed-Tiny

## Model Details
An encoder trained for classification.

## Training Data
Trained on C4, the Colossal Clean Crawled Corpus, a cleaned version of Common Crawl's
web crawl corpus with English text filtered by a language detector and deduplicated
at the level of three-sentence spans, as described in its data card.

## Evaluation
Accuracy 91.2 on the held-out split.

## License
The model weights are released under CC-BY-NC-4.0. The code in code/ is MIT.
This model card is licensed under CC-BY-4.0.
""")
    write(root, "LICENSE", CC_BY_NC_4)
    write(root, "model.safetensors", safetensors_file(MODEL_TENSORS))
    write(root, "config.json", _config("roberta", "RobertaForSequenceClassification"))
    write(root, "code/LICENSE", MIT)
    write(root, "code/train.py", "from transformers import Trainer\n\nTrainer(model).train()\n")
    write(root, "code/inference.py", "def predict(model, x):\n    return model.generate(x)\n")
    write(root, "code/evaluate.py", "import evaluate\nacc = evaluate.load('accuracy')\n")
    write(root, "code/vendored.py", "# SPDX-License-Identifier: BSD-3-Clause\nx = 1\n")
    return root


def finetune(root: Path) -> Path:
    """A LoRA fine-tune whose card names its base model and fine-tuning data."""
    write(root, "README.md", """---
license: apache-2.0
base_model: mistralai/Mistral-7B-v0.1
base_model_relation: adapter
datasets:
- HuggingFaceH4/ultrachat_200k
library_name: peft
---

# zephyr-tiny-lora

This model is a fine-tuned version of mistralai/Mistral-7B-v0.1 on ultrachat_200k.

## Training procedure
Trained with trl's SFTTrainer for 1 epoch.

## Training results

| Epoch | Validation Loss |
|-------|-----------------|
| 1.0   | 1.02            |
""")
    write(root, "adapter_model.safetensors", safetensors_file(ADAPTER_TENSORS))
    write(root, "adapter_config.json", '{"base_model_name_or_path": "mistralai/Mistral-7B-v0.1",'
          ' "r": 4}\n')
    write(root, "training_args.bin", b"PK\x03\x04" + b"\0" * 32)
    write(root, "all_results.json", '{"eval_loss": 1.02}\n')
    write(root, "sft.py", "from trl import SFTTrainer\n\nSFTTrainer(model).train()\n")
    return root


BUILDERS = {
    "pythia": pythia_like,
    "llama": llama_style,
    "apache-report": apache_report,
    "no-licence": no_licence,
    "mixed": mixed_licences,
    "finetune": finetune,
}
