"""The response cache: final encoded bodies (JSON, HTML, badge images) keyed by
the normalised request, good for one registry write generation.

A read asks the registry for its generation (``Registry.generation``: this
process's own writes at once, other processes' within ``generation_ttl``), and
an entry made under another generation is a miss. Hits cost a dictionary
look-up: no SQL, no template, no JSON encoding, no pydantic. Each entry has a
strong ETag (a hash of the body); a request whose ``If-None-Match`` names it
gets ``304 Not Modified`` with no body.

Bodies of a kilobyte or more (except PNG) are also kept gzipped, made once
per entry; a client that accepts gzip gets that variant, with its own ETag
and ``Vary: Accept-Encoding``.

What a GET is known by never includes an unchecked ``Host``: absolute links
are built from the configured public URL, or from a Host on the trusted list
(which is then part of the key), else they are relative (``hosts.py``).

The cache is bounded by entries and by bytes and forgets the least recently
used first.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response

JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"


GZIP_MIN = 1024


@dataclass(frozen=True)
class Entry:
    generation: int
    body: bytes
    media_type: str
    etag: str
    cache_control: str
    gz: bytes | None = None  # the body gzipped, when worth it

    @property
    def gz_etag(self) -> str:
        return self.etag[:-1] + '-gz"'

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gz or b"")


def make_entry(generation: int, body: bytes, media_type: str, cache_control: str) -> Entry:
    gz = None
    if len(body) >= GZIP_MIN and not media_type.startswith("image/png"):
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        gz = packed if len(packed) < len(body) else None
    return Entry(generation, body, media_type, etag_of(body), cache_control, gz)


def encode_json(value: Any) -> bytes:
    """JSON as FastAPI's JSONResponse writes it (UTF-8, compact)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


class ResponseCache:
    """Encoded responses by key, each valid for one write generation."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 128 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._data: OrderedDict[Hashable, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, generation: int) -> Entry | None:
        with self._lock:
            entry = self._data.get(key)
            if entry is None or entry.generation != generation:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Hashable, generation: int, body: bytes, media_type: str,
            cache_control: str) -> Entry:
        entry = make_entry(generation, body, media_type, cache_control)
        self.store(key, entry)
        return entry

    def store(self, key: Hashable, entry: Entry) -> None:
        if self.max_entries <= 0 or entry.size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._data[key] = entry
            self._bytes += entry.size
            while len(self._data) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._data.popitem(last=False)
                self._bytes -= dropped.size

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def entries(self) -> list[tuple[Hashable, Entry]]:
        """Every (key, entry), least recently used first (for checks and tests)."""
        with self._lock:
            return list(self._data.items())

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._data), "bytes": self._bytes, "hits": self.hits,
                    "misses": self.misses}


def etag_matches(given: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` value names ``etag`` (or is ``*``)."""
    if not given:
        return False
    if given.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in given.split(","))


def accepts_gzip(value: str) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (``gzip``, ``gzip;q=0.5``, ``*``)."""
    for item in value.lower().split(","):
        name, _, params = item.partition(";")
        if name.strip() in ("gzip", "*"):
            q = params.strip().removeprefix("q=").strip() if params.strip().startswith("q=") \
                else "1"
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


def variant(entry: Entry, accept_encoding: str) -> tuple[bytes, str, list[tuple[str, str]]]:
    """(body, ETag, extra headers) of the representation this client gets."""
    extra = [("vary", "Accept-Encoding")] if entry.gz is not None else []
    if entry.gz is not None and accepts_gzip(accept_encoding):
        return entry.gz, entry.gz_etag, extra + [("content-encoding", "gzip")]
    return entry.body, entry.etag, extra


def respond(entry: Entry, request: Request) -> Response:
    body, etag, extra = variant(entry, request.headers.get("accept-encoding", ""))
    headers = {"etag": etag, "cache-control": entry.cache_control, **dict(extra)}
    if etag_matches(request.headers.get("if-none-match"), etag):
        headers.pop("content-encoding", None)
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=entry.media_type, headers=headers)


def tagged(request: Request, body: bytes, media_type: str = JSON_TYPE) -> Response:
    """An answer that is not cached (it changes without a registry write), with an ETag."""
    return respond(make_entry(0, body, media_type, "no-cache"), request)


def _header(scope: Mapping[str, Any], name: bytes) -> bytes:
    """The first value of a (lower-case) header in an ASGI scope, or b""."""
    for key, value in scope.get("headers") or ():
        if key == name:
            return bytes(value)
    return b""


def fast_key(scope: Mapping[str, Any]) -> tuple[str, bytes, bytes, str]:
    """What a GET is known by before any routing: path, raw query string, Accept header,
    and the site's base URL as this request may use it (``hosts.base_of``: the public URL,
    a trusted Host, or "" for relative links - never an unchecked Host)."""
    from mofkit.web.hosts import base_of

    return (scope.get("path", ""), scope.get("query_string", b""), _header(scope, b"accept"),
            base_of(scope))


class FastPath:
    """ASGI middleware: answer a GET whose exact request was answered from the cache before,
    under the current write generation, without routing, validation or handlers.

    Handlers fill it through :func:`cached`; an entry is only ever a copy of what the full
    path answered for the same path, query string and Accept header under the same
    generation, so the fast path cannot serve anything the full path would not.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("method") == "GET":
            state = scope["app"].state
            index: ResponseCache | None = getattr(state, "fast", None)
            if index is not None:
                entry = index.get(fast_key(scope), state.registry.generation())
                if entry is not None:
                    await _send_entry(entry, scope, send)
                    return
        await self.app(scope, receive, send)


async def _send_entry(entry: Entry, scope: dict[str, Any], send: Any) -> None:
    body, etag, extra = variant(entry, _header(scope, b"accept-encoding").decode("latin-1"))
    headers = [(b"etag", etag.encode()), (b"cache-control", entry.cache_control.encode())]
    headers += [(k.encode(), v.encode()) for k, v in extra if k == "vary"]
    if etag_matches(_header(scope, b"if-none-match").decode("latin-1"), etag):
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers += [(k.encode(), v.encode()) for k, v in extra if k != "vary"]
    headers += [(b"content-type", entry.media_type.encode()),
                (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def cached(request: Request, key: Hashable, build: Callable[[], bytes], *,
           media_type: str = JSON_TYPE, cache_control: str = "no-cache") -> Response:
    """The response for ``key`` from the cache, else ``build()`` (encoded bytes)
    stored under the registry's current generation. The generation is read
    before building, so an entry is never newer than the data it was made from."""
    cache: ResponseCache = request.app.state.cache
    generation = request.app.state.registry.generation()
    entry = cache.get(key, generation)
    if entry is None:
        entry = cache.put(key, generation, build(), media_type, cache_control)
    fast: ResponseCache | None = getattr(request.app.state, "fast", None)
    if fast is not None and request.method == "GET":
        fast.store(fast_key(request.scope), entry)
    return respond(entry, request)
