"""SVG badges for a model's MOF class and the snippets to embed them.

A badge shows the highest class the model qualifies for (green), else the
class in progress with its percentage (blue), else "not met" (grey). Every
snippet links back to the model page, as MOT users asked (issue #159).
"""

from __future__ import annotations

from html import escape
from typing import Any

ROMAN = {1: "I", 2: "II", 3: "III"}
COLOURS = {"qualified": "#2e7d32", "in-progress": "#1565c0", "not-met": "#616161"}


def badge_state(model: dict[str, Any], mof_class: int | None = None) -> tuple[str, str, str]:
    """(label, message, state) for a model summary; ``mof_class`` asks about one class."""
    progress = {int(k): float(v) for k, v in model["mof"]["progress"].items()}
    best = int(model["mof"]["class"] or 0)
    if mof_class is None:
        if best:
            return "MOF", f"Class {ROMAN[best]}", "qualified"
        started = [n for n in (3, 2, 1) if progress.get(n, 0) > 0]
        if started:
            n = started[0]
            return f"MOF Class {ROMAN[n]}", f"{progress[n]:.0f}%", "in-progress"
        return "MOF", "not met", "not-met"
    value = progress.get(mof_class, 0.0)
    label = f"MOF Class {ROMAN[mof_class]}"
    if value >= 100:
        return label, "qualified", "qualified"
    if value > 0:
        return label, f"{value:.0f}%", "in-progress"
    return label, "not met", "not-met"


def _width(text: str) -> int:
    return int(sum(7.2 if ch.isupper() or ch in "%mw" else 6.1 for ch in text)) + 12


def badge_svg(label: str, message: str, state: str) -> str:
    lw, mw = _width(label), _width(message)
    total = lw + mw
    colour = COLOURS[state]
    label_e, message_e = escape(label), escape(message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{label_e}: {message_e}"><title>{label_e}: {message_e}</title>'
        f'<rect width="{lw}" height="20" fill="#424242"/>'
        f'<rect x="{lw}" width="{mw}" height="20" fill="{colour}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{lw / 2:.1f}" y="14" text-anchor="middle">{label_e}</text>'
        f'<text x="{lw + mw / 2:.1f}" y="14" text-anchor="middle">{message_e}</text></g></svg>'
    )


def snippets(model: dict[str, Any], base_url: str) -> dict[str, Any]:
    """Markdown and HTML embed snippets for the model's badge and each class."""
    base = base_url.rstrip("/")
    page = f"{base}/models/{model['slug']}"
    label, message, state = badge_state(model)
    out: dict[str, Any] = {
        "model": model["slug"],
        "page": page,
        "badges": [],
    }
    for cls in (None, 3, 2, 1):
        lab, msg, st = (label, message, state) if cls is None else badge_state(model, cls)
        query = "" if cls is None else f"?class={cls}"
        img = f"{base}/api/v1/models/{model['slug']}/badge.svg{query}"
        alt = f"{lab}: {msg}"
        out["badges"].append({
            "class": cls,
            "label": lab,
            "message": msg,
            "state": st,
            "image": img,
            "markdown": f"[![{alt}]({img})]({page})",
            "html": f'<a href="{escape(page)}"><img src="{escape(img)}" alt="{escape(alt)}"></a>',
        })
    return out
