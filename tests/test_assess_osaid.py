"""OSAID 1.0 verdicts: all three elements required, OSI-approved licences for code,
OSI-approved terms for parameters and data information, no use restrictions."""

from __future__ import annotations

import pytest

from builders import CLASS1, CLASS2, CLASS3, OPTIONAL, release
from mofkit.assess import OsaidVerdict, assess

FULL = CLASS3 + CLASS2 + CLASS1 + OPTIONAL


def test_fully_open_release_with_datasets_passes() -> None:
    a = assess(release(FULL, code="Apache-2.0", data="Apache-2.0", document="CC-BY-4.0"))
    assert a.osaid.verdict is OsaidVerdict.PASS
    assert {k: e.verdict for k, e in a.osaid.elements.items()} == {
        "data-information": OsaidVerdict.PASS, "code": OsaidVerdict.PASS,
        "parameters": OsaidVerdict.PASS}


@pytest.mark.parametrize("licence", ["Apache-2.0", "MIT", "Llama 2 Community License",
                                     "CC-BY-NC-4.0"])
def test_open_weights_alone_are_not_open_source_ai(licence: str) -> None:
    a = assess(release(["model-parameters-final", "model-architecture"], distribution=licence))
    assert a.osaid.verdict is OsaidVerdict.FAIL
    assert a.osaid.elements["code"].verdict is OsaidVerdict.FAIL
    assert a.osaid.elements["data-information"].verdict is OsaidVerdict.FAIL


def test_use_restrictions_fail_even_with_every_component() -> None:
    a = assess(release(FULL, distribution="Llama 2 Community License"))
    assert a.osaid.verdict is OsaidVerdict.FAIL
    params = a.osaid.elements["parameters"]
    assert params.verdict is OsaidVerdict.FAIL
    assert any("not under OSI-approved terms" in r for r in params.reasons)


def test_training_data_need_not_be_released_but_its_description_cannot_be_verified() -> None:
    comps = [c for c in FULL if c != "datasets"]
    a = assess(release(comps, distribution="Apache-2.0"))
    data = a.osaid.elements["data-information"]
    assert data.verdict is OsaidVerdict.UNKNOWN
    assert "cannot be decided" in data.reasons[0]
    assert a.osaid.verdict is OsaidVerdict.UNKNOWN


def test_no_data_information_at_all_fails() -> None:
    comps = [c for c in FULL if c not in ("datasets", "data-card", "research-paper",
                                         "technical-report")]
    a = assess(release(comps, distribution="Apache-2.0"))
    assert a.osaid.elements["data-information"].verdict is OsaidVerdict.FAIL


def test_code_needs_an_osi_approved_licence() -> None:
    a = assess(release(FULL, code="CC-BY-4.0", data="Apache-2.0", document="CC-BY-4.0"))
    code = a.osaid.elements["code"]
    assert code.verdict is OsaidVerdict.FAIL
    assert code.components["training-code"] == "fail"


def test_copyleft_is_allowed() -> None:
    a = assess(release(FULL, code="GPL-3.0-only", data="Apache-2.0", document="CC-BY-SA-4.0"))
    assert a.osaid.elements["code"].verdict is OsaidVerdict.PASS


def test_open_data_terms_on_parameters_pass_with_a_note() -> None:
    a = assess(release(FULL, code="MIT", data="CDLA-Permissive-2.0", document="CC-BY-4.0"))
    assert a.osaid.elements["parameters"].verdict is OsaidVerdict.PASS
    assert any("Parameters" in n for n in a.osaid.notes)


def test_unresolvable_licence_gives_unknown_not_fail() -> None:
    comps = dict.fromkeys(FULL)
    comps["training-code"] = "terms on request (v7)"
    a = assess(release(comps, distribution="Apache-2.0"))
    assert a.osaid.elements["code"].verdict is OsaidVerdict.UNKNOWN
    assert a.osaid.verdict is OsaidVerdict.UNKNOWN


def test_supporting_libraries_not_shown_are_a_condition_not_a_failure() -> None:
    # OSAID 1.0 requires supporting libraries "if used"; a release that shows none passes,
    # with the condition stated (OLMo's MOT records list none, and OSI validated OLMo).
    comps = [c for c in FULL if c != "supporting-libraries"]
    a = assess(release(comps, distribution="Apache-2.0"))
    assert a.mof_class == 1
    code = a.osaid.elements["code"]
    assert code.verdict is OsaidVerdict.PASS
    assert code.components["supporting-libraries"] == "if-used"
    assert code.conditions == [
        "Supporting libraries and tools: none listed — required only if used"]
    assert code.conditions[0] in code.reasons  # every report that prints reasons shows it
    assert a.osaid.verdict is OsaidVerdict.PASS
    assert a.to_dict()["osaid"]["elements"]["code"]["conditions"] == code.conditions
    assert all(g.target != "osaid" for g in a.gaps)


@pytest.mark.parametrize(("licence", "state", "verdict"), [
    ("Proprietary", "fail", OsaidVerdict.FAIL),
    ("", "fail", OsaidVerdict.FAIL),  # shown, explicitly unlicensed
    ("CC-BY-NC-4.0", "fail", OsaidVerdict.FAIL),
    ("terms on request (v7)", "unknown", OsaidVerdict.UNKNOWN),
    ("BSD-3-Clause", "ok", OsaidVerdict.PASS),
])
def test_supporting_libraries_shown_are_judged_like_required_code(
        licence: str, state: str, verdict: OsaidVerdict) -> None:
    # shown but withheld, unlicensed or closed: it fails as any required component does
    comps: dict[str, str | None] = dict.fromkeys(FULL)
    comps["supporting-libraries"] = licence
    a = assess(release(comps, distribution="Apache-2.0"))
    code = a.osaid.elements["code"]
    assert code.components["supporting-libraries"] == state
    assert code.verdict is verdict
    assert code.conditions == []
    if verdict is OsaidVerdict.FAIL:
        assert [i.component for i in next(g for g in a.gaps if g.target == "osaid").items] \
            == ["supporting-libraries"]


def test_required_code_is_still_required_outright() -> None:
    for missing in ("data-preprocessing-code", "training-code", "inference-code",
                    "model-architecture"):
        a = assess(release([c for c in FULL if c != missing], distribution="Apache-2.0"))
        assert a.osaid.elements["code"].components[missing] == "fail", missing
        assert a.osaid.verdict is OsaidVerdict.FAIL, missing


def test_model_card_and_evaluation_code_are_optional_for_osaid() -> None:
    comps = [c for c in FULL if c not in ("model-card", "evaluation-code", "evaluation-results")]
    a = assess(release(comps, distribution="Apache-2.0"))
    assert a.mof_class == 0
    assert a.osaid.verdict is OsaidVerdict.PASS


def test_osaid_ignores_the_rule_set() -> None:
    comps = dict.fromkeys(FULL)
    a = assess(release(comps, distribution="Apache 2.0"), "mot-compat")
    b = assess(release(comps, distribution="Apache 2.0"), "mof")
    assert a.mof_class == 0 and b.mof_class == 1
    assert a.osaid.verdict is b.osaid.verdict is OsaidVerdict.PASS
