"""A rate budget shared by every worker of a bulk scan, so that N workers
together stay under the Hub's limits (one worker alone cannot know what the
others spend).

The Hub limits requests per time window, separately for the API
(``/api/...``: repo info, search) and for file resolution
(``/{repo}/resolve/...``). Each class has its own token bucket. Buckets are
*reservations*: ``reserve(kind)`` books the next free slot and returns how long
the caller must wait for it, so the lock (or actor) holding the state is never
held while anyone sleeps. A 429 answer pushes every bucket back by its
``Retry-After`` (``penalise``): all workers pause, not just the one that was
told.

Three holders of the same state: :class:`TokenBucket` (one process),
:class:`SharedBuckets` (processes of one machine: shared memory and a lock,
handed to pool workers at start) and the Ray actor in ``ray_backend``. Every
HTTP request ``huggingface_hub`` sends goes through :func:`install`, which
wraps its HTTP client with hooks.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

KINDS = ("api", "resolve")


@dataclass(frozen=True)
class Rate:
    """``per_second`` requests on average, bursts up to ``burst``; 0 = unlimited."""

    per_second: float
    burst: float = 1.0

    @property
    def unlimited(self) -> bool:
        return self.per_second <= 0


# Limits of the Hub for a free account, per 5-minute window, as published at
# https://huggingface.co/docs/hub/rate-limits (check them: they change).
FREE_ACCOUNT = {"api": Rate(1000 / 300, burst=20), "resolve": Rate(5000 / 300, burst=50)}
UNLIMITED = {"api": Rate(0), "resolve": Rate(0)}


def parse_rates(text: str) -> dict[str, Rate]:
    """``free`` (default), ``none``, or ``api=3.3,resolve=16.6`` (requests per second;
    ``api=1000/300`` also works; ``:burst`` after a value sets the burst)."""
    text = text.strip().lower()
    if text in ("", "free"):
        return dict(FREE_ACCOUNT)
    if text in ("none", "unlimited", "0"):
        return dict(UNLIMITED)
    rates = dict(UNLIMITED)
    for part in text.split(","):
        kind, _, value = part.partition("=")
        kind = kind.strip()
        if kind not in KINDS or not value:
            raise ValueError(f"bad rate {part!r}: write api=N,resolve=N (requests per second)")
        value, _, burst = value.partition(":")
        number, _, per = value.partition("/")
        count, seconds = _number(number, part), _number(per, part) if per else 1.0
        if seconds <= 0:
            raise ValueError(f"bad rate {part!r}: the time after / must be more than 0")
        per_second = count / seconds
        size = _number(burst, part) if burst else max(1.0, per_second)
        if size < 1:
            raise ValueError(f"bad rate {part!r}: the burst after : must be at least 1")
        rates[kind] = Rate(per_second, size)
    return rates


def _number(text: str, part: str) -> float:
    """A finite number >= 0 from a --hub-rate part, or a ValueError that says which."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (0 <= value < float("inf")):  # NaN, inf and negatives fail this
        raise ValueError(f"bad rate {part!r}: {text.strip()!r} is not a number >= 0 "
                         "(write api=N,resolve=N requests per second; 0 = no limit)")
    return value


class Budget(Protocol):
    def reserve(self, kind: str) -> float: ...

    def penalise(self, seconds: float) -> None: ...


