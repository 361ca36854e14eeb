"""`mof assess` (rate MOT records) and `mof export` (write records back)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from mofkit.commands import RULES_HELP, choice
from mofkit.rules.ids import MOF

if TYPE_CHECKING:
    from mofkit.assess.model import Assessment


def formats() -> tuple[str, ...]:
    from mofkit.report import FORMATS

    return tuple(FORMATS)


def assess_command(
    records: list[Path] = typer.Argument(..., metavar="RECORD.yml...",
                                         help="Model Openness Tool records (YAML or JSON)."),
    rules: str = typer.Option(MOF, "--rules", help=RULES_HELP),
    fmt: str = typer.Option("text", "--format", "-f",
                            help="Output: text, json, yaml, markdown, html, mot-yaml, "
                            "cyclonedx or spdx3."),
) -> None:
    """Assess model records against MOF 1.0 and OSAID 1.0."""
    from mofkit.assess import RULE_SETS, assess
    from mofkit.errors import one_line_for
    from mofkit.sources.mot_record import load_record

    choice(rules, RULE_SETS, "rule set")
    choice(fmt, formats(), "format")
    results: list[dict[str, Any]] = []
    assessments: list[Assessment | None] = []
    failed = 0
    for path in records:
        try:
            a = assess(load_record(path), rules=rules)
        except Exception as exc:  # one record's failure, even a bug, keeps the others
            failed += 1
            line = one_line_for(exc, str(path))
            print(f"mof: error: {line}", file=sys.stderr)
            results.append({"source": str(path), "error": line})
            assessments.append(None)
            continue
        results.append(a.to_dict())
        assessments.append(a)
    if fmt in ("json", "yaml"):
        # machine output keeps one entry per input, errors included
        from mofkit.report.jsonfmt import dump_json, dump_yaml

        sys.stdout.write(dump_json(results) if fmt == "json" else dump_yaml(results))
    elif any(a is not None for a in assessments):
        from mofkit.report import render_for_stdout

        sys.stdout.write(render_for_stdout([a for a in assessments if a is not None], fmt))
    if failed:
        raise typer.Exit(2)


def export_command(
    record: Path = typer.Argument(..., metavar="RECORD.yml", help="A Model Openness Tool record."),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="Write here (replaced whole) instead of stdout."),
) -> None:
    """Read a MOT record and write it back in the tool's YAML format."""
    from mofkit.sources.mot_record import dump_record, load_record

    text = dump_record(load_record(record))
    if out is None:
        sys.stdout.write(text)
    else:
        from mofkit.output import write_atomic

        write_atomic(out, text)
        print(f"wrote {out}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess_command)
    app.command("export")(export_command)
