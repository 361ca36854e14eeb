"""The gaps: the shortest list of steps that reaches each higher MOF class and OSAID.

Each step is "release X", "license X" (it has none) or "relicense X" (its
licence is not open) under a licence open for X's type. The research paper can
stand in for the technical report, so the pair costs one step, never two. A
part the release says is elsewhere (not among the inputs: the weights at
``hf:org/name``) is not to be released: the step is "scan X": where it is and
the ``mof scan`` command that adds it.
"""

from __future__ import annotations

from mofkit.assess.model import (
    ClassResult,
    ComponentResult,
    Gap,
    GapItem,
    OsaidResult,
    OsaidVerdict,
    Status,
)
from mofkit.licenses.verdict import Kind
from mofkit.release import Elsewhere
from mofkit.rules import MofRules, OsaidRules


def _step(r: ComponentResult, rules: MofRules, *, osi: bool = False) -> GapItem:
    rule = rules.types[r.type]
    licence = rule.recommended
    wants = "an OSI-approved licence" if osi else rule.wants
    if r.status in (Status.MISSING, Status.UNLICENSED) and r.elsewhere is not None:
        action, text = "scan", _scan_step(r.name.lower(), r.elsewhere)
    elif r.status is Status.MISSING:
        action, text = "release", f"Release the {r.name.lower()} under {wants} (e.g. {licence})"
    elif r.status is Status.UNLICENSED:
        action, text = "license", f"Put the {r.name.lower()} under {wants} (e.g. {licence})"
    else:
        v = r.verdict
        written = v.written if v else r.licence_written
        if v is not None and v.kind is Kind.UNKNOWN and v.licence and v.licence != written:
            action = "respell"
            text = f"Write the {r.name.lower()}'s licence as the id {v.licence}, not {written!r}"
        else:
            action = "relicense"
            text = f"Relicense the {r.name.lower()} from {written} to {wants} (e.g. {licence})"
    return GapItem(r.id, r.name, action, r.type, text, r.why)


def _scan_step(name: str, place: Elsewhere) -> str:
    """Where a part that is not among the inputs is, and the command that adds it."""
    said = f"{place.path}:{place.line}" if place.path and place.line else place.path
    named = f" (named at {said})" if said else ""
    if place.command:
        return (f"Scan the {name} at {place.location}{named} together with this release: "
                f"{place.command}")
    return f"Rate the {name} at {place.location}{named}: not among the inputs"


def class_gaps(
    results: dict[str, ComponentResult],
    classes: dict[int, ClassResult],
    current: int,
    rules: MofRules,
) -> list[Gap]:
    gaps: list[Gap] = []
    for cls in rules.classes:  # III, II, I
        k = cls.number
        if current and k >= current:
            continue  # already reached
        items: list[GapItem] = []
        for comp in rules.required(k):
            r = results[comp.id]
            if r.status.counts:
                continue
            sub = next((s for s in rules.substitutions if s.replaces == comp.id), None)
            if sub is not None:
                alt = results[sub.by]
                if alt.status.counts:
                    continue  # the substitute stands in
                if rules.by_id[sub.by].mof_class >= k:
                    # the substitute is itself required here: fixing it is enough
                    continue
                # one step: the report, or the paper instead (whichever is closer)
                pick = r if r.status is not Status.MISSING or alt.status is Status.MISSING \
                    else alt
                item = _step(pick, rules)
                item.alternatives = [alt.id if pick is r else r.id]
                items.append(item)
                continue
            items.append(_step(r, rules))
        gaps.append(Gap(str(k), cls.label, items))
    return gaps


def osaid_gap(results: dict[str, ComponentResult], osaid: OsaidResult, rules: MofRules,
              osaid_rules: OsaidRules) -> Gap | None:
    if osaid.verdict is OsaidVerdict.PASS:
        return None
    items: list[GapItem] = []
    for element in osaid_rules.elements:
        res = osaid.elements[element.id]
        if res.verdict is OsaidVerdict.PASS:
            continue
        osi = osaid_rules.instruments[element.instrument].accepts == ("osi-approved",)
        if element.required:
            for cid in element.required + element.if_used:
                # an "if used" component the release does not show is a condition, not a step
                if res.components.get(cid) not in ("ok", "if-used"):
                    items.append(_step(results[cid], rules, osi=osi))
        else:
            direct = element.direct[0]
            item = _step(results[direct], rules, osi=osi)
            item.why = "; ".join(res.reasons)
            item.alternatives = list(element.documents + element.reports)
            if res.verdict is OsaidVerdict.UNKNOWN:
                item.action = "document"
                item.suggestion = (
                    "Release the training datasets under open terms, or make sure the data card "
                    "describes all training data (provenance, selection, processing) and lists "
                    "where each public or obtainable source can be had"
                )
            items.append(item)
    return Gap("osaid", "Open Source AI (OSAID 1.0)", items)
