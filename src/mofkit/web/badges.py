"""A registered model's badges, drawn by :mod:`mofkit.report.badge` (the same
SVG and PNG as ``mof badge``), and the snippets to embed them.

Badges: ``best`` (the highest class the model qualifies for, else the class in
progress, else "not met"), one per class (``1``, ``2``, ``3``: qualified /
in progress N% / not met) and ``osaid`` (pass / fail / unknown). The snippets
embed the PNG, since Hugging Face model cards do not render SVG, and link back
to the model page, as MOT users asked (issue #159).
"""

from __future__ import annotations

from html import escape
from typing import Any

from mofkit.report.badge import Badge, render_png, render_svg
from mofkit.report.common import OSAID_COLOUR, ROMAN, STATE_COLOUR, percent

KINDS = ("best", "3", "2", "1", "osaid")
ALIASES = {"i": "1", "ii": "2", "iii": "3", "1": "1", "2": "2", "3": "3", "best": "best",
           "osaid": "osaid"}
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def kind_of(text: str) -> str | None:
    """``best``, ``1``-``3`` or ``osaid`` for a badge name in a URL, else None."""
    return ALIASES.get(text.lower())


def _progress(model: dict[str, Any]) -> dict[int, float]:
    return {int(k): float(v) for k, v in model["mof"]["progress"].items()}


def _class_badge(model: dict[str, Any], number: int) -> Badge:
    best = int(model["mof"]["class"] or 0)
    value = _progress(model).get(number, 0.0)
    label = f"MOF Class {ROMAN[number]}"
    if (best and best <= number) or value >= 100:
        return Badge(label, "qualified", STATE_COLOUR["qualified"])
    if value > 0:
        return Badge(label, f"in progress {percent(value)}", STATE_COLOUR["in progress"])
    return Badge(label, "not met", STATE_COLOUR["not met"])


def model_badge(model: dict[str, Any], kind: str) -> Badge:
    """The badge ``kind`` (see :data:`KINDS`) for a model summary."""
    if kind == "osaid":
        verdict = model.get("osaid") or "unknown"
        return Badge("OSAID 1.0", verdict, OSAID_COLOUR.get(verdict, OSAID_COLOUR["unknown"]))
    if kind != "best":
        return _class_badge(model, int(kind))
    best = int(model["mof"]["class"] or 0)
    if best:
        return Badge("MOF", f"Class {ROMAN[best]}", STATE_COLOUR["qualified"])
    progress = _progress(model)
    started = [n for n in (3, 2, 1) if progress.get(n, 0) > 0]
    if started:
        return _class_badge(model, started[0])
    return Badge("MOF", "not met", STATE_COLOUR["not met"])


def render(model: dict[str, Any], kind: str, fmt: str) -> bytes:
    badge = model_badge(model, kind)
    return render_png(badge) if fmt == "png" else render_svg(badge).encode("utf-8")


def badge_url(base: str, slug: str, kind: str, fmt: str) -> str:
    return f"{base}/api/v1/models/{slug}/badge/{kind}.{fmt}"


def snippets(model: dict[str, Any], base_url: str) -> dict[str, Any]:
    """Markdown and HTML embed snippets (PNG, linking to the model page) for the
    model's best badge, each class and OSAID."""
    base = base_url.rstrip("/")
    slug = model["slug"]
    page = f"{base}/models/{slug}"
    out: dict[str, Any] = {"model": slug, "page": page, "badges": []}
    for kind in KINDS:
        badge = model_badge(model, kind)
        png = badge_url(base, slug, kind, "png")
        alt = badge.text
        out["badges"].append({
            "class": None if kind == "best" else (kind if kind == "osaid" else int(kind)),
            "kind": kind,
            "label": badge.label,
            "message": badge.message,
            "colour": badge.colour,
            "image": png,
            "svg": badge_url(base, slug, kind, "svg"),
            "markdown": f"[![{alt}]({png})]({page})",
            "html": f'<a href="{escape(page)}"><img src="{escape(png)}" alt="{escape(alt)}"></a>',
        })
    return out
