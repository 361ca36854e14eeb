"""What a list of models shows besides the summary columns: the plain verdict line
(``summary``) and the licence's name, and the openness grid's cells. Both are read
from what the registry keeps of each model's latest result (``Registry.shown``: the
verdict line and date label worded when the result was stored, the cells' facts),
the cells worded by ``mofkit.report`` exactly as the reports word them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from mofkit.registry.query import MAX_LIMIT, ListQuery
from mofkit.report.grid import grid_cells, grid_record
from mofkit.report.verdict import (
    date_label,
    dates_line,
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
    shown = reg.shown([m["slug"] for m in items])
    for m in items:
        line, label, _ = shown.get(m["slug"], (None, None, {}))
        _add(m, line, label)
    return items


def add_summary(model: dict[str, Any], result: dict[str, Any] | None) -> dict[str, Any]:
    """``model`` with the summary fields of ``with_summaries``, worded from ``result``
    (a page that has the full result at hand: one model)."""
    if not result:
        return _add(model, None, None)
    return _add(model, verdict_line(result), date_label(result)[0])


def _add(model: dict[str, Any], line: str | None, label: str | None) -> dict[str, Any]:
    model["summary"] = line
    model["licence_name"] = licence_name(model.get("licence")) or None
    model["date_label"] = label
    return model


def grid_page(reg: Any, query: ListQuery) -> tuple[Any, list[dict[str, Any]]]:
    """One page of the grid: the leaderboard page and, per model, its cells."""
    page = reg.list_models(query)
    shown = reg.shown([m["slug"] for m in page.items], cells=True)
    rows = []
    for m in page.items:
        line, label, facts = shown.get(m["slug"], (None, None, {}))
        _add(m, line, label)
        rows.append({"model": m, "verdict": line, "cells": grid_cells(facts)})
    return page, rows


def grid_records(reg: Any, query: ListQuery) -> list[dict[str, Any]]:
    """Every model matching ``query``'s filters, in its order, as grid records
    (the CSV and JSON downloads), read a page of ``MAX_LIMIT`` at a time."""
    out: list[dict[str, Any]] = []
    number = 1
    while True:
        page = reg.list_models(replace(query, page=number, limit=MAX_LIMIT))
        shown = reg.shown([m["slug"] for m in page.items], cells=True)
        for m in page.items:
            line, _, facts = shown.get(m["slug"], (None, None, {}))
            out.append(grid_record(m, line, facts))
        if number >= page.pages or not page.items:
            return out
        number += 1


def result_view(result: dict[str, Any]) -> dict[str, Any]:
    """What the model page shows above the details, worded as the reports word it."""
    if not result:
        return {}
    return {
        "verdict": verdict_line(result),
        "provenance": provenance(result),
        "implausible": implausible_claims(result),
        "restrictions": restrictions(result),
        "legend": legend(result),
        "date": dates_line(result),
    }
