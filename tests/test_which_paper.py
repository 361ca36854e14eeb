"""Which paper is the model's own (issue 14, class 7): the one the card presents as such,
at arXiv or not; other arXiv/DOI links are references."""

from __future__ import annotations

from pathlib import Path

from fixtures_release import write
from mofkit.inspect import scan
from mofkit.inspect.paper_refs import name_tokens, paper_refs
from mofkit.sources.release_files import open_release

CARD = """\
---
license: apache-2.0
tags:
- arxiv:2401.00001
---
# Acme-7B

Acme-7B was trained on [The Pile](https://huggingface.co/datasets/acme/pile)
([Pile paper](https://arxiv.org/abs/2101.00027)), fine-tuned with
[QLoRA](https://arxiv.org/abs/2305.14314) and compared with
[Llama 2](https://arxiv.org/abs/2307.09288).

| benchmark | score |
|---|---|
| [MMLU](https://arxiv.org/abs/2009.03300) | 61.0 |

## Citation

```bibtex
@article{acme2024,
  title={Acme: Open Language Models for Everyone},
  journal={Journal of Open Models},
  url={https://jom.example.org/articles/acme-2024},
  year={2024}
}
@article{pile,
  title={The Pile: An 800GB Dataset of Diverse Text for Language Modeling},
  eprint={2101.00027},
}
```
"""


def _scan(root: Path):  # type: ignore[no-untyped-def]
    return scan(open_release(str(root)))


def test_the_cards_own_paper_is_the_citation_titled_like_the_model(tmp_path: Path) -> None:
    write(tmp_path / "Acme-7B", "README.md", CARD)
    result = _scan(tmp_path / "Acme-7B")
    papers = result.components["research-paper"].findings
    own = [f for f in papers if f.confidence >= 0.5]
    assert {f.why.split()[1] for f in own} == {
        "https://jom.example.org/articles/acme-2024",  # a journal page, not arXiv
        "arXiv:2401.00001",  # the Hub's arxiv: tag
    }
    journal = next(f for f in own if "jom.example" in f.why)
    assert "citation entry" in journal.why and journal.line == 20
    references = [f for f in papers if f.confidence < 0.5]
    assert {"arXiv:2101.00027", "arXiv:2305.14314", "arXiv:2307.09288"} <= {
        f.why.split()[1] for f in references}
    assert all("reference" in f.why for f in references)
    entry = result.release.entry("research-paper")
    assert entry is not None and "2101.00027" not in " ".join(e.why for e in entry.evidence
                                                              if e.confidence >= 0.5)


def test_a_card_with_only_other_papers_has_no_paper_of_its_own(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "---\nlicense: mit\n---\n# Tiny\n\nWe fine-tuned with "
          "[LoRA](https://arxiv.org/abs/2106.09685) on [Alpaca](https://arxiv.org/abs/2303.0001)"
          ".\n")
    result = _scan(tmp_path)
    assert result.release.entry("research-paper") is None
    assert result.components["research-paper"].confidence < 0.5  # hints only


def test_paper_lines_and_pdf_links() -> None:
    lines = ["**Paper:** [Link](https://example.org/acme.pdf)",
             "See the [technical report](https://lab.example/publication/acme-7b).",
             "Read [our paper](https://openreview.net/forum?id=abc).",
             "Compared with [Other-LM](https://arxiv.org/abs/2000.00001)."]
    refs = {r.ref: r for r in paper_refs(lines, name_tokens("acme-7b"))}
    assert refs["https://example.org/acme.pdf"].own
    assert refs["https://lab.example/publication/acme-7b"].own
    assert refs["https://lab.example/publication/acme-7b"].report
    assert refs["https://openreview.net/forum?id=abc"].own
    assert not refs["arXiv:2000.00001"].own


def test_name_tokens_leave_out_the_org_and_sizes() -> None:
    assert name_tokens("allenai/OLMo-7B") == {"olmo"}
    assert "qwen" in name_tokens("Qwen2-VL-7B-Instruct")
