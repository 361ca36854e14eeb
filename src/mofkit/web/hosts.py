"""Which base URL a request may use in absolute links, and this site's origin.

A request's ``Host`` header is chosen by the client, so it is never put in an
answer (or a cache key) unchecked: the configured public URL wins; without
one, a Host on the ``trusted_hosts`` list is used (and, since it then changes
the answer, it is part of the cache key); any other Host gets relative links.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit


def _host(scope: Mapping[str, Any]) -> str:
    for key, value in scope.get("headers") or ():
        if key == b"host":
            return bytes(value).decode("latin-1").strip().lower()
    return ""


def trusted(host: str, trusted_hosts: tuple[str, ...]) -> bool:
    """``host`` (``name`` or ``name:port``) is on the list, with or without its port."""
    if not host or any(ch in host for ch in "/@\\ \t"):
        return False
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return host in trusted_hosts or name in trusted_hosts


def base_of(scope: Mapping[str, Any]) -> str:
    """The base URL for absolute links: the public URL, ``scheme://Host`` for a trusted
    Host, else "" (links are then relative to this site)."""
    settings = scope["app"].state.settings
    if settings.public_url:
        return str(settings.public_url).rstrip("/")
    host = _host(scope)
    if trusted(host, tuple(settings.trusted_hosts)):
        return f"{scope.get('scheme', 'http')}://{host}"
    return ""


def site_origin(scope: Mapping[str, Any]) -> str:
    """This site's origin (``scheme://host[:port]``) as a browser on it would send it in
    ``Origin``: from the public URL when set, else the request's own scheme and Host."""
    settings = scope["app"].state.settings
    if settings.public_url:
        parts = urlsplit(str(settings.public_url))
        return f"{parts.scheme}://{parts.netloc}".lower()
    return f"{scope.get('scheme', 'http')}://{_host(scope)}"
