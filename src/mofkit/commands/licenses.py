"""`mof licenses PATH...`: find the licences in files and folders."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from mofkit.commands import choice
from mofkit.safetext import path_text

FORMATS = ("text", "json")
MAX_BYTES = 10 * 1024 * 1024  # larger files are skipped with a note


def _files(paths: list[Path], notes: list[str]) -> Iterator[Path]:
    """The files under each path, in order; a folder or file that cannot be listed or
    looked at (a tree deeper than the path limit, no permission) is a note, and the
    walk goes on."""
    def unlistable(exc: OSError) -> None:
        notes.append(f"{path_text(str(exc.filename))}: skipped: cannot list folder "
                     f"({exc.strerror or exc})")

    for p in paths:
        if not p.is_dir():
            yield p
            continue
        found: list[Path] = []
        for folder, dirs, names in os.walk(p, onerror=unlistable):
            dirs[:] = [d for d in dirs if not d.startswith(".git")]
            for name in names:
                f = Path(folder, name)
                try:
                    if f.is_file() and not name.startswith(".git"):
                        found.append(f)
                except OSError as exc:
                    notes.append(f"{path_text(str(f))}: skipped: {exc.strerror or exc}")
        yield from sorted(found)


def read_text(path: Path, max_bytes: int | None = None) -> tuple[str | None, str | None]:
    """The file's text, or ``(None, reason)`` when it is skipped."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            return None, "skipped: not a regular file"
        size = info.st_size
        if size > max_bytes:
            return None, f"skipped: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit"
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"skipped: cannot read ({exc.strerror or exc})"
    from mofkit.licenses.textkind import decode, is_token_list

    text = decode(raw)  # UTF-16/32 with a byte-order mark too
    if text is None:
        return None, "skipped: binary file"
    if is_token_list(text):
        return None, "skipped: a token list (vocabulary or merges), not a licence text"
    return text, None


def combine(expressions: list[str]) -> str:
    """Match expressions, each once, in file order, joined with AND (as ScanCode does)."""
    seen: list[str] = []
    for e in expressions:
        if e and e not in seen:
            seen.append(e)
    if len(seen) == 1:
        return seen[0]
    return " AND ".join(f"({e})" if " OR " in e else e for e in seen)


def scan(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    from mofkit.licenses.detect import spdx_expression
    from mofkit.licenses.reading import identify

    text, note = read_text(path)
    if text is None:
        return None, note
    matches = identify(text)
    expr = combine([m.key for m in matches])
    return {
        "path": path_text(str(path)),
        "matches": [m.to_dict() for m in matches],
        "expression": expr,
        "spdx_expression": spdx_expression(expr) if expr else "",
    }, None


def _render_text(result: dict[str, Any]) -> str:
    lines = [f"{result['path']}: {result['expression'] or '(no licence found)'}"]
    for m in result["matches"]:
        lines.append(f"  lines {m['start_line']}-{m['end_line']}: {m['key']} "
                     f"[{m['spdx']}] {m['kind']}, score {m['score']:g}, "
                     f"coverage {m['coverage']:g}%, rule {m['rule']}")
    return "\n".join(lines)


def licenses_command(
    paths: list[str] = typer.Argument(..., metavar="PATH...",
                                       help="Files or folders (searched recursively)."),
    fmt: str = typer.Option("text", "--format", "-f", help="Output: text or json."),
) -> None:
    """Find the licences stated in files: full texts, notices, references, SPDX tags."""
    from mofkit.errors import InputError

    choice(fmt, FORMATS, "format")
    errors: list[InputError] = []
    good: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not raw.strip():  # Path("") is the current folder: never meant
            errors.append(InputError("empty path: give a file or a folder", source="''"))
        elif not p.exists():
            problem = ("broken symbolic link (or a link loop)" if p.is_symlink()
                       else "no such file or folder")
            errors.append(InputError(problem, source=raw))
        else:
            good.append(p)
    for error in errors:  # said first; the other paths are still searched
        print(f"mof: error: {error.one_line()}", file=sys.stderr)
    notes: list[str] = []
    files = list(_files(good, notes))
    for note in notes:
        print(f"mof: {note}", file=sys.stderr)
    results: list[dict[str, Any]] = []
    from rich.console import Console
    from rich.progress import Progress

    err = Console(stderr=True)
    with Progress(console=err, transient=True, disable=len(files) < 20) as bar:
        task = bar.add_task("licences", total=len(files))
        for f in files:
            result, skipped = scan(f)
            bar.advance(task)
            if result is None:
                bar.console.print(f"mof: {path_text(str(f))}: {skipped}", markup=False,
                                  highlight=False, soft_wrap=True)
                continue
            results.append(result)
            if fmt == "text":
                typer.echo(_render_text(result))
    if fmt == "json":
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
    if errors:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.command("licenses")(licenses_command)
