"""Request guards: body size limit, per-client rate limits, security headers,
admin-token checks and CSRF tokens for forms.

* Size: a request whose ``Content-Length`` (or streamed body) exceeds
  ``max_body`` gets 413 before any handler reads it.
* Rates: a sliding one-minute window per client address, separately for reads
  and writes (POST); beyond it, 429 with ``Retry-After``.
* Headers: a strict Content-Security-Policy (no inline script, no third-party
  origin), ``nosniff``, no framing, no referrer.
* Tokens: writes need the admin token (``Authorization: Bearer`` for the API,
  a form field for the submit page), compared in constant time.
* CSRF: a double-submit token - a random cookie and, in the form, its HMAC
  under the server's secret; a POST whose field does not match the cookie, or
  whose ``Origin`` is another site, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from typing import Any

CSRF_COOKIE = "mofkit_csrf"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


def token_ok(given: str | None, expected: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(24)


def csrf_for(cookie: str, secret: str) -> str:
    return hmac.new(secret.encode(), cookie.encode(), hashlib.sha256).hexdigest()


def csrf_ok(cookie: str | None, field: str | None, secret: str) -> bool:
    if not cookie or not field:
        return False
    return hmac.compare_digest(csrf_for(cookie, secret), field)


def same_origin(origin: str | None, host: str | None) -> bool:
    """An ``Origin`` header, when sent, must name this server."""
    if not origin:
        return True
    if origin == "null" or not host:
        return False
    return origin.split("://", 1)[-1].rstrip("/") == host


class RateLimiter:
    """A sliding one-minute window per key."""

    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        self.limit = per_minute
        self.window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> float:
        """0 when allowed (and counted), else seconds until the next slot."""
        if self.limit <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(0.1, self.window - (now - hits[0]))
            hits.append(now)
            if len(self._hits) > 50_000:  # forget idle clients
                for k in [k for k, v in self._hits.items() if not v][:25_000]:
                    del self._hits[k]
            return 0.0


async def _send_json(send: Any, status: int, body: dict[str, Any],
                     extra: list[tuple[bytes, bytes]] | None = None) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(data)).encode())] + SECURITY_HEADERS
    await send({"type": "http.response.start", "status": status,
                "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": data})


class GuardMiddleware:
    """Size limit, rate limits and security headers, as one ASGI middleware."""

    def __init__(self, app: Any, max_body: int, read_rate: int, write_rate: int) -> None:
        self.app = app
        self.max_body = max_body
        self.reads = RateLimiter(read_rate)
        self.writes = RateLimiter(write_rate)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        method = scope.get("method", "GET")
        path = scope.get("path", "")
        limiter = self.writes if method not in ("GET", "HEAD", "OPTIONS") else self.reads
        if not path.startswith("/static/"):
            wait = limiter.check(client)
            if wait:
                await _send_json(send, 429, {"error": "too many requests; slow down"},
                                 [(b"retry-after", str(int(wait) + 1).encode())])
                return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                too_big = True
            if too_big:
                await _send_json(send, 413, {"error": f"request body larger than "
                                                      f"{self.max_body} bytes"})
                return
        if method not in ("GET", "HEAD", "OPTIONS"):
            # Bodies are small here: read the whole body first (up to the limit),
            # so an oversized streamed body is a 413 before any handler runs.
            chunks: list[bytes] = []
            size = 0
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    await _send_json(send, 413, {"error": f"request body larger than "
                                                          f"{self.max_body} bytes"})
                    return
                chunks.append(chunk)
                more = message.get("more_body", False)
            body = b"".join(chunks)
            replayed = False

            async def replay() -> dict[str, Any]:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            receive = replay

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [h for h in SECURITY_HEADERS if h[0] not in names]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
