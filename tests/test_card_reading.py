"""Card reading (issue 14, class 6): fences that open and close on one line, cards without
front matter, datasets and base models named only in the prose, every dataset name kept,
usage snippets that are not shipped code."""

from __future__ import annotations

from pathlib import Path

from fixtures_release import APACHE_2, MODEL_TENSORS, safetensors_file, write
from mofkit.inspect import card_links, scan
from mofkit.inspect.card import parse_card
from mofkit.sources.release_files import open_release

FENCE_ON_ONE_LINE = """\
---
license: apache-2.0
---
# Acme-7B

```pip install acme``` installs it; then run:

```python
from transformers import pipeline
# a comment, not a heading
```

## Training Data

Acme-7B was trained on [Acme Pile](https://huggingface.co/datasets/acme/pile).

## Evaluation

| task | score |
|---|---|
| [ARC](https://huggingface.co/datasets/allenai/ai2_arc) | 51.0 |

## Limitations

It makes things up.
"""

NO_FRONT_MATTER = """\
# Acme-7B-Instruct

This model is a fine-tuned version of [acme/Acme-7B](https://huggingface.co/acme/Acme-7B)
on the [Acme Chat](https://huggingface.co/datasets/acme/chat) dataset.

## Intended uses

Chat assistants.
"""


def _scan(root: Path):  # type: ignore[no-untyped-def]
    return scan(open_release(str(root)))


def test_a_fence_opened_and_closed_on_one_line_does_not_swallow_the_card() -> None:
    card = parse_card("README.md", FENCE_ON_ONE_LINE)
    titles = [section.title for section in card.sections]
    assert titles == ["Acme-7B", "Training Data", "Evaluation", "Limitations"]
    code = [line for _, line in card.code_lines()]
    assert code == ["```python", "from transformers import pipeline",
                    "# a comment, not a heading", "```"]
    assert any("pip install acme" in line for _, line in card.prose_lines())


def test_datasets_named_only_by_hub_links(tmp_path: Path) -> None:
    write(tmp_path, "README.md", FENCE_ON_ONE_LINE)
    findings = _scan(tmp_path).components["datasets"].findings
    training = [f for f in findings if "acme/pile" in f.why]
    assert training and training[0].line == 15 and training[0].confidence >= 0.5
    assert training[0].external
    benchmark = [f for f in findings if "allenai/ai2_arc" in f.why]
    assert benchmark and benchmark[0].confidence < 0.5  # an evaluation set, not training data


def test_a_card_without_front_matter_is_still_a_card(tmp_path: Path) -> None:
    write(tmp_path, "README.md", NO_FRONT_MATTER)
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    result = _scan(tmp_path)
    assert result.release.entry("model-card") is not None
    assert result.release.origin == "acme/Acme-7B"  # "fine-tuned version of" in the prose
    assert result.lineage["base_model"] == ["acme/Acme-7B"]
    assert result.lineage["stated_in"] == "prose" and result.lineage["line"] == 3
    datasets = result.release.entry("datasets")
    assert datasets is not None and "acme/chat" in datasets.evidence[0].why


def test_base_model_phrases() -> None:
    card = parse_card("README.md", "# X\n\nA quantized version of Qwen/Qwen2.5-7B.\n")
    assert [b.name for b in card_links.base_models(card)] == ["Qwen/Qwen2.5-7B"]
    card = parse_card("README.md", "---\nbase_model: a/b\n---\nfine-tuned from c/d\n")
    assert [(b.name, b.how) for b in card_links.base_models(card)] == [("a/b", "metadata")]


def test_every_dataset_name_is_kept(tmp_path: Path) -> None:
    names = [f"org/set-{n}" for n in range(14)]
    write(tmp_path, "README.md", "---\nlicense: apache-2.0\ndatasets:\n"
          + "".join(f"- {name}\n" for name in names) + "---\n# M\n")
    finding = _scan(tmp_path).components["datasets"].findings[0]
    assert "14 training dataset(s)" in finding.why
    assert all(name in finding.why for name in names)


def test_a_usage_snippet_is_not_shipped_inference_code(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "---\nlicense: apache-2.0\n---\n# M\n\n## How to use\n\n"
          "Licensed under the MIT License.\n\n```python\nmodel.generate(ids)\n```\n")
    write(tmp_path, "LICENSE", APACHE_2)
    result = _scan(tmp_path)
    assert result.release.entry("inference-code") is None
    hint = result.components["inference-code"].findings[0]
    assert "usage snippet" in hint.why and hint.line == 11
