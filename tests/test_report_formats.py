"""Every report format from the same assessment; machine formats checked by
independent validators (the MOT JSON schema via jsonschema, the official
CycloneDX 1.6 schema via cyclonedx-python-lib, SPDX 3.0.1 via spdx-python-model)."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from mofkit.errors import InputError
from mofkit.report import FORMATS, render
from mofkit.sources.mot_record import parse_record
from report_fixtures import FIXTURES, community, open_tooling

ALL = [build() for build in FIXTURES.values()]


def test_registry_lists_every_format() -> None:
    assert set(FORMATS) == {"text", "json", "yaml", "markdown", "html", "mot-yaml",
                            "cyclonedx", "spdx3"}
    for fmt in FORMATS:
        out = render(ALL, fmt)
        assert isinstance(out, str) and out.strip(), fmt


def test_unknown_format_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        render(ALL, "pdf")


def test_json_is_the_assessment_shape() -> None:
    assert json.loads(render(ALL, "json")) == [a.to_dict() for a in ALL]
    assert yaml.safe_load(render(ALL, "yaml")) == json.loads(render(ALL, "json"))


# --- text -------------------------------------------------------------------------------


def test_text_at_80_columns_without_colour() -> None:
    out = render([open_tooling()], "text", width=80)
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    for key in ("Class III", "100% qualified", "80% in progress", "0% not met",
                "↳ src/model.py:12", "↳ eval/data/LICENSE:1", "Licence conflicts",
                "Apache-2.0 (LICENSE:1) vs MIT (README.md:5)", "OSAID 1.0: fail",
                "Data information", "Gaps", "to Class II - Open Tooling Model: 2 steps"):
        assert key in " ".join(out.split()), key


def test_text_in_colour_for_terminals() -> None:
    assert "\x1b[" in render([community()], "text", color=True, width=80)


# --- Markdown ---------------------------------------------------------------------------


def _cells(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_markdown_tables_and_escaping() -> None:
    out = render([open_tooling()], "markdown")
    assert "<R&D>" not in out and "\\<R&amp;D\\>" in out
    assert "\\*beta\\*" in out and "\\`x\\`" in out
    for block in re.findall(r"(?:^\|.*\n)+", out, flags=re.M):
        rows = block.splitlines()
        assert len({_cells(r) for r in rows}) == 1, rows  # every row has the header's columns
    assert "| II | Evaluation data | ❌ not open | Creative Commons Attribution-NonCommercial " \
           "4.0 International Public License *(non-commercial)* |" in out
    # the evidence, with its reason and confidence, and the verdict line and legend
    assert "`eval/data/LICENSE:1` — licence of the data *(confidence 100%)*" in out
    assert "**Class III — Open Model. Not Open Source AI: data preprocessing code is not " \
           "released.**" in out
    assert "How to read this" in out and "open\\*: included under an open licence" in out
    assert "To Class II - Open Tooling Model: 2 steps" in out


# --- HTML -------------------------------------------------------------------------------


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag not in ("meta", "br", "link", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_balanced_and_escaped() -> None:
    out = render(ALL, "html")
    parser = _Collect()
    parser.feed(out)
    parser.close()
    assert parser.stack == []
    assert not {"script", "link", "img", "iframe", "object"} & set(parser.tags)
    assert not [v for k, v in parser.attrs if k == "src"]
    # the only links are restriction chips to a licence's text: nothing is loaded from them
    hrefs = [v for k, v in parser.attrs if k == "href"]
    assert hrefs and all(v and v.startswith("https://") for v in hrefs)
    assert "http://" not in out and "url(" not in out
    assert "default-src 'none'" in out
    text = "".join(parser.text)
    assert 'Lab <R&D> | "Team" *beta* `x`' in text  # shown as written, once unescaped
    assert "<R&D>" not in out
    assert text.count("Demo-Open-2B") >= 1 and "Demo-Community-8B" in text


# --- MOT record -------------------------------------------------------------------------


def _schema() -> dict:
    text = resources.files("mofkit.sources").joinpath("data/mof_schema.json").read_text("utf-8")
    return json.loads(text)


def test_mot_yaml_is_a_valid_record_that_round_trips() -> None:
    validator = jsonschema.Draft7Validator(_schema(),
                                           format_checker=jsonschema.FormatChecker())
    docs = render(ALL, "mot-yaml").split("\n---\n")
    assert len(docs) == len(ALL)
    for a, doc in zip(ALL, docs, strict=True):
        data = yaml.safe_load(doc)
        assert not list(validator.iter_errors(data)), doc
        back = parse_record(doc, source="x")
        assert back.name == a.release.name and back.producer == a.release.producer
        assert [(e.component, e.licence) for e in back.components] == \
               [(e.component, e.licence) for e in a.release.components]
        assert {k: v.name for k, v in back.licences.items()} == \
               {k: v.name for k, v in a.release.licences.items()}
    first = yaml.safe_load(docs[0])
    paths = {c["name"]: c.get("component_path") for c in first["release"]["components"]}
    assert paths["Model architecture"] == "src/model.py"  # from the evidence


def test_the_validator_catches_a_broken_record() -> None:
    validator = jsonschema.Draft7Validator(_schema())
    data = yaml.safe_load(render([community()], "mot-yaml"))
    del data["release"]["producer"]
    assert list(validator.iter_errors(data))


def test_mot_yaml_fills_what_the_schema_requires() -> None:
    a = community()
    a.release.producer = None
    a.release.name = ""
    data = yaml.safe_load(render([a], "mot-yaml"))
    assert not list(jsonschema.Draft7Validator(_schema()).iter_errors(data))


# --- CycloneDX --------------------------------------------------------------------------


def _cdx_errors(text: str) -> object:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    return JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)


@pytest.mark.parametrize("subset", [[0], [1], [0, 1]])
def test_cyclonedx_validates_against_the_1_6_schema(subset: list[int]) -> None:
    out = render([ALL[i] for i in subset], "cyclonedx")
    assert _cdx_errors(out) is None
    bom = json.loads(out)
    assert bom["specVersion"] == "1.6"
    models = [bom["metadata"]["component"]] if len(subset) == 1 else bom["components"]
    assert [m["type"] for m in models] == ["machine-learning-model"] * len(subset)
    assert all("modelCard" in m for m in models)


def test_cyclonedx_content() -> None:
    bom = json.loads(render([open_tooling()], "cyclonedx"))
    model = bom["metadata"]["component"]
    assert model["name"] == "Demo-Open-2B"
    assert model["licenses"] == [{"expression": "Apache-2.0", "acknowledgement": "declared"}]
    props = {p["name"]: p["value"] for p in model["modelCard"]["properties"]}
    assert props["mof:class"] == "III" and props["osaid:verdict"] == "fail"
    assert props["mof:progress:class-II"] == "80"
    parts = {c["bom-ref"]: c for c in bom["components"]}
    assert parts["evaluation-data"]["type"] == "data"
    assert parts["evaluation-data"]["licenses"][0]["expression"] == "CC-BY-NC-4.0"
    assert "datasets" not in parts  # missing components are not listed as parts
    assert bom["dependencies"][0]["dependsOn"] == list(parts)


def test_cyclonedx_validator_is_not_vacuous() -> None:
    bom = json.loads(render([open_tooling()], "cyclonedx"))
    bom["metadata"]["component"]["type"] = "ml-model"
    assert _cdx_errors(json.dumps(bom)) is not None


# --- SPDX 3 -----------------------------------------------------------------------------


def _spdx_load(text: str) -> list[object]:
    """Deserialise with spdx-python-model and serialise again: decoding checks types,
    properties, enumerations and datetimes; encoding checks every cardinality."""
    from spdx_python_model import v3_0_1 as spdx

    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().read(io.BytesIO(text.encode("utf-8")), objects)
    spdx.JSONLDSerializer().write(objects, io.BytesIO())
    return list(objects.foreach())


def test_spdx3_deserialises_with_the_ai_and_dataset_profiles() -> None:
    from spdx_python_model import v3_0_1 as spdx

    out = render(ALL, "spdx3")
    objects = _spdx_load(out)
    by_type: dict[str, list] = {}
    for obj in objects:
        by_type.setdefault(type(obj).__name__, []).append(obj)
    models = by_type["ai_AIPackage"]
    assert sorted(m.name for m in models) == ["Demo-Community-8B", "Demo-Open-2B"]
    for m in models:
        assert m.software_primaryPurpose == spdx.software_SoftwarePurpose.model
        assert m.suppliedBy is not None and m.releaseTime is not None
        assert m.software_packageVersion
    assert [d.name for d in by_type["dataset_DatasetPackage"]] == ["Evaluation data"]
    exprs = {e.simplelicensing_licenseExpression for e in
             by_type["simplelicensing_LicenseExpression"]}
    assert {"Apache-2.0", "CC-BY-NC-4.0", "MIT", "CC-BY-4.0"} <= exprs
    kinds = {str(r.relationshipType).rsplit("/", 1)[-1] for r in by_type["Relationship"]}
    assert {"contains", "testedOn", "hasDeclaredLicense", "hasDocumentation"} <= kinds
    doc = by_type["SpdxDocument"][0]
    assert len(doc.rootElement) == 2
    statements = " ".join(a.statement for a in by_type["Annotation"])
    assert "Class III - Open Model" in statements and "OSAID 1.0: fail" in statements


def test_spdx3_validation_is_not_vacuous() -> None:
    data = json.loads(render([open_tooling()], "spdx3"))
    for item in data["@graph"]:
        if item["type"] == "Relationship":
            item["to"] = []
    with pytest.raises(ValueError, match="required"):
        _spdx_load(json.dumps(data))
    data = json.loads(render([open_tooling()], "spdx3"))
    for item in data["@graph"]:
        if item["type"] == "ai_AIPackage":
            item["software_primaryPurpose"] = "weights"
    with pytest.raises(ValueError):
        _spdx_load(json.dumps(data))


@pytest.mark.parametrize("fmt", ["cyclonedx", "spdx3"])
def test_sboms_are_reproducible_with_source_date_epoch(fmt: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = render(ALL, fmt)
    assert "2026-01-01T00:00:00Z" in first
    assert render([build() for build in FIXTURES.values()], fmt) == first


# --- through the CLI --------------------------------------------------------------------

RECORD = """\
framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}
release:
  name: Cli<Model>
  producer: Lab
  license:
    distribution: {name: Apache-2.0, path: LICENSE}
  components:
    - {name: Model architecture, description: a}
    - {name: Model parameters (Final), description: b}
"""


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_mof_assess_writes_every_format(fmt: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from mofkit.cli import main

    record = tmp_path / "r.yml"
    record.write_text(RECORD, encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["assess", str(record), "--format", fmt])
    out, err = capsys.readouterr()
    assert exc.value.code in (0, None), err
    assert out.strip() and err == ""
    if fmt in ("json", "cyclonedx", "spdx3"):
        json.loads(out)
