"""Models get a release date apart from their record's date: ``models.release_date``
(when the model was released, read from the release: its card, a record's
``release_date`` field, the Hub's creation date) and ``models.release_date_from``
(card, record or hub), indexed for the leaderboard's date filters and the charts,
which no longer use a Model Openness Tool record's own ``date``.

Existing models get them from their latest "mof" result when it has one (results
stored before this version have none: their release date stays unknown until the
model is rated again), read a batch at a time.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    from mofkit.registry.migrations.batches import latest_results
    from mofkit.registry.summary import summarise

    op.add_column("models", sa.Column("release_date", sa.String(32)))  # in place, no copy
    op.add_column("models", sa.Column("release_date_from", sa.String(16)))
    op.create_index("ix_models_release_date", "models", ["release_date"])
    bind = op.get_bind()
    models = sa.table("models", sa.column("id", sa.Integer),
                      sa.column("release_date", sa.String),
                      sa.column("release_date_from", sa.String))
    for batch_rows in latest_results(bind, BATCH):
        for model_id, result in batch_rows:
            summary = summarise(result)
            if summary.release_date:
                bind.execute(sa.update(models).where(models.c.id == model_id).values(
                    release_date=summary.release_date,
                    release_date_from=summary.release_date_from))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN in place (SQLite 3.35+ has it): a batch copy of the
    # table would drop the old "models", and with it every assessment (ON DELETE CASCADE)
    op.drop_index("ix_models_release_date", "models")
    op.drop_column("models", "release_date_from")
    op.drop_column("models", "release_date")
