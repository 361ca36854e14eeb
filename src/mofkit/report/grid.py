"""The openness grid: one row per model, the 17 MOF components and the three OSAID
elements as columns, each cell graded by status - what the European Open Source AI
Index shows as a colour grid, computed here from the evidence of each assessment.

``grid_columns()`` comes from the rules (``mof-1.0.yml``, ``osaid-1.0.yml``);
``grid_row(result)`` reads the assessment's JSON shape (what the registry stores), so
the site, its CSV and its JSON say the same thing.
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


@dataclass(frozen=True)
class Column:
    key: str  # component or OSAID element id
    label: str  # the rules' name
    group: str  # "Class III" / "Class II" / "Class I" / "OSAID 1.0"
    short: str  # a header short enough for a narrow column


@functools.cache
def grid_columns() -> tuple[Column, ...]:
    from mofkit.rules import load_mof, load_osaid

    mof = load_mof()
    comps = sorted(mof.components, key=lambda c: (-c.mof_class, not c.required))
    cols = [Column(c.id, c.name, f"Class {ROMAN[c.mof_class]}", _short(c.name)) for c in comps]
    cols += [Column(el.id, el.name, "OSAID 1.0", el.name) for el in load_osaid().elements]
    return tuple(cols)


def _short(name: str) -> str:
    words = name.replace("(", "").replace(")", "").split()
    return " ".join(words)


@dataclass(frozen=True)
class Cell:
    grade: str  # one of GRADES
    word: str  # what it says to people ("open*", "no licence", "pass"...)
    title: str  # hover text: the licence's name and id, or the element's reason


def grid_row(result: dict[str, Any]) -> dict[str, Any]:
    """``{"verdict": line, "cells": {column key: Cell}}`` for one assessment."""
    comps = {c.get("id"): c for c in (result.get("mof") or {}).get("components") or []}
    elements = (result.get("osaid") or {}).get("elements") or {}
    cells: dict[str, Cell] = {}
    for col in grid_columns():
        if col.group == "OSAID 1.0":
            el = elements.get(col.key) or {}
            verdict = str(el.get("verdict") or "unknown")
            reasons = el.get("reasons") or []
            cells[col.key] = Cell(verdict, verdict, str(reasons[0]) if reasons else "")
            continue
        c = comps.get(col.key) or {}
        status = str(c.get("status") or "missing")
        licence = component_licence(c)
        title = f"{licence_name(licence)} ({licence})" if licence else status_word(status)
        cells[col.key] = Cell(status, status_word(status), title)
    return {"verdict": verdict_line(result), "cells": cells}


def grid_record(summary: dict[str, Any], result: dict[str, Any] | None) -> dict[str, Any]:
    """One model of the grid as JSON: its summary fields, the verdict line and each
    column's status (component statuses and OSAID verdicts as ids, for machines)."""
    row = grid_row(result or {})
    return {
        "slug": summary.get("slug"),
        "name": summary.get("name"),
        "producer": summary.get("producer"),
        "mof_class": (summary.get("mof") or {}).get("class"),
        "osaid": summary.get("osaid"),
        "licence": summary.get("licence"),
        "licence_name": licence_name(summary.get("licence")),
        "summary": row["verdict"],
        "cells": {k: c.grade for k, c in row["cells"].items()},
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
