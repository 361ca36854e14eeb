"""The outcome of an audit: each distinct model with its assessment, licence,
obligations and findings, the findings that are not about one model
(unresolved ids, expired exceptions), and whether the policy holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from mofkit.audit.usage import Discovery, Usage

if TYPE_CHECKING:
    from mofkit.assess.model import Assessment
    from mofkit.audit.policy import Policy, PolicyException

Level = Literal["error", "warning", "note"]


@dataclass
class Finding:
    """One policy check that does not hold, at the places the model is used."""

    rule: str
    level: Level
    message: str
    usages: list[Usage]
    model: str | None = None
    revision: str | None = None
    waived_by: PolicyException | None = None  # an active exception
    exception: PolicyException | None = None  # for "exception-expired": the one that expired

    @property
    def blocking(self) -> bool:
        return self.level == "error" and self.waived_by is None

    @property
    def where(self) -> str:
        """The first place the finding is about (``""`` for a policy-wide one)."""
        return self.usages[0].where if self.usages else ""

    def to_dict(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "rule": self.rule, "level": self.level, "message": self.message,
            "model": self.model, "revision": self.revision,
            "locations": [u.location() for u in self.usages],
            "waived": self.waived_by is not None,
        }
        if self.waived_by is not None:
            item["waived_by"] = self.waived_by.to_dict()
        if self.exception is not None:
            item["exception"] = self.exception.to_dict()
        return item


@dataclass
class ModelAudit:
    model: str
    revision: str | None  # as pinned in the code (None: the default branch)
    usages: list[Usage]
    assessment: Assessment | None = None
    error: str | None = None  # why it could not be assessed
    unavailable: bool = False  # because the Hub could not be asked: the audit is incomplete
    resolved_revision: str | None = None  # the commit the scan read
    licence: str | None = None  # canonical id / expression, else as written
    licence_kind: str = "unknown"
    licence_reason: str = ""
    obligations: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    allowed_by: str | None = None  # the models.allow pattern that approves it

    @property
    def label(self) -> str:
        return f"{self.model}@{self.revision}" if self.revision else self.model

    @property
    def ok(self) -> bool:
        return not any(f.blocking for f in self.findings)

    def summary(self) -> dict[str, Any] | None:
        a = self.assessment
        if a is None:
            return None
        return {
            "mof_class": a.mof_class,
            "label": a.label,
            "progress": {str(n): round(c.progress, 2) for n, c in sorted(a.classes.items())},
            "osaid": a.osaid.verdict.value,
            "osaid_elements": {k: v.verdict.value for k, v in a.osaid.elements.items()},
            "rules": a.rules,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "revision": self.revision,
            "resolved_revision": self.resolved_revision,
            "usages": [u.to_dict() for u in self.usages],
            "assessment": self.summary(),
            "error": self.error,
            "licence": self.licence,
            "licence_kind": self.licence_kind,
            "licence_reason": self.licence_reason,
            "obligations": self.obligations,
            "allowed_by": self.allowed_by,
            "policy": "pass" if self.ok else "fail",
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class AuditResult:
    root: str
    discovery: Discovery
    policy: Policy
    today: dt.date
    models: list[ModelAudit]
    findings: list[Finding]  # every finding, model findings included, in report order
    notes: list[str] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)  # with their status

    @property
    def ok(self) -> bool:
        return not any(f.blocking for f in self.findings)

    @property
    def failing(self) -> list[Finding]:
        """Findings no exception waives, in report order."""
        return [f for f in self.findings if f.waived_by is None]

    @property
    def waived(self) -> list[Finding]:
        """Findings an exception waives, in report order."""
        return [f for f in self.findings if f.waived_by is not None]

    def obligations(self) -> dict[str, list[str]]:
        from mofkit.audit.obligations import summed

        return summed({m.label: m.obligations for m in self.models})

    def to_dict(self) -> dict[str, Any]:
        from mofkit.audit.obligations import describe

        return {
            "audit": {
                "root": self.root,
                "today": self.today.isoformat(),
                "policy": self.policy.to_dict(),
                "result": "pass" if self.ok else "fail",
                "files_read": self.discovery.files_read,
                "models": len(self.models),
                "blocking": sum(f.blocking for f in self.findings),
            },
            "models": [m.to_dict() for m in self.models],
            "unresolved": [u.to_dict() for u in self.discovery.of_kind("unresolved")],
            "local": [u.to_dict() for u in self.discovery.of_kind("local")],
            "findings": [f.to_dict() for f in self.findings],
            "exceptions": self.exceptions,
            "obligations": [{"obligation": key, "meaning": describe(key), "models": models}
                            for key, models in self.obligations().items()],
            "notes": self.notes,
        }
