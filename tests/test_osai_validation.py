"""OSAID verdicts on the Model Openness Tool records of the systems OSI validated.

OSI validated Pythia, OLMo, Amber, CrystalCoder and T5 as Open Source AI and found Llama 2, Grok,
Phi-2 and Mixtral not to be. Every verdict on their dev records is pinned here; each one that
differs from OSI is explained in docs/rules.md ("Agreement with OSI's own validations").
The record-level tests need ../shared; the fixture test beside them does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mofkit.assess import OsaidVerdict, assess
from mofkit.sources.mot_record import load_record

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT.parent / "shared" / "data" / "mot" / "models"
SYSTEMS = yaml.safe_load((ROOT / "benchmarks" / "data" / "osi-validation.yml").read_text())[
    "systems"]
P, F = "pass", "fail"

# record -> (data information, code, parameters, overall)
EXPECTED = {
    "Pythia-14M": (F, F, P, F),  # the record lists architecture, weights and an unlicensed paper
    "Pythia-70M": (P, P, P, P), "Pythia-160M": (P, P, P, P), "Pythia-410M": (P, P, P, P),
    "Pythia-1B": (P, P, P, P), "Pythia-1.4B": (P, P, P, P),
    "OLMo-7B": (P, P, P, P), "OLMo-7B-hf": (P, P, P, P), "OLMo-1B-hf": (P, P, P, P),
    "OLMo-7B-Twin-2T-hf": (P, P, P, P),
    "Amber": (P, P, P, P),
    "CrystalChat": (P, P, P, P),
    "T5": (F, F, F, F),  # the record lists only datasets and a paper, both unlicensed
    "Llama-2-7B": (F, F, F, F), "Llama-2-13B": (F, F, F, F), "Llama-2-70B": (F, F, F, F),
    "Grok-1": (F, F, P, F), "Grok-0": (F, F, P, F),
    "Mixtral-8x22B-v0.1": (F, F, P, F), "Mixtral-8x7B-Instruct-v0.1": (F, F, P, F),
    "Mixtral-8x22B-Instruct-v0.1": (F, F, P, F),
}
# Records whose verdict differs from OSI's, each explained in docs/rules.md.
EXPLAINED = {"Pythia-14M", "T5"}
needs_shared = pytest.mark.skipif(not MODELS.is_dir(), reason="needs ../shared/data/mot")


def _records() -> list[tuple[str, str]]:
    return [(r, s["osi"]) for s in SYSTEMS for r in (s.get("records") or []) +
            (s.get("related") or [])]


def test_every_listed_record_is_pinned() -> None:
    assert {r for r, _ in _records()} == set(EXPECTED)


@needs_shared
@pytest.mark.parametrize(("record", "osi"), _records())
def test_osaid_verdict_on_the_records_of_validated_systems(record: str, osi: str) -> None:
    a = assess(load_record(MODELS / f"{record}.yml"), rules="mof")
    els = a.osaid.elements
    got = (els["data-information"].verdict.value, els["code"].verdict.value,
           els["parameters"].verdict.value, a.osaid.verdict.value)
    assert got == EXPECTED[record]
    # no system OSI found not open passes; every other difference is explained
    if osi == "fail":
        assert a.osaid.verdict is not OsaidVerdict.PASS
    assert (a.osaid.verdict.value != osi) == (record in EXPLAINED)


@needs_shared
def test_differences_are_listed_in_the_rules_doc() -> None:
    doc = (ROOT / "docs" / "rules.md").read_text()
    section = doc[doc.index("## Agreement with OSI's own validations"):]
    for record in EXPLAINED:
        assert f"| {record} | **fail** |" in section


@needs_shared
def test_olmo_records_pass_only_on_the_if_used_condition() -> None:
    for record in ("OLMo-7B", "OLMo-7B-hf", "OLMo-1B-hf", "OLMo-7B-Twin-2T-hf"):
        code = assess(load_record(MODELS / f"{record}.yml")).osaid.elements["code"]
        assert code.components["supporting-libraries"] == "if-used"
        assert code.conditions == [
            "Supporting libraries and tools: none listed — required only if used"]


def test_a_record_like_olmos_passes_with_the_condition_and_a_closed_library_fails(
        tmp_path: Path) -> None:
    listed = ["Model architecture", "Data preprocessing code", "Training code",
              "Inference code", "Evaluation code", "Model parameters (Final)",
              "Model parameters (Intermediate)", "Datasets", "Evaluation data", "Model card",
              "Data card", "Research paper", "Evaluation results"]
    record = {"framework": {"name": "Model Openness Framework", "version": "1.0",
                            "date": "2024-12-15"},
              "release": {"name": "fixture-7b", "version": "7B", "date": "2024-02-01",
                          "producer": "A lab", "license": {"distribution": {"name": "Apache-2.0"}},
                          "components": [{"name": n, "description": n} for n in listed]}}
    path = tmp_path / "fixture.yml"
    path.write_text(yaml.safe_dump(record))
    a = assess(load_record(path))
    assert a.osaid.verdict is OsaidVerdict.PASS
    assert a.osaid.elements["code"].conditions
    record["release"]["components"].append(  # type: ignore[index]
        {"name": "Supporting libraries and tools", "description": "x",
         "license": "Proprietary"})
    path.write_text(yaml.safe_dump(record))
    b = assess(load_record(path))
    assert b.osaid.verdict is OsaidVerdict.FAIL
    assert b.osaid.elements["code"].components["supporting-libraries"] == "fail"
    assert b.osaid.elements["code"].conditions == []


def test_a_scan_that_finds_no_supporting_libraries_states_the_condition(
        tmp_path: Path) -> None:
    import json
    import shutil
    import subprocess
    import sys

    def scan(folder: Path) -> dict:
        out = subprocess.run([sys.executable, "-m", "mofkit", "scan", str(folder), "--format",
                              "json"], capture_output=True, text=True, check=True).stdout
        return json.loads(out)

    folder = tmp_path / "release"
    shutil.copytree(ROOT / "examples" / "releases" / "pythia-tiny", folder)
    before = scan(folder)
    libs = next(c for c in before["mof"]["components"] if c["id"] == "supporting-libraries")
    assert libs["evidence"], "the example shows supporting libraries"
    for ev in libs["evidence"]:  # take away whatever the scan took for them
        (folder / ev["path"]).unlink(missing_ok=True)
    after = scan(folder)
    libs = next(c for c in after["mof"]["components"] if c["id"] == "supporting-libraries")
    assert libs["status"] == "missing"
    assert libs["why"] == "none listed - optional in the MOF, it never changes the class"
    code = after["osaid"]["elements"]["code"]
    assert code["components"]["supporting-libraries"] == "if-used"
    assert code["conditions"] == [
        "Supporting libraries and tools: none listed — required only if used"]
    assert code["verdict"] == before["osaid"]["elements"]["code"]["verdict"] == "pass"
