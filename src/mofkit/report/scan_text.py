"""The parts of the text report only a scan has: the licences stated, the declared
record's checks and problems met (``render_evidence``; the evidence and use
restrictions are in every report),
and the Hugging Face Hub's section — revision, access, lineage, dataset cards
(``render_hub``). ``render_rating_text`` puts them after the assessment's report,
as ``mof scan`` prints it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from mofkit.report.text import finish, make_console, render

if TYPE_CHECKING:
    from mofkit.inspect import ScanResult
    from mofkit.pipeline import Rating


def render_rating_text(rating: Rating, *, color: bool = False, width: int | None = None,
                       **_: Any) -> str:
    """The text report of a rating's primary assessment, then the scan's sections."""
    console, buf = make_console(color, width)
    render(rating.assessment(), console)
    if rating.scan is not None:
        render_evidence(rating.scan, console)
    if rating.release.hub:
        render_hub(rating.release.hub, console)
    return finish(buf, color)


def render_evidence(result: ScanResult, console: Console) -> None:
    """What only the scan knows: the licences stated, the declared record's
    disagreements and the problems met (the evidence and use restrictions are in the
    report itself, as in every format)."""
    from mofkit.rules import load_mof

    console.print()
    render_licences(result.licence_dict(), console)
    names = load_mof().by_id
    disagreements = [c for c in result.declared if c.status != "agrees"]
    if disagreements:
        console.print(f"[bold]Declared in {escape(result.declared_path or '')}[/bold]")
        for check in disagreements:
            name = names[check.component].name if check.component in names else check.component
            console.print(f"  {escape(name)}: {escape(check.status)}")
    if result.notes:
        console.print("[bold]Problems[/bold]")
        for note in result.notes:
            console.print(f"  {escape(note)}")


def render_licences(stated: dict[str, Any], console: Console) -> None:
    """The licences the release states (``ScanResult.licence_dict``): the model's, those
    limited to one part, and licence texts not identified (with the closest licence)."""
    lines = []
    model = stated.get("model")
    if model:
        lines.append(f"model: {model['licence']} ({_where(model)}, {model['source']})")
    for item in stated.get("scoped", []):
        lines.append(f"{item['scope']} only: {item['licence']} ({_where(item)})")
    for item in stated.get("unidentified_texts", []):
        closest = f"closest: {item['closest']}" if item.get("closest") else "no close licence"
        lines.append(f"{item['path']}: licence text not identified ({closest})")
    if lines:
        console.print("[bold]Licences stated[/bold]")
        for line in lines:
            console.print(f"  {escape(line)}")


def _where(statement: dict[str, Any]) -> str:
    path = statement["path"]
    return f"{path}:{statement['line']}" if statement.get("line") else path


def render_hub(hub: dict[str, Any], console: Console) -> None:
    """The Hub part of the text report (``Release.hub``)."""
    console.print()
    console.print("[bold]Hugging Face Hub[/bold]")
    console.print(f"  {escape(hub['repo'])} at revision {hub['revision']}")
    access = hub["access"]
    console.print(f"  weights access: {access['weights']} - {escape(access['why'])}")
    if hub["parameters"]:
        console.print(f"  parameters (Hub safetensors metadata): {hub['parameters']:,}")
    if hub["lineage"]:
        console.print("  lineage:")
        for link in hub["lineage"]:
            indent = "  " * link["depth"]
            where = f"@{link['revision'][:12]}" if link["revision"] else ""
            licence = link["licence"] or "no licence stated"
            status = "" if link["status"] == "scanned" else f" [{link['status']}]"
            console.print(f"  {indent}<- {escape(link['repo'] + where)} "
                          f"({escape(str(link['relation'] or 'base'))}; {escape(licence)})"
                          f"{escape(status)}")
    for card in hub["datasets"]:
        state = card["error"] or (f"licence {card['licence'] or 'not stated'}"
                                  + (f", gated ({card['gated']})" if card["gated"] else ""))
        console.print(f"  dataset {escape(card['id'])}: {escape(state)}")
