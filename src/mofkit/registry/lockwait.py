"""Say so when a registry write waits for another writer's lock - and only then.

A write transaction of many results can take seconds of honest work; timing the
whole block said "waiting for the registry database" on every big batch with no
other writer in sight. The wait for a lock happens inside one statement (SQLite
takes its write lock at the first write and waits there up to the busy timeout;
PostgreSQL waits on a locked row inside the statement), so the watch is per
statement: a single statement of a write still running after
:data:`mofkit.sources.waiting.AFTER` seconds is said once, while the work between
statements is never counted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from mofkit.sources import waiting

_LINE: ContextVar[str | None] = ContextVar("mofkit_registry_wait_line", default=None)
_TIMER = "mofkit_wait_timer"


@contextmanager
def watching(line: str) -> Iterator[None]:
    """Within the block, a statement slower than a second says ``line`` (once)."""
    token = _LINE.set(line)
    try:
        yield
    finally:
        _LINE.reset(token)


def watch(engine: Engine) -> None:
    """Time the statements ``engine`` runs inside :func:`watching` blocks."""
    if not event.contains(engine, "before_cursor_execute", _started):
        event.listen(engine, "before_cursor_execute", _started)
        event.listen(engine, "after_cursor_execute", _finished)
        event.listen(engine, "handle_error", _failed)


def _started(conn: Any, _cursor: Any, _statement: Any, _params: Any, _context: Any,
             _many: bool) -> None:
    line = _LINE.get()
    if line is not None:
        timer = threading.Timer(waiting.AFTER, waiting.say, (line,))
        timer.daemon = True
        conn.info[_TIMER] = timer
        timer.start()


def _finished(conn: Any, *_args: Any) -> None:
    _cancel(conn)


def _failed(context: Any) -> None:
    if context.connection is not None:
        _cancel(context.connection)


def _cancel(conn: Any) -> None:
    timer = conn.info.pop(_TIMER, None)
    if timer is not None:
        timer.cancel()
