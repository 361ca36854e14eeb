"""`mof scan` (rate a release from its files) and `mof init` (draft its MOT record)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from mofkit.commands import choice

if TYPE_CHECKING:
    from mofkit.assess.model import Assessment
    from mofkit.inspect import ScanResult
    from mofkit.release import Release




def run_scan(path: str, code: list[str] | None = None, paper: list[str] | None = None,
             name: str | None = None, offline: bool = False,
             hf_token: str | None = None) -> ScanResult:
    """Open the release (folders, clones, Hub repos, paper references) and inspect it."""
    from mofkit.inspect import scan
    from mofkit.sources.hf.location import is_hf_location

    if is_hf_location(path):  # Hugging Face Hub (sources/hf)
        from mofkit.sources.hf.options import HubOptions
        from mofkit.sources.hf.scan import scan_hub

        options = HubOptions.from_env(token=hf_token, offline=offline)
        return scan_hub(path, code or [], paper or [], name=name, options=options)
    from mofkit.sources.release_files import open_release

    return scan(open_release(path, code or [], paper or []), name=name)


def attach_scan(result: ScanResult, assessment: Assessment) -> Assessment:
    """Carry what the scan found besides the components on the assessment, so that every
    report format shows it: licence conflicts, the scan's own section, confidence per
    component, and the Hub's metadata for a Hugging Face model."""
    assessment.conflicts = list(result.conflicts)
    assessment.attachments["scan"] = result.scan_dict()
    if "hub" in result.release.extra:  # Hugging Face Hub (sources/hf)
        assessment.attachments["hub"] = result.release.extra["hub"]
    for component in assessment.components:
        found = result.components.get(component.id)
        if found is not None and found.findings:
            component.confidence = found.confidence
    return assessment


def scan_assessment(path: str, code: list[str] | None = None, paper: list[str] | None = None,
                    rules: str = "mof", **options: Any) -> tuple[ScanResult, Assessment]:
    """Scan a release and assess it, the scan's findings attached."""
    from mofkit.assess import assess

    result = run_scan(path, code, paper, **options)
    return result, attach_scan(result, assess(result.release, rules=rules))


def scan_command(
    path: str = typer.Argument(..., metavar="PATH",
                               help="The model release: a folder, a git URL, or a Hugging Face "
                                    "model (hf:org/name[@revision] or its huggingface.co URL)."),
    code: list[str] = typer.Option([], "--code", metavar="DIR",
                                   help="A further root holding code (folder or git URL)."),
    paper: list[str] = typer.Option([], "--paper", metavar="ID",
                                    help="The paper: arXiv id, DOI, URL or a local file."),
    rules: str = typer.Option("mof", "--rules", help="Rule set: mof or mot-compat."),
    fmt: str = typer.Option("text", "--format", "-f",
                            help="Output: text, json, yaml, markdown, html, mot-yaml, "
                                 "cyclonedx or spdx3."),
    offline: bool = typer.Option(False, "--offline",
                                 help="Hugging Face: use only the cache (as HF_HUB_OFFLINE=1)."),
    hf_token: str | None = typer.Option(None, "--hf-token", metavar="TOKEN",
                                        help="Hugging Face token (default: HF_TOKEN)."),
) -> None:
    """Rate a model release from its files, with the evidence for every component."""
    from mofkit.assess import RULE_SETS
    from mofkit.report import FORMATS as REPORT_FORMATS

    choice(rules, RULE_SETS, "rule set")
    choice(fmt, tuple(REPORT_FORMATS), "format")
    result, assessment = scan_assessment(path, code, paper, rules, offline=offline,
                                         hf_token=hf_token)
    if fmt in ("json", "yaml"):  # one release: one object, not a list of one
        from mofkit.report.jsonfmt import dump_json, dump_yaml

        sys.stdout.write((dump_json if fmt == "json" else dump_yaml)(assessment.to_dict()))
        return
    if fmt != "text":
        from mofkit.report import render_for_stdout

        sys.stdout.write(render_for_stdout([assessment], fmt))
        return
    from rich.console import Console

    from mofkit.report.text import render

    console = Console(highlight=False)
    render(assessment, console)
    _render_scan(result, console)
    if "hub" in result.release.extra:  # Hugging Face Hub (sources/hf)
        from mofkit.sources.hf.scan import render_hub

        render_hub(result, console)


def _render_scan(result: ScanResult, console: Any) -> None:
    from rich.markup import escape

    console.print()
    console.print("[bold]Evidence[/bold]")
    for cid, component in result.components.items():
        if not component.found:
            continue
        best = component.findings[0]
        where = f"{best.path}:{best.line}" if best.line else best.path
        licence = component.statement.licence if component.statement else "none stated"
        console.print(f"  {cid}: {escape(where)} - {escape(best.why)} "
                      f"[dim](confidence {component.confidence:.2f}; licence {escape(licence)})"
                      "[/dim]")
    if result.restrictions:
        console.print("[bold]Use restrictions[/bold]")
        for item in result.restrictions:
            console.print(f"  {escape(item.path)}: {escape(item.why)}")
    if result.declared:
        console.print(f"[bold]Declared in {escape(result.declared_path or '')}[/bold]")
        for check in result.declared:
            if check.status != "agrees":
                console.print(f"  {check.component}: {check.status}")
    if result.notes:
        console.print("[bold]Problems[/bold]")
        for note in result.notes:
            console.print(f"  {escape(note)}")


def draft_release(result: ScanResult) -> Release:
    """The scanned release as a draft MOT record: scan-only fields dropped, each
    component described by its strongest evidence."""
    from dataclasses import replace

    release = result.release
    components = []
    for entry in release.components:
        best = entry.evidence[0] if entry.evidence else None
        description = f"Found: {best.why} ({best.path})" if best else None
        components.append(replace(entry, description=description, extra={}, evidence=[]))
    return replace(release, components=components, notes=[], extra={},
                   producer=release.producer or "")


def init_command(
    path: str = typer.Argument(..., metavar="PATH", help="The model release folder or git URL."),
    out: Path | None = typer.Option(None, "--out", "-o",
                                    help="Where to write the record (default PATH/mof.yml)."),
    code: list[str] = typer.Option([], "--code", metavar="DIR", help="A further code root."),
    paper: list[str] = typer.Option([], "--paper", metavar="ID", help="The paper."),
    force: bool = typer.Option(False, "--force", help="Replace an existing record."),
) -> None:
    """Write a draft Model Openness Tool record (mof.yml) from a scan of the release."""
    from mofkit.errors import InputError
    from mofkit.output import write_atomic
    from mofkit.sources.git import is_git_url
    from mofkit.sources.hf.location import is_hf_location
    from mofkit.sources.mot_record import dump_record

    if out is None:
        if is_git_url(path) or is_hf_location(path):
            raise InputError("give --out for a git URL or Hub repo (the files are a cache)",
                             source=path)
        out = Path(path) / "mof.yml"
    if out.exists() and not force:
        raise InputError("exists; use --force to replace it", source=str(out))
    result = run_scan(path, code, paper)
    write_atomic(out, dump_record(draft_release(result)))
    found = len(result.release.components)
    print(f"wrote {out}: {found} of {len(result.components)} components found; "
          "review it before publishing", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("scan")(scan_command)
    app.command("init")(init_command)
