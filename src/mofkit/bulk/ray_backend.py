"""The Ray backend (``pip install 'mofkit[ray]'``): the same work on a Ray cluster.

* ``workers`` stateful actors (``_ScanState``, one CPU each), each holding a
  :class:`~mofkit.bulk.worker.Worker`: the licence index is loaded once per actor;
* one budget actor (``_BudgetState``, no CPU) holds the shared rate budget;
  actors lease request slots from it several at a time (:class:`RayBudget`);
* the driver sends each actor several sources per call — as many as take about
  :data:`CALL_SECONDS` at the pace sources have been going (a Ray call costs the
  driver, the raylet and the actor about as much CPU as a warm source, so one call
  per source would cost a third of the throughput) — keeps ``depth`` calls in
  flight per actor and yields records, encoded by the actors, in the order calls
  finish (``ray.wait``).
* timeouts: the worker's timer (``SIGALRM``; Ray runs a synchronous actor's methods
  on its main thread) stops a source at ``timeout``; a source stuck where no signal
  handler runs (C code) is ended by a watchdog that needs no Python —
  :func:`faulthandler.dump_traceback_later` with ``exit=True``, armed per source
  at ``timeout + grace`` (when the local driver would kill its worker): the actor
  exits, the driver replaces it and sends that call's sources again one per call,
  so the stuck one is found and gets the ``timeout`` record and nothing else is
  lost. The driver's own backstop, for an actor frozen whole, is
  ``len(call) × timeout + 2 × grace``.

``ray`` is imported when the backend starts, never by ``mof --help``.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from mofkit.bulk.budget import Rate, TokenBucket
from mofkit.bulk.records import Done, Task, died_record, encode, stuck_record
from mofkit.bulk.worker import Worker, WorkerConfig, grace, memory
from mofkit.errors import InputError

CALL_SECONDS = 0.1  # how long a call to an actor should take, at the pace sources go

class RayBudget:
    """The budget as seen from an actor: slots leased from the budget actor several at a
    time (a round trip per lease, not per request), kept as due times on this node's
    clock, and the unused ones given back when the driver asks (:meth:`flush`)."""

    def __init__(self, handle: Any, batch: int = 16, horizon: float = 1.0) -> None:
        self.handle = handle
        self.batch = batch
        self.horizon = horizon
        self.slots: dict[str, deque[float]] = {}
        self.size: dict[str, int] = {}

    def reserve(self, kind: str) -> float:
        import ray

        slots = self.slots.setdefault(kind, deque())
        if not slots:
            size = self.size.get(kind, 2)
            waits = ray.get(self.handle.lease.remote(kind, size, self.horizon))
            now = time.monotonic()
            slots.extend(now + float(wait) for wait in waits)
            self.size[kind] = min(size * 2, self.batch)  # more per lease while in demand
        return max(0.0, slots.popleft() - time.monotonic())

    def penalise(self, seconds: float) -> None:
        self.handle.penalise.remote(seconds)
        self.flush()  # slots booked before the 429 are no good now

    def flush(self) -> None:
        now = time.monotonic()
        for kind, slots in self.slots.items():
            if slots:
                self.handle.give_back.remote(kind, [max(0.0, due - now) for due in slots])
                slots.clear()
            self.size[kind] = 2


class _BudgetState:
    def __init__(self, rates: dict[str, Rate],
                 carried: dict[str, tuple[int, float]] | None = None) -> None:
        self.bucket = TokenBucket(rates)
        if carried:
            self.bucket.absorb(carried)

    def reserve(self, kind: str) -> float:
        return self.bucket.reserve(kind)

    def lease(self, kind: str, count: int, horizon: float) -> list[float]:
        return self.bucket.lease(kind, count, horizon)

    def give_back(self, kind: str, waits: list[float]) -> None:
        self.bucket.give_back(kind, waits)

    def penalise(self, seconds: float) -> None:
        self.bucket.penalise(seconds)

    def spent(self) -> dict[str, int]:
        return dict(self.bucket.spent)


class _ScanState:
    def __init__(self, config: WorkerConfig, budget: Any | None,
                 factory: Callable[[WorkerConfig, Any], Worker] = Worker) -> None:
        self.budget = RayBudget(budget) if budget is not None else None
        self.worker = factory(config, self.budget)

    def ready(self) -> tuple[int, float]:
        return self.worker.pid, self.worker.index_seconds

    def run(self, tasks: list[Task]) -> list[Done]:
        return [self._one(task) for task in tasks]

    def _one(self, task: Task) -> Done:
        timeout = self.worker.config.timeout
        if timeout > 0:  # a C thread: it fires even if this one never lets Python run
            faulthandler.dump_traceback_later(timeout + grace(timeout), exit=True)
        try:
            return self.worker.rate(task)
        finally:
            if timeout > 0:
                faulthandler.cancel_dump_traceback_later()

    def flush(self) -> bool:
        if self.budget is not None:
            self.budget.flush()
        return True

    def memory(self) -> dict[str, int]:
        return memory()


def _connect(address: str | None, workers: int) -> bool:
    """Connect to the cluster at ``address`` (or ``RAY_ADDRESS``), else start a local
    one with ``workers`` CPUs. Returns whether this call started Ray."""
    try:
        import ray
    except ImportError:
        raise InputError("the Ray backend needs Ray: pip install 'mofkit[ray]'") from None
    if ray.is_initialized():
        return False
    address = address or os.environ.get("RAY_ADDRESS") or None
    if address is None:
        # A local instance only: nobody scrapes its metrics, and on a loaded machine the
        # metrics agent can miss the raylet's 15 s start-up deadline (the raylet aborts).
        os.environ.setdefault("RAY_enable_metrics_collection", "0")
        for attempt in (1, 2):
            try:
                ray.init(address="local", num_cpus=workers, include_dashboard=False,
                         log_to_driver=False,
                         configure_logging=False)
                break
            except Exception as exc:
                # "The current node timed out during startup": the raylet gives the
                # dashboard agent 15 s to start, which a loaded machine can miss. Once more.
                if attempt == 2 or "timed out during startup" not in str(exc):
                    raise
                ray.shutdown()
                os.environ.pop("RAY_ADDRESS", None)  # set by the failed start: start anew
    else:
        ray.init(address=address, log_to_driver=False, configure_logging=False)
    return True


class CallSize:
    """How many sources to send an actor per call: about ``CALL_SECONDS`` of work at
    the recent pace (a moving average of the sources' ``seconds``), from 1 to
    ``most``; two until a source has finished."""

    def __init__(self, most: int = 16, seconds: float = CALL_SECONDS) -> None:
        self.most = max(1, most)
        self.seconds = seconds
        self.size = min(2, self.most)
        self.pace: float | None = None  # seconds per source

    def update(self, seconds: list[float]) -> int:
        if seconds:
            mean = sum(seconds) / len(seconds)
            self.pace = mean if self.pace is None else 0.7 * self.pace + 0.3 * mean
            self.size = max(1, min(self.most, int(self.seconds / max(self.pace, 1e-6))))
        return self.size


class _Lane:
    """One scan actor and what was sent to it, in order: ``(ref, tasks)``, where
    ``None`` is the actor's start-up (``ready``)."""

    def __init__(self, actor: Any, ready: Any | None = None) -> None:
        self.actor = actor
        self.sent: deque[tuple[Any, list[Task] | None]] = deque()
        self.since = time.monotonic()  # when the head of ``sent`` started
        if ready is not None:
            self.sent.append((ready, None))


class RayPool:
    """``workers`` scan actors and a budget actor on a Ray cluster; ``run(tasks)`` yields
    lists of :class:`Done` as sources finish.

    Sources go to an actor several per call (one call, one reply): as many as take
    :data:`CALL_SECONDS` at the recent pace (a moving average of the records'
    ``seconds``), from 1 to ``batch``; two at first. ``depth`` calls are in flight per
    actor; the driver knows which call each actor is on and since when. An actor that
    dies (its watchdog ended a stuck source, or it crashed) or a call still running
    ``len(call) × timeout + 2 × grace`` after it started costs the actor, which is
    replaced; that call's sources are sent again one per call, so that the one to
    blame is found and gets its record — ``timeout`` if it ran past the timeout,
    ``internal`` otherwise — and nothing else is lost."""

    def __init__(self, config: WorkerConfig, workers: int, rates: dict[str, Rate],
                 address: str | None = None, depth: int = 2, batch: int = 16,
                 carried: dict[str, tuple[int, float]] | None = None,
                 factory: Callable[[WorkerConfig, Any], Worker] = Worker) -> None:
        self.config = config
        self.workers = max(1, workers)
        self.rates = rates
        self.depth = max(1, depth)
        self.calls = CallSize(batch)
        self.factory = factory
        self.started_ray = _connect(address, self.workers)
        import ray

        self._ray = ray
        # Ray's actor class and handles: their methods are called through .remote(),
        # which Ray builds at run time.
        self._scan_cls: Any = ray.remote(num_cpus=1, max_restarts=0)(_ScanState)
        self.budget: Any = ray.remote(num_cpus=0)(_BudgetState).remote(rates, carried)
        self.lanes: list[_Lane] = []
        self.restarts = 0

    @property
    def actors(self) -> list[Any]:
        return [lane.actor for lane in self.lanes]

    def _lane(self) -> _Lane:
        actor = self._scan_cls.remote(self.config, self.budget, self.factory)
        return _Lane(actor, actor.ready.remote())

    def start(self) -> None:
        """Start the actors and wait until each has loaded the licence index."""
        while len(self.lanes) < self.workers:
            self.lanes.append(self._lane())
        self._ray.get([ref for lane in self.lanes for ref, task in lane.sent if task is None])
        now = time.monotonic()
        for lane in self.lanes:
            lane.sent.clear()
            lane.since = now

    def memory(self) -> list[dict[str, int]]:
        return self._ray.get([actor.memory.remote() for actor in self.actors])

    def spent(self) -> dict[str, int]:
        ray = self._ray
        # Slots leased and not used are given back first (not spent); a dead actor holds none.
        with contextlib.suppress(Exception):
            ray.get([actor.flush.remote() for actor in self.actors], timeout=30)
        return dict(ray.get(self.budget.spent.remote()))

    def _replace(self, index: int) -> None:
        self.restarts += 1
        self._ray.kill(self.lanes[index].actor)
        self.lanes[index] = self._lane()

    def _fetch(self, refs: list[Any]) -> dict[Any, Any]:
        """The values of finished refs, in one call (cheaper than one each); empty if any
        of them failed (each is then fetched alone, to tell which)."""
        try:
            return dict(zip(refs, self._ray.get(refs), strict=True)) if refs else {}
        except Exception:
            return {}

    def _limit(self, tasks: list[Task]) -> float:
        """How long a call may run before the driver gives up on its actor: past the
        watchdog of each of its sources, so that the actor's own watchdog goes first."""
        timeout = self.config.timeout
        return len(tasks) * timeout + 2 * grace(timeout) if timeout > 0 else 0.0

    def _lost(self, task: Task, exc: Exception, seconds: float) -> Done:
        """The record of a source whose actor died while it ran alone in a call."""
        timeout = self.config.timeout
        if timeout > 0 and seconds >= timeout:  # the watchdog's doing
            return encode(stuck_record(task, timeout, seconds))
        return encode(died_record(task, "the Ray actor died while rating this source "
                                        f"({type(exc).__name__})", seconds))

    def run(self, tasks: Iterable[Task]) -> Iterator[list[Done]]:
        ray = self._ray
        if len(self.lanes) < self.workers:
            self.start()
        queue = iter(tasks)
        alone: deque[Task] = deque()  # from a call that got stuck: one per call now
        exhausted = False

        def take() -> list[Task]:
            nonlocal exhausted
            if alone:
                return [alone.popleft()]
            out: list[Task] = []
            while not exhausted and len(out) < self.calls.size:
                task = next(queue, None)
                exhausted = task is None
                if task is not None:
                    out.append(task)
            return out

        while True:
            now = time.monotonic()
            for lane in self.lanes:
                while len(lane.sent) < self.depth:
                    fresh = take()
                    if not fresh:
                        break
                    if not lane.sent:
                        lane.since = now
                    lane.sent.append((lane.actor.run.remote(fresh), fresh))
            refs = [ref for lane in self.lanes for ref, _ in lane.sent]
            if not refs:
                return
            heads = [lane.since + self._limit(head) for lane in self.lanes if lane.sent
                     for head in (lane.sent[0][1],) if head is not None and self._limit(head)]
            timeout = max(0.0, min(heads) - now) + 0.01 if heads else None
            ready, _ = ray.wait(refs, num_returns=1, timeout=timeout)
            if ready:  # and whatever else has finished meanwhile
                ready, _ = ray.wait(refs, num_returns=len(refs), timeout=0)
            now = time.monotonic()
            out: list[Done] = []
            finished = set(ready)
            values = self._fetch(ready)
            for index, lane in enumerate(list(self.lanes)):
                lost = stuck = False
                while lane.sent and lane.sent[0][0] in finished:
                    ref, batch = lane.sent.popleft()
                    took, lane.since = now - lane.since, now
                    try:
                        value = values[ref] if ref in values else ray.get(ref)
                    except ray.exceptions.RayActorError as exc:
                        if batch is None:  # a replacement that cannot start: no loop
                            raise RuntimeError(f"a Ray scan actor could not start: {exc}"
                                               ) from exc
                        if len(batch) == 1:
                            out.append(self._lost(batch[0], exc, took))
                        else:  # which one killed it? each alone will tell
                            alone.extend(batch)
                        lost = True
                        break
                    if batch is not None:
                        out.extend(value)
                head = lane.sent[0][1] if lane.sent else None
                if not lost and head is not None and self._limit(head) and (
                        now >= lane.since + self._limit(head)):
                    stuck = True
                    lane.sent.popleft()
                    if len(head) == 1:
                        out.append(encode(stuck_record(head[0], self.config.timeout,
                                                       now - lane.since)))
                    else:
                        alone.extend(head)
                if lost or stuck:
                    for _, queued in lane.sent:  # queued behind it: not started
                        alone.extend(queued or [])
                    self._replace(index)
            if out:
                self.calls.update([float(done.head.get("seconds") or 0.0) for done in out])
                yield out

    def close(self) -> None:
        ray = self._ray
        for actor in self.actors:
            ray.kill(actor)
        ray.kill(self.budget)
        self.lanes = []
        if self.started_ray:
            time.sleep(0.05)
            ray.shutdown()
