"""What data migrations read a batch at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def latest_results(bind: Connection, batch: int = 500
                   ) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    """Each model's id and its latest stored result (``models.latest_id``), ``batch``
    models at a time in id order; a result that is not a JSON object reads as ``{}``."""
    models = sa.table("models", sa.column("id", sa.Integer), sa.column("latest_id", sa.Integer))
    rows = sa.table("assessments", sa.column("id", sa.Integer), sa.column("result", sa.JSON))
    last = 0
    while True:
        got = bind.execute(
            sa.select(models.c.id, rows.c.result)
            .join(rows, rows.c.id == models.c.latest_id)
            .where(models.c.id > last).order_by(models.c.id).limit(batch)).all()
        if not got:
            return
        yield [(model_id, result if isinstance(result, dict) else {})
               for model_id, result in got]
        last = got[-1][0]
