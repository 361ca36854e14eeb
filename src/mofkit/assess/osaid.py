"""The OSAID 1.0 verdict: pass, fail or unknown per element and overall.

OSAID counts components differently from the MOF (spec §2.6): code needs the
data pre-processing, training and inference code and the architecture under
OSI-approved licences, and supporting libraries "if used" (required only when
the release shows them; ``if_used`` in rules/osaid-1.0.yml, with the
definition's words); parameters need OSI-approved terms;
data information is judged from its carriers (released datasets; else a data
card and a paper or report, whose completeness cannot be checked from the
release alone). Always computed with mofkit's own licence policy, whatever
rule set decides the MOF class.
"""

from __future__ import annotations

from mofkit.assess.model import (
    ComponentResult,
    ElementResult,
    OsaidResult,
    OsaidVerdict,
    Status,
)
from mofkit.licenses.verdict import Kind
from mofkit.rules import OsaidElement, OsaidRules


def _acceptable(result: ComponentResult, accepts: tuple[str, ...]) -> bool:
    v = result.verdict
    if v is None or result.status in (Status.MISSING, Status.UNLICENSED):
        return False
    if v.kind in (Kind.RESTRICTIVE, Kind.NON_COMMERCIAL, Kind.PROPRIETARY, Kind.UNKNOWN):
        return False
    return ("osi-approved" in accepts and v.osi_approved) or (
        "open-data" in accepts and v.open_terms
    )


def _check(result: ComponentResult, accepts: tuple[str, ...], wording: str) -> tuple[str, str]:
    """(state, reason) for one component: state is ok, fail or unknown."""
    if result.status is Status.MISSING and result.elsewhere is not None:
        return "unknown", (f"{result.name} is not among the inputs; the release says it is at "
                           f"{result.elsewhere.location} (unknown until scanned)")
    if result.status is Status.MISSING:
        return "fail", f"{result.name} is not released"
    if result.status is Status.UNLICENSED:
        return "fail", f"{result.name} has no licence"
    v = result.verdict
    assert v is not None
    if _acceptable(result, accepts):
        return "ok", f"{result.name} is under {v.licence} ({wording})"
    if v.kind is Kind.UNKNOWN:
        return "unknown", f"{result.name}: licence {v.written!r} could not be identified"
    return "fail", f"{result.name}: not under {wording} - {v.reason}"


def _listed(element: OsaidElement, results: dict[str, ComponentResult],
            accepts: tuple[str, ...], wording: str) -> ElementResult:
    out = ElementResult(element.id, element.name, OsaidVerdict.PASS)
    states = []
    for cid in element.required + element.if_used:
        r = results[cid]
        if cid in element.if_used and r.status is Status.MISSING:
            # Not shown by the record or the scan: a condition on the verdict, not a failure.
            out.components[cid] = "if-used"
            out.conditions.append(f"{r.name}: none listed — required only if used")
            continue
        state, reason = _check(r, accepts, wording)
        out.components[cid] = state
        states.append(state)
        if state != "ok":
            out.reasons.append(reason)
    for cid in element.optional:
        r = results[cid]
        if r.status is not Status.MISSING:
            out.components[cid] = "ok" if _acceptable(r, accepts) else "optional"
    if "fail" in states:
        out.verdict = OsaidVerdict.FAIL
    elif "unknown" in states:
        out.verdict = OsaidVerdict.UNKNOWN
    else:
        out.reasons.append(f"all required {element.name.lower()} components are under {wording}")
    if out.verdict is OsaidVerdict.FAIL:
        out.conditions.clear()  # the element fails whatever the release does not show
    out.reasons.extend(out.conditions)
    return out


def _data_information(element: OsaidElement, results: dict[str, ComponentResult],
                      accepts: tuple[str, ...], wording: str) -> ElementResult:
    out = ElementResult(element.id, element.name, OsaidVerdict.FAIL)
    states = {}
    for cid in element.direct + element.documents + element.reports:
        state, reason = _check(results[cid], accepts, wording)
        states[cid] = (state, reason)
        out.components[cid] = state
    direct_ok = [c for c in element.direct if states[c][0] == "ok"]
    docs_ok = [c for c in element.documents + element.reports if states[c][0] == "ok"]
    if direct_ok:
        out.verdict = OsaidVerdict.PASS
        out.reasons.append(
            "the training data itself is released: " + "; ".join(states[c][1] for c in direct_ok)
        )
        return out
    if docs_ok:
        out.verdict = OsaidVerdict.UNKNOWN
        out.reasons.append(
            "the training data is documented ("
            + ", ".join(results[c].name.lower() for c in docs_ok)
            + ") but not released; whether the description is complete enough to build a "
            "substantially equivalent system cannot be decided from the release alone"
        )
        return out
    if any(s == "unknown" for s, _ in states.values()):
        out.verdict = OsaidVerdict.UNKNOWN
    out.reasons.extend(reason for _, reason in states.values())
    out.reasons.insert(0, "no data information is available under " + wording)
    return out


def evaluate_osaid(results: dict[str, ComponentResult], rules: OsaidRules) -> OsaidResult:
    elements: dict[str, ElementResult] = {}
    notes: list[str] = []
    for element in rules.elements:
        instrument = rules.instruments[element.instrument]
        if element.direct or element.documents or element.reports:
            res = _data_information(element, results, instrument.accepts, instrument.wording)
        else:
            res = _listed(element, results, instrument.accepts, instrument.wording)
        elements[element.id] = res
        if instrument.note and "open-data" in instrument.accepts and any(
            (r := results[c]).verdict is not None and r.verdict.open_terms
            and not r.verdict.osi_approved and s == "ok"
            for c, s in res.components.items()
        ):
            notes.append(f"{element.name}: {instrument.note}")
    verdicts = {e.verdict for e in elements.values()}
    if OsaidVerdict.FAIL in verdicts:
        overall = OsaidVerdict.FAIL
    elif OsaidVerdict.UNKNOWN in verdicts:
        overall = OsaidVerdict.UNKNOWN
    else:
        overall = OsaidVerdict.PASS
    return OsaidResult(overall, elements, notes, rules.id)
