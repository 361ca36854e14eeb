"""The HTML report: one self-contained page (inline CSS, no scripts, no external
assets; a Content-Security-Policy forbids loading anything). Every value from
the release is escaped."""

from __future__ import annotations

from html import escape
from typing import Any

from mofkit.assess.model import Assessment
from mofkit.report.common import (
    OSAID_COLOUR,
    ROMAN,
    STATE_COLOUR,
    STATUS_COLOUR,
    STATUS_LABEL,
    class_state,
    conflicts_of,
    first_evidence,
    gap_steps,
    licence_detail,
    licence_label,
    ordered_components,
    percent,
    suggestion,
)

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 color:#1b1b1b;background:#fff;margin:0 auto;max-width:980px;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 8px}
.sub,.meta{color:#555}.meta{font-size:.85em}
.verdict{font-size:1.1em;margin:10px 0 16px}
.pill{display:inline-block;padding:1px 10px;border-radius:10px;color:#fff;font-weight:600}
.bars{display:grid;grid-template-columns:auto 1fr auto auto;gap:6px 12px;align-items:center;
 max-width:720px}
.bar{background:#e0e0e0;border-radius:4px;height:14px;overflow:hidden}
.bar>span{display:block;height:100%}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e3e3e3;vertical-align:top}
th{background:#f5f5f5}
.st{font-weight:600;white-space:nowrap}.dim{color:#666;font-size:.88em}
code{font-size:.88em;background:#f3f3f3;padding:0 3px;border-radius:3px;word-break:break-all}
ul{margin:4px 0 8px;padding-left:22px}
article+article{border-top:3px solid #ddd;margin-top:36px;padding-top:12px}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def e(value: object) -> str:
    return escape(str(value), quote=True)


def _pill(text: str, colour: str) -> str:
    return f'<span class="pill" style="background:{colour}">{e(text)}</span>'


def _classes(a: Assessment) -> str:
    rows = []
    for n in (3, 2, 1):
        cr = a.classes[n]
        state = class_state(cr)
        colour = STATE_COLOUR[state]
        width = max(0.0, min(cr.progress, 100.0))
        rows.append(
            f'<strong>Class {ROMAN[n]}</strong>'
            f'<div class="bar" role="progressbar" aria-valuenow="{width:.0f}" '
            f'aria-valuemin="0" aria-valuemax="100" aria-label="{e(cr.label)}">'
            f'<span style="width:{width:.2f}%;background:{colour}"></span></div>'
            f'<span>{percent(cr.progress)}</span><span style="color:{colour}">{e(state)}</span>'
        )
    return '<div class="bars">' + "\n".join(rows) + "</div>"


def _components(a: Assessment) -> str:
    rows = []
    for c in ordered_components(a):
        name = e(c.name) + ("" if c.required else ' <span class="dim">(optional)</span>')
        licence = e(licence_label(c))
        detail = licence_detail(c)
        if detail:
            licence += f'<br><span class="dim">{e(detail)}</span>'
        ev = first_evidence(c)
        evidence = f"<code>{e(ev)}</code>" if ev else ""
        rows.append(
            f"<tr><td>{ROMAN[c.mof_class]}</td><td>{name}</td>"
            f'<td class="st" style="color:{STATUS_COLOUR[c.status]}">'
            f"{e(STATUS_LABEL[c.status])}</td><td>{licence}</td><td>{evidence}</td></tr>"
        )
    return ("<table><thead><tr><th>Class</th><th>Component</th><th>Status</th>"
            "<th>Licence</th><th>Evidence</th></tr></thead><tbody>\n"
            + "\n".join(rows) + "\n</tbody></table>")


def _osaid(a: Assessment) -> str:
    rows = []
    for el in a.osaid.elements.values():
        reasons = "".join(f"<li>{e(r)}</li>" for r in el.reasons)
        rows.append(f"<tr><td>{e(el.name)}</td><td>"
                    f"{_pill(el.verdict.value, OSAID_COLOUR[el.verdict.value])}</td>"
                    f"<td><ul>{reasons}</ul></td></tr>" if reasons else
                    f"<tr><td>{e(el.name)}</td><td>"
                    f"{_pill(el.verdict.value, OSAID_COLOUR[el.verdict.value])}</td><td></td></tr>")
    notes = "".join(f"<li>{e(n)}</li>" for n in a.osaid.notes)
    return ("<table><thead><tr><th>Element</th><th>Verdict</th><th>Why</th></tr></thead>"
            "<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
            + (f'<ul class="dim">{notes}</ul>' if notes else ""))


def _gaps(a: Assessment) -> str:
    parts = []
    for gap, items, repeated in gap_steps(a.gaps):
        n = len(gap.items)
        head = f"To {gap.label}: {n} step{'s' if n != 1 else ''}"
        if repeated:
            head += f" (the {repeated} above, plus)" if items else " (those above)"
        lis = "".join(f"<li>{e(suggestion(i))}</li>" for i in items)
        parts.append(f"<h3>{e(head)}</h3>" + (f"<ul>{lis}</ul>" if lis else ""))
    return "\n".join(parts)


def render_one(a: Assessment) -> str:
    rel = a.release
    sub = " · ".join(x for x in (rel.producer, rel.version, rel.date) if x)
    out = [f"<article><h1>{e(rel.name or a.source)}</h1>"]
    if sub:
        out.append(f'<div class="sub">{e(sub)}</div>')
    mof_colour = STATE_COLOUR["qualified"] if a.mof_class else STATE_COLOUR["not met"]
    out.append(f'<p class="verdict">MOF 1.0: {_pill(a.label, mof_colour)} &nbsp; OSAID 1.0: '
               f"{_pill(a.osaid.verdict.value, OSAID_COLOUR[a.osaid.verdict.value])}</p>")
    out.append("<h2>Classes</h2>")
    out.append(_classes(a))
    out.append("<h2>Components</h2>")
    out.append(_components(a))
    conflicts = conflicts_of(a)
    if conflicts:
        lis = "".join(
            f"<li>{e(cf.why)}"
            + (f" ({e(', '.join(cf.components))})" if cf.components else "")
            + f": {e(' vs '.join(cf.statements))}</li>" for cf in conflicts)
        out.append(f"<h2>Licence conflicts</h2><ul>{lis}</ul>")
    if a.warnings:
        lis = "".join(f"<li>{e(w)}</li>" for w in a.warnings)
        out.append("<h2>Warnings</h2><p class=\"dim\">Open, but not the licence the MOF asks "
                   f"for this type.</p><ul>{lis}</ul>")
    out.append("<h2>OSAID 1.0</h2>")
    out.append(_osaid(a))
    if a.gaps:
        out.append("<h2>Gaps</h2>")
        out.append(_gaps(a))
    if rel.notes:
        lis = "".join(f"<li>{e(n)}</li>" for n in rel.notes)
        out.append(f'<h2>Notes</h2><ul class="dim">{lis}</ul>')
    out.append(f'<p class="meta">rules: {e(a.rules)} ({e(a.rules_version)}) · source: '
               f"<code>{e(a.source)}</code> · generated by mofkit</p></article>")
    return "\n".join(out)


def render_html(assessments: list[Assessment], **_: Any) -> str:
    names = ", ".join(a.release.name or a.source for a in assessments) or "no release"
    body = "\n".join(render_one(a) for a in assessments)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e('Openness report: ' + names)}</title>\n<style>{CSS}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )
