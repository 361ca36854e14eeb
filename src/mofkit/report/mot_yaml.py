"""The release as a Model Openness Tool record (the tool's YAML model file).

What is written is a valid record for the tool's JSON schema: the release as
read or scanned, with the schema's required fields filled (a release without
a name takes its source's; one without a producer gets ``""``) and, where a
component has no ``component_path``, the first file of its evidence. Our
verdict rides along as YAML comments only, since the tool computes its own.
Several releases make a YAML stream, one document each.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath
from typing import Any

import yaml

from mofkit.assess.model import Assessment
from mofkit.release import Release
from mofkit.report.common import first_evidence_item


def record_release(a: Assessment) -> Release:
    """The release to write: ``a.release`` with what the schema requires filled in."""
    rel = a.release
    name = rel.name or PurePath(a.source or "release").name or "release"
    entries = []
    for entry in rel.components:
        if not entry.component_path:
            try:
                ev = first_evidence_item(a.component(entry.component))
            except KeyError:
                ev = None
            if ev is not None:
                entry = replace(entry, component_path=ev.path)
        entries.append(entry)
    return replace(rel, name=name, producer=rel.producer if rel.producer is not None else "",
                   components=entries)


def record_dict(a: Assessment) -> dict[str, Any]:
    from mofkit.sources.mot_record import release_to_record

    return release_to_record(record_release(a))


def render_one(a: Assessment) -> str:
    progress = ", ".join(f"{n}: {a.classes[n].progress:g}%" for n in (3, 2, 1))
    head = (f"# mofkit ({a.rules} rules): {a.label}; progress {progress}; "
            f"OSAID 1.0: {a.osaid.verdict.value}\n")
    body = yaml.safe_dump(record_dict(a), sort_keys=False, allow_unicode=True, width=100)
    return head + body


def render_mot_yaml(assessments: list[Assessment], **_: Any) -> str:
    return "---\n".join(render_one(a) for a in assessments)
