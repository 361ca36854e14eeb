"""The Ray backend (``pip install 'mofkit[ray]'``): the same work on a Ray cluster.

* ``workers`` stateful actors (:class:`ScanActor`, one CPU each), each holding a
  :class:`~mofkit.bulk.worker.Worker`: the licence index is loaded once per actor;
* one :class:`BudgetActor` (no CPU) holds the shared rate budget; every HTTP
  request of every actor books its slot there;
* the driver keeps ``window`` tasks in flight per actor and yields records in
  the order they finish (``ray.wait``). An actor that dies costs the source it
  held an ``internal`` error record and is replaced.

``ray`` is imported when the backend starts, never by ``mof --help``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from typing import Any

from mofkit.bulk.budget import Rate, TokenBucket
from mofkit.bulk.records import Task
from mofkit.bulk.worker import Worker, WorkerConfig, memory
from mofkit.errors import InputError


class RayBudget:
    """The budget as seen from a worker: a call to the budget actor per request."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def reserve(self, kind: str) -> float:
        import ray

        return float(ray.get(self.handle.reserve.remote(kind)))

    def penalise(self, seconds: float) -> None:
        self.handle.penalise.remote(seconds)


class _BudgetState:
    def __init__(self, rates: dict[str, Rate]) -> None:
        self.bucket = TokenBucket(rates)

    def reserve(self, kind: str) -> float:
        return self.bucket.reserve(kind)

    def penalise(self, seconds: float) -> None:
        self.bucket.penalise(seconds)

    def spent(self) -> dict[str, int]:
        return dict(self.bucket.spent)


class _ScanState:
    def __init__(self, config: WorkerConfig, budget: Any | None) -> None:
        self.worker = Worker(config, RayBudget(budget) if budget is not None else None)

    def ready(self) -> tuple[int, float]:
        return self.worker.pid, self.worker.index_seconds

    def run(self, task: Task) -> dict[str, Any]:
        return self.worker.run(task)

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


class RayPool:
    """``workers`` scan actors and a budget actor on a Ray cluster."""

    def __init__(self, config: WorkerConfig, workers: int, rates: dict[str, Rate],
                 address: str | None = None, window: int = 2) -> None:
        self.config = config
        self.workers = max(1, workers)
        self.rates = rates
        self.window = max(1, window)
        self.started_ray = _connect(address, self.workers)
        import ray

        self._ray = ray
        self._scan_cls = ray.remote(num_cpus=1, max_restarts=0)(_ScanState)
        self.budget = ray.remote(num_cpus=0)(_BudgetState).remote(rates)
        self.actors: list[Any] = []
        self.restarts = 0

    def _actor(self) -> Any:
        return self._scan_cls.remote(self.config, self.budget)

    def start(self) -> None:
        """Start the actors and wait until each has loaded the licence index."""
        while len(self.actors) < self.workers:
            self.actors.append(self._actor())
        self._ray.get([actor.ready.remote() for actor in self.actors])

    def memory(self) -> list[dict[str, int]]:
        return self._ray.get([actor.memory.remote() for actor in self.actors])

    def spent(self) -> dict[str, int]:
        return dict(self._ray.get(self.budget.spent.remote()))

    def run(self, tasks: Iterable[Task]) -> Iterator[dict[str, Any]]:
        ray = self._ray
        if len(self.actors) < self.workers:
            self.start()
        queue = iter(tasks)
        pending: dict[Any, tuple[int, Any, Task]] = {}  # ref -> (actor slot, actor, task)
        exhausted = False

        def submit(slot: int) -> None:
            nonlocal exhausted
            if exhausted:
                return
            task = next(queue, None)
            if task is None:
                exhausted = True
                return
            actor = self.actors[slot]
            pending[actor.run.remote(task)] = (slot, actor, task)

        for _ in range(self.window):
            for slot in range(len(self.actors)):
                submit(slot)
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                slot, actor, task = pending.pop(ref)
                try:
                    yield ray.get(ref)
                except ray.exceptions.RayActorError as exc:
                    yield {"source": task.source, "status": "error", "cause": "internal",
                           "error": f"the Ray actor died while rating this source "
                                    f"({type(exc).__name__})", "rules": task.rules,
                           "seconds": 0.0}
                    if self.actors[slot] is actor:  # replace it once, not per lost task
                        self.restarts += 1
                        self.actors[slot] = self._actor()
                submit(slot)

    def close(self) -> None:
        ray = self._ray
        for actor in self.actors:
            ray.kill(actor)
        ray.kill(self.budget)
        self.actors = []
        if self.started_ray:
            time.sleep(0.05)
            ray.shutdown()
