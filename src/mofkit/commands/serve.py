"""`mof serve`: the registry's web site and REST API (FastAPI + uvicorn).

FastAPI, SQLAlchemy and uvicorn are imported only when the command runs, so
``mof --help`` stays fast.

The app is built by a factory (``mofkit.web.app:app_factory``) from settings
passed in the environment, so ``--workers N`` runs N processes on one socket.
The registry is opened (and migrated) once here first, so a bad ``--db`` is a
one-line error and the workers never race to migrate.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from mofkit.commands.registry import DB_HELP


def serve_command(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    admin_token_file: str | None = typer.Option(
        None, "--admin-token-file", help="File whose first line is the token write actions "
        "need (default: $MOFKIT_ADMIN_TOKEN; at least 16 characters; without one, "
        "submissions are off)."),
    admin_token: str | None = typer.Option(None, "--admin-token", hidden=True),
    allow_host: list[str] = typer.Option(
        [], "--allow-host", help="Git host submissions may name (repeatable; default: "
        "github.com, gitlab.com, codeberg.org, bitbucket.org, huggingface.co)."),
    public_url: str = typer.Option("", "--public-url",
                                   help="This site's public base URL (https://host), used "
                                   "for absolute links such as badge snippets."),
    trusted_host: list[str] = typer.Option(
        [], "--trusted-host", help="Without --public-url: a Host header the site may use in "
        "absolute links (repeatable; other Hosts get relative links)."),
    forwarded_allow_ips: str = typer.Option(
        "", "--forwarded-allow-ips", help="Comma-separated addresses of reverse proxies whose "
        "X-Forwarded-For/-Proto are trusted (default: none; the TCP peer is the client)."),
    read_rate: int = typer.Option(1200, "--read-rate", min=0,
                                  help="Reads per minute per client (0: no limit)."),
    write_rate: int = typer.Option(20, "--write-rate", min=0,
                                   help="Writes per minute per client (0: no limit)."),
    workers_queue: bool = typer.Option(True, "--queue/--no-queue",
                                       help="Run the submission scan queue."),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Server processes (each with its own response cache; "
                                "rate limits count per process)."),
) -> None:
    """Serve the registry: leaderboard, model pages, charts, submit page, /api/v1."""
    import uvicorn

    from mofkit.errors import InputError
    from mofkit.registry import open_registry
    from mofkit.registry.config import resolve_url
    from mofkit.web.settings import SERVE_ENV, Settings, read_token_file, server_options

    if admin_token is not None:
        raise InputError("the admin token is not taken on the command line (ps shows it to "
                         "every user): set $MOFKIT_ADMIN_TOKEN or use --admin-token-file",
                         "--admin-token")
    kwargs: dict[str, Any] = {
        "db_url": resolve_url(db), "public_url": check_public_url(public_url),
        "read_rate": read_rate, "write_rate": write_rate, "run_queue": workers_queue,
        "admin_token": read_token_file(admin_token_file) if admin_token_file else None,
        "trusted_hosts": tuple(h.strip().lower() for h in trusted_host if h.strip()),
        "forwarded_allow_ips": tuple(a.strip() for a in forwarded_allow_ips.split(",")
                                     if a.strip())}
    if allow_host:
        kwargs["allowed_hosts"] = tuple(h.lower() for h in allow_host)
    settings = Settings.from_env(**kwargs)
    open_registry(settings.db_url).close()  # create or migrate once, fail early
    check_address(host, port)
    os.environ[SERVE_ENV] = settings.to_env()
    if not settings.admin_token:
        print("mof serve: no admin token: submissions are turned off", file=sys.stderr)
    print(f"mof serve: http://{host}:{port}/models ({workers} worker"
          f"{'' if workers == 1 else 's'})", file=sys.stderr, flush=True)
    uvicorn.run("mofkit.web.app:app_factory", factory=True, host=host, port=port,
                workers=workers, log_level="warning", access_log=False,
                **server_options())


def check_public_url(value: str) -> str:
    """``--public-url`` as ``scheme://host[:port][/prefix]`` without a trailing slash."""
    from urllib.parse import urlsplit

    from mofkit.errors import InputError

    text = value.strip().rstrip("/")
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or \
            parts.fragment or "@" in parts.netloc:
        raise InputError("not a public URL (expected https://host[:port][/prefix])", value)
    return text


def check_address(host: str, port: int) -> None:
    """Fail early, in one line, when the address cannot be listened on (an unknown host,
    a port in use or not allowed), instead of uvicorn's log line and exit status 3."""
    import socket

    from mofkit.errors import InputError

    where = f"{host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot listen: unknown host ({getattr(exc, 'strerror', exc)})",
                         where) from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            raise InputError(f"cannot listen: {exc.strerror or exc}", where) from None


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
