"""What a list of models shows besides the summary columns: the plain verdict line
(``summary``) and the licence's name, and the openness grid's cells. Both are read
from each model's latest result (``Registry.latest_results``: one query a page),
worded by ``mofkit.report`` exactly as the reports word them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from mofkit.registry.query import MAX_LIMIT, ListQuery
from mofkit.report.grid import grid_record, grid_row
from mofkit.report.verdict import (
    date_label,
    implausible_claims,
    legend,
    licence_name,
    provenance,
    restrictions,
    verdict_line,
)


def with_summaries(reg: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` (model summaries) with ``summary``, ``licence_name`` and
    ``date_label`` ("released" / "record dated") added."""
    results = reg.latest_results([m["slug"] for m in items])
    for m in items:
        add_summary(m, results.get(m["slug"]))
    return items


def add_summary(model: dict[str, Any], result: dict[str, Any] | None,
                line: str | None = None) -> dict[str, Any]:
    model["summary"] = line or (verdict_line(result) if result else None)
    model["licence_name"] = licence_name(model.get("licence")) or None
    model["date_label"] = date_label(result)[0] if result else None
    return model


def grid_page(reg: Any, query: ListQuery) -> tuple[Any, list[dict[str, Any]]]:
    """One page of the grid: the leaderboard page and, per model, its cells."""
    page = reg.list_models(query)
    results = reg.latest_results([m["slug"] for m in page.items])
    rows = []
    for m in page.items:
        result = results.get(m["slug"])
        row = grid_row(result or {})
        add_summary(m, result, row["verdict"] if result else None)
        rows.append({"model": m, **row})
    return page, rows


def grid_records(reg: Any, query: ListQuery) -> list[dict[str, Any]]:
    """Every model matching ``query``'s filters, in its order, as grid records
    (the CSV and JSON downloads), read a page of ``MAX_LIMIT`` at a time."""
    out: list[dict[str, Any]] = []
    number = 1
    while True:
        page = reg.list_models(replace(query, page=number, limit=MAX_LIMIT))
        results = reg.latest_results([m["slug"] for m in page.items])
        out.extend(grid_record(m, results.get(m["slug"])) for m in page.items)
        if number >= page.pages or not page.items:
            return out
        number += 1


def result_view(result: dict[str, Any]) -> dict[str, Any]:
    """What the model page shows above the details, worded as the reports word it."""
    if not result:
        return {}
    word, date = date_label(result)
    return {
        "verdict": verdict_line(result),
        "provenance": provenance(result),
        "implausible": implausible_claims(result),
        "restrictions": restrictions(result),
        "legend": legend(result),
        "date": f"{word} {date}" if date else "",
    }
