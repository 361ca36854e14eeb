"""Small release builders for the tests: no files, no ../shared."""

from __future__ import annotations

from mofkit.release import ComponentEntry, LicenceStatement, Release
from mofkit.rules import load_mof

CLASS3 = ["model-architecture", "model-parameters-final", "model-card", "data-card",
          "technical-report", "evaluation-results"]
CLASS2 = ["training-code", "inference-code", "evaluation-code", "evaluation-data"]
CLASS1 = ["datasets", "data-preprocessing-code", "model-parameters-intermediate",
          "research-paper"]
OPTIONAL = ["sample-model-outputs", "supporting-libraries", "model-metadata"]
ALL = CLASS3 + CLASS2 + CLASS1 + OPTIONAL

_INHERIT = object()


def release(
    components: list[str] | dict[str, str | None],
    *,
    distribution: str | None = None,
    code: str | None = None,
    data: str | None = None,
    document: str | None = None,
    name: str = "test-model",
) -> Release:
    """A release with ``components`` (ids; a dict maps id -> licence, None = inherit,
    "" = explicitly unlicensed) and the given global licences."""
    rules = load_mof()
    items = components if isinstance(components, dict) else dict.fromkeys(components)
    entries = []
    for cid, licence in items.items():
        assert cid in rules.by_id, cid
        entries.append(ComponentEntry(component=cid, licence=licence))
    licences = {
        scope: LicenceStatement(value)
        for scope, value in (("distribution", distribution), ("code", code), ("data", data),
                             ("document", document))
        if value is not None
    }
    return Release(name=name, source=name, licences=licences, components=entries)
