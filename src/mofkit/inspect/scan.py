"""Run every inspector over a snapshot and describe the release.

``scan(snapshot)`` returns a :class:`ScanResult`: the findings per component,
the :class:`~mofkit.release.Release` the assessment consumes (one entry per
component found, with the licence the release states for it and its
evidence), licence conflicts, use restrictions, the declared-record checks
and every problem met on the way. Nothing here decides openness.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mofkit.inspect import (
    architecture,
    card_links,
    checkpoints,
    code,
    data_card,
    datasets,
    elsewhere,
    evaluation,
    libraries,
    metadata,
    model_card,
    papers,
    release_date,
    samples,
    weights,
)
from mofkit.inspect.card import ModelCard
from mofkit.inspect.context import FetchLink, ScanContext
from mofkit.inspect.declared import Check, check_record
from mofkit.inspect.finding import INCLUDE_AT, Finding, with_kind
from mofkit.inspect.licences import Conflict, LicenceMap, Statement, build_licence_map
from mofkit.release import ComponentEntry, Elsewhere, Evidence, Release
from mofkit.rules import load_mof
from mofkit.sources.snapshot import Root, Snapshot

Inspector = Callable[[ScanContext], list[Finding]]
INSPECTORS: tuple[Inspector, ...] = (
    weights.inspect, checkpoints.inspect, architecture.inspect, code.inspect,
    libraries.inspect, model_card.inspect, data_card.inspect, papers.inspect,
    evaluation.inspect, datasets.inspect, samples.inspect, metadata.inspect,
)
MAX_EVIDENCE = 20  # evidence items kept per component; the rest are counted


@dataclass
class ComponentScan:
    """What the scan found for one component."""

    component: str
    findings: list[Finding]
    statement: Statement | None = None
    licences: dict[str, str | None] = field(default_factory=dict)  # finding path -> licence

    @property
    def confidence(self) -> float:
        return max((f.confidence for f in self.findings), default=0.0)

    @property
    def found(self) -> bool:
        return self.confidence >= INCLUDE_AT

    def evidence(self) -> list[Evidence]:
        items = [f.evidence(self.licences.get(_key(f))) for f in self.findings[:MAX_EVIDENCE]]
        rest = len(self.findings) - MAX_EVIDENCE
        if rest > 0:
            items.append(Evidence(path="…", why=f"and {rest} more finding(s)", confidence=0.0))
        return items


@dataclass
class ScanResult:
    snapshot: Snapshot
    release: Release
    components: dict[str, ComponentScan]
    conflicts: list[Conflict]
    restrictions: list[Finding]
    declared: list[Check]
    declared_path: str | None
    notes: list[str]
    lineage: dict[str, Any] = field(default_factory=dict)
    licences: LicenceMap | None = None
    # Links of the release that were followed to read it whole (pipeline.follow).
    followed: list[dict[str, Any]] = field(default_factory=list)
    card: ModelCard | None = None  # the model card read (what the pipeline follows from)

    def licence_dict(self) -> dict[str, Any]:
        """The licences the release states: the model's own, those scoped to one part
        (code, weights, data...), and licence texts that were not identified."""
        if self.licences is None:
            return {}
        model = self.licences.model_licence()
        texts = [s for group in self.licences.files.values() for s in group]
        return {
            "model": model.to_dict() if model is not None else None,
            "scoped": [s.to_dict() for s in self.licences.scoped()],
            "unidentified_texts": [s.to_dict() for s in texts if not s.identified],
        }

    def scan_dict(self) -> dict[str, Any]:
        """The scan's own part of the JSON report (the assessment adds the rest)."""
        return {
            "roots": [
                {"label": r.label or "model", "location": r.location, "kind": r.kind,
                 "revision": r.revision} for r in self.snapshot.roots
            ],
            "files": len(self.snapshot.files),
            "bytes": sum(item.size for item in self.snapshot.files),
            "conflicts": [c.to_dict() for c in self.conflicts],
            "licences": self.licence_dict(),
            "followed": self.followed,
            "restrictions": [
                {"path": f.path, "line": f.line, "why": f.why} for f in self.restrictions
            ],
            "declared": {
                "path": self.declared_path,
                "checks": [c.to_dict() for c in self.declared],
            },
            "hints": {
                cid: [f.evidence().to_dict() for f in scan.findings[:5]]
                for cid, scan in self.components.items() if not scan.found and scan.findings
            },
            "lineage": self.lineage,
            "problems": self.notes,
        }


def _key(finding: Finding) -> str:
    return f"{finding.path}#{finding.line}#{finding.why}"


