"""The local backend: worker processes on this machine, each with a pipe of its own.

Each process is started clean (``spawn``: no threads or sockets inherited from
the command), loads the licence index once, and shares one rate budget with
the others (:class:`~mofkit.bulk.budget.SharedBuckets`). The driver keeps
``depth`` sources queued per process, so a worker never waits for its next
source, and knows which source each process is on and since when: the head of
its queue, started when the one before it finished.

* Records come back in the order sources finish, already encoded as JSON lines
  by the worker (:class:`~mofkit.bulk.records.Done`): the driver writes bytes.
* The per-source timeout is the worker's timer; if a source is still running
  ``grace`` seconds after it (stuck in C code, which no signal handler can
  interrupt), the driver kills that process, writes a ``timeout`` record and
  starts a replacement. The sources queued behind it are handed out again.
* A process that dies (killed, out of memory) costs the source it was on an
  ``internal`` record and is replaced: the batch goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from mofkit.bulk.budget import SharedBuckets
from mofkit.bulk.records import Done, Task, died_record, encode, stuck_record
from mofkit.bulk.worker import Worker, WorkerConfig, grace, memory

WorkerFactory = Callable[[WorkerConfig, Any], Worker]


def _watch_parent(parent: int) -> None:
    """Exit when the command that started this process is gone (killed with SIGKILL,
    it cannot stop its workers): no orphan keeps scanning."""

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="mof-bulk-parent-watch", daemon=True).start()


def _serve(conn: Connection, config: WorkerConfig, budget: SharedBuckets | None,
           factory: WorkerFactory) -> None:
    """A worker process: set up once, then rate the tasks the driver sends."""
    _watch_parent(os.getppid())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    worker = factory(config, budget)
    conn.send(("ready", worker.pid, worker.index_seconds))
    while True:
        try:
            tasks = conn.recv()
        except (EOFError, OSError):
            return
        if tasks is None:
            return
        for task in tasks:
            conn.send(worker.rate(task))


class _Slot:
    """One worker process, its pipe, and the tasks sent to it in order."""

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.queue: deque[Task] = deque()
        self.ready = False
        self.since = 0.0  # when the head of the queue started
        self.pid = 0

    def send(self, tasks: list[Task], now: float) -> None:
        if not self.queue:
            self.since = now
        self.queue.extend(tasks)
        self.conn.send(tasks)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class LocalPool:
    """``workers`` processes; ``run(tasks)`` yields lists of :class:`Done`, one per task,
    as they finish (those that finished together in one list)."""

    def __init__(self, config: WorkerConfig, workers: int, budget: SharedBuckets | None,
                 depth: int = 2, factory: WorkerFactory = Worker) -> None:
        self.config = config
        self.workers = max(1, workers)
        self.budget = budget
        self.depth = max(1, depth)  # tasks queued per process
        self.factory = factory
        self.context = multiprocessing.get_context("spawn")
        self.slots: list[_Slot] = []
        self.restarts = 0
        self.limit = config.timeout + grace(config.timeout) if config.timeout > 0 else 0.0

    def _spawn(self) -> _Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, name="mof-bulk-worker", daemon=True,
                                       args=(child, self.config, self.budget, self.factory))
        process.start()
        child.close()
        return _Slot(process, parent)

    def _ready(self, slot: _Slot, message: Any) -> None:
        slot.ready, slot.pid = True, int(message[1])
        slot.since = time.monotonic()

    def start(self) -> None:
        """Start the processes and wait until each has loaded the licence index."""
        while len(self.slots) < self.workers:
            self.slots.append(self._spawn())
        for slot in self.slots:
            if not slot.ready:
                message = slot.conn.recv()  # EOFError if it died starting: a real error
                self._ready(slot, message)

    def pids(self) -> list[int]:
        return sorted(slot.process.pid for slot in self.slots if slot.process.is_alive())

    def memory(self) -> list[dict[str, int]]:
        return [memory(pid) for pid in self.pids()]

    def spent(self) -> dict[str, int]:
        return self.budget.spent() if self.budget is not None else {}

    def _replace(self, index: int) -> None:
        self.restarts += 1
        self.slots[index].kill()
        self.slots[index] = self._spawn()

    def run(self, tasks: Iterable[Task]) -> Iterator[list[Done]]:
        if len(self.slots) < self.workers:
            self.start()
        queue = iter(tasks)
        again: deque[Task] = deque()  # queued behind a source whose worker was replaced
        exhausted = False

        def take(count: int) -> list[Task]:
            nonlocal exhausted
            out: list[Task] = []
            while len(out) < count and again:
                out.append(again.popleft())
            while len(out) < count and not exhausted:
                task = next(queue, None)
                if task is None:
                    exhausted = True
                else:
                    out.append(task)
            return out

        while True:
            now = time.monotonic()
            for slot in self.slots:
                if slot.ready and len(slot.queue) < self.depth:
                    batch = take(self.depth - len(slot.queue))
                    if batch:
                        slot.send(batch, now)
            busy = [slot for slot in self.slots if slot.queue or not slot.ready]
            if not any(slot.queue for slot in busy) and exhausted and not again:
                return
            waits: list[Any] = [slot.conn for slot in busy]
            waits += [slot.process.sentinel for slot in busy]
            timeout = None
            if self.limit:
                heads = [slot.since + self.limit for slot in busy if slot.ready and slot.queue]
                timeout = max(0.0, min(heads) - now) + 0.01 if heads else None
            ready = set(wait(waits, timeout))
            now = time.monotonic()
            out: list[Done] = []
            for index, slot in enumerate(list(self.slots)):
                if slot not in busy:
                    continue
                dead = False
                if slot.conn in ready or slot.process.sentinel in ready:
                    try:
                        while slot.conn.poll():
                            message = slot.conn.recv()
                            if isinstance(message, tuple) and message[:1] == ("ready",):
                                self._ready(slot, message)
                                continue
                            slot.queue.popleft()
                            slot.since = now
                            out.append(message)
                    except (EOFError, OSError):
                        dead = True
                    dead = dead or not slot.process.is_alive()
                if dead and not slot.ready:  # a replacement that cannot start: no loop
                    raise RuntimeError("a bulk worker process died while starting "
                                       f"(exit code {slot.process.exitcode})")
                if dead:
                    if slot.queue:
                        out.append(encode(died_record(
                            slot.queue.popleft(),
                            "the worker process died while rating this source")))
                    again.extendleft(reversed(slot.queue))
                    self._replace(index)
                elif self.limit and slot.ready and slot.queue and now >= slot.since + self.limit:
                    task = slot.queue.popleft()
                    again.extendleft(reversed(slot.queue))
                    self._replace(index)
                    out.append(encode(stuck_record(task, self.config.timeout,
                                                   now - slot.since)))
            if out:
                yield out

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        deadline = time.monotonic() + 1.0
        for slot in self.slots:
            slot.process.join(max(0.0, deadline - time.monotonic()))
            slot.kill()
        self.slots = []
