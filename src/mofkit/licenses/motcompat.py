"""Licence judgement exactly as the Model Openness Tool makes it.

Used by the ``mot-compat`` rule set. The tool matches licence ids by exact,
case-sensitive string equality against its own tables (compiled into
``data/mot-licenses.json`` by ``scripts/build_mot_tables.py``): a licence is
open when its entry is OSI-approved or FSF-libre, or the id is on the tool's
hard-coded open-data list or is OpenMDW-1.0; it is type-appropriate when the
entry's content types include the component's type. Anything else, "Apache 2.0"
included, is not open. Its quirks are kept on purpose (see docs/rules.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mofkit.licenses.verdict import Kind, LicenceVerdict
from mofkit.release import ComponentType


@dataclass(frozen=True)
class MotTables:
    licences: dict[str, tuple[bool, bool, frozenset[str]]]
    open_data: frozenset[str]
    open_licences: frozenset[str]


@cache
def tables() -> MotTables:
    raw = json.loads(
        resources.files("mofkit.licenses").joinpath("data/mot-licenses.json").read_text("utf-8")
    )
    licences = {
        key: (bool(v["osi"]), bool(v["fsf"]), frozenset(v["types"]))
        for key, v in raw["licenses"].items()
    }
    return MotTables(
        licences, frozenset(raw["open_data_licenses"]), frozenset(raw["open_licenses"])
    )


@cache
def judge_mot(written: str | None, component_type: ComponentType) -> LicenceVerdict:
    """The tool's verdict on licence id ``written`` for a component of ``component_type``.

    ``None`` or ``""`` means the component has no licence (the tool's
    "unlicensed" bucket). Not-open ids are reported as ``UNKNOWN`` to this
    rule set ("invalid" in the tool); the assessment may add mofkit's own
    reading of the string to the reason.
    """
    if not written:
        return LicenceVerdict(Kind.UNLICENSED, "no licence", written, None, "mot-exact")
    t = tables()
    osi, fsf, types = t.licences.get(written, (False, False, frozenset()))
    is_open = osi or fsf or written in t.open_data or written in t.open_licences
    if not is_open:
        known = written in t.licences
        reason = (
            f"{written} is not an open licence in the Model Openness Tool's tables"
            if known
            else f"'{written}' is not a licence id the Model Openness Tool knows (exact match)"
        )
        return LicenceVerdict(Kind.UNKNOWN, reason, written, written if known else None,
                              "mot-exact")
    appropriate = component_type in types
    if appropriate:
        return LicenceVerdict(Kind.OPEN, f"{written} is open and typed {component_type}",
                              written, written, "mot-exact", osi, True, True)
    return LicenceVerdict(
        Kind.OPEN_WRONG_TYPE,
        f"{written} is open but not typed {component_type} in the Model Openness Tool",
        written, written, "mot-exact", osi, True, False,
    )
