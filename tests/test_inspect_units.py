"""Inspectors one by one: card parsing, cues, licence precedence, conflicts,
the declared record."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures_release import APACHE_2, LLAMA_2, MIT, MODEL_TENSORS, safetensors_file, write
from mofkit.inspect import licence_text, scan
from mofkit.inspect.card import parse_card
from mofkit.sources.release_files import open_release


def _scan(root: Path):  # type: ignore[no-untyped-def]
    return scan(open_release(str(root)))


def test_card_front_matter_and_sections() -> None:
    card = parse_card("README.md", "---\nlicense: mit\ndatasets:\n- a\n---\n# T\n\n## Training Data"
                      "\nwords here\n```\n# not a heading\n```\n## Limitations\nsome\n")
    assert card.metadata == {"license": "mit", "datasets": ["a"]}
    assert card.meta_line("datasets") == 3
    assert [(s.title, s.line) for s in card.sections] == [
        ("T", 6), ("Training Data", 8), ("Limitations", 13)]
    assert card.find_sections("training")[0].body[0] == "words here"


@pytest.mark.parametrize("text, error, line", [
    ("---\nlicense: [mit\n---\n# x\n", "not valid YAML", 2),
    ("---\nlicense: mit\n# never closed\n", "no closing", 1),
    ("---\n- a\n- b\n---\n", "not a YAML mapping", 2),
])
def test_broken_front_matter_is_reported(text: str, error: str, line: int) -> None:
    card = parse_card("README.md", text)
    assert card.error is not None and error in card.error
    assert card.error_line == line
    assert card.metadata == {}


def test_broken_front_matter_scans_without_traceback(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "---\nlicense: apache-2.0\ntags: [a, b\n---\n# M\n\n"
          "## Intended Use\nx\n## Limitations\ny\n")
    result = _scan(tmp_path)
    assert any("README.md:" in note and "not valid YAML" in note for note in result.notes)
    broken = [f for f in result.components["model-card"].findings if "broken" in f.why]
    assert [f.line for f in broken] == [3]
    assert result.release.entry("model-card") is not None  # the sections still make a card


def test_placeholder_training_data_is_not_a_data_card(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "---\nlicense: mit\n---\n## Training Data\n\n"
          "[More Information Needed]\n\n## Training Procedure\n")
    result = _scan(tmp_path)
    assert result.release.entry("data-card") is None
    assert result.components["data-card"].findings[0].line == 4


def test_code_cues_give_lines(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# r\n")
    write(tmp_path, "scripts/run.py", "import x\n\n\nout = model.generate(ids)\n")
    write(tmp_path, "tests/test_train.py", "trainer.train()\n")
    result = _scan(tmp_path)
    inference = result.components["inference-code"].findings
    assert [(f.path, f.line) for f in inference] == [("scripts/run.py", 4)]
    assert result.components["training-code"].findings == []  # tests are not the pipeline


def test_transformers_architecture_is_said_to_be_external(tmp_path: Path) -> None:
    write(tmp_path, "config.json", '{\n  "architectures": ["LlamaForCausalLM"],\n'
          '  "model_type": "llama"\n}\n')
    finding = _scan(tmp_path).components["model-architecture"].findings[0]
    assert "transformers" in finding.why and finding.external and finding.line == 3


def test_unknown_architecture_is_only_a_hint(tmp_path: Path) -> None:
    write(tmp_path, "config.json", '{"architectures": ["MyNet"], "model_type": "mynet"}\n')
    result = _scan(tmp_path)
    assert result.release.entry("model-architecture") is None
    assert result.components["model-architecture"].confidence < 0.5


def test_card_apache_but_licence_file_llama_is_a_conflict(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "---\nlicense: apache-2.0\n---\n# M\n")
    write(tmp_path, "LICENSE", LLAMA_2)
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    result = _scan(tmp_path)
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0].to_dict()
    assert [s["source"] for s in conflict["statements"]] == ["card-metadata", "licence-file"]
    assert conflict["statements"][0]["line"] == 2
    # the licence text decides (documented precedence), the conflict stays visible
    entry = result.release.entry("model-parameters-final")
    assert entry is not None and "llama-2" in (entry.licence or "")
    assert entry.licence_path == "LICENSE"


def test_per_folder_licence_covers_files_below_it(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "---\nlicense: cc-by-nc-4.0\n---\n# M\n")
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    write(tmp_path, "src/LICENSE", MIT)
    write(tmp_path, "src/deep/train.py", "trainer.train()\n")
    release = _scan(tmp_path).release
    assert release.entry("training-code").licence == "MIT"
    assert release.entry("training-code").licence_path == "src/LICENSE"
    assert release.entry("model-parameters-final").licence == "cc-by-nc-4.0"


def test_scoped_licence_files(tmp_path: Path) -> None:
    write(tmp_path, "LICENSE-CODE", MIT)
    write(tmp_path, "LICENSE-MODEL", LLAMA_2)
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    write(tmp_path, "train.py", "trainer.train()\n")
    release = _scan(tmp_path).release
    assert release.entry("training-code").licence == "MIT"
    assert "llama-2" in release.entry("model-parameters-final").licence


def test_code_root_does_not_inherit_the_model_card(tmp_path: Path) -> None:
    model, code = tmp_path / "model", tmp_path / "code"
    write(model, "README.md", "---\nlicense: apache-2.0\n---\n# M\n")
    write(model, "model.safetensors", safetensors_file(MODEL_TENSORS))
    write(code, "train.py", "trainer.train()\n")
    result = scan(open_release(str(model), code=[str(code)]))
    entry = result.release.entry("training-code")
    assert entry.component_path == "code:train.py"
    assert entry.licence == ""  # the card describes the model repository only
    write(code, "LICENSE", APACHE_2)
    again = scan(open_release(str(model), code=[str(code)]))
    assert again.release.entry("training-code").licence == "Apache-2.0"
    assert again.release.entry("training-code").licence_path == "code:LICENSE"


def test_paper_on_command_line(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# m\n")
    result = scan(open_release(str(tmp_path), paper=["arXiv:2402.00838"]))
    entry = result.release.entry("research-paper")
    assert entry is not None and "2402.00838" in entry.evidence[0].why


def test_identification_uses_the_licence_engine() -> None:
    assert {i.licence for i in licence_text.identify(MIT)} == {"MIT"}
    assert {i.licence for i in licence_text.identify(APACHE_2)} == {"Apache-2.0"}
    assert licence_text.identify("All rights reserved.") == []


def test_canonical_compares_spellings() -> None:
    assert licence_text.canonical("apache-2.0") == licence_text.canonical("Apache-2.0")
    assert licence_text.canonical("other", "llama2") == licence_text.canonical(
        "LicenseRef-scancode-llama-2-license-2023")
    assert licence_text.canonical("mit") != licence_text.canonical("apache-2.0")


RECORD = """framework:
  name: 'Model Openness Framework'
  version: '1.0'
  date: '2024-12-15'
