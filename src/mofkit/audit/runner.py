"""An audit from start to end: discover, assess each distinct model once,
read its licence and obligations, evaluate the policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from mofkit.audit.assessor import Assessed, Assessor
from mofkit.audit.checks import evaluate, licence_of
from mofkit.audit.discover import discover
from mofkit.audit.obligations import obligations_of
from mofkit.audit.policy import Policy
from mofkit.audit.result import AuditResult, ModelAudit
from mofkit.audit.usage import Discovery

Progress = Callable[[str], None]


def assess_models(found: Discovery, assessor: Assessor,
                  progress: Progress | None = None) -> list[ModelAudit]:
    models = []
    distinct = found.models()
    for number, ((model, revision), usages) in enumerate(distinct.items(), 1):
        item = ModelAudit(model, revision, usages)
        label = item.label
        if progress:
            progress(f"[{number}/{len(distinct)}] assessing {label}")
        try:
            got = assessor(model, revision)
        except Exception as exc:  # one model's failure must not hide the others
            got = Assessed(None, error=f"{type(exc).__name__}: {exc}")
        item.assessment, item.error, item.resolved_revision = (got.assessment, got.error,
                                                               got.revision)
        item.unavailable = got.unavailable
        if got.assessment is not None:
            item.licence, item.licence_kind, item.licence_reason = licence_of(got.assessment)
            item.obligations = obligations_of(item.licence)
        else:
            item.licence_reason = got.error or "not assessed"
            item.obligations = obligations_of(None)
        models.append(item)
    return models


def audit(root: str | Path, policy: Policy, assessor: Assessor,
          today: dt.date | None = None, progress: Progress | None = None,
          found: Discovery | None = None) -> AuditResult:
    today = today or dt.date.today()
    found = found or discover(root)
    models = assess_models(found, assessor, progress)
    findings, exceptions = evaluate(models, found, policy, today)
    notes = list(found.notes)
    for status in exceptions:
        if not status["applied_to"]:
            notes.append(f"{policy.path}:{status['line']}: the exception for "
                         f"{status['model']} matched no finding")
    return AuditResult(str(root), found, policy, today, models, findings, notes, exceptions)
