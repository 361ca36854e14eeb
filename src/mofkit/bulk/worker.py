"""One bulk worker: set up once (environment, licence index, rate budget), then
rate sources one after another. The local pool and the Ray actors both wrap
:class:`Worker`; what it returns is always a record, never an exception.

The per-source timeout is an interval timer (``SIGALRM``) in the thread that
runs the scan — the main thread, in a local worker process and in a Ray actor
alike (Ray runs a synchronous actor's methods on its main thread): it raises
:class:`~mofkit.bulk.records.BulkTimeout` and fires again every half second
until the scan has unwound. A handler runs only between Python bytecodes, so a
scan stuck in C code is not stopped by it: the driver gives each source
``timeout + grace(timeout)`` and then kills and replaces the worker.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from mofkit.bulk.budget import Budget
from mofkit.bulk.records import (
    BulkTimeout,
    Done,
    Task,
    encode,
    error_record,
    result_record,
    unchanged_record,
)

# What a worker needs from the environment of the command that started it (on a
# Ray cluster, the driver's environment is not the workers').
PASSED_ENV = ("HF_ENDPOINT", "HF_TOKEN", "HF_HUB_OFFLINE", "HF_HOME", "HF_HUB_DISABLE_TELEMETRY",
              "MOFKIT_CACHE", "MOFKIT_HF_ATTEMPTS", "MOFKIT_HF_BACKOFF",
              "MOFKIT_HF_LINEAGE_DEPTH", "MOFKIT_CONNECT_TIMEOUT", "MOFKIT_READ_TIMEOUT",
              "MOFKIT_GIT_TIMEOUT", "MOFKIT_GIT_ATTEMPTS")


@dataclass(frozen=True)
class WorkerConfig:
    timeout: float = 300.0  # seconds per source; 0 = none
    env: dict[str, str] = field(default_factory=dict)  # set in the worker before any import
    unset: tuple[str, ...] = ()  # and these removed

    @classmethod
    def from_env(cls, timeout: float) -> WorkerConfig:
        env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
        unset = tuple(name for name in PASSED_ENV if name not in os.environ)
        return cls(timeout=timeout, env=env, unset=unset)


def grace(timeout: float) -> float:
    """How long the driver waits past the timer before it kills a worker."""
    return 2.0 + 0.05 * timeout


@contextmanager
def deadline(seconds: float) -> Iterator[list[bool]]:
    """Raise BulkTimeout in this thread after ``seconds`` (main thread only; elsewhere
    no timer is set and the caller's own backstop applies). Yields a flag list whose
    first item says whether the timer fired."""
    fired = [False]
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield fired
        return

    def on_alarm(signum: int, frame: Any) -> None:
        fired[0] = True
        raise BulkTimeout(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Worker:
    """Rates sources with :func:`mofkit.pipeline.rate`; loads the licence index once."""

    def __init__(self, config: WorkerConfig, budget: Budget | None = None) -> None:
        os.environ.update(config.env)
        for name in config.unset:
            os.environ.pop(name, None)
        self.config = config
        self.pid = os.getpid()
        from mofkit.licenses.detect.index import get_index
        from mofkit.pipeline import rate

        started = time.perf_counter()
        get_index()  # the licence index, once per worker
        self.index_seconds = time.perf_counter() - started
        self._rate = rate
        if budget is not None:
            from mofkit.bulk.budget import install

            install(budget)

    def current_revision(self, source: str) -> str | None:
        """--refresh: the commit a Hub model is at now (one API request)."""
        from mofkit.sources.hf.location import is_hf_location, parse_hf_location
        from mofkit.sources.hf.options import HubOptions

        if not is_hf_location(source):
            return None
        where = parse_hf_location(source)
        if where.revision is not None:
            return None  # pinned: a result at that revision is never stale
        options = HubOptions.from_env()
        from huggingface_hub import HfApi

        from mofkit.sources.hf.http import install
        from mofkit.sources.hf.retry import with_retries

        timeout = install(options.timeouts)
        api = HfApi(endpoint=options.endpoint, token=options.token)
        # Ask the Hub, not the cache: the branch may have moved.
        info = with_retries(lambda: api.model_info(where.repo_id, expand=["sha"],
                                                   timeout=timeout), options.retry)
        return str(info.sha) if getattr(info, "sha", None) else None

    def run(self, task: Task) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            with deadline(self.config.timeout) as fired:
                if task.known_revision:
                    now = self.current_revision(task.source)
                    if now is not None and now == task.known_revision:
                        return unchanged_record(task, now, time.perf_counter() - started)
                result = self._rate(task.source, rules=(task.rules,)).to_dict()
            if fired[0]:  # the timer fired but something on the way swallowed it
                raise BulkTimeout(f"took longer than {self.config.timeout:g} s")
            return result_record(task, result, time.perf_counter() - started)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            return error_record(task, exc, time.perf_counter() - started)

    def rate(self, task: Task) -> Done:
        """:meth:`run`, the record encoded as its JSON line here, in the worker."""
        record = self.run(task)
        try:
            return encode(record)
        except Exception as exc:  # a result that is not JSON: a bug, but one source's
            return encode(error_record(task, exc, float(record.get("seconds") or 0.0)))


def memory(pid: int | str = "self") -> dict[str, int]:
    """Resident memory of a process in KiB, now and at its peak (Linux /proc)."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out["rss" if key == "VmRSS" else "peak"] = int(value.split()[0])
    except OSError:
        pass
    return out
