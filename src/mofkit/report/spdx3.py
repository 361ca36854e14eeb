"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles.

Per release: an ``ai_AIPackage`` for the model (supplied by an ``Organization``
for the producer), a ``dataset_DatasetPackage`` for each included dataset
component (training data via ``trainedOn``, evaluation data via ``testedOn``),
``software_Package``/``software_File`` for the other included components
(``contains``, documents also ``hasDocumentation``), and each licence as a
``simplelicensing_LicenseExpression`` linked by ``hasDeclaredLicense``
(unlicensed components link to ``expandedlicensing_NoneLicense``; a licence
that did not resolve becomes ``LicenseRef-mofkit-<name as written>``). The MOF
and OSAID verdicts are ``review`` ``Annotation``s on the AI package, since SPDX
has no openness field. All in one ``SpdxDocument``.

Ids are derived from the content (a UUID5), and ``created`` honours
``SOURCE_DATE_EPOCH``, so equal input can give byte-identical output.
Written by hand; the tests deserialise it with ``spdx-python-model``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mofkit.assess.model import Assessment, ComponentResult, Status
from mofkit.report.common import (
    ROMAN,
    class_summary,
    created_at,
    mofkit_version,
    slug,
    stable_uuid,
)
from mofkit.rules.ids import (
    DATASETS,
    EVALUATION_DATA,
    INTERMEDIATE_WEIGHTS,
    MODEL_METADATA,
    SUPPORTING_LIBRARIES,
    WEIGHTS,
)

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
CREATION = "_:creationinfo"
NONE_LICENSE = "expandedlicensing_NoneLicense"
PURPOSE = {"code": "source", "document": "documentation", "data": "data"}
SPECIAL_PURPOSE = {
    WEIGHTS: "model",
    INTERMEDIATE_WEIGHTS: "model",
    MODEL_METADATA: "configuration",
    SUPPORTING_LIBRARIES: "library",
}
DATA_RELATIONS = {DATASETS: "trainedOn", EVALUATION_DATA: "testedOn"}
_LICENSEREF = re.compile(r"[^A-Za-z0-9.-]+")


class _Doc:
    def __init__(self, base: str) -> None:
        self.base = base
        self.graph: list[dict[str, Any]] = []
        self.ids: list[str] = []
        self.count = 0

    def add(self, item: dict[str, Any], local: str | None = None) -> str:
        if local is None:
            self.count += 1
            local = f"{item['type'].split('_')[-1].lower()}-{self.count}"
        spdx_id = f"{self.base}#{local}"
        self.graph.append({"type": item.pop("type"), "spdxId": spdx_id,
                           "creationInfo": CREATION, **item})
        self.ids.append(spdx_id)
        return spdx_id

    def relate(self, source: str, kind: str, targets: list[str]) -> None:
        if targets:
            self.add({"type": "Relationship", "from": source, "relationshipType": kind,
                      "to": targets})


def licence_expression(c: ComponentResult) -> str | None:
    """The SPDX expression for a component's licence; None when it has none."""
    if c.status in (Status.MISSING, Status.UNLICENSED):
        return None
    if c.verdict is not None and c.verdict.licence:
        return c.verdict.licence
    written = c.licence_written or (c.verdict.written if c.verdict else None)
    if not written:
        return None
    return "LicenseRef-mofkit-" + (_LICENSEREF.sub("-", written).strip("-") or "unknown")


