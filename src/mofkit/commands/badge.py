"""`mof badge`: a MOF class badge or an OSAID badge, as SVG or PNG."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from mofkit.commands import RULES_HELP, choice
from mofkit.rules.ids import MOF

BADGE_FORMATS = ("svg", "png")


def badge_command(
    source: str = typer.Argument(..., metavar="SOURCE",
                                 help="A MOT record (.yml/.yaml/.json) or a release folder."),
    mof_class: str | None = typer.Option(None, "--class", metavar="{I,II,III}",
                                         help="Badge for this MOF class."),
    osaid: bool = typer.Option(False, "--osaid", help="Badge for the OSAID 1.0 verdict."),
    out: Path = typer.Option(..., "--out", "-o", metavar="badge.svg|badge.png",
                             help="Where to write the badge; the suffix picks SVG or PNG."),
    fmt: str | None = typer.Option(None, "--format", "-f",
                                   help="svg or png (default: from the --out suffix)."),
    rules: str = typer.Option(MOF, "--rules", help=RULES_HELP),
) -> None:
    """Write a badge: a MOF class (qualified / in progress N% / not met) or OSAID 1.0."""
    from mofkit.commands.check import parse_class, rate_source
    from mofkit.errors import InputError
    from mofkit.output import write_atomic
    from mofkit.report import badge
    from mofkit.rules import RULE_SETS

    if (mof_class is None) == (not osaid):
        raise InputError("give either --class {I,II,III} or --osaid (one badge per file)")
    if fmt is not None:
        choice(fmt.lower(), BADGE_FORMATS, "format")
    kind = (fmt or out.suffix.lstrip(".")).lower()
    if kind not in BADGE_FORMATS:
        raise InputError(f"cannot tell the badge format from {str(out)!r}: use a .svg or .png "
                         "file name, or --format svg|png")
    choice(rules, RULE_SETS, "rule set")
    number = parse_class(mof_class, "--class") if mof_class is not None else None
    a = rate_source(source, rules)
    b = badge.class_badge(a, number) if number is not None else badge.osaid_badge(a)
    data: str | bytes = badge.render_svg(b) if kind == "svg" else badge.render_png(b)
    write_atomic(out, data)
    print(f"wrote {out}: {b.text}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("badge")(badge_command)
