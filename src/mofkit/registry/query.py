"""Leaderboard queries: filters, sorting and paging over the ``models`` table.

Every value from a request is a bound parameter; sort keys come from a fixed
table; LIKE patterns have their wildcards escaped. Nothing a user types ever
becomes SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, asc, desc, func, or_, select

from mofkit.errors import InputError
from mofkit.registry.summary import LICENCE_KINDS
from mofkit.registry.tables import Model

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$")
MAX_LIMIT = 200
DEFAULT_LIMIT = 50
SORTS: dict[str, tuple[Any, ...]] = {
    "rank": (Model.class_rank, Model.total_progress),
    "name": (Model.name_lower,),
    "producer": (Model.producer,),
    "date": (Model.release_date,),  # the release date; unknown ones last either way
    "record_date": (Model.date,),
    "class": (Model.class_rank,),
    "progress": (Model.total_progress,),
    "osaid": (Model.osaid_verdict,),
    "type": (Model.type,),
    "licence": (Model.licence,),
    "updated": (Model.updated_at,),
}
# The natural direction of each sort when none is given.
DEFAULT_ORDER = {"rank": "desc", "class": "desc", "progress": "desc", "date": "desc",
                 "record_date": "desc", "updated": "desc"}
OSAID_VERDICTS = ("pass", "fail", "unknown")


@dataclass
class ListQuery:
    q: str | None = None
    mof_class: list[int] = field(default_factory=list)
    osaid: str | None = None
    licence: str | None = None
    licence_kind: str | None = None
    producer: str | None = None
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    no_release_date: bool = False  # only the models whose release date is unknown
    sort: str = "rank"
    order: str | None = None
    page: int = 1
    limit: int = DEFAULT_LIMIT

    def validate(self) -> ListQuery:
        if self.sort not in SORTS:
            raise InputError(f"unknown sort {self.sort!r} (choose from {', '.join(SORTS)})")
        if self.order not in (None, "asc", "desc"):
            raise InputError("order must be asc or desc")
        if any(c not in (0, 1, 2, 3) for c in self.mof_class):
            raise InputError("class must be 0 (unclassified), 1, 2 or 3")
        self.mof_class = sorted(set(self.mof_class))  # one form for equal queries
        if self.osaid is not None and self.osaid not in OSAID_VERDICTS:
            raise InputError("osaid must be pass, fail or unknown")
        if self.licence_kind is not None and self.licence_kind not in LICENCE_KINDS:
            raise InputError(f"licence_kind must be one of {', '.join(LICENCE_KINDS)}")
        if self.page < 1 or self.page > 100_000:
            raise InputError("page must be between 1 and 100000")
        if self.limit < 1 or self.limit > MAX_LIMIT:
            raise InputError(f"limit must be between 1 and {MAX_LIMIT}")
        for value in (self.date_from, self.date_to):
            if value is not None and not _DATE.match(value):
                raise InputError("dates are YYYY, YYYY-MM or YYYY-MM-DD")
        for value in (self.q, self.licence, self.licence_kind, self.producer, self.type,
                      self.date_from, self.date_to):
            if value is not None and len(value) > 200:
                raise InputError("a filter value is longer than 200 characters")
            if value is not None and any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
                raise InputError("a filter value has control characters")
        return self

    def key(self) -> tuple[Any, ...]:
        """Equal for queries that give the same page (after ``validate``)."""
        return (*count_key(self), self.sort, self.direction, self.page, self.limit)

    @property
    def direction(self) -> str:
        return self.order or DEFAULT_ORDER.get(self.sort, "asc")

    def params(self) -> dict[str, Any]:
        """The query as URL parameters (for links that keep the filters)."""
        out: dict[str, Any] = {}
        for key in ("q", "osaid", "licence", "licence_kind", "producer", "type", "date_from",
                    "date_to"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.mof_class:
            out["class"] = list(self.mof_class)
        if self.no_release_date:
            out["no_release_date"] = 1
        if self.sort != "rank":
            out["sort"] = self.sort
        if self.order:
            out["order"] = self.order
        if self.limit != DEFAULT_LIMIT:
            out["limit"] = self.limit
        return out


def like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where(query: ListQuery) -> list[Any]:
    conds: list[Any] = []
    if query.q:
        pattern = like_pattern(query.q.strip())
        conds.append(or_(Model.name_lower.like(pattern, escape="\\"),
                         func.lower(Model.producer).like(pattern, escape="\\")))
    if query.mof_class:
        conds.append(Model.mof_class.in_(query.mof_class))
    if query.osaid:
        conds.append(Model.osaid_verdict == query.osaid)
    if query.licence:
        conds.append(Model.licence == query.licence)
    if query.licence_kind:
        conds.append(Model.licence_kind == query.licence_kind)
    if query.producer:
        conds.append(Model.producer == query.producer)
    if query.type:
        conds.append(Model.type == query.type)
    if query.date_from:  # dates filter on the release date, never a record's date
        conds.append(Model.release_date >= query.date_from)
    if query.date_to:
        conds.append(Model.release_date < date_after(query.date_to))
    if query.no_release_date:
        conds.append(Model.release_date.is_(None))
    return conds


def date_after(value: str) -> str:
    """A string just above every date that starts with ``value`` ("2025" and "2025-06"
    include the whole year or month, "9999" too): "~" sorts after digits and "-"."""
    return value + "~"


# What a list item shows (``store.model_summary``): read as plain rows, no ORM objects.
SUMMARY_COLUMNS = (
    Model.slug, Model.name, Model.producer, Model.type, Model.date, Model.release_date,
    Model.release_date_from, Model.origin, Model.source,
    Model.mof_class, Model.progress_1, Model.progress_2, Model.progress_3,
    Model.total_progress, Model.osaid_verdict, Model.licence, Model.licence_kind,
    Model.mot_class, Model.mot_total_progress, Model.updated_at,
)


def count_key(query: ListQuery) -> tuple[Any, ...]:
    """Equal for queries with the same filters (so the same count)."""
    return (query.q.strip().lower() if query.q else None, tuple(query.mof_class),
            query.osaid, query.licence, query.licence_kind, query.producer, query.type,
            query.date_from, query.date_to, query.no_release_date)


def select_page(query: ListQuery) -> tuple[Select[*tuple[Any, ...]], Select[int]]:
    """(rows, count) statements for ``query``; rows are ``SUMMARY_COLUMNS``."""
    conds = where(query)
    cond = and_(*conds) if conds else None
    direction = desc if query.direction == "desc" else asc
    order = [direction(col).nulls_last() if col is Model.release_date else direction(col)
             for col in SORTS[query.sort]]
    order += [asc(Model.name_lower), asc(Model.id)]
    # The page's ids first, then their rows: the sort holds (key, name, id) tuples, not
    # whole rows (2-3x less work for a sort no index serves, deep in 10,000 models).
    ids = select(Model.id).order_by(*order).limit(query.limit).offset(
        (query.page - 1) * query.limit)
    count = select(func.count(Model.id))
    if cond is not None:
        ids = ids.where(cond)
        count = count.where(cond)
    rows = select(*SUMMARY_COLUMNS).where(Model.id.in_(ids.scalar_subquery())).order_by(*order)
    return rows, count
