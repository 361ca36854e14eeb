"""MOF classes and per-class progress, gated exactly as the Model Openness Tool does.

For each class k (III, then II, then I) the required components of k and of
every class below it are sorted into included / missing / not open /
unlicensed. If the technical report does not count at Class III and a research
paper is present, the paper stands in for it: the report leaves every
"missing" list and the paper joins Classes III and II with its own status.

Progress(k): walk from Class III towards k; if a class on the way has fewer
included components than it requires, every class after it has progress 0.
Otherwise progress is included / required x 100 (capped at 100), Class I
requiring one component fewer when the paper replaced the report. The class is
the best one at exactly 100 %.
"""

from __future__ import annotations

from mofkit.assess.model import ClassResult, ComponentResult, Status
from mofkit.rules import MofRules

_BUCKET = {
    Status.OPEN: "included",
    Status.OPEN_WRONG_TYPE: "included",
    Status.NOT_OPEN: "not_open",
    Status.UNLICENSED: "unlicensed",
    Status.MISSING: "missing",
}


def evaluate_classes(
    results: dict[str, ComponentResult], rules: MofRules
) -> tuple[dict[int, ClassResult], int]:
    numbers = [c.number for c in rules.classes]  # 3, 2, 1
    classes: dict[int, ClassResult] = {}
    for k in numbers:
        required = rules.required(k)
        cr = ClassResult(k, rules.label(k), 0.0, len(required))
        for comp in required:
            getattr(cr, _BUCKET[results[comp.id].status]).append(comp.id)
        for comp in rules.optional(k):
            if results[comp.id].status.counts:
                cr.optional.append(comp.id)
        classes[k] = cr

    lowest = numbers[0]
    for sub in rules.substitutions:
        replaced, by = sub.replaces, sub.by
        if replaced in classes[lowest].included or results[by].status is Status.MISSING:
            continue
        home = rules.by_id[by].mof_class
        bucket = _BUCKET[results[by].status]
        for k, cr in classes.items():
            if replaced in cr.missing:
                cr.missing.remove(replaced)
            if k > home and by not in getattr(cr, bucket):
                getattr(cr, bucket).append(by)
                cr.substituted[replaced] = by

    stopped: int | None = None
    for k in numbers:
        cr = classes[k]
        if stopped is not None:
            cr.progress = 0.0
            continue
        total = cr.required_total
        for sub in rules.substitutions:
            if sub.replaces not in cr.included and sub.by in cr.included and \
                    rules.by_id[sub.by].mof_class == k:
                total -= 1
        cr.progress = min(100.0, len(cr.included) / total * 100) if total else 100.0
        if len(cr.included) < cr.required_total:
            stopped = k

    best = 0
    for k in reversed(numbers):  # Class I first
        if classes[k].progress == 100.0:
            best = k
            break
    return classes, best
