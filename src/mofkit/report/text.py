"""The terminal report: progress per class, the components, OSAID, the gaps."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from mofkit.assess.model import Assessment, OsaidVerdict, Status

STATUS_STYLE = {
    Status.OPEN: ("open", "green"),
    Status.OPEN_WRONG_TYPE: ("open*", "yellow"),
    Status.NOT_OPEN: ("not open", "red"),
    Status.UNLICENSED: ("unlicensed", "red"),
    Status.MISSING: ("missing", "bright_black"),
}
OSAID_STYLE = {
    OsaidVerdict.PASS: "green",
    OsaidVerdict.FAIL: "red",
    OsaidVerdict.UNKNOWN: "yellow",
}
ROMAN = {1: "I", 2: "II", 3: "III"}


def _class_lines(a: Assessment) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(width=30)
    table.add_column(justify="right", no_wrap=True)
    for number in (3, 2, 1):
        cr = a.classes[number]
        style = "green" if cr.qualified else ("blue" if cr.progress > 0 else "bright_black")
        state = "qualified" if cr.qualified else (
            "in progress" if cr.progress > 0 else "not met")
        table.add_row(
            Text(f"Class {ROMAN[number]:<3}", style="bold"),
            ProgressBar(total=100, completed=cr.progress, width=30, complete_style=style,
                        finished_style=style),
            Text(f"{cr.progress:6.2f}%  {state}", style=style),
        )
    return table


def _components(a: Assessment) -> Table:
    table = Table(show_edge=False, expand=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("Cl.", no_wrap=True)
    table.add_column("Component", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Licence", overflow="fold")
    for c in sorted(a.components, key=lambda c: (-c.mof_class, not c.required)):
        label, style = STATUS_STYLE[c.status]
        name = c.name + ("" if c.required else " (opt.)")
        if c.status is Status.MISSING:
            licence = ""
        else:
            licence = c.verdict.licence if c.verdict and c.verdict.licence else (
                c.licence_written or "-")
            if c.licence_from and c.licence_from != "component":
                licence += f" [from {c.licence_from}]"
            if c.status is Status.NOT_OPEN and c.verdict is not None:
                licence += f" - {c.verdict.kind.value}"
        table.add_row(ROMAN[c.mof_class], escape(name), Text(label, style=style),
                      escape(licence))
    return table


def render(a: Assessment, console: Console) -> None:
    rel = a.release
    title = rel.name or a.source
    sub = " · ".join(x for x in (rel.producer, rel.version, rel.date) if x)
    head = Text(title, style="bold")
    if sub:
        head.append(f"  ({sub})", style="dim")
    verdict_style = "green" if a.mof_class else "red"
    summary = Text.assemble(
        ("MOF: ", "bold"), (a.label, verdict_style), ("   OSAID 1.0: ", "bold"),
        (a.osaid.verdict.value, OSAID_STYLE[a.osaid.verdict]),
    )
    console.print(Panel(Group(head, summary, Text(f"source: {a.source}  rules: {a.rules}",
                                                  style="dim")), expand=False))
    console.print(_class_lines(a))
    console.print()
    console.print(_components(a))
    if a.warnings:
        console.print()
        console.print(Text("Warnings (open, but not the licence the MOF asks for this type):",
                           style="yellow bold"))
        for w in a.warnings:
            console.print(Text(f"  • {w}", style="yellow"))
    console.print()
    console.print(Text("OSAID 1.0", style="bold"))
    for el in a.osaid.elements.values():
        console.print(Text.assemble(f"  {el.name:<17}", (el.verdict.value,
                                                          OSAID_STYLE[el.verdict])))
        for reason in el.reasons:
            console.print(Text(f"      {reason}", style="dim"))
    for note in a.osaid.notes:
        console.print(Text(f"  note: {note}", style="dim"))
    if a.gaps:
        console.print()
        console.print(Text("Gaps", style="bold"))
        for gap in a.gaps:
            n = len(gap.items)
            console.print(Text(f"  to {gap.label}: {n} step{'s' if n != 1 else ''}",
                               style="bold"))
            for item in gap.items:
                alt = ""
                if item.alternatives:
                    alt = " (or: " + ", ".join(item.alternatives) + ")"
                console.print(Text(f"    - {item.suggestion}{alt}"))
    for note in rel.notes:
        console.print(Text(f"note: {note}", style="dim"))
