"""The registry written out: JSON (one array), JSON lines, or CSV (one row per
model with both rule sets' verdicts side by side)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

# "date" is the source's own date (a record's); "release_date" when the model was released.
CSV_COLUMNS = ("slug", "name", "producer", "type", "date", "release_date", "release_date_from",
               "mof_class", "total_progress",
               "progress_3", "progress_2", "progress_1", "osaid", "licence", "licence_kind",
               "mot_compat_class", "mot_compat_total_progress", "updated_at")


def csv_row(item: dict[str, Any]) -> list[Any]:
    mof, mot = item["mof"], item.get("mot_compat") or {}
    return [item["slug"], item["name"], item["producer"], item["type"], item["date"],
            item.get("release_date"), item.get("release_date_from"), mof["class"],
            mof["total_progress"], mof["progress"]["3"], mof["progress"]["2"],
            mof["progress"]["1"], item["osaid"], item["licence"], item["licence_kind"],
            mot.get("class"), mot.get("total_progress"), item["updated_at"]]


def _csv_safe(value: Any) -> Any:
    # Spreadsheet formula injection: a cell starting with = + - @ is text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_export(items: Iterable[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(list(items), indent=1, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow([_csv_safe(v) for v in csv_row(item)])
    return buf.getvalue()
