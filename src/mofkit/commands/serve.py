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

import typer

from mofkit.commands.registry import DB_HELP


def serve_command(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    admin_token: str | None = typer.Option(
        None, "--admin-token", help="Token that write actions need (default: "
        "$MOFKIT_ADMIN_TOKEN; without one, submissions are off)."),
    allow_host: list[str] = typer.Option(
        [], "--allow-host", help="Git host submissions may name (repeatable; default: "
        "github.com, gitlab.com, codeberg.org, bitbucket.org, huggingface.co)."),
    public_url: str = typer.Option("", "--public-url",
                                   help="Base URL used in badge snippets."),
    read_rate: int = typer.Option(1200, "--read-rate",
                                  help="Reads per minute per client (0: no limit)."),
    write_rate: int = typer.Option(20, "--write-rate",
                                   help="Writes per minute per client (0: no limit)."),
    workers_queue: bool = typer.Option(True, "--queue/--no-queue",
                                       help="Run the submission scan queue."),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Server processes (each with its own response cache; "
                                "rate limits count per process)."),
) -> None:
    """Serve the registry: leaderboard, model pages, charts, submit page, /api/v1."""
    import uvicorn

    from mofkit.registry import open_registry
    from mofkit.registry.config import resolve_url
    from mofkit.web.settings import SERVE_ENV, Settings

    kwargs = {"db_url": resolve_url(db), "admin_token": admin_token,
              "public_url": public_url, "read_rate": read_rate, "write_rate": write_rate,
              "run_queue": workers_queue}
    if allow_host:
        kwargs["allowed_hosts"] = tuple(h.lower() for h in allow_host)
    settings = Settings.from_env(**kwargs)
    open_registry(settings.db_url).close()  # create or migrate once, fail early
    os.environ[SERVE_ENV] = settings.to_env()
    if not settings.admin_token:
        print("mof serve: no admin token: submissions are turned off", file=sys.stderr)
    print(f"mof serve: http://{host}:{port}/models ({workers} worker"
          f"{'' if workers == 1 else 's'})", file=sys.stderr, flush=True)
    uvicorn.run("mofkit.web.app:app_factory", factory=True, host=host, port=port,
                workers=workers, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
