"""MOF classes and progress: every class boundary, gating, the paper-for-report
substitution, licence inheritance. Figures are the spec's §3 facts, which the
Model Openness Tool's own evaluator produces; both rule sets agree on them."""

from __future__ import annotations

import pytest

from builders import CLASS1, CLASS2, CLASS3, OPTIONAL, release
from mofkit.assess import Status, assess

RULES = ["mof", "mot-compat"]


def progress(a) -> tuple[float, float, float]:
    return (round(a.progress[1], 2), round(a.progress[2], 2), round(a.progress[3], 2))


@pytest.mark.parametrize("rules", RULES)
def test_class3_needs_a_data_card(rules: str) -> None:
    comps = [c for c in CLASS3 if c != "data-card"]
    a = assess(release(comps, distribution="Apache-2.0"), rules)
    assert a.mof_class == 0
    assert a.label == "Unclassified"
    assert progress(a) == (0, 0, 83.33)


@pytest.mark.parametrize("rules", RULES)
def test_class3_complete_with_apache_warns_on_weights(rules: str) -> None:
    a = assess(release(CLASS3, distribution="Apache-2.0"), rules)
    assert a.mof_class == 3
    assert a.label == "Class III - Open Model"
    assert progress(a) == (0, 60, 100)
    weights = a.component("model-parameters-final")
    assert weights.status is Status.OPEN_WRONG_TYPE
    assert weights.warning and "Model parameters (Final)" in weights.warning


@pytest.mark.parametrize("rules", RULES)
def test_type_specific_globals_clear_the_warnings(rules: str) -> None:
    a = assess(release(CLASS3, code="MIT", data="CDLA-Permissive-2.0", document="CC-BY-4.0"),
               rules)
    assert a.mof_class == 3
    assert a.warnings == []


@pytest.mark.parametrize("rules", RULES)
def test_optional_components_never_change_progress(rules: str) -> None:
    base = assess(release(CLASS3, distribution="Apache-2.0"), rules)
    more = assess(release(CLASS3 + OPTIONAL, distribution="Apache-2.0"), rules)
    assert progress(base) == progress(more)
    assert set(more.classes[1].optional) == set(OPTIONAL)


@pytest.mark.parametrize("rules", RULES)
def test_class2_boundary(rules: str) -> None:
    a = assess(release(CLASS3 + CLASS2, distribution="Apache-2.0"), rules)
    assert a.mof_class == 2
    assert a.label == "Class II - Open Tooling Model"
    assert progress(a) == (71.43, 100, 100)
    b = assess(release(CLASS3 + CLASS2[:-1], distribution="Apache-2.0"), rules)
    assert b.mof_class == 3
    assert progress(b) == (0, 90, 100)


@pytest.mark.parametrize("rules", RULES)
def test_class1_boundary(rules: str) -> None:
    a = assess(release(CLASS3 + CLASS2 + CLASS1, distribution="Apache-2.0"), rules)
    assert a.mof_class == 1
    assert progress(a) == (100, 100, 100)
    b = assess(release(CLASS3 + CLASS2 + CLASS1[:-1], distribution="Apache-2.0"), rules)
    assert b.mof_class == 2
    assert progress(b) == (92.86, 100, 100)


@pytest.mark.parametrize("rules", RULES)
def test_higher_class_progress_is_zero_while_a_lower_tier_is_incomplete(rules: str) -> None:
    a = assess(release(CLASS3 + CLASS1, distribution="Apache-2.0"), rules)
    assert a.mof_class == 3
    assert progress(a) == (0, 60, 100)
    b = assess(release(CLASS2 + CLASS1, distribution="Apache-2.0"), rules)
    assert b.mof_class == 0
    # the paper stands in for the report at Class III: 1 of 6; II and I gated to 0
    assert progress(b) == (0, 0, 16.67)


