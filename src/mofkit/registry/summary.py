"""The few facts the leaderboard filters and sorts on, taken from a stored
result (``Assessment.to_dict()``), the model's slug, and what list pages show
besides them (:class:`Shown`: the verdict line, the date's label, the grid's
cells), worded by ``mofkit.report`` when the result is stored."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from mofkit.assess.model import ATTACHMENTS
from mofkit.report.grid import Facts, grid_facts
from mofkit.report.verdict import date_label, verdict_line
from mofkit.rules.ids import WEIGHTS

# Class I is the most open; unclassified (0) the least.
CLASS_RANK = {1: 3, 2: 2, 3: 1, 0: 0}
WEIGHTS_COMPONENT = WEIGHTS
LICENCE_KINDS = ("open", "open-wrong-type", "restrictive", "non-commercial", "proprietary",
                 "unlicensed", "unknown")


@dataclass(frozen=True)
class Summary:
    name: str
    producer: str | None
    type: str | None
    date: str | None  # the date the source gives (a record's own date)
    release_date: str | None  # when the model was released, read from the release
    release_date_from: str | None  # card, record or hub (Release.RELEASE_DATE_SOURCES)
    origin: str | None
    mof_class: int
    progress: dict[str, float]
    total_progress: float
    osaid_verdict: str | None
    licence: str | None
    licence_kind: str | None

    @property
    def class_rank(self) -> int:
        return CLASS_RANK.get(self.mof_class, 0)


def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9._]+", "-", text).strip("-._").lower()
    if not slug:
        slug = "model-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return slug[:180]


def _clip(value: Any, limit: int) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text[:limit] or None


def main_licence(result: dict[str, Any]) -> tuple[str | None, str | None]:
    """The licence the weights are released under (else the first licensed
    component's), and its verdict kind."""
    components = result.get("mof", {}).get("components", [])
    ordered = sorted(components, key=lambda c: c.get("id") != WEIGHTS_COMPONENT)
    for comp in ordered:
        verdict = comp.get("verdict") or {}
        written = comp.get("licence") or comp.get("licence_written") or verdict.get("written")
        if comp.get("status") == "missing":
            continue
        if comp.get("id") == WEIGHTS_COMPONENT or written:
            kind = verdict.get("kind") or ("unlicensed" if comp.get("status") == "unlicensed"
                                           else None)
            return _clip(written, 300), kind
    return None, None


def summarise(result: dict[str, Any]) -> Summary:
    release = result.get("release", {})
    mof = result.get("mof", {})
    licence, kind = main_licence(result)
    released = release.get("release_date") or {}
    if not isinstance(released, dict):
        released = {}
    progress = {k: float(v) for k, v in (mof.get("progress") or {}).items()}
    return Summary(
        name=_clip(release.get("name"), 300) or "unnamed",
        producer=_clip(release.get("producer"), 200),
        type=_clip(release.get("type"), 100),
        date=_clip(release.get("date"), 32),
        release_date=_clip(released.get("date"), 32),
        release_date_from=_clip(released.get("from"), 16) if released.get("date") else None,
        origin=_clip(release.get("origin"), 300),
        mof_class=int(mof.get("class") or 0),
        progress=progress,
        total_progress=float(mof.get("total_progress") or 0.0),
        osaid_verdict=_clip((result.get("osaid") or {}).get("verdict"), 16),
        licence=licence,
        licence_kind=kind,
    )


@dataclass(frozen=True)
class Shown:
    """What a list page shows of a model's latest "mof" result beyond the summary
    columns, kept in ``models.verdict_line``, ``models.date_label`` and ``model_cells``
    so that no page decodes stored results."""

    verdict_line: str
    date_label: str
    cells: dict[str, Facts]

    def cell_rows(self, model_id: int) -> list[dict[str, Any]]:
        """The ``model_cells`` rows of model ``model_id``."""
        return [{"model_id": model_id, "column": key, "grade": f.grade,
                 "licence": f.licence or None, "reason": f.reason or None}
                for key, f in self.cells.items()]


def shown(result: dict[str, Any]) -> Shown:
    return Shown(verdict_line(result), date_label(result)[0], grid_facts(result))


def digest(result: dict[str, Any]) -> str:
    """A hash of the verdict-bearing part of a result (not where it was read: its source
    and the scan attachment)."""
    body = {k: v for k, v in result.items() if k not in ("source", ATTACHMENTS)}
    attached = result.get(ATTACHMENTS)
    if isinstance(attached, dict):
        body[ATTACHMENTS] = {k: v for k, v in attached.items() if k != "scan"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
