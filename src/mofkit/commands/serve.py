"""`mof serve`: the registry's web site and REST API (FastAPI + uvicorn).

FastAPI, SQLAlchemy and uvicorn are imported only when the command runs, so
``mof --help`` stays fast.
"""

from __future__ import annotations

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
) -> None:
    """Serve the registry: leaderboard, model pages, charts, submit page, /api/v1."""
    import uvicorn

    from mofkit.web.app import create_app
    from mofkit.web.settings import Settings

    kwargs = {"db_url": db, "admin_token": admin_token, "public_url": public_url,
              "read_rate": read_rate, "write_rate": write_rate, "run_queue": workers_queue}
    if allow_host:
        kwargs["allowed_hosts"] = tuple(h.lower() for h in allow_host)
    settings = Settings.from_env(**kwargs)
    app = create_app(settings)
    if not settings.admin_token:
        print("mof serve: no admin token: submissions are turned off", file=sys.stderr)
    print(f"mof serve: http://{host}:{port}/models", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
