"""The assessment: what mofkit concludes about a release, and why.

Every report format (text, JSON, Markdown, MOT YAML, SBOMs...) is produced from
this one object; ``to_dict()`` is its JSON shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mofkit.licenses.verdict import LicenceVerdict
from mofkit.release import Elsewhere, Evidence, Release


class Status(StrEnum):
    OPEN = "open"  # included under an open, type-appropriate licence
    OPEN_WRONG_TYPE = "open-wrong-type"  # counts, with a warning
    NOT_OPEN = "not-open"  # included under a licence that is not open (or unresolved)
    UNLICENSED = "unlicensed"  # included with no licence
    MISSING = "missing"  # not included

    @property
    def counts(self) -> bool:
        return self in (Status.OPEN, Status.OPEN_WRONG_TYPE)


@dataclass
class ComponentResult:
    id: str
    name: str
    type: str
    mof_class: int
    required: bool
    status: Status
    verdict: LicenceVerdict | None = None
    licence_written: str | None = None
    licence_from: str | None = None  # component | code | data | document | distribution
    licence_path: str | None = None
    component_path: str | None = None
    warning: str | None = None
    note: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float | None = None  # how sure a scan is that the component is there
    # Not among the inputs, but the release says where it is (a Hub repo, a git URL...).
    elsewhere: Elsewhere | None = None

    @property
    def why(self) -> str:
        if self.status is Status.MISSING and self.elsewhere is not None:
            return (f"not among the inputs: the release says it is at "
                    f"{self.elsewhere.location}")
        if self.status is Status.MISSING:
            return self.note or "not included in the release"
        if self.status is Status.UNLICENSED:
            return "included, but no licence applies to it"
        return self.verdict.reason if self.verdict else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "class": self.mof_class,
            "required": self.required,
            "status": self.status.value,
            "why": self.why,
            "licence": self.verdict.licence if self.verdict else None,
            "licence_written": self.licence_written,
            "licence_from": self.licence_from,
            "licence_path": self.licence_path,
            "component_path": self.component_path,
            "verdict": self.verdict.to_dict() if self.verdict else None,
            "warning": self.warning,
            "note": self.note,
            "evidence": [e.to_dict() for e in self.evidence],
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "evidence_kind": self.evidence_kind,
        } | ({"elsewhere": self.elsewhere.to_dict()} if self.elsewhere is not None else {})

    @property
    def evidence_kind(self) -> str | None:
        """What the strongest evidence rests on (content, name, card, link)."""
        return self.evidence[0].kind if self.evidence else None


@dataclass
class ClassResult:
    number: int
    label: str
    progress: float
    required_total: int
    included: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_open: list[str] = field(default_factory=list)
    unlicensed: list[str] = field(default_factory=list)
    optional: list[str] = field(default_factory=list)
    substituted: dict[str, str] = field(default_factory=dict)  # replaced id -> substitute id

    @property
    def qualified(self) -> bool:
        return self.progress >= 100.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "class": self.number,
            "label": self.label,
            "progress": round(self.progress, 2),
            "qualified": self.qualified,
            "required_total": self.required_total,
            "included": self.included,
            "missing": self.missing,
            "not_open": self.not_open,
            "unlicensed": self.unlicensed,
            "optional": self.optional,
            "substituted": self.substituted,
        }


class OsaidVerdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass
class ElementResult:
    id: str
    name: str
    verdict: OsaidVerdict
    reasons: list[str] = field(default_factory=list)
    components: dict[str, str] = field(default_factory=dict)  # component id -> short status
    # What the verdict assumes: an "if used" component the release does not show (also the
    # last of the reasons, so that every report that prints reasons shows it).
    conditions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "verdict": self.verdict.value,
            "reasons": self.reasons,
            "conditions": self.conditions,
            "components": self.components,
        }


@dataclass
class OsaidResult:
    verdict: OsaidVerdict
    elements: dict[str, ElementResult]
    notes: list[str] = field(default_factory=list)
    definition: str = ""  # the rules' id, e.g. "osaid-1.0"

    def to_dict(self) -> dict[str, Any]:
        return {
            "definition": self.definition,
            "verdict": self.verdict.value,
            "elements": {k: v.to_dict() for k, v in self.elements.items()},
            "notes": self.notes,
        }


@dataclass
class GapItem:
    component: str
    name: str
    action: str  # release | license | relicense | respell | document | scan | choose
    licence_type: str
    suggestion: str
    why: str
    alternatives: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "component": self.component,
            "name": self.name,
            "action": self.action,
            "licence_type": self.licence_type,
            "suggestion": self.suggestion,
            "why": self.why,
            "alternatives": self.alternatives,
        }


@dataclass
class Gap:
    target: str  # "3", "2", "1" or "osaid"
    label: str
    items: list[GapItem]

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "label": self.label,
            "steps": len(self.items),
            "items": [i.to_dict() for i in self.items],
        }


ATTACHMENTS = "attachments"


@dataclass(frozen=True)
class Attachments:
    """What the steps around the assessment add to it, under the one key
    ``"attachments"`` of its JSON shape: the scan's own section (roots, files, conflicts,
    licences, restrictions, hints...; none for a record) and what the Hugging Face Hub
    says of the repo (``Release.hub``; none off the Hub). A fixed set of typed fields,
    so nothing attached can overwrite the assessment's own keys.
    """

    scan: dict[str, Any] | None = None
    hub: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"scan": self.scan, "hub": self.hub}

    @classmethod
    def of(cls, result: Mapping[str, Any]) -> Attachments:
        """The attachments of an assessment's JSON shape (``Assessment.to_dict()``, a
        stored result); a missing or malformed one reads as none."""
        found = result.get(ATTACHMENTS)
        if not isinstance(found, Mapping):
            return cls()
        scan, hub = found.get("scan"), found.get("hub")
        return cls(scan if isinstance(scan, dict) else None,
                   hub if isinstance(hub, dict) else None)


@dataclass
class Assessment:
    source: str
    release: Release
    rules: str  # "mof" or "mot-compat"
    rules_version: str
    mof_class: int
    label: str
    classes: dict[int, ClassResult]
    components: list[ComponentResult]
    warnings: list[str]
    osaid: OsaidResult
    gaps: list[Gap]
    # What a scan found besides the components: its licence conflicts (objects with
    # to_dict()) and its own report section (JSON-ready, the "scan" attachment).
    conflicts: list[Any] = field(default_factory=list)
    scan: dict[str, Any] | None = None

    @property
    def progress(self) -> dict[int, float]:
        return {n: c.progress for n, c in self.classes.items()}

    @property
    def total_progress(self) -> float:
        return sum(self.progress.values()) / len(self.classes)

    @property
    def attachments(self) -> Attachments:
        return Attachments(scan=self.scan, hub=self.release.hub)

    def component(self, cid: str) -> ComponentResult:
        for item in self.components:
            if item.id == cid:
                return item
        raise KeyError(cid)

    def to_dict(self) -> dict[str, Any]:
        rel = self.release
        out: dict[str, Any] = {
            "source": self.source,
            "release": {
                "name": rel.name,
                "version": rel.version,
                "producer": rel.producer,
                "date": rel.date,
                "release_date": rel.release_date.to_dict() if rel.release_date else None,
                "type": rel.type,
                "origin": rel.origin,
                "repository": rel.repository,
                "huggingface": rel.huggingface,
                "revision": rel.revision,
            },
            "rules": {"name": self.rules, "version": self.rules_version},
            "mof": {
                "class": self.mof_class,
                "label": self.label,
                "progress": {str(n): round(c.progress, 2) for n, c in
                             sorted(self.classes.items())},
                "total_progress": round(self.total_progress, 2),
                "classes": [c.to_dict() for _, c in sorted(self.classes.items(),
                                                           key=lambda kv: -kv[0])],
                "components": [c.to_dict() for c in self.components],
                "warnings": self.warnings,
            },
            "osaid": self.osaid.to_dict(),
            "gaps": [g.to_dict() for g in self.gaps],
            "notes": rel.notes,
        }
        if self.conflicts:
            out["conflicts"] = [c.to_dict() for c in self.conflicts]
        out[ATTACHMENTS] = self.attachments.to_dict()
        return out
