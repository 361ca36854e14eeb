"""One resolver for every path: a licence string gives the same verdict through a Model
Openness Tool record and through a model card, and named licences mofkit does not know
become custom licences (``LicenseRef-<slug>``), never "unknown" on one path and
"proprietary, no name" on the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures_release import MODEL_TENSORS, safetensors_file, write
from mofkit.assess import assess
from mofkit.licenses import Kind, judge, normalize
from mofkit.licenses.textkind import decode, is_token_list
from mofkit.pipeline.compose import assess_release, scan_source
from mofkit.sources.mot_record import load_record

# Real licence strings as releases write them: the licence fields of the Model Openness
# Tool's records (lfai/model_openness_tool 8b5d30e), the front matter of Hugging Face
# cards, and the strings issue 15 quotes from newer records and cards.
REAL_WORLD = [
    # MOT records
    "Apache-2.0", "MIT", "CC-BY-4.0", "BSD-3", "Proprietary",
    "arXiv.org perpetual non-exclusive license 1.0", "apple-sample-code-license",
    "Gemma Terms of Use", "Meta Llama 3 Community License Agreement", "OpenRAIL", "Apache 2.0",
    "gemma", "Llama 2 Community License", "CC-BY-SA-4.0", "Databricks Open Model License",
    "Qwen License Agreement", "MIT license", "Llama 3.2 Community License",
    "bigscience-bloom-rail-1.0", "tongyi-qianwen", "tongyi-qianwen-research",
    "DeepSeek License Agreement", "arXiv.org - Non-exclusive license",
    "tongyi-qianwen-license-agreement", "Gemma", "Apache license 2.0", "CDLA-Permissive-2.0",
    "Other License", "Llama 3 Community License", "ChatGLM2-6B License", "CC-BY-NC-4.0",
    "pubmed", "arxiv-non-excluse-1.0", "arxiv non exclusive",
    "Creative Commons Attribution Non Commercial 4.0", "BAAI Aquila Model License",
    "mc4, cc100, wikipedia, EleutherAI/pile, togethercomputer/RedPajama-Data-1T",
    "Baichuan-7B License", "BSD", "License only specified in original dataset starcoderdata",
    "commercial use restrcitions; CC-BY-NC-SA-4.0", "apache-2.0", "ChatGLM3-6B License",
    "Bloom", "commercial use restrcitions; Apache 2.0, TeleChat模型社区许可协议",
    # Hugging Face card front matter (license:)
    "mit", "cc-by-sa-4.0", "bigscience-openrail-m", "deepfloyd-if-license", "llama3",
    "openrail++", "llama2", "llama3.1", "creativeml-openrail-m", "bigcode-openrail-m",
    "cc-by-nc-4.0", "openrail",
    # issue 15: newer records and cards
    "FLUX [dev] Non-Commercial License v2.0", "Tencent Hunyuan Community License Agreement",
    "Meta Community License", "CodeGeeX4 license", "Non-commercial license",
    "Apache-2.0, MIT", "MIT/Apache-2.0", "CC-BY-4.0 (partially disclosed)",
]

# license: other + license_name, as Hub cards write a licence outside the Hub's list
HUB_NAMES = [
    "yi-license", "jamba-open-model-license", "falcon-mamba-7b-license",
    "flux-1-dev-non-commercial-license", "microsoft-research-license",
    "nvidia-open-model-license", "llama3", "qwen", "qwen-research", "deepseek",
]

RECORD = """\
framework: {{name: Model Openness Framework, version: '1.0', date: '2024-12-15'}}
release:
  name: Tiny
  version: 1B
  date: '2025-03-01'
  type: language
  architecture: transformer
  origin: ''
  producer: Lab
  contact: ''
  repository: ''
  license: {{}}
  components:
    - name: Model parameters (Final)
      description: weights
      license: {licence}
