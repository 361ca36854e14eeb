"""Where the registry lives: ``--db URL``, else ``MOFKIT_DB``, else a SQLite file
under the user's data folder. Plain paths become SQLite URLs; ``postgresql://``
URLs are pointed at the psycopg 3 driver."""

from __future__ import annotations

import os
from pathlib import Path

from mofkit.errors import InputError

ENV_VAR = "MOFKIT_DB"


def default_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mofkit" / "registry.db"


def resolve_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for ``url``, the environment or the default file."""
    value = (url or os.environ.get(ENV_VAR) or "").strip()
    if not value:
        path = default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if value.startswith("sqlite:"):
        database = value.split("?", 1)[0].removeprefix("sqlite:").lstrip("/")
        if database in ("", ":memory:"):  # an in-memory registry: every result lost at exit
            raise InputError("names no database file (an in-memory registry keeps nothing): "
                             "write sqlite:///path/to/registry.db", value)
        return value
    if value.startswith("postgresql+"):
        return value
    if "://" in value:
        raise InputError("unsupported database URL (use a file path, sqlite:/// or "
                         "postgresql://)", _redact(value))
    path = Path(value).expanduser()
    if path.is_dir():
        raise InputError("is a folder; give a database file path", value)
    if not path.parent.is_dir():
        raise InputError("the folder does not exist", value)
    return f"sqlite:///{path.resolve()}"


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, _, rest = url.partition("://")
    if "@" in rest:
        creds, _, host = rest.rpartition("@")
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def redact(url: str) -> str:
    return _redact(url)
