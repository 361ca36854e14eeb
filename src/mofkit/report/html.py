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
    Overview,
    class_state,
    conflicts_of,
    evidence_views,
    gap_repeat,
    gap_steps,
    humanise,
    licence_detail,
    licence_id,
    licence_label,
    ordered_components,
    overview,
    percent,
    restriction_groups,
    subtitle,
    suggestion,
)
from mofkit.report.verdict import licence_name

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
code{font-size:.88em;background:#f3f3f3;padding:0 3px;border-radius:3px;overflow-wrap:anywhere}
.line{font-size:1.15em;font-weight:600;margin:8px 0}.prov{color:#555;font-style:italic}
.claim{background:#fff3e0;border-left:4px solid #ef6c00;padding:6px 10px;margin:8px 0}
.chip{display:inline-block;border:1px solid #c62828;color:#c62828;border-radius:12px;
 padding:0 8px;margin:2px 4px 2px 0;font-size:.88em;text-decoration:none}
.ev{margin:2px 0}.legend{color:#444;font-size:.9em}
.table-wrap{overflow-x:auto}
ul{margin:4px 0 8px;padding-left:22px}
article+article{border-top:3px solid #ddd;margin-top:36px;padding-top:12px}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# Links in the report (licence texts) open elsewhere; nothing is loaded from them.


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
        lid = licence_id(c)
        licence = (f'<span title="{e(lid)}">{e(licence_label(c))}</span>'
                   if lid else e(licence_label(c)))
        detail = licence_detail(c)
        if detail:
            licence += f'<br><span class="dim">{e(detail)}</span>'
        evidence = "".join(
            f'<div class="ev">{f"<code>{e(ev.where)}</code> — " if ev.where else ""}{e(ev.why)}'
            + (f' <span class="dim">({e(ev.details())})</span>' if ev.details() else "")
            + "</div>" for ev in evidence_views(c))
        rows.append(
            f"<tr><td>{ROMAN[c.mof_class]}</td><td>{name}</td>"
            f'<td class="st" style="color:{STATUS_COLOUR[c.status]}">'
            f"{e(STATUS_LABEL[c.status])}</td><td>{licence}</td><td>{evidence}</td></tr>"
        )
    return ('<div class="table-wrap"><table><thead><tr><th>Class</th><th>Component</th>'
            "<th>Status</th><th>Licence</th><th>Evidence (where, why, confidence, kind)</th>"
            "</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>")


def _restrictions(view: Overview) -> str:
    items = []
    for licence, chips, _url, where in restriction_groups(view.restrictions):
        spans = "".join(
            (f'<a class="chip" href="{e(r.url)}" rel="noopener noreferrer"'
             + (f' title="{e(r.clause)}"' if r.clause else "") + f'>{e(r.text)}</a>'
             if r.url else f'<span class="chip">{e(r.text)}</span>') for r in chips)
        head = (f'<span title="{e(licence)}">{e(licence_name(licence))}</span>: '
                if licence else "")
        items.append(f"<li>{head}{spans}"
                     + (f' <span class="dim">stated in <code>{e(where)}</code></span>'
                        if where else "") + "</li>")
    items += [f"<li><code>{e(w)}</code>: {e(why)}</li>" for w, why in view.stated]
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _osaid(a: Assessment) -> str:
    rows = []
    for el in a.osaid.elements.values():
        reasons = "".join(f"<li>{e(humanise(r))}</li>" for r in el.reasons)
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
        head += gap_repeat(repeated, bool(items))
        lis = "".join(f"<li>{e(humanise(suggestion(i)))}</li>" for i in items)
        parts.append(f"<h3>{e(head)}</h3>" + (f"<ul>{lis}</ul>" if lis else ""))
    return "\n".join(parts)


def render_one(a: Assessment) -> str:
    rel = a.release
    view = overview(a)
    sub = subtitle(a, view)
    out = [f"<article><h1>{e(rel.name or a.source)}</h1>"]
    if sub:
        out.append(f'<div class="sub">{e(sub)}</div>')
    out.append(f'<p class="line">{e(view.verdict)}</p>')
    mof_colour = STATE_COLOUR["qualified"] if a.mof_class else STATE_COLOUR["not met"]
    out.append(f'<p class="verdict">MOF 1.0: {_pill(a.label, mof_colour)} &nbsp; OSAID 1.0: '
               f"{_pill(a.osaid.verdict.value, OSAID_COLOUR[a.osaid.verdict.value])}"
               f' <span class="prov">{e(view.provenance.text)}</span></p>')
    out.extend(f'<p class="claim"><strong>Implausible claim:</strong> {e(c)}</p>'
               for c in view.implausible)
    out.append("<h2>Classes</h2>")
    out.append(_classes(a))
    out.append("<h2>Components</h2>")
    out.append(_components(a))
    restrictions = _restrictions(view)
    if restrictions:
        out.append("<h2>Use restrictions</h2>")
        out.append(restrictions)
    conflicts = conflicts_of(a)
    if conflicts:
        lis = "".join(
            f"<li>{e(cf.why)}"
            + (f" ({e(', '.join(cf.components))})" if cf.components else "")
            + f": {e(' vs '.join(cf.statements))}</li>" for cf in conflicts)
        out.append(f"<h2>Licence conflicts</h2><ul>{lis}</ul>")
    if a.warnings:
        lis = "".join(f"<li>{e(humanise(w))}</li>" for w in a.warnings)
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
    legend = "".join(f"<li>{e(line)}</li>" for line in view.legend)
    out.append(f'<h2>How to read this</h2><ul class="legend">{legend}</ul>')
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
