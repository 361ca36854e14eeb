"""A line on stderr for anything on the network slower than a second.

``slow(label, what)`` wraps one network step (a Hub request, a git clone): if it
has not finished after :data:`AFTER` seconds, one line says what mofkit is waiting
for and how long it will wait at most; ``retrying(...)`` says so before each retry.
Machine output on stdout is never touched. ``quiet()`` turns them off (bulk runs
show their own progress, and a test can check for silence).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from mofkit.safetext import terminal_safe

AFTER = 1.0  # seconds before the first line
_state = {"on": True}


def quiet(on: bool = True) -> None:
    _state["on"] = not on


def say(line: str) -> None:
    if _state["on"]:
        with suppress(OSError, ValueError):  # stderr closed: nothing to tell
            print(f"mof: {terminal_safe(line)}", file=sys.stderr, flush=True)


@contextmanager
def slow(label: str, what: str, limit: str = "") -> Iterator[None]:
    """Say ``LABEL: waiting for WHAT (LIMIT)`` once if the block takes over a second."""
    tail = f" ({limit})" if limit else ""
    timer = threading.Timer(AFTER, say, (f"{label}: waiting for {what}{tail}",))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def retrying(label: str, why: str, wait: float, attempt: int, attempts: int) -> None:
    say(f"{label}: {why}; retrying in {wait:.1f} s (try {attempt + 1} of {attempts})")
