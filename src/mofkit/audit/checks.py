"""The policy checks, each with a rule id (SARIF ``ruleId``), and their evaluation.

Order for one model: a model on ``models.deny`` fails ``model-denied``; a model
on ``models.allow`` is approved and no other check applies to it; a model that
could not be assessed fails ``not-assessed`` (or warns, as the policy says);
then ``min-class``, ``osaid``, ``licence-denied`` (a licence on
``licences.deny``) and ``licence-kind`` (the kind denied, or not among the
allowed kinds, unless ``licences.allow`` names the licence).

An exception that matches the model and the check waives the finding while
``today <= expires``; after that it no longer applies, the finding blocks again,
and an ``exception-expired`` warning says so. ``today`` is a parameter, so a
policy evaluates the same way in tests and in reruns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mofkit.audit.policy import Policy, match_model
from mofkit.audit.result import Finding, Level, ModelAudit
from mofkit.rules.ids import WEIGHTS

if TYPE_CHECKING:
    from mofkit.audit.usage import Discovery


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    short: str
    help: str


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("model-denied", "ModelDenied", "The model is on the policy's deny list",
         "Remove the model or take it off models.deny in mof-policy.yml."),
    Rule("min-class", "MinimumMofClass", "The model does not reach the policy's MOF class",
         "Use a model that meets min_class, or add a dated exception with a reason."),
    Rule("osaid", "OsaidRequired", "The policy requires OSAID 1.0 and the model does not pass",
         "Use a model that passes the Open Source AI Definition, or add an exception."),
    Rule("licence-kind", "LicenceKind", "The model's licence is of a kind the policy does not "
         "allow", "Use a model under an allowed kind of licence, list its licence under "
         "licences.allow, or add an exception."),
    Rule("licence-denied", "LicenceDenied", "The model's licence is on the policy's deny list",
         "Use a model under another licence."),
    Rule("not-assessed", "NotAssessed", "The model could not be assessed (not on the Hub, no "
         "access, or a network error)", "Check the id and access; rerun the audit."),
    Rule("unresolved", "UnresolvedModelId", "A model id built at run time: the audit cannot "
         "tell which model is used", "Use a constant id, or list the model in models.txt."),
    Rule("exception-expired", "ExceptionExpired", "A policy exception has expired and no "
         "longer applies", "Renew the exception with a new date and reason, or fix the "
         "finding."),
)}


def licence_of(a: Any) -> tuple[str | None, str, str]:
    """(licence, policy kind, reason) of an assessed model: its final weights' licence."""
    try:
        weights = a.component(WEIGHTS)
    except KeyError:
        return None, "unknown", "the assessment has no weights component"
    status = weights.status.value
    if status == "missing":
        return None, "unknown", "no weights were found in the release"
    if status == "unlicensed" or weights.verdict is None:
        return None, "unlicensed", weights.why
    verdict = weights.verdict
    kind = verdict.kind.value
    if kind == "open-wrong-type":
        kind = "open"
    return verdict.licence or verdict.written, kind, verdict.reason


def _licence_in(licence: str | None, listed: tuple[str, ...], deny: bool) -> bool:
    """Whether a licence (an id or an expression) is covered by the list: for deny, an
    AND with a denied part, or an OR whose every choice is denied; for allow, the reverse."""
    if not licence or not listed:
        return False
    wanted = {x.lower() for x in listed}
    if licence.lower() in wanted:
        return True
    from mofkit.licenses.expression import combine, parse

    node = parse(licence)
    if node is None:
        return False
    return bool(combine(node, lambda leaf: leaf.licence.lower() in wanted,
                        any if not deny else all, all if not deny else any))


