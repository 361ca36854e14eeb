"""A stored result keeps what was attached to its assessment under the one key
``attachments`` (``{"scan": ..., "hub": ...}``, ``mofkit.assess.model.Attachments``)
instead of the two top-level keys ``scan`` and ``hub``: every stored result is
rewritten to that shape (its root locations are public since 0004) and its digest
recomputed (so an unchanged re-scan is still ``unchanged``). A downgrade
moves the attachments back and leaves the digests (the next store of an unchanged
result then writes one more history entry).

Both shapes are spelled here, not imported, so that this migration keeps meaning what
it means when the code that reads results changes; the digest is the store's own
(what it compares a new result with).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

KEY = "attachments"
NAMES = ("scan", "hub")
BATCH = 500


def to_attachments(result: dict[str, Any]) -> dict[str, Any]:
    """The new shape of a result (one already in it is returned as it is)."""
    if isinstance(result.get(KEY), dict):
        return result
    out = {k: v for k, v in result.items() if k not in NAMES}
    out[KEY] = {name: result.get(name) if isinstance(result.get(name), dict) else None
                for name in NAMES}
    return out


def from_attachments(result: dict[str, Any]) -> dict[str, Any]:
    """The old shape: each attachment that is there as a top-level key."""
    attached = result.get(KEY)
    if not isinstance(attached, dict):
        return result
    out = {k: v for k, v in result.items() if k != KEY}
    out.update({name: attached[name] for name in NAMES if attached.get(name) is not None})
    return out


def _rewrite(change: Callable[[dict[str, Any]], dict[str, Any]], *, new: bool) -> None:
    bind = op.get_bind()
    rows = sa.table("assessments", sa.column("id", sa.Integer),
                    sa.column("digest", sa.String), sa.column("result", sa.JSON))
    ids = [i for (i,) in bind.execute(sa.select(rows.c.id).order_by(rows.c.id)).all()]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        for row in bind.execute(sa.select(rows.c.id, rows.c.result)
                                .where(rows.c.id.in_(chunk))).all():
            result = row.result if isinstance(row.result, dict) else {}
            values: dict[str, Any] = {"result": change(result)}
            if new:
                from mofkit.registry.summary import digest

                values["digest"] = digest(values["result"])
            bind.execute(sa.update(rows).where(rows.c.id == row.id).values(**values))


def upgrade() -> None:
    _rewrite(to_attachments, new=True)


def downgrade() -> None:
    _rewrite(from_attachments, new=False)
