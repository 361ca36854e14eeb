"""The registry: rated models kept with every assessment over time.

A SQLite file by default (``~/.local/share/mofkit/registry.db``), PostgreSQL by
URL. The schema is created and upgraded by the alembic migrations shipped in
``migrations/``. Modules:

* ``config``  — where the database is (``--db``, ``MOFKIT_DB``) and URL clean-up;
* ``tables``  — the SQLAlchemy tables (models, assessments, submissions);
* ``migrate`` — run the shipped migrations;
* ``summary`` — the columns the leaderboard filters on, taken from a result;
* ``store``   — the :class:`Registry`: add, list, one model, history, stats, export;
* ``query``   — leaderboard filters, sorting and paging;
* ``diff``    — what changed between two assessments;
* ``ingest``  — MOT records and scanned sources into assessments;
* ``submit``  — validation of submitted sources and the scan queue.

Nothing here is imported by ``mof --help``: SQLAlchemy loads with the registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mofkit.registry.store import Registry


def open_registry(url: str | None = None, *, migrate: bool = True) -> Registry:
    """Open (and create or upgrade) the registry at ``url`` (default: see config)."""
    from mofkit.registry.store import Registry

    return Registry.open(url, migrate=migrate)
