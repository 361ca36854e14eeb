"""``huggingface_hub``'s HTTP client with mofkit's connect and read timeouts.

The library's shared client has no timeout (``timeout=None``), and
``HfApi.model_info`` passes ``timeout=None`` on its own: a Hub that accepts the
connection and never answers would hang a scan for ever. :func:`install` makes
the library build its shared client here, with the :class:`Timeouts` and any
request/response hooks set with :func:`set_hooks` (the bulk rate budget), and
returns the timeout value to pass where the library takes one per call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mofkit.sources.network import Timeouts

Hook = Callable[[Any], None]
_state: dict[str, Any] = {"timeouts": None, "request": [], "response": []}


def timed_client() -> Any:
    """A client as ``huggingface_hub`` builds it, with the timeouts and hooks set."""
    from huggingface_hub.utils import _http

    client = _http.default_client_factory()
    timeouts = _state["timeouts"] or Timeouts()
    client.timeout = type(client.timeout)(timeouts.read, connect=timeouts.connect)
    hooks = client.event_hooks
    client.event_hooks = {kind: [*hooks.get(kind, []), *_state[kind]]
                          for kind in ("request", "response")}
    return client


def _reset() -> None:
    from huggingface_hub import set_client_factory

    set_client_factory(timed_client)  # closes the shared client: the next is built here


def install(timeouts: Timeouts) -> Any:
    """Build the library's shared client here from now on; the timeout value for
    per-call arguments."""
    from huggingface_hub.utils import get_session

    if _state["timeouts"] != timeouts:
        _state["timeouts"] = timeouts
        _reset()
    return get_session().timeout


def set_hooks(request: Hook | None = None, response: Hook | None = None) -> None:
    """Run these (instead of the ones set before) on every request the library sends
    and on every response."""
    _state["request"] = [request] if request is not None else []
    _state["response"] = [response] if response is not None else []
    _state["timeouts"] = _state["timeouts"] or Timeouts.from_env()
    _reset()
