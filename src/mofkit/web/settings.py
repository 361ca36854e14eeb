"""What the server runs with. ``mof serve`` builds it from options and the
environment (``MOFKIT_ADMIN_TOKEN``, or a file named by ``--admin-token-file``:
never the command line, which ``ps`` shows; at least ``MIN_TOKEN`` characters);
tests build it directly. For worker
processes ``mof serve`` writes it to ``MOFKIT_SERVE_SETTINGS`` (JSON: the
plain fields, the CSRF secret included so every worker accepts every form)."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mofkit.errors import InputError
from mofkit.registry.submit import DEFAULT_ALLOWED_HOSTS

TOKEN_ENV = "MOFKIT_ADMIN_TOKEN"
MIN_TOKEN = 16
SERVE_ENV = "MOFKIT_SERVE_SETTINGS"
PLAIN_FIELDS = ("db_url", "admin_token", "allowed_hosts", "read_rate", "write_rate",
                "max_body", "secret", "run_queue", "public_url", "generation_ttl",
                "cache_entries", "trusted_hosts", "forwarded_allow_ips")


@dataclass
class Settings:
    db_url: str | None = None
    admin_token: str | None = None
    allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS
    # Requests per minute per client address; 0 turns a limit off.
    read_rate: int = 1200
    write_rate: int = 20
    max_body: int = 16 * 1024  # bytes
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    scanner: Callable[[str], Any] | None = None  # None: ingest.default_scanner
    run_queue: bool = True
    # e.g. https://mofkit.example.org: absolute links (badge snippets) use it. Without it,
    # a request's Host is used only when it is one of trusted_hosts, else links are relative.
    public_url: str = ""
    trusted_hosts: tuple[str, ...] = ()
    # Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (a reverse proxy); none
    # by default, so a client cannot choose the address the rate limits count.
    forwarded_allow_ips: tuple[str, ...] = ()
    registry: Any = None  # an open Registry (tests); else opened from db_url
    # Seconds between reads of the registry's write generation (other processes'
    # writes show on cached pages after at most this long); None: the default.
    generation_ttl: float | None = None
    cache_entries: int = 4096  # response cache size (0: no cache)

    @classmethod
    def from_env(cls, **kwargs: Any) -> Settings:
        if not kwargs.get("admin_token"):
            kwargs["admin_token"] = os.environ.get(TOKEN_ENV) or None
        check_token(kwargs["admin_token"], f"${TOKEN_ENV}")
        return cls(**kwargs)

    def to_env(self) -> str:
        """The plain fields as JSON, for ``SERVE_ENV``."""
        return json.dumps({k: getattr(self, k) for k in PLAIN_FIELDS})

    @classmethod
    def from_serve_env(cls) -> Settings:
        raw = os.environ.get(SERVE_ENV)
        if not raw:
            return cls.from_env()
        values = {k: v for k, v in json.loads(raw).items() if k in PLAIN_FIELDS}
        for name in ("allowed_hosts", "trusted_hosts", "forwarded_allow_ips"):
            if name in values:
                values[name] = tuple(values[name])
        return cls.from_env(**values)


def check_token(token: str | None, where: str) -> None:
    """Refuse an admin token too short to resist guessing."""
    if token is not None and len(token) < MIN_TOKEN:
        raise InputError(f"the admin token must be at least {MIN_TOKEN} characters "
                         f"(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)",
                         where)


def read_token_file(path: str) -> str:
    """The admin token from the first line of a file."""
    try:
        with open(path, encoding="utf-8") as handle:
            token = handle.readline().strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the admin token file: "
                         f"{getattr(exc, 'strerror', None) or exc}", path) from None
    if not token:
        raise InputError("the admin token file is empty", path)
    check_token(token, path)
    return token


def server_options() -> dict[str, Any]:
    """What uvicorn is run with: its own proxy-headers handling off (it would trust
    127.0.0.1); the app adds it for ``forwarded_allow_ips`` only (``app.py``)."""
    return {"proxy_headers": False, "server_header": False}
