"""The registry's tables.

* ``models``: one row per model - one per source (``source_key``), whatever
  name its card or record gives - (slug, name, producer, type, the record's date,
  the release date and where it was read) with the
  summary of its latest assessment under each rule set, so the leaderboard is
  one indexed query, and the plain verdict line and date label of its latest
  "mof" result, so list pages read no stored JSON;
* ``model_cells``: the openness grid's cells of each model's latest "mof" result
  (one row per MOF component and OSAID element: status or verdict, the
  component's licence, the element's first reason), written with the result;
* ``assessments``: every assessment ever stored - source and revision, tool
  and rules versions, the summary and the full result (evidence included);
* ``submissions``: sources queued for a scan, and what became of them;
* ``meta``: the write generation, bumped by every write to the models in the
  same transaction (web processes compare it to drop their response caches).

The alembic migration in ``migrations/versions`` creates exactly these; a test
checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Model(Base):
    __tablename__ = "models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    name_lower: Mapped[str] = mapped_column(String(300), nullable=False)
    producer: Mapped[str | None] = mapped_column(String(200))
    type: Mapped[str | None] = mapped_column(String(100))
    date: Mapped[str | None] = mapped_column(String(32))  # the source's own (a record's)
    # When the model was released, read from the release (card, record field, Hub).
    release_date: Mapped[str | None] = mapped_column(String(32))
    release_date_from: Mapped[str | None] = mapped_column(String(16))
    origin: Mapped[str | None] = mapped_column(String(300))
    # What the model is (registry/identity.py): its source, never its display name.
    source_key: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(Text)  # public form: a URL, or None
    # Summary of the latest assessment under the "mof" rules.
    mof_class: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    class_rank: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    progress_1: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    progress_2: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    progress_3: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    total_progress: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    osaid_verdict: Mapped[str | None] = mapped_column(String(16))
    licence: Mapped[str | None] = mapped_column(String(300))
    licence_kind: Mapped[str | None] = mapped_column(String(32))
    latest_id: Mapped[int | None] = mapped_column(Integer)
    # Summary of the latest assessment under the "mot-compat" rules.
    mot_class: Mapped[int | None] = mapped_column(Integer)
    mot_total_progress: Mapped[float | None] = mapped_column(Float)
    mot_latest_id: Mapped[int | None] = mapped_column(Integer)
    # Worded from the latest "mof" result when it is stored (report.verdict).
    verdict_line: Mapped[str | None] = mapped_column(Text)
    date_label: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        Index("ix_models_rank", "class_rank", "total_progress"),
        Index("ix_models_board", class_rank.desc(), total_progress.desc(), name_lower, id),
        Index("ix_models_name_lower", "name_lower"),
        Index("ix_models_producer", "producer"),
        Index("ix_models_type", "type"),
        Index("ix_models_date", "date"),
        Index("ix_models_release_date", "release_date"),
        Index("ix_models_osaid", "osaid_verdict"),
        Index("ix_models_licence", "licence"),
        Index("ix_models_licence_kind", "licence_kind"),
        Index("ix_models_origin", "origin"),
        Index("ix_models_source_key", "source_key", unique=True),
    )


class ModelCell(Base):
    """One cell of the openness grid: a MOF component's status (with the licence it
    rests on) or an OSAID element's verdict (with its first reason) in the model's
    latest "mof" result. Keyed by the rules' ids, so new components need no migration."""

    __tablename__ = "model_cells"

    model_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("models.id", ondelete="CASCADE"), primary_key=True
    )
    column: Mapped[str] = mapped_column(String(64), primary_key=True)
    grade: Mapped[str] = mapped_column(String(16), nullable=False)
    licence: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("models.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    source_kind: Mapped[str] = mapped_column(String(32), nullable=False)  # mot-record, scan...
    revision: Mapped[str | None] = mapped_column(String(100))
    tool_version: Mapped[str] = mapped_column(String(32), nullable=False)
    rules: Mapped[str] = mapped_column(String(32), nullable=False)
    rules_version: Mapped[str] = mapped_column(String(64), nullable=False)
    mof_class: Mapped[int] = mapped_column(Integer, nullable=False)
    total_progress: Mapped[float] = mapped_column(Float, nullable=False)
    osaid_verdict: Mapped[str | None] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)

    __table_args__ = (Index("ix_assessments_model", "model_id", "rules", "id"),)


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(500), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="queued")
    error: Mapped[str | None] = mapped_column(Text)
    model_slug: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_submissions_status", "status", "id"),)


GENERATION = "generation"


class Meta(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False)
