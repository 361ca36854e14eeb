"""What list pages show of a model's latest "mof" result besides its summary is kept
where it is read: ``models.verdict_line`` and ``models.date_label`` (worded by
``mofkit.report.verdict``) and the ``model_cells`` table (the openness grid's cells:
each MOF component's status and licence, each OSAID element's verdict and first
reason), written with the result, so the grid, its downloads and the leaderboard
decode no stored result.

Existing models get them from their latest "mof" result, read a batch at a time.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    from mofkit.registry.migrations.batches import latest_results
    from mofkit.registry.summary import shown

    with op.batch_alter_table("models") as batch:
        batch.add_column(sa.Column("verdict_line", sa.Text))
        batch.add_column(sa.Column("date_label", sa.String(16)))
    cells = op.create_table(
        "model_cells",
        sa.Column("model_id", sa.Integer, sa.ForeignKey("models.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("column", sa.String(64), primary_key=True),
        sa.Column("grade", sa.String(16), nullable=False),
        sa.Column("licence", sa.Text),
        sa.Column("reason", sa.Text),
    )
    bind = op.get_bind()
    models = sa.table("models", sa.column("id", sa.Integer),
                      sa.column("verdict_line", sa.Text), sa.column("date_label", sa.String))
    for batch_rows in latest_results(bind, BATCH):
        new_cells: list[dict[str, object]] = []
        for model_id, result in batch_rows:
            words = shown(result)
            bind.execute(sa.update(models).where(models.c.id == model_id).values(
                verdict_line=words.verdict_line, date_label=words.date_label))
            new_cells.extend(words.cell_rows(model_id))
        bind.execute(sa.insert(cells), new_cells)


def downgrade() -> None:
    op.drop_table("model_cells")
    with op.batch_alter_table("models") as batch:
        batch.drop_column("date_label")
        batch.drop_column("verdict_line")
