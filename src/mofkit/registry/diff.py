"""What changed between two stored results of the same model: the class,
per-class progress, the OSAID verdict and each element, and each component's
status and licence."""

from __future__ import annotations

from typing import Any


def _components(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in result.get("mof", {}).get("components", []) if "id" in c}


def diff_results(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """A list of changes ``{field, name, before, after}``; empty when equal."""
    changes: list[dict[str, Any]] = []

    def add(field: str, name: str, before: Any, after: Any) -> None:
        if before != after:
            changes.append({"field": field, "name": name, "before": before, "after": after})

    om, nm = old.get("mof", {}), new.get("mof", {})
    add("class", "MOF class", om.get("class"), nm.get("class"))
    for n in ("3", "2", "1"):
        add(f"progress.{n}", f"Class {'I' * (4 - int(n))} progress",
            (om.get("progress") or {}).get(n), (nm.get("progress") or {}).get(n))
    oo, no = old.get("osaid", {}), new.get("osaid", {})
    add("osaid", "OSAID verdict", oo.get("verdict"), no.get("verdict"))
    oe, ne = oo.get("elements") or {}, no.get("elements") or {}
    for key in sorted(set(oe) | set(ne)):
        add(f"osaid.{key}", (ne.get(key) or oe.get(key) or {}).get("name", key),
            (oe.get(key) or {}).get("verdict"), (ne.get(key) or {}).get("verdict"))
    oc, nc = _components(old), _components(new)
    for cid in sorted(set(oc) | set(nc)):
        a, b = oc.get(cid, {}), nc.get(cid, {})
        name = b.get("name") or a.get("name") or cid
        add(f"component.{cid}.status", name, a.get("status"), b.get("status"))
        add(f"component.{cid}.licence", f"{name} licence", a.get("licence"), b.get("licence"))
        add(f"component.{cid}.evidence", f"{name} evidence items",
            len(a.get("evidence") or []), len(b.get("evidence") or []))
    return changes
