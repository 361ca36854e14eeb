"""Inline SVG charts from ``Registry.stats()``: class distribution under both
rule sets, mean openness by producer, and openness by month of release. Every
label is escaped here; the numbers are formatted, never interpolated raw. The
charts' titles and notes are the page's own HTML (``charts.html``), so they wrap
and keep the page's font size."""

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


# Every chart is drawn on a canvas WIDTH units wide that the page scales to its column:
# at most about 1.4x on a desktop, about 1x on a 390 px phone. Labels sit on their own
# line above their bar (never beside it, where a long one would run into the bar), and
# no text is smaller than SMALL units, so none is under 11 CSS px on a phone.
WIDTH = 360
LABEL, SMALL = 13, 12
ROW = 20  # a label line, then its bar


def _svg(height: float, title: str, body: list[str]) -> str:
    t = escape(title)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="100%" role="img" aria-label="{t}" class="chart"><title>{t}</title>'
            + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, size: int = LABEL, extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{extra}>'
            f"{escape(text)}</text>")


def class_distribution(stats: dict[str, Any]) -> str:
    """Models per MOF class, each class a label line and two bars: mofkit's rules
    (solid, linking to the leaderboard filtered by that class) and the Model Openness
    Tool's own rules (hatched)."""
    series = [(MOF, stats["classes"]), (MOT_COMPAT, stats["mot_compat_classes"])]
    keys = ["1", "2", "3", "0"]
    peak = max([1] + [s[k] for _, s in series for k in keys])
    span, bar_h = WIDTH - 110, 14
    body = ['<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="3" height="6" fill="#90a4ae"/>'
            '</pattern></defs>']
    y = 4.0
    for k in keys:
        counts = {name: values.get(k, 0) for name, values in series}
        parts = [_text(0, y + LABEL, CLASS_NAMES[k], extra=' font-weight="bold" class="label"')]
        y += ROW
        for name, value in counts.items():
            w = span * value / peak
            fill = CLASS_COLOURS[k] if name == MOF else "url(#hatch)"
            parts.append(f'<rect x="0" y="{y:.1f}" width="{max(w, 2):.1f}" height="{bar_h}" '
                         f'fill="{fill}" class="bar"><title>{escape(CLASS_NAMES[k])} under '
                         f'{name} rules: {value}</title></rect>'
                         + _text(w + 6, y + bar_h - 2, f"{value} ({name})", SMALL))
            y += bar_h + 4
        # the label and mofkit's bar link to the leaderboard of that class; the Model
        # Openness Tool's classes are not a leaderboard filter
        label = f"{CLASS_NAMES[k]}: {counts[MOF]} models under {MOF} rules"
        body.append(_link({"class": k}, "".join(parts[:2]), label) + parts[2])
        y += 8
    return _svg(y, "Class distribution", body)


def by_producer(stats: dict[str, Any]) -> str:
    """Mean total MOF progress per producer, each linking to its models."""
    rows = stats["by_producer"]
    span, bar_h = WIDTH - 100, 14
    body: list[str] = []
    y = 4.0
    for row in rows:
        w = span * row["mean_progress"] / 100
        name = str(row["producer"])
        shown = name if len(name) <= 44 else name[:43] + "…"
        inner = (_text(0, y + LABEL, shown, extra=' class="label"')
                 + f'<rect x="0" y="{y + ROW:.1f}" width="{max(w, 2):.1f}" height="{bar_h}" '
                 f'fill="#1565c0" class="bar"><title>{escape(name)}: '
                 f'{row["mean_progress"]:.1f}% over {row["models"]} models</title></rect>'
                 + _text(w + 6, y + ROW + bar_h - 2,
                         f'{row["mean_progress"]:.0f}% (n={row["models"]})', SMALL))
        body.append(_link({"producer": name}, inner, f"{name}: {row['models']} models"))
        y += ROW + bar_h + 10
    if not rows:
        body.append(_text(0, 20, "No producers yet."))
        y = 30
    return _svg(y, "Openness by producer", body)


def over_time(stats: dict[str, Any]) -> str:
    """Models (bars) and their mean total progress (line) by month of release: the
    release date read from the release, never a record's date. Empty months keep
    their place; each bar links to the leaderboard filtered to its month."""
    rows = stats["over_time"]
    height, left, bottom, top = 240, 40, 34, 10
    plot_w, plot_h = WIDTH - left - 4, height - top - bottom
    if not rows:
        return _svg(30, "Openness over time", [_text(0, 20, "No release dates known yet.")])
    body: list[str] = []
    by_month = {r["month"]: r for r in rows}
    months = months_between(min(by_month), max(by_month))
    peak = max(r["models"] for r in rows) or 1
    step = plot_w / len(months)
    points = []
    every = max(1, -(-len(months) // 5))  # at most five month labels fit the width
    for pct in (0, 50, 100):
        y = top + plot_h * (1 - pct / 100)
        body.append(f'<line x1="{left}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="#e0e0e0"/>' + _text(0, y + 4, f"{pct}%", SMALL))
    for i, month in enumerate(months):
        x = left + i * step
        if i % every == 0:
            body.append(_text(x + step / 2, height - bottom + 16, month, SMALL,
                              ' text-anchor="middle"'))
        r = by_month.get(month)
        if r is None:  # an empty month keeps its place on the axis
            continue
        h = plot_h * r["models"] / peak * 0.5
        rect = (f'<rect x="{x + step * 0.15:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{step * 0.7:.1f}" height="{h:.1f}" fill="#cfd8dc" class="bar">'
                f'<title>released {escape(month)}: {r["models"]} models, '
                f'{r["mean_progress"]:.1f}% mean</title></rect>')
        body.append(_link({"date_from": month, "date_to": month}, rect,
                          f"released {month}: {r['models']} models"))
        y = top + plot_h * (1 - r["mean_progress"] / 100)
        points.append(f"{x + step / 2:.1f},{y:.1f}")
    body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#1565c0" '
                f'stroke-width="2"/>')
    return _svg(height, "Openness over time", body)


def progress_bar(value: float) -> str:
    v = max(0.0, min(100.0, float(value)))
    colour = "#2e7d32" if v >= 100 else "#1565c0"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="bar" viewBox="0 0 100 8" '
            f'width="100" height="8" role="img" aria-label="{v:.0f}%">'
            f'<rect width="100" height="8" fill="#e0e0e0"/>'
            f'<rect width="{v:.1f}" height="8" fill="{colour}"/></svg>')