def _model_findings(m: ModelAudit, policy: Policy) -> list[tuple[str, Level, str]]:
    found: list[tuple[str, Level, str]] = []
    deny = next((p for p in policy.deny_models if match_model(p, m.model)), None)
    if deny:
        found.append(("model-denied", "error", f"{m.model} is denied by models.deny ({deny})"))
    allow = next((p for p in policy.allow_models if match_model(p, m.model)), None)
    if allow and not deny:
        m.allowed_by = allow
        return found
    if m.assessment is None:
        level: Level = "error" if policy.not_assessed == "fail" else "warning"
        found.append(("not-assessed", level, f"{m.label} could not be assessed: {m.error}"))
        return found
    a = m.assessment
    from mofkit.report.common import ROMAN, class_shortfall, osaid_shortfall, percent

    if policy.min_class and not a.classes[policy.min_class].qualified:
        need = ROMAN[policy.min_class]
        missing = ", ".join(class_shortfall(a, policy.min_class)[:4])
        found.append(("min-class", "error",
                      f"{m.label} is {a.label or 'not classed'}; the policy asks for Class "
                      f"{need} ({percent(a.classes[policy.min_class].progress)} there"
                      + (f": {missing}" if missing else "") + ")"))
    if policy.osaid_required and a.osaid.verdict.value != "pass":
        why = ", ".join(osaid_shortfall(a)[:3])
        found.append(("osaid", "error", f"{m.label}: OSAID 1.0 {a.osaid.verdict.value}"
                      + (f" ({why})" if why else "") + "; the policy requires pass"))
    if _licence_in(m.licence, policy.deny_licences, deny=True):
        found.append(("licence-denied", "error",
                      f"{m.label} is under {m.licence}, which licences.deny lists"))
    elif not _licence_in(m.licence, policy.allow_licences, deny=False):
        kind = m.licence_kind
        if kind in policy.deny_kinds or (policy.allow_kinds and kind not in policy.allow_kinds):
            found.append(("licence-kind", "error",
                          f"{m.label} is under {m.licence or 'no licence'} ({kind}: "
                          f"{m.licence_reason}); the policy does not allow {kind} licences"))
    return found


def evaluate(models: list[ModelAudit], discovery: Discovery, policy: Policy,
             today: dt.date) -> tuple[list[Finding], list[dict[str, Any]]]:
    """Fill each model's findings; return every finding and the exceptions' status."""
    findings: list[Finding] = []
    used: dict[int, list[str]] = {}
    expired_reported: set[tuple[int, str]] = set()
    for m in models:
        for rule, level, message in _model_findings(m, policy):
            finding = Finding(rule, level, message, m.usages, m.model, m.revision)
            for index, exc in enumerate(policy.exceptions):
                if not exc.matches(m.model) or rule not in exc.checks:
                    continue
                used.setdefault(index, []).append(m.label)
                if exc.active(today):
                    finding.waived_by = exc
                    break
                if (index, m.label) not in expired_reported:
                    expired_reported.add((index, m.label))
                    findings.append(Finding(
                        "exception-expired", "warning",
                        f"the exception for {exc.model} ({exc.reason}) expired on "
                        f"{exc.expires.isoformat()} ({policy.path}:{exc.line}); it no longer "
                        f"waives {m.label}", m.usages, m.model, m.revision, exception=exc))
            m.findings.append(finding)
            findings.append(finding)
    levels: dict[str, Level] = {"fail": "error", "warn": "warning"}
    unresolved = levels.get(policy.unresolved)
    if unresolved:
        for usage in discovery.of_kind("unresolved"):
            findings.append(Finding("unresolved", unresolved,
                                    f"model id built at run time: {usage.expression}",
                                    [usage]))
    status = []
    for index, exc in enumerate(policy.exceptions):
        state = "active" if exc.active(today) else "expired"
        status.append({**exc.to_dict(), "status": state,
                       "applied_to": sorted(set(used.get(index, [])))})
    order = {rule: n for n, rule in enumerate(RULES)}
    findings.sort(key=lambda f: (f.waived_by is not None, order[f.rule], f.model or "",
                                 f.where))
    return findings, status
