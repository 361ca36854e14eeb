"""Models are identified by their source (``models.source_key``: a Hub repo id, a
git URL, a Model Openness Tool record file, a local folder), no longer by the
slug of their display name; sources are stored in their public form.

Existing models get the key of their latest assessment's source (a key already
taken by another model becomes ``legacy:<slug>``: two models that one source
reached under two names stay two models), and every stored source, and each
scan's root locations, is rewritten in public form (no local paths).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def scrub(result: dict[str, Any], public: str) -> dict[str, Any]:
    """``result`` with its source and the scan's root locations in public form, in the
    shape results had then (the scan a top-level key; 0005 moved it)."""
    from mofkit.registry.identity import identify

    out = dict(result)
    out["source"] = public
    scan = out.get("scan")
    if isinstance(scan, dict) and isinstance(scan.get("roots"), list):
        out["scan"] = {**scan, "roots": [
            {**root, "location": identify(str(root.get("location") or ""),
                                          str(root.get("kind") or "folder"), "").public}
            if isinstance(root, dict) else root for root in scan["roots"]]}
    return out


def upgrade() -> None:
    from mofkit.registry.identity import identify

    with op.batch_alter_table("models") as batch:
        batch.add_column(sa.Column("source_key", sa.String(500)))
    bind = op.get_bind()
    models = sa.table("models", sa.column("id", sa.Integer), sa.column("slug", sa.String),
                      sa.column("name", sa.String), sa.column("source", sa.Text),
                      sa.column("source_key", sa.String), sa.column("latest_id", sa.Integer),
                      sa.column("mot_latest_id", sa.Integer))
    rows = sa.table("assessments", sa.column("id", sa.Integer),
                    sa.column("model_id", sa.Integer), sa.column("source", sa.Text),
                    sa.column("source_kind", sa.String), sa.column("result", sa.JSON))
    taken: set[str] = set()
    for model in bind.execute(sa.select(models).order_by(models.c.id)).all():
        latest = model.latest_id or model.mot_latest_id
        found = bind.execute(sa.select(rows.c.source, rows.c.source_kind)
                             .where(rows.c.id == latest)).first() if latest else None
        ident = identify(found.source if found else None,
                         found.source_kind if found else "", model.name)
        key = ident.key if ident.key not in taken else f"legacy:{model.slug}"
        taken.add(key)
        bind.execute(sa.update(models).where(models.c.id == model.id)
                     .values(source_key=key, source=ident.public or None))
    for row in bind.execute(sa.select(rows.c.id, rows.c.source, rows.c.source_kind,
                                      rows.c.result)).all():
        ident = identify(row.source, row.source_kind, "")
        result = row.result if isinstance(row.result, dict) else {}
        bind.execute(sa.update(rows).where(rows.c.id == row.id).values(
            source=ident.public or "-", result=scrub(result, ident.public)))
    op.create_index("ix_models_source_key", "models", ["source_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_models_source_key", "models")
    with op.batch_alter_table("models") as batch:
        batch.drop_column("source_key")
