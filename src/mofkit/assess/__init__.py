"""The assessment engine: a release description in, MOF class + OSAID verdict + gaps out.

Two rule sets decide the MOF class:

* ``mof`` (default): the MOF as written, with licence strings normalised to
  SPDX ids, real SPDX expressions and mofkit's licence catalog;
* ``mot-compat``: the Model Openness Tool's exact verdicts, its licence tables
  and quirks included.

The OSAID verdict always uses mofkit's licence policy. See docs/rules.md for
every place where the two rule sets differ on purpose.
"""

from __future__ import annotations

from mofkit.assess.gaps import class_gaps, osaid_gap
from mofkit.assess.model import (
    Assessment,
    ClassResult,
    ComponentResult,
    Gap,
    GapItem,
    OsaidResult,
    OsaidVerdict,
    Status,
)
from mofkit.assess.mof import evaluate_classes
from mofkit.assess.osaid import evaluate_osaid
from mofkit.assess.resolve import component_results
from mofkit.errors import InputError
from mofkit.licenses.verdict import Kind, LicenceVerdict
from mofkit.release import ComponentType, Release
from mofkit.rules import MOF, RULE_SETS, load_mof, load_osaid

__all__ = [
    "RULE_SETS",
    "Assessment",
    "ClassResult",
    "ComponentResult",
    "Gap",
    "GapItem",
    "OsaidResult",
    "OsaidVerdict",
    "Status",
    "assess",
]



def _mof_judge(written: str | None, ctype: ComponentType) -> LicenceVerdict:
    from mofkit.licenses import judge

    return judge(written, ctype)


def _mot_judge(written: str | None, ctype: ComponentType) -> LicenceVerdict:
    from mofkit.licenses.motcompat import judge_mot

    verdict = judge_mot(written, ctype)
    if verdict.kind is Kind.UNKNOWN and written:
        ours = _mof_judge(written, ctype)
        if ours.licence and ours.licence != written:
            verdict = LicenceVerdict(
                verdict.kind,
                f"{verdict.reason}; mofkit reads it as {ours.licence} ({ours.kind.value})",
                written, ours.licence if ours.kind.counts else verdict.licence, verdict.rule,
            )
    return verdict


def assess(release: Release, rules: str = MOF) -> Assessment:
    """Assess a release under rule set ``rules`` (one of ``RULE_SETS``)."""
    if rules not in RULE_SETS:
        raise InputError(f"unknown rule set {rules!r} (choose from {', '.join(RULE_SETS)})")
    mof_rules = load_mof()
    osaid_rules = load_osaid()
    ours = component_results(release, mof_rules, _mof_judge, read_placeholders=True)
    if rules == MOF:
        results = ours
        version = f"{mof_rules.id}"
    else:
        results = component_results(release, mof_rules, _mot_judge, read_placeholders=False)
        version = f"{mof_rules.id}+mot-8b5d30e"
    classes, best = evaluate_classes(results, mof_rules)
    osaid = evaluate_osaid(ours, osaid_rules)
    gaps = class_gaps(results, classes, best, mof_rules)
    og = osaid_gap(ours, osaid, mof_rules, osaid_rules)
    if og is not None:
        gaps.append(og)
    warnings = [r.warning for r in results.values() if r.warning]
    return Assessment(
        source=release.source,
        release=release,
        rules=rules,
        rules_version=version,
        mof_class=best,
        label=mof_rules.label(best),
        classes=classes,
        components=list(results.values()),
        warnings=warnings,
        osaid=osaid,
        gaps=gaps,
    )
