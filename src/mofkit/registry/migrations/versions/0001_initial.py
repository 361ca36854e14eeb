"""The first registry schema: models, assessments, submissions.

Revision ID: 0001
Revises:
Create Date: 2026-09-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "models",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("name_lower", sa.String(300), nullable=False),
        sa.Column("producer", sa.String(200)),
        sa.Column("type", sa.String(100)),
        sa.Column("date", sa.String(32)),
        sa.Column("origin", sa.String(300)),
        sa.Column("source", sa.Text),
        sa.Column("mof_class", sa.Integer, nullable=False),
        sa.Column("class_rank", sa.Integer, nullable=False),
        sa.Column("progress_1", sa.Float, nullable=False),
        sa.Column("progress_2", sa.Float, nullable=False),
        sa.Column("progress_3", sa.Float, nullable=False),
        sa.Column("total_progress", sa.Float, nullable=False),
        sa.Column("osaid_verdict", sa.String(16)),
        sa.Column("licence", sa.String(300)),
        sa.Column("licence_kind", sa.String(32)),
        sa.Column("latest_id", sa.Integer),
        sa.Column("mot_class", sa.Integer),
        sa.Column("mot_total_progress", sa.Float),
        sa.Column("mot_latest_id", sa.Integer),
        sa.Column("created_at", TZ),
        sa.Column("updated_at", TZ),
    )
    for name, cols in (
        ("ix_models_rank", ["class_rank", "total_progress"]),
        ("ix_models_name_lower", ["name_lower"]),
        ("ix_models_producer", ["producer"]),
        ("ix_models_type", ["type"]),
        ("ix_models_date", ["date"]),
        ("ix_models_osaid", ["osaid_verdict"]),
        ("ix_models_licence", ["licence"]),
        ("ix_models_licence_kind", ["licence_kind"]),
        ("ix_models_origin", ["origin"]),
    ):
        op.create_index(name, "models", cols)
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("model_id", sa.Integer, sa.ForeignKey("models.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", TZ),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_kind", sa.String(32), nullable=False),
        sa.Column("revision", sa.String(100)),
        sa.Column("tool_version", sa.String(32), nullable=False),
        sa.Column("rules", sa.String(32), nullable=False),
        sa.Column("rules_version", sa.String(64), nullable=False),
        sa.Column("mof_class", sa.Integer, nullable=False),
        sa.Column("total_progress", sa.Float, nullable=False),
        sa.Column("osaid_verdict", sa.String(16)),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
    )
    op.create_index("ix_assessments_model", "assessments", ["model_id", "rules", "id"])
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("model_slug", sa.String(200)),
        sa.Column("created_at", TZ),
        sa.Column("updated_at", TZ),
    )
    op.create_index("ix_submissions_status", "submissions", ["status", "id"])


def downgrade() -> None:
    op.drop_table("submissions")
    op.drop_table("assessments")
    op.drop_table("models")
