"""Gaps: the shortest list of steps to each higher class and to OSAID."""

from __future__ import annotations

from builders import CLASS1, CLASS2, CLASS3, OPTIONAL, release
from mofkit.assess import assess


def gap(a, target: str):
    return next(g for g in a.gaps if g.target == target)


def test_missing_data_card_is_one_step_to_class3() -> None:
    a = assess(release([c for c in CLASS3 if c != "data-card"], distribution="Apache-2.0"))
    g3 = gap(a, "3")
    assert [(i.component, i.action) for i in g3.items] == [("data-card", "release")]
    assert "CC-BY-4.0" in g3.items[0].suggestion
    assert len(gap(a, "2").items) == 5
    assert len(gap(a, "1").items) == 9


def test_report_or_paper_counts_as_one_step() -> None:
    comps = [c for c in CLASS3 if c != "technical-report"]
    a = assess(release(comps, distribution="Apache-2.0"))
    g3 = gap(a, "3")
    assert [i.component for i in g3.items] == ["technical-report"]
    assert g3.items[0].alternatives == ["research-paper"]
    g1 = gap(a, "1")
    ids = [i.component for i in g1.items]
    assert "research-paper" in ids and "technical-report" not in ids
    assert len(g1.items) == 8  # 4 of Class II, 4 of Class I (paper replaces report)


def test_a_present_paper_is_the_closer_fix() -> None:
    comps = {c: None for c in CLASS3 if c != "technical-report"}
    comps["research-paper"] = ""
    a = assess(release(comps, distribution="Apache-2.0"))
    item = gap(a, "3").items[0]
    assert (item.component, item.action) == ("research-paper", "license")


def test_actions_follow_the_status() -> None:
    comps = {c: None for c in CLASS3}
    comps["model-card"] = ""
    comps["data-card"] = "CC-BY-NC-4.0"
    a = assess(release(comps, distribution="Apache-2.0"))
    actions = {i.component: i.action for i in gap(a, "3").items}
    assert actions == {"model-card": "license", "data-card": "relicense"}


def test_mot_compat_suggests_the_spdx_spelling() -> None:
    a = assess(release(CLASS3, distribution="Apache 2.0"), "mot-compat")
    items = gap(a, "3").items
    assert len(items) == 6
    assert all(i.action == "respell" and "Apache-2.0" in i.suggestion for i in items)


def test_no_gap_for_reached_classes() -> None:
    a = assess(release(CLASS3 + CLASS2, distribution="Apache-2.0"))
    assert [g.target for g in a.gaps] == ["1", "osaid"]
    full = assess(release(CLASS3 + CLASS2 + CLASS1 + OPTIONAL, code="MIT",
                          data="CDLA-Permissive-2.0", document="CC-BY-4.0"))
    assert full.gaps == []


def test_osaid_gap_names_the_failing_components() -> None:
    comps: dict[str, str | None] = dict.fromkeys(CLASS3 + CLASS2 + CLASS1)
    comps["training-code"] = "Proprietary"
    comps["supporting-libraries"] = "Proprietary"  # shown, but closed: "if used" applies
    a = assess(release(comps, distribution="Apache-2.0"))
    og = gap(a, "osaid")
    assert [i.component for i in og.items] == ["training-code", "supporting-libraries"]
