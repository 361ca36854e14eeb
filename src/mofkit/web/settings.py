"""What the server runs with. ``mof serve`` builds it from options and the
environment (``MOFKIT_ADMIN_TOKEN``); tests build it directly."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mofkit.registry.submit import DEFAULT_ALLOWED_HOSTS

TOKEN_ENV = "MOFKIT_ADMIN_TOKEN"


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

    @classmethod
    def from_env(cls, **kwargs: Any) -> Settings:
        if not kwargs.get("admin_token"):
            kwargs["admin_token"] = os.environ.get(TOKEN_ENV) or None
        return cls(**kwargs)