def run_inspectors(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    card_path = ctx.card.path if ctx.card is not None else None
    for inspector in INSPECTORS:
        findings.extend(with_kind(finding, card_path) for finding in inspector(ctx))
    return findings


def repo_name(root: Root) -> str:
    """A release's name from where it is: a folder's name, a git URL's last part (not
    the cache folder the clone lives in)."""
    if root.kind == "git":
        tail = re.split(r"[/:]", root.location.rstrip("/"))[-1].removesuffix(".git")
        return tail or root.path.name
    return root.path.name


def scan(snapshot: Snapshot, name: str | None = None,
         fetch_link: FetchLink | None = None) -> ScanResult:
    """Inspect ``snapshot``. ``fetch_link`` (from the pipeline, when links are followed)
    fetches a file the card links outside the release (``license_link``)."""
    ctx = ScanContext.build(snapshot, fetch_link)
    findings = run_inspectors(ctx)
    licences = build_licence_map(ctx)
    rules = load_mof()
    by_component: dict[str, list[Finding]] = {c.id: [] for c in rules.components}
    for finding in findings:
        by_component.setdefault(finding.component, []).append(finding)
    scans: dict[str, ComponentScan] = {}
    for component, items in by_component.items():
        items.sort(key=lambda f: (-f.confidence, f.external, f.path, f.line or 0))
        scans[component] = _component(component, items, licences)
    release = _release(ctx, scans, name)
    release.elsewhere = _elsewhere(ctx, scans)
    notes = list(snapshot.problems)
    if ctx.card is not None and ctx.card.error:
        notes.append(f"{ctx.card.path}:{ctx.card.error_line}: {ctx.card.error}")
    notes += ctx.notes
    notes += licences.notes
    checks, declared_path = check_record(snapshot, release)
    notes += release.notes
    release.notes = notes
    return ScanResult(
        snapshot=snapshot, release=release, components=scans, conflicts=licences.conflicts,
        restrictions=licences.policies, declared=checks, declared_path=declared_path,
        notes=notes, lineage=_lineage(ctx), licences=licences, card=ctx.card,
    )


def _elsewhere(ctx: ScanContext, scans: dict[str, ComponentScan]) -> list[Elsewhere]:
    """The parts not among the inputs that the card says are elsewhere."""
    primary = ctx.snapshot.primary
    inside = {cid for cid, result in scans.items() if result.found and any(
        not f.external for f in result.findings if f.confidence >= INCLUDE_AT)}
    outside = {cid for cid, result in scans.items() if result.found} - inside
    hub_id = None
    if primary.kind == "hf":
        hub_id = primary.location.removeprefix("hf:").split("@")[0]
    return elsewhere.find_elsewhere(ctx.card, primary.location, primary.kind, hub_id,
                                    inside, outside)


def _lineage(ctx: ScanContext) -> dict[str, Any]:
    """The base model a fine-tune names in its card (``base_model``, or a phrase such as
    "fine-tuned from org/name" in its prose), relation, line."""
    if ctx.card is None:
        return {}
    bases = card_links.base_models(ctx.card)
    if not bases:
        return {}
    relation = ctx.metadata.get("base_model_relation")
    return {"base_model": [item.name for item in bases],
            "relation": str(relation) if relation else None,
            "path": ctx.card.path, "line": bases[0].line,
            "stated_in": "metadata" if bases[0].how == "metadata" else "prose"}


def _component(component: str, items: list[Finding], licences: LicenceMap) -> ComponentScan:
    result = ComponentScan(component, items)
    chosen: Statement | None = None
    decided = False
    for finding in items:
        statement = licences.resolve(component, finding)
        result.licences[_key(finding)] = statement.licence if statement else None
        if decided or finding.confidence < INCLUDE_AT:
            continue
        if not finding.external:
            chosen, decided = statement, True  # the best file of the release decides
        elif chosen is None and statement is not None:
            chosen = statement  # an outside source that states its licence
    result.statement = chosen
    return result


def _release(ctx: ScanContext, scans: dict[str, ComponentScan], name: str | None) -> Release:
    snapshot = ctx.snapshot
    primary = snapshot.primary
    meta = ctx.metadata
    index = meta.get("model-index")
    card_name = meta.get("model_name") or (
        index[0].get("name") if isinstance(index, list) and index and isinstance(index[0], dict)
        else None
    )
    release = Release(
        name=name or (str(card_name) if card_name else repo_name(primary)),
        source=primary.location,
        repository=primary.location if primary.kind == "git" else None,
    )
    release.release_date = release_date.from_card(ctx.card)
    bases = card_links.base_models(ctx.card) if ctx.card is not None else []
    if bases:
        release.origin = ", ".join(item.name for item in bases)
    for component, result in scans.items():
        if not result.found:
            continue
        statement = result.statement
        in_release = any(not f.external for f in result.findings if f.confidence >= INCLUDE_AT)
        if statement is not None:
            licence: str | None = statement.licence
        else:
            licence = "" if in_release else None
        entry = ComponentEntry(
            component=component,
            licence=licence,
            licence_path=statement.path if statement else None,
            component_path=result.findings[0].path,
            evidence=result.evidence(),
        )
        entry.extra["confidence"] = round(result.confidence, 3)
        if statement is not None:
            entry.extra["licence_source"] = statement.source
            entry.extra["licence_line"] = statement.line
        if not in_release:
            entry.extra["external"] = True
        release.components.append(entry)
    return release
