"""`mof registry`: keep rated models and their assessments over time.

``add`` rates record files (and folders or git URLs once ``mof scan`` is in)
under both rule sets and stores the results; ``import-mot`` does it for a
whole Model Openness Tool ``models/`` folder; ``export`` writes the registry
out; ``list`` shows the leaderboard in the terminal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from mofkit.commands import choice

DB_HELP = "Registry database: a file path, sqlite:///… or postgresql://… (default: $MOFKIT_DB " \
          "or ~/.local/share/mofkit/registry.db)."

registry_app = typer.Typer(name="registry", help="Keep rated models and their history.",
                           no_args_is_help=True)


def stop_batch(exc: Exception, left: int, noun: str) -> None:
    """The registry cannot be written (locked, read-only): say so once, with how many
    inputs were not stored, and stop with exit status 2 (those before are stored)."""
    from mofkit.errors import MofError

    line = exc.one_line() if isinstance(exc, MofError) else str(exc)
    print(f"mof: error: {line}; stopped, {left} {noun}(s) not stored", file=sys.stderr)
    raise typer.Exit(2)


@registry_app.command("add")
def add_command(
    sources: list[str] = typer.Argument(..., metavar="SOURCE...",
                                        help="MOT record files (or folders / git URLs to scan)."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Rate sources under both rule sets and store the results."""
    from mofkit.errors import one_line_for
    from mofkit.registry import open_registry
    from mofkit.registry.ingest import assess_source
    from mofkit.registry.store import RegistryUnavailable
    from mofkit.safetext import terminal_safe

    registry = open_registry(db)
    failed = 0
    for number, source in enumerate(sources):
        try:
            rated = assess_source(source)
            slug = None
            for result in rated.results:
                added = registry.add_result(result, source_kind=rated.source_kind,
                                            revision=rated.revision, slug=slug)
                slug = added.slug
                print(f"{added.status:9} {terminal_safe(added.slug)} ({added.rules}, "
                      f"assessment {added.assessment_id})", file=sys.stderr)
                warning = added.warning() if added.status == "new" else None
                if warning:
                    print(f"mof: warning: {terminal_safe(warning)}", file=sys.stderr)
        except RegistryUnavailable as exc:  # every other source would fail the same way
            stop_batch(exc, len(sources) - number, "source")
        except Exception as exc:  # one source's failure, even a bug, keeps the others
            failed += 1
            print(f"mof: error: {one_line_for(exc, source)}", file=sys.stderr)
    if failed:
        raise typer.Exit(2)


@registry_app.command("import-mot")
def import_mot_command(
    folder: str = typer.Argument(..., metavar="DIR",
                                 help="A Model Openness Tool models/ folder."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Import MOT records, with the mof and mot-compat verdicts side by side."""
    from mofkit.errors import InputError, one_line_for
    from mofkit.registry import open_registry
    from mofkit.registry.ingest import mot_records, rate_record
    from mofkit.registry.store import RegistryUnavailable

    if not folder.strip():  # Path("") is the current folder: never meant
        raise InputError("empty path: give a Model Openness Tool models/ folder", "''")
    files = mot_records(folder)
    registry = open_registry(db)
    counts = {"new": 0, "added": 0, "unchanged": 0}
    failed = 0
    for path in files:
        try:
            rated = rate_record(path)
        except Exception as exc:  # one record's failure, even a bug, keeps the others
            failed += 1
            print(f"mof: error: {one_line_for(exc, str(path))}", file=sys.stderr)
            continue
        slug = None
        status = "unchanged"
        for result in rated.results:
            try:
                added = registry.add_result(result, source_kind=rated.source_kind, slug=slug)
            except RegistryUnavailable as exc:  # every other record would fail the same way
                stop_batch(exc, len(files) - files.index(path), "record")
            slug = added.slug
            if added.status == "new" or (added.status == "added" and status == "unchanged"):
                status = added.status
        if status == "new" and added.warning():
            print(f"mof: warning: {path.name}: {added.warning()}", file=sys.stderr)
        counts[status] += 1
    print(f"imported {len(files) - failed} records: {counts['new']} new models, "
          f"{counts['added']} updated, {counts['unchanged']} unchanged, {failed} failed",
          file=sys.stderr)
    if failed:
        raise typer.Exit(2)


@registry_app.command("export")
def export_command(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    fmt: str = typer.Option("json", "--format", "-f", help="json, jsonl or csv."),
    rules: str | None = typer.Option(None, "--rules",
                                     help="Only this rule set's results (mof or mot-compat)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of stdout."),
) -> None:
    """Write every model with its latest results (JSON, JSON lines or CSV)."""
    from mofkit.assess import RULE_SETS
    from mofkit.registry import open_registry
    from mofkit.registry.export import render_export

    choice(fmt, ("json", "jsonl", "csv"), "format")
    if rules is not None:
        choice(rules, RULE_SETS, "rule set")
    registry = open_registry(db)
    text = render_export(registry.export(rules), fmt)
    if out is None:
        sys.stdout.write(text)
    else:
        from mofkit.output import write_atomic

        write_atomic(out, text)
        print(f"wrote {out}", file=sys.stderr)


@registry_app.command("list")
def list_command(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    q: str | None = typer.Option(None, "--search", "-q", help="Name or producer contains."),
    limit: int = typer.Option(50, "--limit", help="How many rows."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Show the leaderboard."""
    from mofkit.errors import InputError
    from mofkit.registry import open_registry
    from mofkit.registry.query import MAX_LIMIT, ListQuery

    choice(fmt, ("text", "json"), "format")
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"must be between 1 and {MAX_LIMIT}, got {limit}", "--limit")
    page = open_registry(db).list_models(ListQuery(q=q, limit=limit))
    if fmt == "json":
        sys.stdout.write(json.dumps(page.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    sys.stdout.write(leaderboard_table(page.items, (page.page - 1) * page.limit))
    print(f"{page.total} models", file=sys.stderr)


def leaderboard_table(items: list[dict[str, Any]], offset: int = 0) -> str:
    """The leaderboard rows under their headers: on a terminal at its width, in colour;
    piped, every value whole (nothing is cut to fit)."""
    import shutil

    from mofkit.report.table import Column, render_table
    from mofkit.report.verdict import licence_name
    from mofkit.rules import load_mof

    def numeral(cls: int | None) -> str:
        return load_mof().numerals().get(cls or 0, "none") if cls is not None else "-"

    columns = [Column("#", numeric=True), Column("Model", wrap=True),
               Column("Producer", wrap=True), Column("MOF class"),
               Column("Progress", numeric=True), Column("mot-compat"), Column("OSAID"),
               Column("Licence", wrap=True), Column("Released")]
    rows = []
    for n, m in enumerate(items, start=offset + 1):
        mot = m["mot_compat"]
        rows.append([n, m["name"], m["producer"], numeral(m["mof"]["class"]),
                     f"{m['mof']['total_progress']:.1f}%",
                     numeral(mot["class"]) if mot else None, m["osaid"],
                     licence_name(m["licence"]) if m["licence"] else None,
                     m.get("release_date") or "unknown"])
    tty = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if tty else 1000
    return render_table(columns, rows, width=width, color=tty)


def register(app: typer.Typer) -> None:
    app.add_typer(registry_app, name="registry")
