"""The openness grid: one row per model, the 17 MOF components and the three OSAID
elements as columns, each cell graded by status - what the European Open Source AI
Index shows as a colour grid, computed here from the evidence of each assessment.

``grid_columns()`` comes from the rules (``mof-1.0.yml``, ``osaid-1.0.yml``);
``grid_facts(result)`` reads the assessment's JSON shape into one :class:`Facts` per
column (what the registry keeps in ``model_cells``), ``cell(facts)`` words one, and
``grid_row(result)`` does both, so the site, its CSV and its JSON say the same thing.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from typing import Any

from mofkit.report.common import ROMAN
from mofkit.report.verdict import (
    component_licence,
    licence_name,
    status_word,
    verdict_line,
)

# A cell's grade, best first: the CSS class on the site and the word in CSV/JSON.
GRADES = ("open", "open-wrong-type", "not-open", "unlicensed", "missing",
          "pass", "unknown", "fail")


OSAID_GROUP = "OSAID 1.0"


@dataclass(frozen=True)
class Column:
    key: str  # component or OSAID element id
    label: str  # the rules' name
    group: str  # "Class III" / "Class II" / "Class I" / "OSAID 1.0"
    short: str  # a header short enough for a narrow column

    @property
    def osaid(self) -> bool:
        """An OSAID element (graded pass/unknown/fail), not a MOF component."""
        return self.group == OSAID_GROUP


@functools.cache
def grid_columns() -> tuple[Column, ...]:
    from mofkit.rules import load_mof, load_osaid

    mof = load_mof()
    comps = sorted(mof.components, key=lambda c: (-c.mof_class, not c.required))
    cols = [Column(c.id, c.name, f"Class {ROMAN[c.mof_class]}", _short(c.name)) for c in comps]
    cols += [Column(el.id, el.name, OSAID_GROUP, el.name) for el in load_osaid().elements]
    return tuple(cols)


def _short(name: str) -> str:
    words = name.replace("(", "").replace(")", "").split()
    return " ".join(words)


@dataclass(frozen=True)
class Cell:
    grade: str  # one of GRADES
    word: str  # what it says to people ("open*", "no licence", "pass"...)
    title: str  # hover text: the licence's name and id, or the element's reason


@dataclass(frozen=True)
class Facts:
    """What one cell is graded from: a component's status and the licence it rests on,
    or an OSAID element's verdict and its first reason."""

    grade: str  # one of GRADES
    licence: str = ""  # components: canonical id, else the string as written
    reason: str = ""  # OSAID elements: the first reason given


def grid_facts(result: dict[str, Any]) -> dict[str, Facts]:
    """Each column's :class:`Facts` for one assessment (``Assessment.to_dict()``)."""
    comps = {c.get("id"): c for c in (result.get("mof") or {}).get("components") or []}
    elements = (result.get("osaid") or {}).get("elements") or {}
    out: dict[str, Facts] = {}
    for col in grid_columns():
        if col.osaid:
            el = elements.get(col.key) or {}
            reasons = el.get("reasons") or []
            out[col.key] = Facts(str(el.get("verdict") or "unknown"), "",
                                 str(reasons[0]) if reasons else "")
            continue
        c = comps.get(col.key) or {}
        out[col.key] = Facts(str(c.get("status") or "missing"), component_licence(c))
    return out


def cell(col: Column, facts: Facts) -> Cell:
    """One cell as people read it: the status word, the licence's name (and id) or the
    element's reason on hover."""
    if col.osaid:
        return Cell(facts.grade, facts.grade, facts.reason)
    title = (f"{licence_name(facts.licence)} ({facts.licence})" if facts.licence
             else status_word(facts.grade))
    return Cell(facts.grade, status_word(facts.grade), title)


def grid_cells(facts: dict[str, Facts]) -> dict[str, Cell]:
    """Every column's cell, in the columns' order (a column without facts: missing, or
    an undecided OSAID element)."""
    out: dict[str, Cell] = {}
    for col in grid_columns():
        found = facts.get(col.key) or Facts("unknown" if col.osaid else "missing")
        out[col.key] = cell(col, found)
    return out


def grid_row(result: dict[str, Any]) -> dict[str, Any]:
    """``{"verdict": line, "cells": {column key: Cell}}`` for one assessment."""
    return {"verdict": verdict_line(result), "cells": grid_cells(grid_facts(result))}


def grid_record(summary: dict[str, Any], verdict: str | None,
                facts: dict[str, Facts]) -> dict[str, Any]:
    """One model of the grid as JSON: its summary fields, the verdict line and each
    column's status (component statuses and OSAID verdicts as ids, for machines)."""
    grades = {}
    for col in grid_columns():
        found = facts.get(col.key)
        grades[col.key] = found.grade if found else ("unknown" if col.osaid else "missing")
    return {
        "slug": summary.get("slug"),
        "name": summary.get("name"),
        "producer": summary.get("producer"),
        "mof_class": (summary.get("mof") or {}).get("class"),
        "osaid": summary.get("osaid"),
        "licence": summary.get("licence"),
        "licence_name": licence_name(summary.get("licence")),
        "summary": verdict,
        "cells": grades,
    }


def grid_csv(records: list[dict[str, Any]]) -> str:
    """The grid as CSV: the model's fields, then one column per component/element."""
    cols = grid_columns()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    head = ["slug", "name", "producer", "mof_class", "osaid", "licence", "licence_name",
            "summary"]
    writer.writerow(head + [c.key for c in cols])
    for rec in records:
        writer.writerow([_cell(rec.get(h)) for h in head]
                        + [rec["cells"].get(c.key, "") for c in cols])
    return buf.getvalue()


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet runs a cell that starts with these as a formula: keep it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
