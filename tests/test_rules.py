"""The framework rule files load into typed objects and say what the spec says."""

from __future__ import annotations

from pathlib import Path

from mofkit.rules import load_mof, load_osaid


def test_seventeen_components_with_types_and_classes() -> None:
    rules = load_mof()
    assert len(rules.components) == 17
    assert len({c.id for c in rules.components}) == 17
    assert {c.type for c in rules.components} == {"code", "data", "document"}
    assert rules.by_name["Model parameters (Final)"].type == "data"
    assert rules.by_name["Model architecture"].type == "code"
    assert rules.by_name["Research paper"].mof_class == 1


def test_cumulative_required_counts_are_6_10_14() -> None:
    rules = load_mof()
    assert [len(rules.required(k)) for k in (3, 2, 1)] == [6, 10, 14]


def test_one_optional_component_per_class() -> None:
    rules = load_mof()
    optional = {c.mof_class: c.id for c in rules.components if not c.required}
    assert optional == {3: "sample-model-outputs", 2: "supporting-libraries",
                        1: "model-metadata"}


def test_labels_match_the_tool() -> None:
    rules = load_mof()
    assert rules.label(3) == "Class III - Open Model"
    assert rules.label(2) == "Class II - Open Tooling Model"
    assert rules.label(1) == "Class I - Open Science Model"
    assert rules.label(0) == "Unclassified"


def test_paper_substitutes_for_report() -> None:
    rules = load_mof()
    assert [(s.replaces, s.by) for s in rules.substitutions] == [
        ("technical-report", "research-paper")]


def test_historic_component_spellings_resolve() -> None:
    rules = load_mof()
    assert rules.resolve_name("model parameters (final)").id == "model-parameters-final"
    assert rules.resolve_name("Datasheet").id == "data-card"
    assert rules.resolve_name("  Model   card ").id == "model-card"
    assert rules.resolve_name("Weights of the moon") is None


def test_osaid_elements_carry_the_checklist_components() -> None:
    osaid = load_osaid()
    by_id = {e.id: e for e in osaid.elements}
    assert set(by_id) == {"data-information", "code", "parameters"}
    assert set(by_id["code"].required) == {
        "data-preprocessing-code", "training-code", "inference-code", "model-architecture"}
    # "if used" (OSAID 1.0, Code): required only when the release shows it
    assert by_id["code"].if_used == ("supporting-libraries",)
    # every required or "if used" code component carries the definition's words for it
    basis = dict(by_id["code"].basis)
    assert set(by_id["code"].required + by_id["code"].if_used) <= set(basis)
    assert "if used" in basis["supporting-libraries"]
    assert by_id["parameters"].required == ("model-parameters-final",)
    assert by_id["code"].instrument == "licence"
    assert by_id["parameters"].instrument == "terms"
    assert "datasets" in by_id["data-information"].direct
    # evaluation code is optional for OSAID, required for MOF Class II
    assert "evaluation-code" in by_id["code"].optional


def test_names_the_code_uses_are_in_the_rules_data() -> None:
    """Component ids the code singles out (mofkit.rules.ids) name real components, and
    the class numerals and labels come from mof-1.0.yml."""
    from mofkit.rules import ids, load_mof

    rules = load_mof()
    assert set(ids.COMPONENT_IDS) == set(rules.by_id)
    assert rules.numerals() == {3: "III", 2: "II", 1: "I"}
    assert rules.labels()[0] == rules.unclassified_label
    assert [rules.class_number(text) for text in ("III", "ii", " 1 ", "IV", "")] == [
        3, 2, 1, None, None]


def test_no_component_id_is_spelled_outside_the_rules() -> None:
    """Code names a component through mofkit.rules.ids, never by a string of its own
    ("datasets" is also a Hub URL segment and a card metadata key, so it is not checked)."""
    import io
    import tokenize

    from mofkit.rules import load_mof

    ids = {c.id for c in load_mof().components} - {"datasets"}
    src = Path(__file__).resolve().parents[1] / "src" / "mofkit"
    found = []
    for path in sorted(src.rglob("*.py")):
        if path.parent.name == "rules":
            continue
        text = path.read_text(encoding="utf-8")
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.STRING and tok.string[1:-1] in ids \
                    and tok.string[0] == tok.string[-1]:
                found.append(f"{path.relative_to(src)}:{tok.start[0]}: {tok.string}")
    assert found == []


def test_rule_set_names_are_the_engines() -> None:
    from mofkit.assess import RULE_SETS as ENGINE
    from mofkit.rules import MOF, MOT_COMPAT, RULE_SETS

    assert RULE_SETS == ENGINE == (MOF, MOT_COMPAT)