"""


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _via_record(tmp_path: Path, licence: str) -> tuple[str, str | None]:
    path = tmp_path / "record.yml"
    path.write_text(RECORD.format(licence=_quoted(licence)), encoding="utf-8")
    verdict = assess_release(load_record(path), ["mof"]).assessments["mof"]
    component = next(c for c in verdict.components if c.id == "model-parameters-final")
    assert component.verdict is not None
    return component.verdict.kind.value, component.verdict.licence


def _via_card(tmp_path: Path, front_matter: str) -> tuple[str, str | None]:
    root = tmp_path / "release"
    write(root, "README.md", f"---\n{front_matter}---\n# Tiny\n\nA small model.\n")
    write(root, "model.safetensors", safetensors_file(MODEL_TENSORS))
    result = scan_source(str(root), follow_links=False)
    verdict = assess(result.release, rules="mof")
    component = next(c for c in verdict.components if c.id == "model-parameters-final")
    assert component.verdict is not None
    return component.verdict.kind.value, component.verdict.licence


def test_the_list_is_long_enough_and_has_no_repeats() -> None:
    assert len(REAL_WORLD) >= 60 and len(set(REAL_WORLD)) == len(REAL_WORLD)


@pytest.mark.parametrize("licence", REAL_WORLD)
def test_same_verdict_through_a_mot_record_and_a_card(tmp_path: Path, licence: str) -> None:
    record = _via_record(tmp_path, licence)
    card = _via_card(tmp_path, f"license: {_quoted(licence)}\n")
    assert record == card
    assert record[0] == judge(licence, "data").kind.value


@pytest.mark.parametrize("name", HUB_NAMES)
def test_hub_license_name_reads_as_the_record_naming_it(tmp_path: Path, name: str) -> None:
    card = _via_card(tmp_path, f"license: other\nlicense_name: {name}\n")
    assert card == _via_record(tmp_path, name) or card[1] == normalize(
        "other", license_name=name).licence
    assert card[1] is not None and card[0] != Kind.UNKNOWN.value


@pytest.mark.parametrize(
    ("written", "licence", "kind"),
    [
        ("FLUX [dev] Non-Commercial License v2.0",
         "LicenseRef-flux-dev-non-commercial-license-v2.0", Kind.NON_COMMERCIAL),
        ("Tencent Hunyuan Community License Agreement",
         "LicenseRef-tencent-hunyuan-community-license-agreement", Kind.PROPRIETARY),
        ("Meta Community License", "LicenseRef-meta-community-license", Kind.PROPRIETARY),
        ("CodeGeeX4 license", "LicenseRef-codegeex4-license", Kind.PROPRIETARY),
        ("Non-commercial license", "LicenseRef-non-commercial-license", Kind.NON_COMMERCIAL),
        ("ChatGLM2-6B License", "LicenseRef-chatglm2-6b-license", Kind.PROPRIETARY),
        ("TeleChat模型社区许可协议", "LicenseRef-telechat", Kind.PROPRIETARY),
    ],
)
def test_an_unknown_named_licence_is_a_custom_licence_not_reviewed(
    written: str, licence: str, kind: Kind
) -> None:
    verdict = judge(written, "data")
    assert (verdict.licence, verdict.kind, verdict.rule) == (licence, kind, "custom-name")
    assert "custom licence, not reviewed: not open until reviewed" in verdict.reason


@pytest.mark.parametrize(
    ("license_name", "licence"),
    [("yi-license", "LicenseRef-yi-license"),
     ("jamba-open-model-license", "LicenseRef-jamba-open-model-license"),
     ("falcon-mamba-7b-license", "LicenseRef-falcon-mamba-7b-license")],
)
def test_hub_other_with_a_license_name_is_that_custom_licence(license_name: str,
                                                               licence: str) -> None:
    verdict = judge("other", "data", license_name=license_name)
    assert (verdict.licence, verdict.kind) == (licence, Kind.PROPRIETARY)


@pytest.mark.parametrize(
    ("written", "licence", "rule"),
    [
        ("Apache-2.0, MIT", "Apache-2.0 AND MIT", "list"),
        ("Apache 2.0; CC-BY-4.0", "Apache-2.0 AND CC-BY-4.0", "list"),
        ("MIT/Apache-2.0", "MIT OR Apache-2.0", "list"),
        ("MIT / Apache 2.0", "MIT OR Apache-2.0", "list"),
        ("CC-BY-4.0 (partially disclosed)", "CC-BY-4.0", "annotated"),
        ("Apache-2.0 [code only]", "Apache-2.0", "annotated"),
        ("Apahce 2.0", "Apache-2.0", "fuzzy"),  # one letter off
        ("License 2.0 Apache", "Apache-2.0", "fuzzy"),  # words in another order
    ],
)
def test_lists_annotations_and_loose_spellings(written: str, licence: str, rule: str) -> None:
    result = normalize(written)
    assert (result.licence, result.rule, result.known) == (licence, rule, True)
    assert result.notes


def test_an_annotation_is_reported_in_the_verdict() -> None:
    verdict = judge("CC-BY-4.0 (partially disclosed)", "data")
    assert verdict.kind is Kind.OPEN and "(partially disclosed)" in verdict.reason


@pytest.mark.parametrize(
    "written",
    ["Apache 3.0", "pubmed", "Bloom", "License only specified in original dataset starcoderdata",
     "Apache-2.0, pubmed", "see LICENSE file", "LicenseRef-"],
)
def test_what_names_no_licence_stays_unknown(written: str) -> None:
    assert judge(written, "data").kind is Kind.UNKNOWN


def test_a_bare_licenseref_prefix_is_not_guessed_proprietary() -> None:
    result = normalize("LicenseRef-")
    assert result.licence is None and "names no licence" in (result.detail or "")


def test_a_licenseref_of_the_release_s_own_is_a_custom_licence() -> None:
    verdict = judge("LicenseRef-acme-weights-1.0", "data")
    assert (verdict.licence, verdict.kind) == ("LicenseRef-acme-weights-1.0", Kind.PROPRIETARY)
    nc = judge("MIT AND LicenseRef-acme-noncommercial", "code")
    assert nc.kind is Kind.NON_COMMERCIAL
    known = judge("licenseref-scancode-llama-3.2-license-2024", "data")
    assert known.licence == "LicenseRef-scancode-llama-3.2-license-2024"


def test_card_license_link_to_a_file_of_the_release_is_read(tmp_path: Path) -> None:
    from mofkit.licenses.detect import licence_text

    root = tmp_path / "release"
    write(root, "README.md", "---\nlicense: other\nlicense_name: flux-like\n"
                             "license_link: terms/MODEL_TERMS.txt\n---\n# Tiny\n")
    write(root, "model.safetensors", safetensors_file(MODEL_TENSORS))
    write(root, "terms/MODEL_TERMS.txt", licence_text("flux-1-dev-nc-1.1.1"))
    result = scan_source(str(root), follow_links=False)
    verdict = assess(result.release, rules="mof")
    component = next(c for c in verdict.components if c.id == "model-parameters-final")
    assert component.verdict is not None
    assert component.verdict.licence == "LicenseRef-mofkit-flux-1-dev-nc-1.1.1"
    assert component.verdict.kind is Kind.NON_COMMERCIAL


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_licence_file_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    from mofkit.licenses.detect import licence_text
    from mofkit.sources.release_files import open_release

    text = licence_text("mit")
    raw = text.encode(encoding)
    if encoding == "utf-16-be":  # Python writes no mark for an explicit byte order
        raw = b"\xfe\xff" + raw
    assert decode(raw) == text
    write(tmp_path, "LICENSE", raw)
    assert open_release(str(tmp_path), (), ()).text("LICENSE") == text


def test_binary_without_a_mark_stays_binary() -> None:
    assert decode(b"\x00\x01\x02abc") is None
    assert decode("Lizenz für alle".encode("latin-1")) == "Lizenz für alle"


def test_vocabularies_and_merges_are_not_licence_texts() -> None:
    words = ["the", "license", "permission", "granted", "copyright", "warranty", "software",
             "gpl", "agpl", "bsd", "redistribution", "merchantability"] * 40
    vocab_json = "{" + ", ".join(f'"{w}{i}": {i}' for i, w in enumerate(words)) + "}"
    merges = "#version: 0.2\n" + "\n".join(f"Ġ{w[:2]} {w[2:]}" for w in words)
    vocab_txt = "\n".join(f"##{w}" if i % 3 else w for i, w in enumerate(words))
    spm = "\n".join(f"▁{w}\t-{i / 10:.2f}" for i, w in enumerate(words))
    for text in (vocab_json, merges, vocab_txt, spm):
        assert is_token_list(text)
    from mofkit.licenses.detect import licence_text

    for key in ("mit", "apache-2.0", "gpl-3.0", "bsd-new"):
        assert not is_token_list(licence_text(key))
    assert not is_token_list("")


def test_mof_licenses_skips_a_vocabulary_and_reads_utf16(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli_helpers import run
    from mofkit.licenses.detect import licence_text

    words = ["license", "gpl", "agpl", "bsd", "copyright", "permission"] * 60
    write(tmp_path, "vocab.json", "{" + ", ".join(f'"{w}{i}": {i}' for i, w in enumerate(words))
          + "}")
    write(tmp_path, "LICENSE", licence_text("mit").encode("utf-16"))
    code, out, err = run(["licenses", "--format", "json", str(tmp_path)], capsys)
    assert code == 0, err
    import json

    found = {Path(r["path"]).name: r["expression"] for r in json.loads(out)}
    assert found == {"LICENSE": "mit"}
    assert "token list" in err