def _release(doc: _Doc, a: Assessment, n: int, licences: dict[str, str]) -> str:
    rel = a.release
    tag = f"{n}-{slug(rel.name or a.source)}"
    model: dict[str, Any] = {"type": "ai_AIPackage", "name": rel.name or a.source,
                             "software_primaryPurpose": "model"}
    if rel.version:
        model["software_packageVersion"] = rel.version
    url = rel.huggingface or rel.repository
    if url:
        model["software_downloadLocation"] = url
    if rel.date:
        model["releaseTime"] = f"{rel.date}T00:00:00Z" if len(rel.date) == 10 else rel.date
    if rel.type:
        model["ai_domain"] = [rel.type]
    if rel.architecture:
        model["ai_typeOfModel"] = [rel.architecture]
    if rel.producer:
        org = doc.add({"type": "Organization", "name": rel.producer}, f"{tag}-producer")
        model["suppliedBy"] = org
    model_id = doc.add(model, f"{tag}-model")

    def licence_id(expr: str) -> str:
        if expr not in licences:
            licences[expr] = doc.add({"type": "simplelicensing_LicenseExpression",
                                      "simplelicensing_licenseExpression": expr},
                                     f"licence-{len(licences) + 1}")
        return licences[expr]

    descriptions = {e.component: e.description for e in rel.components}
    contains: list[str] = []
    docs: list[str] = []
    by_relation: dict[str, list[str]] = {}
    for c in a.components:
        if c.status is Status.MISSING:
            continue
        item: dict[str, Any] = {"name": c.name}
        if descriptions.get(c.id):
            item["description"] = descriptions[c.id]
        item["comment"] = (f"MOF 1.0 component {c.id} (Class {ROMAN[c.mof_class]}"
                           f"{'' if c.required else ', optional'}): {c.status.value}")
        if c.id in DATA_RELATIONS:
            item.update(type="dataset_DatasetPackage", dataset_datasetType=["noAssertion"],
                        software_primaryPurpose="data")
        elif c.type == "code":
            item.update(type="software_Package",
                        software_primaryPurpose=SPECIAL_PURPOSE.get(c.id, "source"))
        else:
            item.update(type="software_File",
                        software_primaryPurpose=SPECIAL_PURPOSE.get(c.id, PURPOSE[c.type]))
        part = doc.add(item, f"{tag}-{c.id}")
        contains.append(part)
        if c.id in DATA_RELATIONS:
            by_relation.setdefault(DATA_RELATIONS[c.id], []).append(part)
        if c.type == "document":
            docs.append(part)
        expr = licence_expression(c)
        if expr:
            doc.relate(part, "hasDeclaredLicense", [licence_id(expr)])
        elif c.status is Status.UNLICENSED:
            doc.relate(part, "hasDeclaredLicense", [NONE_LICENSE])
        if c.id == WEIGHTS and expr:
            doc.relate(model_id, "hasDeclaredLicense", [licence_id(expr)])
    doc.relate(model_id, "contains", contains)
    for kind, targets in by_relation.items():
        doc.relate(model_id, kind, targets)
    doc.relate(model_id, "hasDocumentation", docs)
    progress = ", ".join(f"Class {ROMAN[k]} {class_summary(a.classes[k])}" for k in (3, 2, 1))
    doc.add({"type": "Annotation", "annotationType": "review", "subject": model_id,
             "statement": f"MOF 1.0 ({a.rules} rules): {a.label}; {progress}"},
            f"{tag}-mof")
    elements = "; ".join(f"{el.name}: {el.verdict.value}" for el in a.osaid.elements.values())
    doc.add({"type": "Annotation", "annotationType": "review", "subject": model_id,
             "statement": f"OSAID 1.0: {a.osaid.verdict.value} ({elements})"},
            f"{tag}-osaid")
    return model_id


def document(assessments: list[Assessment]) -> dict[str, Any]:
    uid = stable_uuid(assessments)
    names = [a.release.name or a.source for a in assessments]
    base = f"https://spdx.org/spdxdocs/mofkit-{slug(names[0] if names else 'empty')}-{uid}"
    doc = _Doc(base)
    agent = doc.add({"type": "SoftwareAgent", "name": f"mofkit {mofkit_version()}"},
                    "mofkit")
    creation = {"type": "CreationInfo", "@id": CREATION, "specVersion": "3.0.1",
                "created": created_at(), "createdBy": [agent]}
    licences: dict[str, str] = {}
    roots = [_release(doc, a, i, licences) for i, a in enumerate(assessments, 1)]
    spdx_doc = {
        "type": "SpdxDocument",
        "spdxId": f"{base}#document",
        "creationInfo": CREATION,
        "name": "MOF openness: " + ", ".join(names),
        "profileConformance": ["core", "software", "simpleLicensing", "ai", "dataset"],
        "rootElement": roots,
        "element": list(doc.ids),
    }
    return {"@context": CONTEXT, "@graph": [creation, spdx_doc, *doc.graph]}


def render_spdx3(assessments: list[Assessment], **_: Any) -> str:
    return json.dumps(document(assessments), indent=2, ensure_ascii=False) + "\n"
