"""Inline SVG charts from ``Registry.stats()``: class distribution under both
rule sets, mean openness by producer, and openness over time. Every label is
escaped here; the numbers are formatted, never interpolated raw."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from mofkit.rules import MOF, MOT_COMPAT, load_mof

CLASS_NAMES = {**{str(n): f"Class {numeral}" for n, numeral in load_mof().numerals().items()},
               "0": load_mof().unclassified_label}
CLASS_COLOURS = {"1": "#1b5e20", "2": "#43a047", "3": "#9ccc65", "0": "#bdbdbd"}


def _link(params: dict[str, str], inner: str, label: str) -> str:
    """``inner`` as a link to the leaderboard filtered by ``params``."""
    href = escape("/models?" + urlencode(params), quote=True)
    return f'<a href="{href}" aria-label="{escape(label, quote=True)}">{inner}</a>'


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (YYYY-MM), empty ones included."""
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out: list[str] = []
    while (y, m) <= (ly, lm) and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    t = escape(title)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-label="{t}" class="chart"><title>{t}</title>'
            + "".join(body) + "</svg>")


def class_distribution(stats: dict[str, Any]) -> str:
    series = [(MOF, stats["classes"]), (MOT_COMPAT, stats["mot_compat_classes"])]
    keys = ["1", "2", "3", "0"]
    peak = max([1] + [s[k] for _, s in series for k in keys])
    width, left, bar_h = 640, 190, 18
    body, y = [], 30
    body.append('<text x="0" y="16" font-size="13" font-weight="bold">'
                'Models per class: mof rules (solid) / mot-compat (hatched)</text>')
    body.append('<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
                'patternTransform="rotate(45)"><rect width="3" height="6" fill="#90a4ae"/>'
                '</pattern></defs>')
    for k in keys:
        for name, values in series:
            value = values.get(k, 0)
            w = (width - left - 60) * value / peak
            fill = CLASS_COLOURS[k] if name == MOF else "url(#hatch)"
            label = f"{CLASS_NAMES[k]} ({name})"
            body.append(f'<text x="0" y="{y + 13}" font-size="11">{escape(label)}</text>')
            rect = (f'<rect x="{left}" y="{y}" width="{max(w, 2):.1f}" height="{bar_h}" '
                    f'fill="{fill}"><title>{escape(label)}: {value}</title></rect>')
            body.append(_link({"class": k}, rect, f"{label}: {value} models")
                        if name == MOF else rect)
            body.append(f'<text x="{left + w + 4:.1f}" y="{y + 13}" font-size="11">{value}</text>')
            y += 22
    return _svg(width, y + 10, "Class distribution", body)


def by_producer(stats: dict[str, Any]) -> str:
    rows = stats["by_producer"]
    width, left, bar_h = 640, 180, 16
    body = ['<text x="0" y="16" font-size="13" font-weight="bold">'
            'Mean openness (total MOF progress, %) by producer</text>']
    y = 30
    for row in rows:
        w = (width - left - 90) * row["mean_progress"] / 100
        name = str(row["producer"])
        name = name if len(name) <= 26 else name[:25] + "…"
        body.append(f'<text x="0" y="{y + 12}" font-size="11">{escape(name)}</text>')
        rect = (f'<rect x="{left}" y="{y}" width="{max(w, 2):.1f}" height="{bar_h}" '
                f'fill="#1565c0"><title>{escape(str(row["producer"]))}: '
                f'{row["mean_progress"]:.1f}% over {row["models"]} models</title></rect>')
        body.append(_link({"producer": str(row["producer"])}, rect, str(row["producer"])))
        body.append(f'<text x="{left + w + 4:.1f}" y="{y + 12}" font-size="11">'
                    f'{row["mean_progress"]:.0f}% (n={row["models"]})</text>')
        y += 20
    if not rows:
        body.append('<text x="0" y="50" font-size="12">No producers yet.</text>')
        y += 30
    return _svg(width, y + 10, "Openness by producer", body)


def over_time(stats: dict[str, Any]) -> str:
    rows = stats["over_time"]
    width, height, left, bottom, top = 640, 260, 40, 40, 30
    plot_w, plot_h = width - left - 10, height - top - bottom
    body = ['<text x="0" y="16" font-size="13" font-weight="bold">'
            'Mean openness by month of the model date (bars: models; empty months kept)</text>']
    if not rows:
        body.append('<text x="0" y="50" font-size="12">No dated releases yet.</text>')
        return _svg(width, 70, "Openness over time", body)
    by_month = {r["month"]: r for r in rows}
    months = months_between(min(by_month), max(by_month))
    peak = max(r["models"] for r in rows) or 1
    step = plot_w / len(months)
    points = []
    every = max(1, -(-len(months) // 12))
    for i, month in enumerate(months):
        x = left + i * step
        if i % every == 0:
            body.append(f'<text x="{x + step / 2:.1f}" y="{height - bottom + 14}" font-size="9" '
                        f'text-anchor="middle">{escape(month)}</text>')
        r = by_month.get(month)
        if r is None:  # an empty month keeps its place on the axis
            continue
        h = plot_h * r["models"] / peak * 0.5
        rect = (f'<rect x="{x + step * 0.15:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{step * 0.7:.1f}" height="{h:.1f}" fill="#cfd8dc">'
                f'<title>{escape(month)}: {r["models"]} models, '
                f'{r["mean_progress"]:.1f}% mean</title></rect>')
        body.append(_link({"date_from": month, "date_to": month}, rect,
                          f"{month}: {r['models']} models"))
        y = top + plot_h * (1 - r["mean_progress"] / 100)
        points.append(f"{x + step / 2:.1f},{y:.1f}")
    for pct in (0, 50, 100):
        y = top + plot_h * (1 - pct / 100)
        body.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="#eee"/><text x="0" y="{y + 4:.1f}" font-size="10">{pct}%</text>')
    body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#1565c0" '
                f'stroke-width="2"/>')
    return _svg(width, height, "Openness over time", body)


def progress_bar(value: float) -> str:
    v = max(0.0, min(100.0, float(value)))
    colour = "#2e7d32" if v >= 100 else "#1565c0"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="bar" viewBox="0 0 100 8" '
            f'width="100" height="8" role="img" aria-label="{v:.0f}%">'
            f'<rect width="100" height="8" fill="#e0e0e0"/>'
            f'<rect width="{v:.1f}" height="8" fill="{colour}"/></svg>')
