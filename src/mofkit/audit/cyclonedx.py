"""The whole inventory as one CycloneDX 1.6 ML-BOM (JSON).

The audited codebase is ``metadata.component`` (an application) and depends on
every model it uses. Each assessed model is the ``machine-learning-model``
component that ``mofkit.report.cyclonedx`` writes for a release (modelCard with
the MOF class, progress and OSAID, its parts as nested components), with a
``pkg:huggingface`` purl at the commit that was read and ``mof:audit:*``
properties: the policy verdict, the obligations and every place of use. A model
that could not be assessed is listed by name with the error.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from mofkit.audit.result import AuditResult, ModelAudit
from mofkit.rules.ids import MODEL_CARD


def _prop(name: str, value: object) -> dict[str, str]:
    return {"name": name, "value": str(value)}


def _purl(m: ModelAudit) -> str | None:
    from urllib.parse import quote

    revision = m.resolved_revision or m.revision
    parts = m.model.split("/")
    path = "/".join(quote(p, safe=".-_") for p in parts)
    return f"pkg:huggingface/{path}" + (f"@{quote(revision, safe='')}" if revision else "")


def _audit_props(m: ModelAudit) -> list[dict[str, str]]:
    props = [_prop("mof:audit:policy", "pass" if m.ok else "fail"),
             _prop("mof:audit:licence-kind", m.licence_kind)]
    if m.revision:
        props.append(_prop("mof:audit:pinned-revision", m.revision))
    if m.obligations:
        props.append(_prop("mof:audit:obligations", ", ".join(m.obligations)))
    for finding in m.findings:
        state = "waived" if finding.waived_by is not None else finding.level
        props.append(_prop(f"mof:audit:finding:{finding.rule}", f"{state}: {finding.message}"))
    props += [_prop("mof:audit:used-at", u.where) for u in m.usages]
    if m.error:
        props.append(_prop("mof:audit:error", m.error))
    return props


def bom(result: AuditResult) -> dict[str, Any]:
    from mofkit.report.common import created_at, mofkit_version, slug
    from mofkit.report.cyclonedx import bom as release_bom

    models: list[dict[str, Any]] = []
    for number, m in enumerate(result.models, 1):
        prefix = f"{number}-{slug(m.label)}/"
        if m.assessment is not None:
            one = release_bom([m.assessment])
            model = one["metadata"]["component"]
            parts = one.get("components", [])
            renamed = {p["bom-ref"]: prefix + p["bom-ref"] for p in parts}
            for part in parts:
                part["bom-ref"] = renamed[part["bom-ref"]]
            card = model.get("modelCard", {})
            card["bom-ref"] = prefix + card.get("bom-ref", MODEL_CARD)
            for ref in card.get("modelParameters", {}).get("datasets", []):
                ref["ref"] = renamed.get(ref["ref"], ref["ref"])
            if parts:
                model["components"] = parts
        else:
            model = {"type": "machine-learning-model", "name": m.model}
        model["bom-ref"] = prefix + "model"
        model["name"] = m.model
        if m.resolved_revision or m.revision:
            model["version"] = m.resolved_revision or m.revision
        purl = _purl(m)
        if purl:
            model["purl"] = purl
        model["properties"] = model.get("properties", []) + _audit_props(m)
        models.append(model)
    root = Path(result.root).resolve()
    app_ref = "codebase"
    doc: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "mofkit-audit:"
                                                     + json.dumps(result.to_dict(),
                                                                  sort_keys=True))),
        "version": 1,
        "metadata": {
            "timestamp": created_at(),
            "tools": {"components": [{"type": "application", "name": "mofkit",
                                      "version": mofkit_version()}]},
            "component": {"type": "application", "bom-ref": app_ref, "name": root.name,
                          "properties": [
                              _prop("mof:audit:result", "pass" if result.ok else "fail"),
                              _prop("mof:audit:policy", result.policy.path or "none"),
                              _prop("mof:audit:today", result.today.isoformat())]},
        },
        "components": models,
        "dependencies": [{"ref": app_ref, "dependsOn": [m["bom-ref"] for m in models]}] + [
            {"ref": m["bom-ref"], "dependsOn": [p["bom-ref"] for p in m.get("components", [])]}
            for m in models],
    }
    return doc


def render_cyclonedx(result: AuditResult) -> str:
    return json.dumps(bom(result), indent=2, ensure_ascii=False) + "\n"
