"""Request guards: body size limit, per-client rate limits, security headers,
admin-token checks and CSRF tokens for forms.

* Size: a request whose ``Content-Length`` (or streamed body) exceeds
  ``max_body`` gets 413 before any handler reads it.
* Rates: a sliding one-minute window per client address, separately for reads
  and writes (POST); beyond it, 429 with ``Retry-After``. Counted per server
  process, in bounded memory (``RateLimiter``). The client address is the TCP
  peer unless the peer is one of ``--forwarded-allow-ips`` (``X-Forwarded-For``
  is then read by uvicorn's proxy-headers middleware, added in ``app.py``).
* HEAD is answered as GET without the body; the read API answers CORS
  (``Access-Control-Allow-Origin: *``, preflight included) so other sites'
  pages can use it; an answer the guard gives itself (413, 429, an unexpected
  error's 500) carries the headers, as JSON for the API and as an HTML page for
  the site's pages (``error_page``, the site's error template).
* Headers: a strict Content-Security-Policy (no inline script, no third-party
  origin), ``nosniff``, no framing, no referrer.
* Tokens: writes need the admin token (``Authorization: Bearer`` for the API,
  a form field for the submit page), compared in constant time.
* CSRF: a double-submit token - a random cookie and, in the form, its HMAC
  under the server's secret; a POST whose field does not match the cookie, or
  whose ``Origin`` is not this site's (scheme, host and port) is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

log = logging.getLogger("mofkit.web")
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


def same_origin(origin: str | None, expected: str) -> bool:
    """An ``Origin`` header, when sent, must be this site's origin, scheme included
    (``expected``: ``scheme://host[:port]``)."""
    if not origin:
        return True
    if origin == "null" or not expected:
        return False
    return origin.rstrip("/").lower() == expected.rstrip("/").lower()


class RateLimiter:
    """Requests per key (a client address) in a sliding one-minute window.

    A sliding-window *counter*: each key keeps the count of the current
    fixed window and of the one before, and the previous one is weighted by how
    much of it still overlaps the last ``window`` seconds. Each key is three
    numbers. Keys are kept in least-recently-seen order, so every check first
    drops up to ``SWEEP`` keys idle for two windows from the front (each check
    does bounded work; idle keys drain as fast as traffic comes); ``max_keys``
    caps the table on top (the least recently seen goes first), so memory
    stays bounded however many distinct clients come.
    """

    SWEEP = 64  # most idle keys dropped by one check (a bounded cost per request)

    def __init__(self, per_minute: int, window: float = 60.0, max_keys: int = 200_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = per_minute
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        # key -> (window index of the last check, previous window's count, this one's);
        # tuples of ints, which the garbage collector does not track
        self._keys: OrderedDict[str, tuple[int, int, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._keys)

    def check(self, key: str) -> float:
        """0 when allowed (and counted), else seconds until the next slot."""
        if self.limit <= 0:
            return 0.0
        now = self.clock()
        index = int(now // self.window)
        with self._lock:
            keys = self._keys
            for _ in range(self.SWEEP):  # forget keys idle for two windows, oldest first
                if not keys or next(iter(keys.values()))[0] >= index - 1:
                    break
                keys.popitem(last=False)
            seen, before, current = keys.pop(key, (index, 0, 0))
            if seen != index:
                before, current = (current if seen == index - 1 else 0), 0
            elapsed = now - index * self.window
            allowed = before * (1.0 - elapsed / self.window) + current < self.limit
            keys[key] = (index, before, current + 1 if allowed else current)  # the newest
            if len(keys) > self.max_keys:
                keys.popitem(last=False)
            if allowed:
                return 0.0
            if current >= self.limit or not before:
                return max(0.1, self.window - elapsed)
            # the previous window's weight must fall below (limit - current) / before
            due = self.window * (1.0 - (self.limit - current) / before)
            return max(0.1, due - elapsed)


ErrorPage = Callable[[int, str], str]


def plain_error_page(status: int, message: str) -> str:
    """An error page that needs nothing (no template, no registry): the fallback when
    the site's own error page cannot be drawn."""
    text = html.escape(message)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>Error {status} · mofkit '
            f'registry</title><link rel="stylesheet" href="/static/style.css"></head><body>'
            f'<main><h1>Error {status}</h1><p class="error" id="error-message">{text}</p>'
            f'<p><a href="/models">Back to the leaderboard</a></p></main></body></html>')


async def _send_error(send: Any, status: int, message: str, api: bool,
                      extra: list[tuple[bytes, bytes]] | None = None,
                      page: ErrorPage = plain_error_page) -> None:
    """The guard's own answer: ``{"error": message}`` for the API, an HTML page for
    the site's pages; the security headers on both."""
    if api:
        data, kind = json.dumps({"error": message}).encode(), b"application/json"
    else:
        try:
            text = page(status, message)
        except Exception:  # the site's page is broken too: the plain one still answers
            log.exception("the error page could not be drawn")
            text = plain_error_page(status, message)
        data, kind = text.encode("utf-8"), b"text/html; charset=utf-8"
    headers = [(b"content-type", kind),
               (b"content-length", str(len(data)).encode())] + SECURITY_HEADERS
    await send({"type": "http.response.start", "status": status,
                "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": data})


READ_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"ETag, Retry-After"),
]
PREFLIGHT_HEADERS = CORS_HEADERS + [
    (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
    (b"access-control-allow-headers", b"Accept, If-None-Match"),
    (b"access-control-max-age", b"86400"),
    (b"allow", b"GET, HEAD, OPTIONS"),
]


def client_of(scope: dict[str, Any]) -> str:
    """The client address the limits count (after the trusted proxies' header, if any)."""
    return (scope.get("client") or ("?", 0))[0]


class GuardMiddleware:
    """Size limit, rate limits, security headers, HEAD, CORS on the read API and an
    answer (with the headers) for any unexpected error - JSON for the API, an HTML page
    for the site - as one ASGI middleware."""

    def __init__(self, app: Any, max_body: int, read_rate: int, write_rate: int,
                 error_page: ErrorPage = plain_error_page) -> None:
        self.app = app
        self.error_page = error_page
        self.max_body = max_body
        self.reads = RateLimiter(read_rate)
        self.writes = RateLimiter(write_rate)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "GET")
        path = scope.get("path", "")
        api = path.startswith("/api/")
        limiter = self.reads if method in READ_METHODS else self.writes
        if not path.startswith("/static/"):
            wait = limiter.check(client_of(scope))
            if wait:
                await _send_error(send, 429, "too many requests; slow down", api,
                                  [(b"retry-after", str(int(wait) + 1).encode())]
                                  + (CORS_HEADERS if api else []), self.error_page)
                return
        if method == "OPTIONS" and api:  # CORS preflight: reads only
            await send({"type": "http.response.start", "status": 204,
                        "headers": PREFLIGHT_HEADERS + SECURITY_HEADERS})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                too_big = True
            if too_big:
                await _send_error(send, 413, f"request body larger than {self.max_body} "
                                  "bytes", api, page=self.error_page)
                return
        if method not in READ_METHODS:
            receive = await self._buffered(receive, send, api)
            if receive is None:
                return
        head = method == "HEAD"
        if head:  # answered as the GET, without the body
            scope = {**scope, "method": "GET"}
        started = False

        async def guarded_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [h for h in SECURITY_HEADERS if h[0] not in names]
                if api and method != "POST":
                    extra += [h for h in CORS_HEADERS if h[0] not in names]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except Exception:
            log.exception("unexpected error answering %s %s", method, path)
            if started:
                raise
            await _send_error(send, 500, "internal error; it has been logged", api,
                              CORS_HEADERS if api else None, self.error_page)

    async def _buffered(self, receive: Any, send: Any, api: bool) -> Any:
        """Bodies are small here: read the whole body first (up to the limit), so an
        oversized streamed body is a 413 before any handler runs. None when answered."""
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _send_error(send, 413, f"request body larger than {self.max_body} "
                                  "bytes", api, page=self.error_page)
                return None
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

        return replay