class TokenBucket:
    """The arithmetic, for one process (and inside the Ray actor).

    State per kind, GCRA style: ``ready`` is when the next request would be due if
    no burst were allowed; a request at ``now`` may go at ``max(now, ready - (burst
    - 1) * interval)`` and moves ``ready`` on by one interval.
    """

    def __init__(self, rates: dict[str, Rate], clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.rates = rates
        self.clock = clock
        self.ready = {kind: 0.0 for kind in rates}
        self.spent = {kind: 0 for kind in rates}
        self.returned: dict[str, list[float]] = {}  # slots given back (clock times)

    def reserve(self, kind: str) -> float:
        rate = self.rates.get(kind)
        if rate is None:
            return 0.0
        self.spent[kind] += 1
        if rate.unlimited:
            return 0.0
        now = self.clock()
        interval = 1.0 / rate.per_second
        start = max(now, self.ready[kind] - (rate.burst - 1) * interval)
        self.ready[kind] = max(self.ready[kind], now) + interval
        return max(0.0, start - now)

    def penalise(self, seconds: float) -> None:
        until = self.clock() + seconds
        for kind, rate in self.rates.items():
            if not rate.unlimited:
                self.ready[kind] = max(self.ready[kind],
                                       until + (rate.burst - 1) / rate.per_second)

    def lease(self, kind: str, count: int, horizon: float = 1.0) -> list[float]:
        """Up to ``count`` slots at once, as waits from now: the first always, more
        while they are due within ``horizon`` seconds (so that one worker's lease
        does not hold slots far ahead of the others). Slots given back and still
        ahead are handed out first."""
        now = self.clock()
        waits: list[float] = []
        returned = self.returned.setdefault(kind, [])
        while returned and len(waits) < count:
            due = returned.pop(0)
            if due >= now:
                waits.append(due - now)
                self.spent[kind] = self.spent.get(kind, 0) + 1
        while len(waits) < count:
            wait = self.reserve(kind)
            waits.append(wait)
            if wait > horizon:
                break
        return waits

    def give_back(self, kind: str, waits: list[float]) -> None:
        """Slots leased and not used (as waits from now): not spent, and the next lease
        takes them while they are still ahead."""
        now = self.clock()
        if kind in self.spent:
            self.spent[kind] -= len(waits)
        rate = self.rates.get(kind)
        if rate is not None and not rate.unlimited:
            self.returned[kind] = sorted([*self.returned.get(kind, []),
                                          *(now + wait for wait in waits)])

    def carry(self) -> dict[str, tuple[int, float]]:
        """What this bucket has spent and how far ahead it is booked, per kind: handed
        to the workers' budget when the driver spent some first (``--hf-search``)."""
        now = self.clock()
        return {kind: (self.spent[kind], max(0.0, self.ready[kind] - now))
                for kind in self.rates}

    def absorb(self, carried: dict[str, tuple[int, float]]) -> None:
        now = self.clock()
        for kind, (spent, ahead) in carried.items():
            if kind in self.rates:
                self.spent[kind] += spent
                self.ready[kind] = max(self.ready[kind], now + ahead)


class SharedBuckets:
    """:class:`TokenBucket` state in shared memory, for the processes of a local pool.

    Picklable into a process at its start (``initargs``), not through a queue."""

    def __init__(self, rates: dict[str, Rate], context: Any = None) -> None:
        ctx = context or multiprocessing.get_context()
        self.kinds = tuple(rates)
        self.per_second = [rates[k].per_second for k in self.kinds]
        self.burst = [rates[k].burst for k in self.kinds]
        self._ready = ctx.RawArray("d", len(self.kinds))
        self._spent = ctx.RawArray("q", len(self.kinds))
        self._lock = ctx.Lock()
        base = time.monotonic()  # CLOCK_MONOTONIC is machine-wide on Linux
        for index in range(len(self.kinds)):
            self._ready[index] = base

    def reserve(self, kind: str) -> float:
        try:
            index = self.kinds.index(kind)
        except ValueError:
            return 0.0
        per_second, burst = self.per_second[index], self.burst[index]
        with self._lock:
            self._spent[index] += 1
            if per_second <= 0:
                return 0.0
            now = time.monotonic()
            interval = 1.0 / per_second
            start = max(now, self._ready[index] - (burst - 1) * interval)
            self._ready[index] = max(self._ready[index], now) + interval
        return max(0.0, start - now)

    def penalise(self, seconds: float) -> None:
        with self._lock:
            until = time.monotonic() + seconds
            for index in range(len(self.kinds)):
                if self.per_second[index] > 0:
                    lead = (self.burst[index] - 1) / self.per_second[index]
                    self._ready[index] = max(self._ready[index], until + lead)

    def spent(self) -> dict[str, int]:
        with self._lock:
            return {kind: int(self._spent[i]) for i, kind in enumerate(self.kinds)}

    def absorb(self, carried: dict[str, tuple[int, float]]) -> None:
        """Take on what the driver spent before the workers started (TokenBucket.carry)."""
        with self._lock:
            now = time.monotonic()
            for index, kind in enumerate(self.kinds):
                if kind in carried:
                    spent, ahead = carried[kind]
                    self._spent[index] += spent
                    self._ready[index] = max(self._ready[index], now + ahead)


def request_kind(path: str) -> str | None:
    """Which Hub limit a request counts against (``None``: the CDN, not counted)."""
    if path.startswith("/api/"):
        return "api"
    if "/resolve/" in path:
        return "resolve"
    return None


def retry_after(headers: Any, default: float = 1.0) -> float:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default


def install(budget: Budget, sleep: Callable[[float], None] = time.sleep) -> None:
    """Route every request ``huggingface_hub`` sends in this process through ``budget``:
    wait for a slot before sending; on a 429, pause everyone for ``Retry-After``."""
    from mofkit.sources.hf.http import set_hooks

    def on_request(request: Any) -> None:
        kind = request_kind(request.url.path)
        if kind is not None:
            wait = budget.reserve(kind)
            if wait > 0:
                sleep(wait)

    def on_response(response: Any) -> None:
        if response.status_code == 429:
            budget.penalise(retry_after(response.headers))

    set_hooks(on_request, on_response)  # with mofkit's timeouts (sources.hf.http)
