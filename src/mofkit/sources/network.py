"""Network settings shared by every source that talks to a server (the Hub, git):
connect and read timeouts, from the environment, checked when a fetch starts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

CONNECT_TIMEOUT = 10.0  # seconds to open a connection (MOFKIT_CONNECT_TIMEOUT)
READ_TIMEOUT = 30.0  # seconds without a byte from the server (MOFKIT_READ_TIMEOUT)


def env_number(name: str, kind: type[int] | type[float], default: float) -> Any:
    """A number from the environment; a value that is not one (or is negative) is a
    one-line error naming the variable, not a ValueError from deep in a scan."""
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value < 0 or value != value:  # NaN
        from mofkit.errors import InputError

        noun = "a whole number" if kind is int else "a number"
        raise InputError(f"wants {noun} >= 0, got {raw!r}", name)
    return value


@dataclass(frozen=True)
class Timeouts:
    """Connect and read timeouts of every network request (Hub requests, git clones)."""

    connect: float = CONNECT_TIMEOUT
    read: float = READ_TIMEOUT

    @classmethod
    def from_env(cls) -> Timeouts:
        """From ``MOFKIT_CONNECT_TIMEOUT`` and ``MOFKIT_READ_TIMEOUT`` (seconds, > 0)."""
        values = []
        for name, default in (("MOFKIT_CONNECT_TIMEOUT", CONNECT_TIMEOUT),
                              ("MOFKIT_READ_TIMEOUT", READ_TIMEOUT)):
            value = env_number(name, float, default)
            if value == 0 or value == float("inf"):
                from mofkit.errors import InputError

                raise InputError(f"wants a number of seconds > 0, got {value}", name)
            values.append(float(value))
        return cls(*values)

    def describe(self) -> str:
        return f"at most {self.connect:g} s to connect, {self.read:g} s between bytes"
