"""CycloneDX 1.6 ML-BOM (JSON).

The release is a ``machine-learning-model`` component with a ``modelCard``; each
MOF component the release includes is a component of its own (code as
``application``/``library``, weights and documents as ``file``, datasets as
``data``) with its licence (an SPDX ``expression`` when the licence resolved,
else the name as written) acknowledged as ``declared``, and the model depends on
each. Openness has no field in CycloneDX, so the verdict is carried as
namespaced properties (``mof:*``, ``osaid:*``), as the ML-BOM guidance suggests.

One release: the model is ``metadata.component`` and its parts are
``components``. Several: each model is a top-level component with its parts
nested. Written by hand (the Python library cannot emit ``modelCard`` yet) and
checked against the official 1.6 schema in the tests.
"""

from __future__ import annotations

import json
from typing import Any

from mofkit.assess.model import Assessment, ComponentResult, Status
from mofkit.report.common import (
    ROMAN,
    created_at,
    first_evidence,
    slug,
    stable_uuid,
)
from mofkit.rules.ids import (
    DATASETS,
    EVALUATION_DATA,
    SAMPLE_OUTPUTS,
    SUPPORTING_LIBRARIES,
    WEIGHTS,
)

DATA_COMPONENTS = {DATASETS: "dataset", EVALUATION_DATA: "dataset",
                   SAMPLE_OUTPUTS: "other"}


def _prop(name: str, value: object) -> dict[str, str]:
    return {"name": name, "value": str(value)}


def licence_choice(c: ComponentResult) -> list[dict[str, Any]]:
    """A component's licence as a CycloneDX licence choice (may be empty)."""
    if c.status in (Status.MISSING, Status.UNLICENSED):
        return []
    resolved = c.verdict.licence if c.verdict else None
    if resolved:
        return [{"expression": resolved, "acknowledgement": "declared"}]
    written = c.licence_written or (c.verdict.written if c.verdict else None)
    if written:
        return [{"license": {"name": written, "acknowledgement": "declared"}}]
    return []


def _part(c: ComponentResult, ref: str, description: str | None) -> dict[str, Any]:
    if c.id in DATA_COMPONENTS:
        ctype = "data"
    elif c.id == SUPPORTING_LIBRARIES:
        ctype = "library"
    elif c.type == "code":
        ctype = "application"
    else:
        ctype = "file"
    item: dict[str, Any] = {"type": ctype, "bom-ref": ref, "name": c.name}
    if description:
        item["description"] = description
    licences = licence_choice(c)
    if licences:
        item["licenses"] = licences
    if ctype == "data":
        item["data"] = [{"type": DATA_COMPONENTS[c.id], "name": c.name}]
    props = [
        _prop("mof:component", c.id),
        _prop("mof:class", ROMAN[c.mof_class]),
        _prop("mof:required", str(c.required).lower()),
        _prop("mof:status", c.status.value),
    ]
    if c.verdict is not None:
        props.append(_prop("mof:licence-verdict", c.verdict.kind.value))
    if c.licence_from:
        props.append(_prop("mof:licence-from", c.licence_from))
    if c.licence_path:
        props.append(_prop("mof:licence-path", c.licence_path))
    if c.component_path:
        props.append(_prop("mof:component-path", c.component_path))
    ev = first_evidence(c)
    if ev:
        props.append(_prop("mof:evidence", ev))
    item["properties"] = props
    return item


def _model(a: Assessment, prefix: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rel = a.release
    ref = f"{prefix}model"
    descriptions = {e.component: e.description for e in rel.components}
    parts = [
        _part(c, f"{prefix}{c.id}", descriptions.get(c.id))
        for c in a.components if c.status is not Status.MISSING
    ]
    model: dict[str, Any] = {"type": "machine-learning-model", "bom-ref": ref,
                             "name": rel.name or a.source}
    if rel.version:
        model["version"] = rel.version
    if rel.producer:
        model["supplier"] = {"name": rel.producer}
    try:
        weights = a.component(WEIGHTS)
        licences = licence_choice(weights)
    except KeyError:
        licences = []
    if licences:
        model["licenses"] = licences
    refs = []
    for kind, url in (("website", rel.huggingface), ("vcs", rel.repository)):
        if url:
            refs.append({"type": kind, "url": url})
    if refs:
        model["externalReferences"] = refs
    params: dict[str, Any] = {}
    if rel.architecture:
        params["modelArchitecture"] = rel.architecture
    if rel.origin:
        params["architectureFamily"] = rel.origin
    datasets = [{"ref": f"{prefix}{c.id}"} for c in a.components
                if c.id == DATASETS and c.status is not Status.MISSING]
    if datasets:
        params["datasets"] = datasets
    card_props = [
        _prop("mof:framework", "Model Openness Framework 1.0"),
        _prop("mof:rules", a.rules),
        _prop("mof:class", ROMAN.get(a.mof_class, "none")),
        _prop("mof:label", a.label),
    ]
    for n in (3, 2, 1):
        card_props.append(_prop(f"mof:progress:class-{ROMAN[n]}", f"{a.classes[n].progress:g}"))
    missing = [c.id for c in a.components if c.status is Status.MISSING]
    if missing:
        card_props.append(_prop("mof:missing", ", ".join(missing)))
    card_props.append(_prop("osaid:verdict", a.osaid.verdict.value))
    for eid, el in a.osaid.elements.items():
        card_props.append(_prop(f"osaid:{eid}", el.verdict.value))
    card: dict[str, Any] = {"bom-ref": f"{prefix}model-card"}
    if params:
        card["modelParameters"] = params
    card["properties"] = card_props
    model["modelCard"] = card
    return model, parts


def bom(assessments: list[Assessment]) -> dict[str, Any]:
    from mofkit.report.common import mofkit_version

    doc: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{stable_uuid(assessments)}",
        "version": 1,
        "metadata": {
            "timestamp": created_at(),
            "tools": {"components": [{"type": "application", "name": "mofkit",
                                      "version": mofkit_version()}]},
        },
    }
    dependencies = []
    if len(assessments) == 1:
        model, parts = _model(assessments[0], "")
        doc["metadata"]["component"] = model
        doc["components"] = parts
        dependencies.append({"ref": model["bom-ref"],
                             "dependsOn": [p["bom-ref"] for p in parts]})
    else:
        models = []
        for i, a in enumerate(assessments, 1):
            model, parts = _model(a, f"{i}-{slug(a.release.name or a.source)}/")
            if parts:
                model["components"] = parts
            models.append(model)
            dependencies.append({"ref": model["bom-ref"],
                                 "dependsOn": [p["bom-ref"] for p in parts]})
        doc["components"] = models
    doc["dependencies"] = dependencies
    return doc


def render_cyclonedx(assessments: list[Assessment], **_: Any) -> str:
    return json.dumps(bom(assessments), indent=2, ensure_ascii=False) + "\n"
