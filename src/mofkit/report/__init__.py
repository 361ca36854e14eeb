"""Report writers: each turns assessments into one output format.

``render(assessments, fmt)`` is the one entry point every command uses
(`mof assess`, `mof scan`, ...)::

    from mofkit.report import render
    sys.stdout.write(render([assessment], "markdown"))

Writers are imported only when used, so importing this package is cheap. Every
writer takes the whole list: formats that hold one release per document (a MOT
record) write a YAML stream; SBOMs list every release in one document.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mofkit.assess.model import Assessment
    from mofkit.pipeline import Rating


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # under mofkit.report
    media_type: str
    suffix: str
    help: str


_FORMATS: tuple[Format, ...] = (
    Format("text", "text", "text/plain", ".txt", "terminal report (colour on a terminal)"),
    Format("json", "jsonfmt", "application/json", ".json", "the assessment as JSON"),
    Format("yaml", "jsonfmt", "application/yaml", ".yml", "the assessment as YAML"),
    Format("markdown", "markdown", "text/markdown", ".md", "Markdown, ready for a PR comment"),
    Format("html", "html", "text/html", ".html", "one self-contained HTML page"),
    Format("mot-yaml", "mot_yaml", "application/yaml", ".yml",
           "a Model Openness Tool record"),
    Format("cyclonedx", "cyclonedx", "application/vnd.cyclonedx+json", ".cdx.json",
           "CycloneDX 1.6 ML-BOM (JSON)"),
    Format("spdx3", "spdx3", "application/spdx+json", ".spdx3.json",
           "SPDX 3.0.1 JSON-LD, AI and Dataset profiles"),
)
FORMATS: dict[str, Format] = {f.name: f for f in _FORMATS}


def render(assessments: Sequence[Assessment], fmt: str, **options: Any) -> str:
    """Render ``assessments`` in format ``fmt``.

    Options understood by some writers: ``color`` (text: ANSI colours, default
    False) and ``width`` (text: columns, default 100). Unknown formats raise
    :class:`mofkit.errors.InputError`.
    """
    spec = FORMATS.get(fmt)
    if spec is None:
        from mofkit.errors import InputError

        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    module = importlib.import_module(f"mofkit.report.{spec.module}")
    writer = getattr(module, "render_" + fmt.replace("-", "_"), None) or module.render_all
    result: str = writer(list(assessments), **options)
    return result


def render_for_stdout(assessments: Sequence[Assessment], fmt: str) -> str:
    """:func:`render` for standard output: the text report in colour and at the
    terminal's width when stdout is a terminal."""
    return on_terminal(render(assessments, fmt, **stdout_options(fmt)), fmt)


def on_terminal(output: str, fmt: str) -> str:
    """``output`` as it may go to standard output: when that is a terminal, a format
    other than the text report (which escapes its own values and adds its colours) has
    its control characters escaped, so a record or card cannot clear the screen or
    retitle the window through a Markdown, HTML or YAML report. Piped or redirected
    output is left byte for byte as the format writes it."""
    import sys

    if fmt == "text" or not sys.stdout.isatty():
        return output
    from mofkit.safetext import terminal_safe

    return terminal_safe(output)


def render_rating(rating: Rating, fmt: str, **options: Any) -> str:
    """Render a :class:`~mofkit.pipeline.Rating` (its primary assessment) in ``fmt``:
    ``json`` and ``yaml`` as one object (``Rating.to_dict()``), ``text`` with the
    scan's evidence and the Hub's section after the assessment, the other formats
    as :func:`render` writes them."""
    if fmt in ("json", "yaml"):
        from mofkit.report.jsonfmt import dump_json, dump_yaml

        return (dump_json if fmt == "json" else dump_yaml)(rating.to_dict())
    if fmt == "text":
        from mofkit.report.scan_text import render_rating_text

        return render_rating_text(rating, **options)
    return render([rating.assessment()], fmt, **options)


def stdout_options(fmt: str) -> dict[str, Any]:
    """Colour and the terminal's width for the text report when stdout is a terminal."""
    import sys

    if fmt == "text" and sys.stdout.isatty():
        import shutil

        return {"color": True, "width": shutil.get_terminal_size().columns}
    return {}
