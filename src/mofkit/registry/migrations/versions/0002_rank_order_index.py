"""An index in the leaderboard's default order (class rank, progress, name, id),
so deep pages and unfiltered lists need no sort of the whole table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-09-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_models_board", "models", [
        sa.text("class_rank DESC"), sa.text("total_progress DESC"), "name_lower", "id"])


def downgrade() -> None:
    op.drop_index("ix_models_board", "models")