release:
  name: Tiny
  version: 1B
  date: '2025-01-01'
  type: language
  architecture: transformer decoder
  origin: Tiny
  producer: Us
  contact: ''
  license:
    distribution:
      name: Apache-2.0
      path: LICENSE
  components:
    -
      name: 'Model parameters (Final)'
      description: 'weights'
    -
      name: 'Training code'
      description: 'code'
      license: MIT
    -
      name: 'Research paper'
      description: 'paper'
"""


def test_declared_record_is_checked(tmp_path: Path) -> None:
    write(tmp_path, "mof.yml", RECORD)
    write(tmp_path, "LICENSE", APACHE_2)
    write(tmp_path, "model.safetensors", safetensors_file(MODEL_TENSORS))
    write(tmp_path, "train.py", "trainer.train()\n")
    write(tmp_path, "generate.py", "model.generate(x)\n")
    result = _scan(tmp_path)
    checks = {c.component: c.status for c in result.declared}
    assert checks == {
        "model-parameters-final": "agrees",
        "training-code": "licence differs",
        "inference-code": "found, not declared",
        "research-paper": "declared, not found",
    }
    assert result.declared_path == "mof.yml"


def test_broken_declared_record_is_a_note(tmp_path: Path) -> None:
    write(tmp_path, "mof.yml", "release: [\n")
    write(tmp_path, "train.py", "trainer.train()\n")
    result = _scan(tmp_path)
    assert result.declared == []
    assert any(note.startswith("mof.yml: declared record not read") for note in result.notes)


def test_corrupt_weights_are_an_unknown_hint(tmp_path: Path) -> None:
    write(tmp_path, "model.safetensors", b"\xff" * 16)
    result = _scan(tmp_path)
    assert result.release.entry("model-parameters-final") is None
    hint = result.scan_dict()["hints"]["model-parameters-final"][0]
    assert hint["path"] == "model.safetensors" and "header unreadable" in hint["why"]


def test_lfs_pointer_counts_as_published_weights(tmp_path: Path) -> None:
    write(tmp_path, "model.safetensors", "version https://git-lfs.github.com/spec/v1\n"
          "oid sha256:" + "0" * 64 + "\nsize 14000000000\n")
    entry = _scan(tmp_path).release.entry("model-parameters-final")
    assert entry is not None and "14,000,000,000 bytes in LFS" in entry.evidence[0].why


def test_library_files_are_not_release_components(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# tool\n")
    write(tmp_path, "env/pyvenv.cfg", "home = /usr/bin\n")
    write(tmp_path, "env/lib/jinja2/optimizer.py", "x = 1\n")
    write(tmp_path, "src/pkg/__init__.py", "")
    write(tmp_path, "src/pkg/optimizer.py", "x = 1\n")
    write(tmp_path, "src/pkg/data/table.json", "{}\n")
    result = _scan(tmp_path)
    assert not any(f.path.startswith("env/") for f in result.snapshot.files)
    assert result.release.entry("model-metadata") is None
    assert result.release.entry("datasets") is None