@pytest.mark.parametrize("rules", RULES)
def test_paper_stands_in_for_missing_report_in_every_class(rules: str) -> None:
    no_report = [c for c in CLASS3 if c != "technical-report"]
    a = assess(release(no_report + ["research-paper"], distribution="Apache-2.0"), rules)
    assert a.mof_class == 3
    assert progress(a) == (0, 60, 100)
    assert a.classes[3].substituted == {"technical-report": "research-paper"}
    full = assess(release(no_report + CLASS2 + CLASS1, distribution="Apache-2.0"), rules)
    assert full.mof_class == 1
    assert full.classes[1].required_total == 14
    assert progress(full) == (100, 100, 100)
    # Class II done, Class I without the report: 10 of 13
    c2 = assess(release(no_report + CLASS2 + ["research-paper"], distribution="Apache-2.0"),
                rules)
    assert c2.mof_class == 2
    assert progress(c2) == (76.92, 100, 100)


@pytest.mark.parametrize("rules", RULES)
def test_report_and_paper_together_cap_at_100(rules: str) -> None:
    a = assess(release(CLASS3 + ["research-paper"], distribution="Apache-2.0"), rules)
    assert progress(a) == (0, 60, 100)
    assert a.classes[3].substituted == {}


@pytest.mark.parametrize("rules", RULES)
def test_paper_not_open_does_not_substitute(rules: str) -> None:
    no_report = {c: None for c in CLASS3 if c != "technical-report"}
    no_report["research-paper"] = "Proprietary"
    a = assess(release(no_report, distribution="Apache-2.0"), rules)
    assert a.mof_class == 0
    assert progress(a) == (0, 0, 83.33)
    assert "research-paper" in a.classes[3].not_open
    assert "technical-report" not in a.classes[3].missing


@pytest.mark.parametrize("rules", RULES)
def test_licence_inheritance_component_over_type_over_distribution(rules: str) -> None:
    comps = {c: None for c in CLASS3}
    comps["model-card"] = "CC-BY-4.0"
    a = assess(release(comps, distribution="Apache-2.0", data="CDLA-Permissive-2.0"), rules)
    assert a.component("model-card").licence_from == "component"
    assert a.component("model-parameters-final").licence_from == "data"
    assert a.component("model-parameters-final").verdict.licence == "CDLA-Permissive-2.0"
    assert a.component("model-architecture").licence_from == "distribution"


@pytest.mark.parametrize("rules", RULES)
def test_explicit_unlicensed_blocks_inheritance(rules: str) -> None:
    comps = {c: None for c in CLASS3}
    comps["model-card"] = ""
    a = assess(release(comps, distribution="Apache-2.0"), rules)
    assert a.component("model-card").status is Status.UNLICENSED
    assert a.mof_class == 0
    assert progress(a) == (0, 0, 83.33)


@pytest.mark.parametrize("rules", RULES)
def test_no_licence_anywhere_is_class_0_everywhere(rules: str) -> None:
    a = assess(release(CLASS3 + CLASS2 + CLASS1), rules)
    assert a.mof_class == 0
    assert progress(a) == (0, 0, 0)
    assert all(c.status is Status.UNLICENSED for c in a.components
               if c.status is not Status.MISSING)


@pytest.mark.parametrize("rules", RULES)
@pytest.mark.parametrize("licence", ["Llama 2 Community License", "Gemma Terms of Use",
                                     "CC-BY-NC-4.0", "Proprietary", "OpenRAIL"])
def test_restrictive_and_custom_licences_do_not_count(rules: str, licence: str) -> None:
    a = assess(release(CLASS3, distribution=licence), rules)
    assert a.mof_class == 0
    assert progress(a) == (0, 0, 0)
    assert all(a.component(c).status is Status.NOT_OPEN for c in CLASS3)


@pytest.mark.parametrize("rules", RULES)
def test_unlicensed_datasets_keep_an_otherwise_complete_release_at_class2(rules: str) -> None:
    comps = dict.fromkeys(CLASS3 + CLASS2 + CLASS1)
    comps["datasets"] = ""
    a = assess(release(comps, distribution="Apache-2.0"), rules)
    assert a.mof_class == 2
    assert progress(a) == (92.86, 100, 100)


def test_total_progress_is_the_mean_of_the_three() -> None:
    a = assess(release(CLASS3, distribution="Apache-2.0"))
    assert a.total_progress == pytest.approx((100 + 60 + 0) / 3)


def test_every_component_is_reported_in_rules_order() -> None:
    a = assess(release(["model-card"], distribution="MIT"))
    assert len(a.components) == 17
    assert a.component("datasets").status is Status.MISSING
