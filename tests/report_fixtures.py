"""Releases for the report tests: two built in code (no files, no ../shared), and
the six reference releases of ``fixtures_release``, scanned.

``open_tooling``: Class III met, Class II in progress, evidence with paths and
lines, one licence conflict, a type warning, and characters that must be
escaped (``<``, ``&``, ``|``, ``*``, backticks) in the producer and a note.
``community``: a restrictive community licence, an unlicensed report and an
unresolved paper licence: unclassified, OSAID fail.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from builders import release
from mofkit.assess import Assessment, assess
from mofkit.release import Evidence, LicenceStatement


@dataclass(frozen=True)
class Statement:
    licence: str
    path: str
    line: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"licence": self.licence, "path": self.path, "line": self.line}


@dataclass(frozen=True)
class Conflict:
    why: str
    components: tuple[str, ...]
    statements: tuple[Statement, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return {"why": self.why, "components": list(self.components),
                "statements": [s.to_dict() for s in self.statements]}


def open_tooling() -> Assessment:
    rel = release(
        {"model-architecture": None, "model-parameters-final": None, "model-card": None,
         "data-card": None, "technical-report": "CC-BY-4.0", "evaluation-results": None,
         "inference-code": None, "training-code": None, "evaluation-data": "CC-BY-NC-4.0",
         "supporting-libraries": "MIT"},
        distribution="Apache-2.0", name="Demo-Open-2B",
    )
    rel.producer = 'Lab <R&D> | "Team" *beta* `x`'
    rel.version = "2B"
    rel.date = "2026-03-01"
    rel.licences["document"] = LicenceStatement("CC-BY-4.0", "docs/LICENSE")
    evidence = {
        "model-architecture": [Evidence("src/model.py", "defines the network", 12, "Apache-2.0")],
        "model-parameters-final": [Evidence("model.safetensors", "weights, 2.1B parameters")],
        "model-card": [Evidence("README.md", "model card", 1)],
        "training-code": [Evidence("train/run.py", "training loop", 40)],
        "evaluation-data": [Evidence("eval/data/LICENSE", "licence of the data", 1,
                                     "CC-BY-NC-4.0")],
    }
    for entry in rel.components:
        entry.evidence = evidence.get(entry.component, [])
    rel.notes = ["a note with <html> & | pipes"]
    a = assess(rel, rules="mof")
    a.conflicts = [Conflict(  # type: ignore[attr-defined]
        "LICENSE and the model card disagree", ("model-parameters-final",),
        (Statement("Apache-2.0", "LICENSE", 1), Statement("MIT", "README.md", 5)))]
    return a


def community() -> Assessment:
    rel = release(
        {"model-architecture": None, "model-parameters-final": None, "model-card": None,
         "technical-report": "", "evaluation-results": None, "inference-code": "MIT",
         "research-paper": "arXiv.org perpetual non-exclusive license"},
        distribution="llama2", name="Demo-Community-8B",
    )
    rel.producer = "Example Platforms"
    rel.version = "8B"
    rel.date = "2026-05-01"
    return assess(rel, rules="mof")




def scanned(name: str) -> Assessment:
    """One of the six reference releases (``fixtures_release``), built in a temporary
    folder and scanned as ``mof scan --no-follow <name>`` run beside it would: the scan's
    findings attached, paths relative, so the reports are the same on every machine (what
    following adds is tests/test_follow_*.py's business, over a Hub on loopback)."""
    import contextlib
    import tempfile
    from pathlib import Path

    from fixtures_release import BUILDERS
    from mofkit.pipeline import rate

    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        (Path(tmp) / name).mkdir()
        BUILDERS[name](Path(tmp) / name)
        return rate(name, rules=("mof",), follow=False).assessment()


FIXTURES: dict[str, Any] = {"open-tooling": open_tooling, "community": community}
# The six reference releases, scanned (slower: the golden tests use them).
RELEASES: dict[str, Any] = {
    f"release-{name}": functools.partial(scanned, name)
    for name in ("pythia", "llama", "apache-report", "no-licence", "mixed", "finetune")}
