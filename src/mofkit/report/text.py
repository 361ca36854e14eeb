"""The terminal report: progress per class, the components with their licence
and evidence, licence conflicts, OSAID per element, the gaps.

Laid out to read at 80 columns; colour is an addition, never the only carrier
of meaning (the bars use filled and empty blocks, states are spelled out).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from mofkit.assess.model import Assessment, OsaidVerdict, Status
from mofkit.report.common import (
    ROMAN,
    STATUS_LABEL,
    Overview,
    class_state,
    conflicts_of,
    evidence_views,
    fit_path,
    gap_repeat,
    gap_steps,
    humanise,
    licence_detail,
    licence_label,
    ordered_components,
    overview,
    percent,
    restriction_groups,
    subtitle,
    suggestion,
)
from mofkit.report.verdict import licence_name
from mofkit.safetext import terminal_safe

STATUS_STYLE = {
    Status.OPEN: "green",
    Status.OPEN_WRONG_TYPE: "yellow",
    Status.NOT_OPEN: "red",
    Status.UNLICENSED: "red",
    Status.MISSING: "bright_black",
}
STATE_STYLE = {"qualified": "green", "in progress": "blue", "not met": "bright_black"}
OSAID_STYLE = {
    OsaidVerdict.PASS: "green",
    OsaidVerdict.FAIL: "red",
    OsaidVerdict.UNKNOWN: "yellow",
}
BAR_WIDTH = 30


def _bar(progress: float, style: str) -> Text:
    filled = round(BAR_WIDTH * max(0.0, min(progress, 100.0)) / 100)
    return Text.assemble(("█" * filled, style), ("░" * (BAR_WIDTH - filled), "bright_black"))


def _header(a: Assessment, view: Overview) -> Panel:
    sub = subtitle(a, view)
    lines: list[RenderableType] = []
    if sub:
        lines.append(Text(sub, style="dim"))
    lines.append(Text.assemble(
        ("MOF 1.0: ", "bold"), (a.label, "green" if a.mof_class else "red"),
        ("  ·  OSAID 1.0: ", "bold"),
        (a.osaid.verdict.value, OSAID_STYLE[a.osaid.verdict]),
    ))
    lines.append(Text(f"rules: {a.rules}  ·  {view.provenance.text}", style="dim"))
    title = Text(a.release.name or a.source, style="bold")
    return Panel(Group(*lines), title=title, title_align="left", expand=False)


def _classes(a: Assessment) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    for number in (3, 2, 1):
        cr = a.classes[number]
        state = class_state(cr)
        style = STATE_STYLE[state]
        table.add_row(Text(f"Class {ROMAN[number]:<3}", style="bold"), _bar(cr.progress, style),
                      Text(percent(cr.progress), style=style), Text(state, style=style))
    return table


def _components(a: Assessment) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold",
                  padding=(0, 1))
    table.add_column("Cl.", no_wrap=True)
    table.add_column("Component", ratio=5)
    table.add_column("Status", no_wrap=True)
    table.add_column("Licence", ratio=4)
    for c in ordered_components(a):
        name = Text(c.name + ("" if c.required else " (optional)"))
        licence = Text(licence_label(c))
        detail = licence_detail(c)
        if detail:
            licence.append(f"\n{detail}", style="dim")
        table.add_row(ROMAN[c.mof_class], name,
                      Text(STATUS_LABEL[c.status], style=STATUS_STYLE[c.status]), licence)
    return table


def _evidence(a: Assessment, width: int) -> list[RenderableType]:
    """Each component's evidence: where (a path is shortened, never split), why,
    confidence and the kind of evidence; wrapped lines keep their indent."""
    out: list[RenderableType] = []
    for c in ordered_components(a):
        views = evidence_views(c)
        if not views:
            continue
        out.append(Text(f"  {c.name}", style="bold"))
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for ev in views:
            line = Text()
            if ev.where:
                line.append(fit_path(ev.where, width - 8), style="cyan")
                line.append(" — ")
            line.append(ev.why)
            details = ev.details()
            if details:
                line.append(f" ({details})", style="dim")
            table.add_row("↳", line)
        out.append(Padding(table, (0, 0, 0, 4)))
    return out


def _restrictions(view: Overview) -> list[str]:
    out = []
    for licence, chips, url, where in restriction_groups(view.restrictions):
        out.append((f"{licence_name(licence)}: " if licence else "")
                   + " ".join(f"[{r.text}]" for r in chips)
                   + (f" — {url}" if url else "") + (f" (stated in {where})" if where else ""))
    out += [f"{where}: {why}" for where, why in view.stated]
    return out


def _bullets(lines: list[str], style: str = "", indent: int = 2) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for line in lines:
        table.add_row(" " * (indent - 1) + "•" if indent else "•", Text(line, style=style))
    return table


def _osaid(a: Assessment) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for el in a.osaid.elements.values():
        table.add_row(Text(f"  {el.name}"),
                      Text(el.verdict.value, style=OSAID_STYLE[el.verdict]),
                      _bullets([humanise(r) for r in el.reasons], style="dim", indent=0))
    return table


def render(a: Assessment, console: Console) -> None:
    """Print the report of one assessment on ``console``."""
    view = overview(a)
    console.print(_header(a, view))
    console.print(Text.assemble(("Verdict: ", "bold"), view.verdict))
    for claim in view.implausible:
        console.print(Text.assemble(("Implausible claim: ", "bold red"), claim))
    console.print(_classes(a))
    console.print()
    console.print(Text("Components", style="bold"))
    console.print(_components(a))
    evidence = _evidence(a, console.width)
    if evidence:
        console.print()
        console.print(Text("Evidence (where — why, confidence, kind)", style="bold"))
        for item in evidence:
            console.print(item)
    restrictions = _restrictions(view)
    if restrictions:
        console.print()
        console.print(Text("Use restrictions", style="bold"))
        console.print(_bullets(restrictions))
    conflicts = conflicts_of(a)
    if conflicts:
        console.print()
        console.print(Text("Licence conflicts", style="bold red"))
        console.print(_bullets([
            f"{c.why}: {' vs '.join(c.statements)}"
            + (f" [{', '.join(c.components)}]" if c.components else "")
            for c in conflicts
        ]))
    if a.warnings:
        console.print()
        console.print(Text("Warnings (open, but not the licence the MOF asks for this type)",
                           style="bold yellow"))
        console.print(_bullets([humanise(w) for w in a.warnings], style="yellow"))
    console.print()
    console.print(Text.assemble(("OSAID 1.0: ", "bold"),
                                (a.osaid.verdict.value, OSAID_STYLE[a.osaid.verdict])))
    console.print(_osaid(a))
    if a.osaid.notes:
        console.print(Padding(_bullets(a.osaid.notes, style="dim", indent=0), (0, 0, 0, 2)))
    if a.gaps:
        console.print()
        console.print(Text("Gaps", style="bold"))
        for gap, items, repeated in gap_steps(a.gaps):
            n = len(gap.items)
            head = f"  to {gap.label}: {n} step{'s' if n != 1 else ''}"
            head += gap_repeat(repeated, bool(items))
            console.print(Text(head, style="bold"))
            if items:
                console.print(Padding(_bullets([humanise(suggestion(i)) for i in items],
                                               indent=0), (0, 0, 0, 4)))
    if a.release.notes:
        console.print()
        console.print(Text("Notes", style="bold"))
        console.print(_bullets(a.release.notes, style="dim"))
    console.print()
    console.print(Text("How to read this", style="bold"))
    console.print(_bullets(view.legend, style="dim"))


class SafeConsole(Console):
    """A console that escapes control characters in the text it is given (a record's
    name with ``ESC[2J`` or an OSC title sequence is shown, not obeyed), and keeps
    its own colour codes."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(terminal_safe(segment.text),
                                                    segment.style, segment.control)
            for segment in buffer)


def make_console(color: bool = False, width: int | None = None) -> tuple[Console, io.StringIO]:
    """A console that writes into a buffer: ANSI colours only when ``color``."""
    buf = io.StringIO()
    console = SafeConsole(file=buf, width=width or 100, force_terminal=color,
                      color_system="standard" if color else None, highlight=False,
                      emoji=False, legacy_windows=False, soft_wrap=False)
    return console, buf


def finish(buf: io.StringIO, color: bool) -> str:
    """The buffer's text; without colour, trailing blanks trimmed from every line."""
    text = buf.getvalue()
    if color:
        return text
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def render_text(assessments: list[Assessment], *, color: bool = False, width: int | None = None,
                **_: Any) -> str:
    """The text report of every assessment, separated by a rule."""
    console, buf = make_console(color, width)
    for i, a in enumerate(assessments):
        if i:
            console.rule()
        render(a, console)
    return finish(buf, color)
