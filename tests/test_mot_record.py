"""Model Openness Tool records: read, validate, tolerate history, write back."""

from __future__ import annotations

from pathlib import Path

import pytest

from mofkit.errors import InputError
from mofkit.sources.mot_record import dump_record, load_record, parse_record

RECORD = """\
framework:
  name: 'Model Openness Framework'
  version: '1.0'
  date: '2024-12-15'
release:
  name: Tiny-1B
  version: 1B
  date: 2025-03-01
  type: language
  architecture: transformer decoder
  origin: ''
  producer: Example Lab
  contact: ''
  repository: https://example.org/tiny
  license:
    distribution: {name: Apache-2.0, path: LICENSE}
    document: {name: CC-BY-4.0, path: null}
  components:
    - name: Model architecture
      description: code
    - name: Model parameters (Final)
      description: weights
      license: CDLA-Permissive-2.0
      license_path: LICENSE-weights
      component_path: model.safetensors
    - name: Model card
      description: card
      license: unlicensed
"""


def write(tmp_path: Path, text: str, name: str = "rec.yml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_reads_fields_components_and_licences(tmp_path: Path) -> None:
    rel = load_record(write(tmp_path, RECORD))
    assert rel.name == "Tiny-1B"
    assert rel.date == "2025-03-01"  # unquoted YAML date read as the tool stores it
    assert rel.producer == "Example Lab"
    assert rel.repository == "https://example.org/tiny"
    assert rel.licences["distribution"].name == "Apache-2.0"
    assert rel.licences["document"].path is None
    assert [c.component for c in rel.components] == [
        "model-architecture", "model-parameters-final", "model-card"]
    weights = rel.entry("model-parameters-final")
    assert weights.licence == "CDLA-Permissive-2.0"
    assert weights.component_path == "model.safetensors"
    assert rel.entry("model-card").licence == ""  # explicitly unlicensed
    assert rel.entry("model-architecture").licence is None  # inherits


def test_round_trip(tmp_path: Path) -> None:
    rel = load_record(write(tmp_path, RECORD))
    again = parse_record(dump_record(rel), rel.source)
    assert again == rel
    assert "license: unlicensed" in dump_record(rel)


def test_tolerates_historic_shapes(tmp_path: Path) -> None:
    text = """\
release:
  name: Old
  producer: X
  license: []
  components:
    - name: model parameters (final)
      description: d
      license: null
    - name: Datasheet
      description: d
      license: CC-BY-4.0
"""
    rel = load_record(write(tmp_path, text))
    assert [c.component for c in rel.components] == ["model-parameters-final", "data-card"]
    assert rel.entry("model-parameters-final").licence is None
    assert any("framework" in n for n in rel.notes)
    assert any("Datasheet" in n for n in rel.notes)


def test_repeated_component_last_entry_counts(tmp_path: Path) -> None:
    text = RECORD + "    - name: Model card\n      description: again\n      license: MIT\n"
    rel = load_record(write(tmp_path, text))
    assert rel.entry("model-card").licence == "MIT"
    assert len(rel.components) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("release: [unclosed\n", "malformed YAML at line"),
        ("- just\n- a list\n", "expected a mapping, got list"),
        ("", "expected a mapping, got empty"),
        ("framework: {name: Other, version: '1', date: '2024-01-01'}\nrelease: {name: x, "
         "producer: y, license: {}, components: []}\n", "framework.name: must be one of"),
        ("release: {name: x, license: {}, components: []}\n", "release: must contain ['producer']"),
        ("release: {name: x, producer: y, license: {}, components: [{name: Weights of the "
         "moon}]}\n", "unknown component name 'Weights of the moon'"),
    ],
)
def test_bad_records_give_one_line_errors_naming_the_file(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_record(path)
    line = err.value.one_line()
    assert "\n" not in line
    assert str(path) in line
    assert message in line


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_record(tmp_path / "nope.yml")
    with pytest.raises(InputError, match="is a directory"):
        load_record(tmp_path)


def test_binary_file_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "bin.yml"
    p.write_bytes(b"\xff\xfe\x00\x01garbage")
    with pytest.raises(InputError, match="UTF-8"):
        load_record(p)
