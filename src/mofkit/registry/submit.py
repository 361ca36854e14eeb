"""Submitted sources: validated before they are stored, scanned by a queue.

A submission is a Hugging Face id (``hf:org/name``, or its
``https://huggingface.co/org/name`` URL) or an ``https://`` git URL whose host
is on the allow-list. Everything else is refused with a reason: local paths,
``file://`` and other schemes, credentials in URLs, ports, IP literals,
``localhost`` and internal host names. Before a git URL is fetched its host
is resolved and refused again if it points at a private, loopback or
link-local address (DNS can change after validation).

``SubmitQueue`` runs queued submissions one at a time in a background thread
through a pluggable scanner (``ingest.default_scanner`` unless another is
given: the Hugging Face source and tests plug theirs in).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from mofkit.errors import InputError
from mofkit.registry.ingest import Rated, default_scanner
from mofkit.registry.store import Registry

log = logging.getLogger("mofkit.registry.submit")

DEFAULT_ALLOWED_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org",
                         "huggingface.co")
MAX_SOURCE = 300
_HF_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
_HF_ID = re.compile(rf"^{_HF_PART}(?:/{_HF_PART})?$")
_PATH_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_INTERNAL_SUFFIXES = (".local", ".localhost", ".internal", ".intranet", ".lan", ".home",
                      ".corp", ".arpa")


class SourceRefused(InputError):
    """A submitted source that mofkit will not fetch."""


def _refuse(reason: str, source: str) -> SourceRefused:
    shown = source if len(source) <= 80 else source[:77] + "..."
    return SourceRefused(reason, shown)


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = host.strip("[]")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    # inet_aton forms: 127.1, 0x7f000001, 2130706433, 0177.0.0.1
    if re.fullmatch(r"[0-9a-fA-FxX.]+", text) and any(ch.isdigit() for ch in text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def validate_source(raw: str, allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS) -> str:
    """The canonical form of a submitted source, or :class:`SourceRefused`."""
    source = (raw or "").strip()
    if not source:
        raise _refuse("empty source", "")
    if len(source) > MAX_SOURCE:
        raise _refuse(f"longer than {MAX_SOURCE} characters", source)
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in source):
        raise _refuse("contains spaces or control characters", source)
    if source.lower().startswith("hf:"):
        ident = source[3:]
        if not _HF_ID.match(ident) or ".." in ident:
            raise _refuse("not a Hugging Face id (hf:org/name)", source)
        return f"hf:{ident}"
    if source.startswith(("/", "~", ".", "\\")) or re.match(r"^[A-Za-z]:[\\/]", source):
        raise _refuse("local paths cannot be submitted", source)
    if "://" not in source:
        raise _refuse("not a source: give hf:org/name or an https:// git URL", source)
    try:
        parts = urlsplit(source)
    except ValueError as exc:  # "[::1", host characters NFKC would change
        raise _refuse(f"not a valid URL ({exc})", source) from None
    if not source.isascii():
        raise _refuse("non-ASCII characters in a URL (give the host's ASCII form)", source)
    scheme = parts.scheme.lower()
    if scheme == "file":
        raise _refuse("file:// URLs cannot be submitted", source)
    if scheme != "https":
        raise _refuse(f"{scheme}:// URLs are not accepted (https only)", source)
    if "@" in parts.netloc:
        raise _refuse("credentials in URLs are not accepted", source)
    try:
        port = parts.port
    except ValueError:
        raise _refuse("bad port", source) from None
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise _refuse("no host", source)
    address = _ip_literal(host)
    if address is not None:
        if is_internal(address):
            raise _refuse("internal addresses cannot be submitted", source)
        raise _refuse("IP addresses are not accepted; use a host on the allow-list", source)
    if host == "localhost" or host.endswith(_INTERNAL_SUFFIXES) or "." not in host:
        raise _refuse("internal host names cannot be submitted", source)
    if port not in (None, 443):
        raise _refuse("ports are not accepted", source)
    if host not in allowed_hosts:
        raise _refuse(f"host {host} is not on the allow-list ({', '.join(allowed_hosts)})",
                      source)
    if parts.query or parts.fragment:
        raise _refuse("query strings and fragments are not accepted", source)
    segments = [p for p in parts.path.split("/") if p]
    if len(segments) != 2 or not all(_PATH_PART.match(p) for p in segments) or \
            any(p in (".", "..") for p in segments):
        raise _refuse("expected https://HOST/OWNER/REPO", source)
    if host == "huggingface.co":
        return f"hf:{segments[0]}/{segments[1]}"
    return f"https://{host}/{segments[0]}/{segments[1]}"


def check_resolves_public(source: str) -> None:
    """Refuse a URL whose host resolves to an internal address (DNS rebinding)."""
    host = urlsplit(source).hostname
    if not host:
        return
    try:
        infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise _refuse(f"cannot resolve {host}: {exc.strerror or exc}", source) from None
    for info in infos:
        if is_internal(ipaddress.ip_address(info[4][0])):
            raise _refuse(f"{host} resolves to an internal address", source)


def guarded_scanner(source: str) -> Rated:
    """The default scanner, with the resolution check before any fetch."""
    if source.startswith("https://"):
        check_resolves_public(source)
    return default_scanner(source)


class SubmitQueue:
    """Runs queued submissions through ``scanner`` in one background thread."""

    def __init__(self, registry: Registry, scanner: Callable[[str], Rated] | None = None,
                 poll: float = 1.0) -> None:
        self.registry = registry
        self.scanner = scanner or guarded_scanner
        self.poll = poll
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="mofkit-submit",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def notify(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                while self.process_one():
                    if self._stop.is_set():
                        return
            except Exception:  # keep the worker alive; the error is logged
                log.exception("submission worker failed")
            self._wake.wait(self.poll)
            self._wake.clear()

    def process_one(self) -> bool:
        """Scan the oldest queued submission; False when there is none."""
        item = self.registry.claim_next()
        if item is None:
            return False
        try:
            rated = self.scanner(item["source"])
            slug = None
            for result in rated.results:
                result.setdefault("source", item["source"])
                added = self.registry.add_result(result, source_kind=rated.source_kind,
                                                 revision=rated.revision, slug=slug)
                slug = added.slug
            self.registry.finish(item["id"], slug=slug)
        except InputError as exc:
            self.registry.finish(item["id"], error=exc.one_line())
        except Exception as exc:
            log.exception("scan of %s failed", item["source"])
            self.registry.finish(item["id"], error=f"scan failed: {type(exc).__name__}")
        return True
