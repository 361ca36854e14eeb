"""Retries with bounded exponential backoff on 429, 5xx and network errors,
honouring ``Retry-After`` (capped). ``huggingface_hub`` wraps HTTP errors in
its own exceptions (sometimes twice, e.g. ``hf_hub_download`` turns a failed
HEAD into ``LocalEntryNotFoundError``), so the status is found on the chain.

A connection that could not be made at all — the host name does not resolve, no
route to it, the connection refused — is not retried: that is a machine without
a network (or a wrong ``HF_ENDPOINT``), which does not mend in the seconds the
backoff waits. Timeouts and connections dropped mid-request are retried."""

from __future__ import annotations

import errno
import socket
import time
from collections.abc import Callable
from typing import Any, TypeVar

from mofkit.sources.hf.options import RetryPolicy

T = TypeVar("T")
_NETWORK_NAMES = ("ConnectError", "ConnectTimeout", "ReadTimeout", "ReadError",
                  "RemoteProtocolError", "WriteError", "PoolTimeout", "NetworkError",
                  "TimeoutException")


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def chain_names(exc: BaseException) -> set[str]:
    """The class names (bases included) of an error and of what it was raised from:
    ``huggingface_hub`` errors are told apart by name without importing it."""
    return {cls.__name__ for item in _chain(exc) for cls in type(item).__mro__}


def response_of(exc: BaseException) -> Any | None:
    """The HTTP response behind an error, if there is one."""
    for item in _chain(exc):
        response = getattr(item, "response", None)
        if response is not None and hasattr(response, "status_code"):
            return response
    return None


def status_of(exc: BaseException) -> int | None:
    response = response_of(exc)
    return int(response.status_code) if response is not None else None


def is_network_error(exc: BaseException) -> bool:
    return any(type(item).__name__ in _NETWORK_NAMES or isinstance(item, ConnectionError)
               for item in _chain(exc))


_NO_ROUTE = (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNREFUSED, errno.EADDRNOTAVAIL)


def unreachable(exc: BaseException) -> str | None:
    """Why no connection could be made, if that is what happened (``None`` otherwise):
    ``"host name not resolved"``, ``"connection refused"``, ``"no route to host"``, or
    ``"connection failed"`` (httpx's ``ConnectError`` with no OS error under it)."""
    chain = _chain(exc)
    for item in chain:
        if isinstance(item, socket.gaierror):
            return "host name not resolved"
        if isinstance(item, ConnectionRefusedError):
            return "connection refused"
        if isinstance(item, OSError) and item.errno in _NO_ROUTE:
            return "connection refused" if item.errno == errno.ECONNREFUSED else (
                "no route to host")
    if "ConnectError" in chain_names(exc):
        return "connection failed"
    return None


def retryable(exc: BaseException) -> bool:
    status = status_of(exc)
    if status is not None:
        return status == 429 or 500 <= status < 600
    return is_network_error(exc) and unreachable(exc) is None


def _retry_after(exc: BaseException) -> float | None:
    response = response_of(exc)
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def with_retries(call: Callable[[], T], policy: RetryPolicy, label: str = "",
                 what: str = "the Hub", limit: str = "") -> T:
    """``call()``, retried as the policy says. With a ``label`` (the source), a step
    slower than a second is a line on stderr (``sources.waiting``), and so is each retry
    once the whole has taken a second (quick failures retried at once stay quiet)."""
    from mofkit.sources import waiting

    sleep = policy.sleep or time.sleep
    started = time.monotonic()
    for attempt in range(1, policy.attempts + 1):
        try:
            if not label:
                return call()
            with waiting.slow(label, what, limit):
                return call()
        except Exception as exc:
            if attempt >= policy.attempts or not retryable(exc):
                raise
            wait = _retry_after(exc)
            if wait is None:
                wait = policy.base_delay * 2 ** (attempt - 1)
            wait = min(wait, policy.max_delay)
            if label and time.monotonic() - started + wait >= waiting.AFTER:
                status = status_of(exc)
                waiting.retrying(label, f"HTTP {status}" if status else type(exc).__name__,
                                 wait, attempt, policy.attempts)
            sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover
