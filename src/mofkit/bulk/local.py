"""The local backend: a pool of worker processes on this machine.

Each process is started clean (``spawn``: no threads or sockets inherited from
the command), loads the licence index once in its initializer, and shares one
rate budget with the others (:class:`~mofkit.bulk.budget.SharedBuckets`).
Records come back in the order sources finish. A worker process that dies
(killed, out of memory) costs the sources it held an ``internal`` error record
and the pool is started again: the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from mofkit.bulk.budget import SharedBuckets
from mofkit.bulk.records import Task
from mofkit.bulk.worker import Worker, WorkerConfig, memory

_WORKER: Worker | None = None


def _init(config: WorkerConfig, budget: SharedBuckets | None) -> None:
    global _WORKER
    _watch_parent(os.getppid())
    _WORKER = Worker(config, budget)


def _watch_parent(parent: int) -> None:
    """Exit when the command that started this process is gone (killed with SIGKILL,
    it cannot stop its pool): no orphan keeps scanning."""

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="mof-bulk-parent-watch", daemon=True).start()


def _run(task: Task) -> dict[str, Any]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.run(task)


def _pid() -> tuple[int, float]:
    assert _WORKER is not None
    return _WORKER.pid, _WORKER.index_seconds


def _died(task: Task, why: str) -> dict[str, Any]:
    return {"source": task.source, "status": "error", "error": why, "cause": "internal",
            "rules": task.rules, "seconds": 0.0}


class LocalPool:
    """``workers`` processes; ``run(tasks)`` yields one record per task as each finishes."""

    def __init__(self, config: WorkerConfig, workers: int, budget: SharedBuckets | None,
                 window: int = 4) -> None:
        self.config = config
        self.workers = max(1, workers)
        self.budget = budget
        self.window = max(1, window) * self.workers  # tasks in flight
        self.context = multiprocessing.get_context("spawn")
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0

    def _start(self) -> ProcessPoolExecutor:
        self._pool = ProcessPoolExecutor(self.workers, mp_context=self.context,
                                         initializer=_init, initargs=(self.config, self.budget))
        return self._pool

    def start(self) -> None:
        """Start the processes and wait until each has loaded the licence index."""
        pool = self._pool or self._start()
        list(pool.map(_sleep_then_pid, [0.05] * self.workers))

    def pids(self) -> list[int]:
        pool = self._pool
        return sorted(pool._processes) if pool is not None else []

    def memory(self) -> list[dict[str, int]]:
        return [memory(pid) for pid in self.pids()]

    def spent(self) -> dict[str, int]:
        return self.budget.spent() if self.budget is not None else {}

    def run(self, tasks: Iterable[Task]) -> Iterator[dict[str, Any]]:
        pool = self._pool or self._start()
        queue = iter(tasks)
        running: dict[Future[dict[str, Any]], Task] = {}
        exhausted = False
        while True:
            while not exhausted and len(running) < self.window:
                task = next(queue, None)
                if task is None:
                    exhausted = True
                    break
                try:
                    running[pool.submit(_run, task)] = task
                except BrokenProcessPool:
                    pool = self._restart()
                    running[pool.submit(_run, task)] = task
            if not running:
                return
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                task = running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = True
                    yield _died(task, "the worker process died while rating this source")
            if broken:
                for task in list(running.values()):
                    yield _died(task, "the worker process died while rating this source")
                running.clear()
                pool = self._restart()

    def _restart(self) -> ProcessPoolExecutor:
        self.restarts += 1
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        time.sleep(0.1)
        return self._start()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _sleep_then_pid(seconds: float) -> tuple[int, float]:
    # Each call holds its process a moment so that every process gets one.
    time.sleep(seconds)
    return _pid()
