"""What the server runs with. ``mof serve`` builds it from options and the
environment (``MOFKIT_ADMIN_TOKEN``); tests build it directly. For worker
processes ``mof serve`` writes it to ``MOFKIT_SERVE_SETTINGS`` (JSON: the
plain fields, the CSRF secret included so every worker accepts every form)."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mofkit.registry.submit import DEFAULT_ALLOWED_HOSTS

TOKEN_ENV = "MOFKIT_ADMIN_TOKEN"
SERVE_ENV = "MOFKIT_SERVE_SETTINGS"
PLAIN_FIELDS = ("db_url", "admin_token", "allowed_hosts", "read_rate", "write_rate",
                "max_body", "secret", "run_queue", "public_url", "generation_ttl",
                "cache_entries")


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
    public_url: str = ""  # e.g. https://mofkit.example.org, for badge snippets
    registry: Any = None  # an open Registry (tests); else opened from db_url
    # Seconds between reads of the registry's write generation (other processes'
    # writes show on cached pages after at most this long); None: the default.
    generation_ttl: float | None = None
    cache_entries: int = 4096  # response cache size (0: no cache)

    @classmethod
    def from_env(cls, **kwargs: Any) -> Settings:
        if not kwargs.get("admin_token"):
            kwargs["admin_token"] = os.environ.get(TOKEN_ENV) or None
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
        if "allowed_hosts" in values:
            values["allowed_hosts"] = tuple(values["allowed_hosts"])
        return cls.from_env(**values)
