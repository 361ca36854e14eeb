"""The frameworks' rules, loaded from the versioned YAML files in this package.

``load_mof()`` and ``load_osaid()`` read and check the files once and return
typed, immutable views. A broken rules file is a packaging bug and raises
:class:`mofkit.errors.RulesError`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from mofkit.errors import RulesError
from mofkit.rules.ids import MOF, MOT_COMPAT, RULE_SETS, WEIGHTS

if TYPE_CHECKING:
    from mofkit.rules.model import (
        Component,
        MofRules,
        OsaidElement,
        OsaidRules,
        fold_placeholder,
    )

# The rules' types, imported on first use: importing mofkit.rules.ids (the commands'
# option defaults) runs this package, and `mof --help` should not build them.
_MODEL = ("Component", "MofRules", "OsaidElement", "OsaidRules", "fold_placeholder")


def __getattr__(name: str) -> Any:
    if name in _MODEL:
        from mofkit.rules import model

        return getattr(model, name)
    raise AttributeError(f"module 'mofkit.rules' has no attribute {name!r}")

__all__ = [
    "MOF",
    "MOT_COMPAT",
    "RULE_SETS",
    "WEIGHTS",
    "Component",
    "MofRules",
    "OsaidElement",
    "OsaidRules",
    "fold_placeholder",
    "load_mof",
    "load_osaid",
]

MOF_FILE = "mof-1.0.yml"
OSAID_FILE = "osaid-1.0.yml"


def _read(name: str) -> dict[str, Any]:
    from importlib import resources

    import yaml

    try:
        text = resources.files("mofkit.rules").joinpath(name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"cannot read rules file: {exc}", name) from exc
    if not isinstance(data, dict):
        raise RulesError("rules file is not a mapping", name)
    return data


@cache
def load_mof() -> MofRules:
    from mofkit.rules.model import (
        Component,
        MofClass,
        MofRules,
        Substitution,
        TypeRule,
        fold_placeholder,
    )

    data = _read(MOF_FILE)
    try:
        classes = tuple(
            MofClass(int(c["number"]), str(c["label"]), str(c["short"]), str(c["numeral"]))
            for c in data["classes"]
        )
        types = {
            str(k): TypeRule(str(v["wants"]), str(v["recommended"]))
            for k, v in data["types"].items()
        }
        components = tuple(
            Component(
                id=str(c["id"]),
                mot_id=int(c["mot_id"]),
                name=str(c["name"]),
                type=c["type"],
                mof_class=int(c["class"]),
                required=bool(c["required"]),
                description=str(c["description"]),
            )
            for c in data["components"]
        )
        subs = tuple(Substitution(str(s["replaces"]), str(s["by"])) for s in data["substitutions"])
        aliases = {str(k): str(v) for k, v in (data.get("name_aliases") or {}).items()}
        placeholders = {
            fold_placeholder(str(text)): str(meaning)
            for meaning, texts in (data.get("licence_placeholders") or {}).items()
            for text in texts
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise RulesError(f"malformed rules: {exc!r}", MOF_FILE) from exc
    by_id = {c.id: c for c in components}
    by_name = {c.name: c for c in components}
    numbers = {c.number for c in classes}
    for comp in components:
        if comp.type not in types:
            raise RulesError(f"component {comp.id} has unknown type {comp.type}", MOF_FILE)
        if comp.mof_class not in numbers:
            raise RulesError(f"component {comp.id} has unknown class {comp.mof_class}", MOF_FILE)
    for sub in subs:
        if sub.replaces not in by_id or sub.by not in by_id:
            raise RulesError(f"substitution names an unknown component: {sub}", MOF_FILE)
    for alias, cid in aliases.items():
        if cid not in by_id:
            raise RulesError(f"alias {alias!r} names unknown component {cid}", MOF_FILE)
    return MofRules(
        id=str(data["id"]),
        version=str(data["version"]),
        classes=tuple(sorted(classes, key=lambda c: -c.number)),
        unclassified_label=str(data["unclassified_label"]),
        types=types,
        components=components,
        substitutions=subs,
        aliases=aliases,
        placeholders=placeholders,
        by_id=by_id,
        by_name=by_name,
    )


@cache
def load_osaid() -> OsaidRules:
    from mofkit.rules.model import Instrument, OsaidElement, OsaidRules

    data = _read(OSAID_FILE)
    known = load_mof().by_id
    try:
        instruments = {
            str(k): Instrument(tuple(v["accepts"]), str(v["wording"]), str(v.get("note", "")))
            for k, v in data["instruments"].items()
        }
        elements = []
        for e in data["elements"]:
            carriers = e.get("carriers") or {}
            elements.append(
                OsaidElement(
                    id=str(e["id"]),
                    name=str(e["name"]),
                    instrument=str(e["instrument"]),
                    description=" ".join(str(e["description"]).split()),
                    required=tuple(e.get("required") or ()),
                    if_used=tuple(e.get("if_used") or ()),
                    optional=tuple(e.get("optional") or ()),
                    direct=tuple(carriers.get("direct") or ()),
                    documents=tuple(carriers.get("documents") or ()),
                    reports=tuple(carriers.get("reports") or ()),
                    basis=tuple((str(k), " ".join(str(v).split()))
                                for k, v in (e.get("basis") or {}).items()),
                )
            )
        optional = tuple(data.get("optional_components") or ())
    except (KeyError, TypeError, ValueError) as exc:
        raise RulesError(f"malformed rules: {exc!r}", OSAID_FILE) from exc
    for el in elements:
        if el.instrument not in instruments:
            raise RulesError(f"element {el.id} uses unknown instrument", OSAID_FILE)
        named = el.required + el.if_used + el.optional + el.direct + el.documents + el.reports
        for cid in named + tuple(k for k, _ in el.basis):
            if cid not in known:
                raise RulesError(f"element {el.id} names unknown component {cid}", OSAID_FILE)
        if len(set(named)) != len(named):
            raise RulesError(f"element {el.id} names a component twice", OSAID_FILE)
    return OsaidRules(
        id=str(data["id"]),
        version=str(data["version"]),
        instruments=instruments,
        elements=tuple(elements),
        optional_components=optional,
    )
