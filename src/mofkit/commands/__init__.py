"""Sub-commands of `mof`, one module each, each with ``register(app)``."""

from __future__ import annotations

from collections.abc import Iterable

from mofkit.rules.ids import RULE_SETS

RULES_HELP = f"Rule set: {' or '.join(RULE_SETS)}."


def choice(value: str, allowed: Iterable[str], option: str) -> str:
    """``value`` if it is one of ``allowed``; otherwise the one-line error every command gives
    for an option value it does not know ("unknown format 'pdf' (choose from ...)")."""
    allowed = tuple(allowed)
    if value not in allowed:
        from mofkit.errors import InputError

        raise InputError(f"unknown {option} {value!r} (choose from {', '.join(allowed)})")
    return value
