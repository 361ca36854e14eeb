"""A declared record (``mof.yml``, Model Openness Tool format) checked against
the evidence: what the producer claims and what the files show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mofkit.errors import MofError
from mofkit.inspect.licence_text import canonical
from mofkit.release import Release
from mofkit.sources.snapshot import Snapshot, SnapshotFile

RECORD_NAMES = ("mof.yml", "mof.yaml", ".mof.yml", "mot.yml")


@dataclass(frozen=True)
class Check:
    component: str
    status: str  # "declared, not found" | "found, not declared" | "licence differs" | "agrees"
    declared_licence: str | None = None
    found_licence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"component": self.component, "status": self.status,
                "declared_licence": self.declared_licence, "found_licence": self.found_licence}


def find_record(snapshot: Snapshot) -> SnapshotFile | None:
    top = {item.name.lower(): item for item in snapshot.in_root("") if item.depth == 0}
    return next((top[name] for name in RECORD_NAMES if name in top), None)


def load_declared(item: SnapshotFile) -> Release:
    from mofkit.sources.mot_record import load_record

    return load_record(item.abs_path)


def compare(declared: Release, found: Release) -> list[Check]:
    """One check per component either side mentions, in the framework's order."""
    checks: list[Check] = []
    ids = list(dict.fromkeys([*(e.component for e in found.components),
                              *(e.component for e in declared.components)]))
    for component in ids:
        ours = found.entry(component)
        theirs = declared.entry(component)
        theirs_licence = _declared_licence(declared, component)
        if theirs is None:
            checks.append(Check(component, "found, not declared", None,
                                ours.licence if ours else None))
        elif ours is None:
            checks.append(Check(component, "declared, not found", theirs_licence, None))
        elif theirs_licence and ours.licence and canonical(theirs_licence) != canonical(
            ours.licence
        ):
            checks.append(Check(component, "licence differs", theirs_licence, ours.licence))
        else:
            checks.append(Check(component, "agrees", theirs_licence, ours.licence))
    return checks


def _declared_licence(release: Release, component: str) -> str | None:
    entry = release.entry(component)
    if entry is None:
        return None
    if entry.licence is not None:
        return entry.licence or None
    from mofkit.rules import load_mof

    kind = load_mof().by_id[component].type
    for scope in (kind, "distribution"):
        statement = release.licences.get(scope)
        if statement is not None and statement.name:
            return statement.name
    return None


def check_record(snapshot: Snapshot, found: Release) -> tuple[list[Check], str | None]:
    """Checks against the release's ``mof.yml``, and the record's path (or a problem note)."""
    item = find_record(snapshot)
    if item is None:
        return [], None
    try:
        declared = load_declared(item)
    except MofError as exc:
        found.notes.append(f"{item.path}: declared record not read: {exc.one_line()}")
        return [], item.path
    return compare(declared, found), item.path
