"""The Markdown report: ready to paste as a pull-request comment (GitHub-flavoured
tables, collapsible details for the long parts, no HTML besides <details>)."""

from __future__ import annotations

import re
from typing import Any

from mofkit.assess.model import Assessment, OsaidVerdict, Status
from mofkit.report.common import (
    ROMAN,
    STATUS_LABEL,
    Overview,
    class_state,
    conflicts_of,
    evidence_views,
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

STATE_MARK = {"qualified": "🟢", "in progress": "🔵", "not met": "⚪"}
OSAID_MARK = {OsaidVerdict.PASS: "✅", OsaidVerdict.FAIL: "❌", OsaidVerdict.UNKNOWN: "❔"}
STATUS_MARK = {
    Status.OPEN: "✅",
    Status.OPEN_WRONG_TYPE: "⚠️",
    Status.NOT_OPEN: "❌",
    Status.UNLICENSED: "❌",
    Status.MISSING: "➖",
}
# Brackets are escaped, so no link can form and parentheses may stay as they are.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def esc(text: str) -> str:
    """Escape text for Markdown (table cells too): no markup, links or HTML leak."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split())).replace("&", "&amp;")


def code(text: str) -> str:
    """Inline code that survives backticks and pipes in ``text``."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _bar(progress: float) -> str:
    filled = round(10 * max(0.0, min(progress, 100.0)) / 100)
    return "▰" * filled + "▱" * (10 - filled)


def _evidence(a: Assessment) -> list[str]:
    out = []
    for c in ordered_components(a):
        views = evidence_views(c)
        if not views:
            continue
        out.append(f"- **{esc(c.name)}**")
        for ev in views:
            where = f"{code(ev.where)} — " if ev.where else ""
            details = f" *({esc(ev.details())})*" if ev.details() else ""
            out.append(f"  - {where}{esc(ev.why)}{details}")
    return out


def _restrictions(view: Overview) -> list[str]:
    out = []
    for licence, chips, url, where in restriction_groups(view.restrictions):
        name = esc(licence_name(licence)) if licence else "Stated in the release"
        if url:
            name = f"[{name}]({url})"
        labels = " · ".join(f"[`{r.text}`]({r.url})" if r.url and r.url != url
                            else f"`{r.text}`" for r in chips)
        out.append(f"- {name}: {labels}" + (f" (stated in {code(where)})" if where else ""))
    out += [f"- {code(where)}: {esc(why)}" for where, why in view.stated]
    return out


def render_one(a: Assessment) -> str:
    rel = a.release
    view = overview(a)
    out: list[str] = []
    out.append(f"### MOF openness: {esc(rel.name or a.source)}")
    out.append("")
    sub = esc(subtitle(a, view))
    if sub:
        out.append(sub)
        out.append("")
    out.append(f"**{esc(view.verdict)}**")
    out.append("")
    out.append(f"**MOF 1.0:** {esc(a.label)} · **OSAID 1.0:** "
               f"{OSAID_MARK[a.osaid.verdict]} {a.osaid.verdict.value} · "
               f"*{esc(view.provenance.text)}*")
    out.append("")
    for claim in view.implausible:
        out.append(f"> ⚠️ **Implausible claim:** {esc(claim)}")
        out.append("")
    out.append("| Class | Progress | State |")
    out.append("|---|---|---|")
    for n in (3, 2, 1):
        cr = a.classes[n]
        state = class_state(cr)
        out.append(f"| {esc(cr.label)} | {_bar(cr.progress)} {percent(cr.progress)} | "
                   f"{STATE_MARK[state]} {state} |")
    out.append("")

    out.append("<details><summary>Components</summary>")
    out.append("")
    out.append("| Class | Component | Status | Licence |")
    out.append("|---|---|---|---|")
    for c in ordered_components(a):
        name = esc(c.name) + ("" if c.required else " *(optional)*")
        licence = esc(licence_label(c))
        detail = licence_detail(c)
        if detail:
            licence += f" *({esc(detail)})*"
        out.append(f"| {ROMAN[c.mof_class]} | {name} | {STATUS_MARK[c.status]} "
                   f"{esc(STATUS_LABEL[c.status])} | {licence} |")
    out.append("")
    out.append("</details>")
    out.append("")
    evidence = _evidence(a)
    if evidence:
        out.append("<details><summary>Evidence (where, why, confidence, kind)</summary>")
        out.append("")
        out.extend(evidence)
        out.append("")
        out.append("</details>")
        out.append("")
    restrictions = _restrictions(view)
    if restrictions:
        out.append("**Use restrictions**")
        out.append("")
        out.extend(restrictions)
        out.append("")

    conflicts = conflicts_of(a)
    if conflicts:
        out.append("**Licence conflicts**")
        out.append("")
        for cf in conflicts:
            where = f" ({esc(', '.join(cf.components))})" if cf.components else ""
            out.append(f"- {esc(cf.why)}{where}: {esc(' vs '.join(cf.statements))}")
        out.append("")
    if a.warnings:
        out.append("**Warnings** (open, but not the licence the MOF asks for this type)")
        out.append("")
        out.extend(f"- {esc(humanise(w))}" for w in a.warnings)
        out.append("")

    out.append(f"**OSAID 1.0:** {OSAID_MARK[a.osaid.verdict]} {a.osaid.verdict.value}")
    out.append("")
    out.append("| Element | Verdict | Why |")
    out.append("|---|---|---|")
    for el in a.osaid.elements.values():
        why = "<br>".join(esc(humanise(r)) for r in el.reasons)
        out.append(f"| {esc(el.name)} | {OSAID_MARK[el.verdict]} {el.verdict.value} | {why} |")
    out.append("")

    if a.gaps:
        out.append("**Gaps**")
        out.append("")
        for gap, items, repeated in gap_steps(a.gaps):
            n = len(gap.items)
            head = f"To {esc(gap.label)}: {n} step{'s' if n != 1 else ''}"
            head += gap_repeat(repeated, bool(items))
            out.append(f"- {head}")
            out.extend(f"  - {esc(humanise(suggestion(i)))}" for i in items)
        out.append("")
    if rel.notes:
        out.append("<details><summary>Notes</summary>")
        out.append("")
        out.extend(f"- {esc(n)}" for n in rel.notes)
        out.append("")
        out.append("</details>")
        out.append("")
    out.append("<details><summary>How to read this</summary>")
    out.append("")
    out.extend(f"- {esc(line)}" for line in view.legend)
    out.append("")
    out.append("</details>")
    out.append("")
    out.append(f"<sub>rules: {esc(a.rules)} ({esc(a.rules_version)}) · source: "
               f"{code(a.source)} · generated by mofkit</sub>")
    return "\n".join(out) + "\n"


def render_markdown(assessments: list[Assessment], **_: Any) -> str:
    return "\n---\n\n".join(render_one(a) for a in assessments)
