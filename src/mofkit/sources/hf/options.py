"""How mofkit talks to the Hub: endpoint, token, offline mode, cache, retries
and what counts as a small file. Read from the environment when a scan starts
(not at import), so tests and callers can point it anywhere."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mofkit.sources.network import Timeouts, env_number

DEFAULT_ENDPOINT = "https://huggingface.co"
SMALL_FILE_CAP = 512 << 10  # bytes: larger files are listed, never downloaded
TEXT_FILE_CAP = 1 << 20  # README / LICENSE / NOTICE may be up to the snapshot text cap
MAX_DOWNLOADS = 200  # small files fetched per repo at most
LINEAGE_DEPTH = 5  # base models followed at most this deep
MAX_DATASETS = 10  # dataset cards read per model at most
REFS_MAX_AGE_DAYS = 7.0  # a cached list of branches and tags, at the same commit, is reused


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _endpoint(raw: str) -> str:
    """HF_ENDPOINT checked before huggingface_hub reads it: the library prints its own
    import errors to stdout, which would corrupt machine output."""
    from urllib.parse import urlsplit

    url = raw.strip().rstrip("/")
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        ok = False
    if not ok:
        from mofkit.errors import InputError

        raise InputError(f"not an http(s) URL: {raw!r}", "HF_ENDPOINT")
    return url


@dataclass(frozen=True)
class RetryPolicy:
    """Retries on 429 and 5xx and on network errors, with bounded backoff."""

    attempts: int = 5  # tries in all
    base_delay: float = 0.5  # seconds, doubled each retry
    max_delay: float = 20.0  # cap on one wait, Retry-After included
    sleep: Callable[[float], None] | None = field(default=None, compare=False)  # for tests


@dataclass(frozen=True)
class HubOptions:
    endpoint: str = DEFAULT_ENDPOINT
    token: str | None = None  # None: huggingface_hub's default (HF_TOKEN, saved login)
    offline: bool = False
    cache: Path = Path.home() / ".cache" / "mofkit" / "hf"
    retry: RetryPolicy = RetryPolicy()
    timeouts: Timeouts = field(default_factory=Timeouts)
    small_file_cap: int = SMALL_FILE_CAP
    lineage_depth: int = LINEAGE_DEPTH
    max_datasets: int = MAX_DATASETS
    refs_max_age: float = REFS_MAX_AGE_DAYS * 86400  # seconds; 0: list the refs every time

    @classmethod
    def from_env(cls, token: str | None = None, offline: bool | None = None) -> HubOptions:
        """Options from ``HF_ENDPOINT``, ``HF_TOKEN``, ``HF_HUB_OFFLINE``, ``MOFKIT_CACHE``,
        ``MOFKIT_HF_ATTEMPTS``, ``MOFKIT_HF_BACKOFF``, ``MOFKIT_HF_LINEAGE_DEPTH``,
        ``MOFKIT_HF_REFS_MAX_AGE`` (days), ``MOFKIT_CONNECT_TIMEOUT`` and
        ``MOFKIT_READ_TIMEOUT`` (command-line values win)."""
        retry = RetryPolicy(
            attempts=max(1, env_number("MOFKIT_HF_ATTEMPTS", int, 5)),
            base_delay=env_number("MOFKIT_HF_BACKOFF", float, 0.5),
        )
        base = os.environ.get("MOFKIT_CACHE")
        cache = (Path(base) if base else Path.home() / ".cache" / "mofkit") / "hf"
        return cls(
            endpoint=_endpoint(os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT),
            token=token or os.environ.get("HF_TOKEN") or None,
            offline=offline if offline else _true(os.environ.get("HF_HUB_OFFLINE")),
            cache=cache,
            retry=retry,
            timeouts=Timeouts.from_env(),
            lineage_depth=env_number("MOFKIT_HF_LINEAGE_DEPTH", int, LINEAGE_DEPTH),
            refs_max_age=env_number("MOFKIT_HF_REFS_MAX_AGE", float, REFS_MAX_AGE_DAYS) * 86400,
        )
