"""The `mof` command line.

Each sub-command lives in its own module under ``mofkit.commands`` and exposes
``register(app)``. Command modules import only typer at import time; the heavy
work (rules, licence index, network clients) is imported inside the command so
that ``mof --help`` starts fast.

Every user error is a :class:`mofkit.errors.MofError`: it is printed as one line
on stderr and the process exits with status 2.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer

from mofkit.errors import MofError

COMMAND_MODULES: tuple[str, ...] = (
    "assess",
    "licenses",
    "scan",
    "check",
    "badge",
    "registry",
    "serve",
    "audit",
    "bulk",
)

app = typer.Typer(
    name="mof",
    help="How open is this AI model, really? Rates model releases against the Model Openness "
    "Framework (MOF 1.0) and the OSI Open Source AI Definition (OSAID 1.0), with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        from mofkit.version import __version__

        typer.echo(f"mofkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_version_callback,
        is_eager=True,
    ),
) -> None:
    """How open is this AI model, really?"""


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"mofkit.commands.{name}").register(app)


_register_commands()


def _plain_help(command: object) -> object:
    """Help that speaks the user's words, not Python's: an option's value is named after
    the option (``--format FORMAT``, ``--workers WORKERS``), not ``<str>`` or ``<int
    range>``, and an argument by its metavar alone (``RECORD.yml...``, not
    ``<list[Path]>``)."""
    params: list[Any] = getattr(command, "params", [])
    for param in params:
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None
        elif not param.is_flag and not param.count and param.metavar is None and param.opts:
            param.metavar = max(param.opts, key=len).lstrip("-").upper().replace("-", "_")
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)
    return command


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `mof` console script."""
    import os

    try:
        command: Any = _plain_help(typer.main.get_command(app))
        code = command.main(args=argv, prog_name="mof", standalone_mode=False)
    except MofError as exc:
        print(f"mof: error: {exc.one_line()}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("mof: interrupted", file=sys.stderr)
        sys.exit(130)
    except typer.Abort:
        print("mof: aborted", file=sys.stderr)
        sys.exit(1)
    except Exception as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `mof` alone: the help, as it is
            ctx = getattr(exc, "ctx", None)
            print(ctx.get_help() if ctx is not None else exc, file=sys.stderr)
            sys.exit(2)
        if isinstance(exc, ModuleNotFoundError):  # an optional extra not installed
            from mofkit.commands.extras import missing_extra

            extra = missing_extra(exc)
            if extra is not None:
                print(f"mof: error: {extra}", file=sys.stderr)
                sys.exit(2)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            # a usage error from the command-line parser
            from mofkit.safetext import terminal_safe

            message = " ".join(str(exc.format_message()).split())
            print(f"mof: error: {terminal_safe(message)}", file=sys.stderr)
            sys.exit(2)
        if os.environ.get("MOFKIT_DEBUG"):
            raise
        from mofkit.safetext import terminal_safe

        print(terminal_safe(f"mof: internal error: {type(exc).__name__}: "
                            f"{' '.join(str(exc).split())} (set MOFKIT_DEBUG=1 for a "
                            "traceback, and please report it)"), file=sys.stderr)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
