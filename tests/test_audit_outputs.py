"""`mof audit` outputs and exit statuses: SARIF 2.1.0 against the official schema,
CycloneDX 1.6 against its schema, JSON, Markdown, text; 0 / 1 / 2. The models
come from a stand-in assessor (the Hub itself is exercised in test_audit_hub.py)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from audit_support import EXCEPTIONS, SARIF_SCHEMA
from audit_support import run_audit as run


@pytest.fixture
def stubbed_codebase(tmp_path: Path, stand_in_hub: None) -> Path:
    root = tmp_path / "code"
    root.mkdir()
    (root / "models.txt").write_text("meta/llama@v1\nnc-org/nc\nopen-org/open\n")
    (root / "svc.py").write_text(
        "from transformers import AutoModel\n\n"
        "AutoModel.from_pretrained('open-org/open')\n"
        "AutoModel.from_pretrained(f'nc-org/{size}')\n")
    (root / "mof-policy.yml").write_text(EXCEPTIONS)
    return root


def test_exit_status_follows_the_policy_and_today(stubbed_codebase: Path, capsys) -> None:
    code, out, err = run([str(stubbed_codebase), "--today", "2025-05-01"], capsys)
    assert code == 0, err
    assert "policy holds" in out and "Waived by an exception" in out
    code, out, _ = run([str(stubbed_codebase), "--today", "2025-06-02"], capsys)
    assert code == 1
    assert "exception-expired" in out and "policy does not hold: 2 blocking" in out
    assert "models.txt:2" in out  # each finding at its place of use
    findings = out.split("Findings\n", 1)[1].splitlines()
    assert findings[0].split() == ["Level", "Rule", "Where", "Message"]
    assert findings[2].split()[:3] == ["error", "licence-kind", "models.txt:1"]
    table = findings[:findings.index("")]
    assert max(len(line) for line in table) <= 100  # long messages fold inside their column
    assert "aup" in out and "Obligations for the whole codebase" in out


@pytest.mark.parametrize("args", [
    ["--policy", "missing.yml"], ["--format", "xml"], ["--today", "tomorrow"],
    ["--rules", "nope"],
])
def test_bad_input_exits_2_with_one_line(stubbed_codebase: Path, capsys, args: list[str]) -> None:
    code, out, err = run([str(stubbed_codebase), *args], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("mof: error:")


def test_a_broken_policy_exits_2(stubbed_codebase: Path, capsys) -> None:
    (stubbed_codebase / "mof-policy.yml").write_text("min_class: IV\n")
    code, _, err = run([str(stubbed_codebase)], capsys)
    assert code == 2 and "mof-policy.yml:1: min_class: 'IV' is not one of" in err


def sarif(stubbed_codebase: Path, capsys, today: str = "2025-06-02") -> dict:
    code, out, err = run([str(stubbed_codebase), "--format", "sarif", "--today", today], capsys)
    assert code == 1 and "does not hold" in err
    return json.loads(out)


def test_sarif_validates_against_the_2_1_0_schema(stubbed_codebase: Path, capsys) -> None:
    log = sarif(stubbed_codebase, capsys)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(broken)
    del broken["version"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(broken)


def test_sarif_results_sit_at_their_lines_with_rule_ids(stubbed_codebase: Path, capsys) -> None:
    run_ = sarif(stubbed_codebase, capsys)["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert {"licence-kind", "exception-expired", "unresolved", "min-class"} <= set(rules)
    places = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
               r["locations"][0]["physicalLocation"]["region"]["startLine"])
              for r in run_["results"]}
    assert ("licence-kind", "models.txt", 1) in places  # meta/llama@v1
    assert ("licence-kind", "models.txt", 2) in places  # nc-org/nc
    assert ("unresolved", "svc.py", 4) in places
    for result in run_["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"].endswith("/code/")


def test_sarif_waived_findings_are_suppressed_with_the_reason(stubbed_codebase: Path,
                                                               capsys) -> None:
    code, out, _ = run([str(stubbed_codebase), "--format", "sarif", "--today", "2025-05-01"],
                       capsys)
    assert code == 0
    results = json.loads(out)["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert {r["properties"]["model"] for r in suppressed} == {"meta/llama", "nc-org/nc"}
    assert "LEG-42" in json.dumps(suppressed)


def test_json_report(stubbed_codebase: Path, capsys) -> None:
    code, out, _ = run([str(stubbed_codebase), "--format", "json", "--today", "2025-06-02"], capsys)
    report = json.loads(out)
    assert code == 1 and report["audit"]["result"] == "fail"
    assert report["audit"]["today"] == "2025-06-02"
    models = {m["model"]: m for m in report["models"]}
    assert models["meta/llama"]["revision"] == "v1"
    assert models["meta/llama"]["licence_kind"] == "restrictive"
    assert models["open-org/open"]["policy"] == "pass"
    assert [u["path"] for u in models["open-org/open"]["usages"]] == ["models.txt", "svc.py"]
    assert report["unresolved"][0]["line"] == 4
    by_name = {o["obligation"]: o["models"] for o in report["obligations"]}
    assert by_name["user-cap"] == ["meta/llama@v1"]
    assert [e["status"] for e in report["exceptions"]] == ["expired", "expired"]


def test_markdown_report(stubbed_codebase: Path, capsys) -> None:
    code, out, _ = run([str(stubbed_codebase), "--format", "markdown", "--today", "2025-06-02"],
                       capsys)
    assert code == 1 and out.startswith("## mof audit: ❌ policy does not hold")
    assert "| model | MOF class | OSAID | licence | policy | used at |" in out
    assert "meta/llama@v1" in out and "**fail**" in out


def test_cyclonedx_inventory_validates(stubbed_codebase: Path, capsys, tmp_path: Path) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    target = tmp_path / "bom.json"
    code, out, _ = run([str(stubbed_codebase), "--format", "cyclonedx", "--out", str(target),
                        "--today", "2025-06-02"], capsys)
    assert code == 1 and out == ""
    text = target.read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert bom["metadata"]["component"]["name"] == "code"
    models = {c["name"]: c for c in bom["components"]}
    assert set(models) == {"meta/llama", "nc-org/nc", "open-org/open"}
    assert models["meta/llama"]["purl"] == "pkg:huggingface/meta/llama@v1"
    props = {p["name"]: p["value"] for p in models["nc-org/nc"]["properties"]}
    assert props["mof:audit:policy"] == "fail" and props["mof:audit:used-at"] == "models.txt:2"
    assert bom["dependencies"][0]["dependsOn"] == [c["bom-ref"] for c in bom["components"]]
    broken = json.loads(text)
    broken["components"][0]["type"] = "model"
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(broken)) is not None


def test_discover_only(stubbed_codebase: Path, capsys) -> None:
    code, out, _ = run([str(stubbed_codebase), "--discover-only", "--format", "json"], capsys)
    found = json.loads(out)
    assert code == 0 and [m["model"] for m in found["models"]] == [
        "meta/llama", "nc-org/nc", "open-org/open"]
    assert found["unresolved"][0]["path"] == "svc.py"
