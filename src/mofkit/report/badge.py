"""Badges: per MOF class "qualified" / "in progress N%" / "not met" (green / blue /
grey, as the Model Openness Tool draws them) and an OSAID badge (pass / fail /
unknown), as SVG or PNG. The PNG shows the percentage too (the tool's PNGs do
not) since Hugging Face model cards do not render SVG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

from mofkit.assess.model import Assessment
from mofkit.report.common import OSAID_COLOUR, ROMAN, STATE_COLOUR, class_state, class_summary

LABEL_COLOUR = "#555555"
FONT_SIZE = 11  # SVG px; the PNG is drawn at SCALE times this
SCALE = 2
HEIGHT = 20
PAD = 6


@dataclass(frozen=True)
class Badge:
    label: str
    message: str
    colour: str

    @property
    def text(self) -> str:
        return f"{self.label}: {self.message}"


def class_badge(a: Assessment, number: int) -> Badge:
    cr = a.classes[number]
    return Badge(f"MOF Class {ROMAN[number]}", class_summary(cr), STATE_COLOUR[class_state(cr)])


def osaid_badge(a: Assessment) -> Badge:
    verdict = a.osaid.verdict.value
    return Badge("OSAID 1.0", verdict, OSAID_COLOUR[verdict])


def _text_width(text: str) -> int:
    """Width of ``text`` at 11px in a Verdana-like face (an estimate; the SVG
    pins it with textLength, so any font fits the box)."""
    wide = sum(1 for ch in text if ch in "mwMW%@")
    narrow = sum(1 for ch in text if ch in "ilI.:,;|!' ")
    return round(7.4 * (len(text) - wide - narrow) + 10.5 * wide + 3.8 * narrow)


def render_svg(badge: Badge) -> str:
    lw = _text_width(badge.label) + 2 * PAD
    mw = _text_width(badge.message) + 2 * PAD
    w = lw + mw
    label, message = escape(badge.label), escape(badge.message)
    title = escape(badge.text)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{HEIGHT}" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        f'<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        f'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{w}" height="{HEIGHT}" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{lw}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{lw}" width="{mw}" height="{HEIGHT}" fill="{badge.colour}"/>'
        f'<rect width="{w}" height="{HEIGHT}" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif"'
        f' font-size="{FONT_SIZE}">'
        f'<text x="{lw / 2}" y="14" textLength="{lw - 2 * PAD}" '
        f'lengthAdjust="spacingAndGlyphs">{label}</text>'
        f'<text x="{lw + mw / 2}" y="14" textLength="{mw - 2 * PAD}" '
        f'lengthAdjust="spacingAndGlyphs">{message}</text></g></svg>\n'
    )


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def render_png(badge: Badge) -> bytes:
    """The badge as a PNG at twice the SVG's size (sharp on high-density screens)."""
    from PIL import Image, ImageDraw, ImageFont

    size = FONT_SIZE * SCALE
    try:
        font: ImageFont.ImageFont | ImageFont.FreeTypeFont = ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: a fixed bitmap font
        font = ImageFont.load_default()
    pad, height = PAD * SCALE, HEIGHT * SCALE

    def width(text: str) -> int:
        left, _, right, _ = font.getbbox(text)
        return int(right - left)

    lw = width(badge.label) + 2 * pad
    mw = width(badge.message) + 2 * pad
    img = Image.new("RGBA", (lw + mw, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, lw + mw - 1, height - 1), radius=3 * SCALE,
                           fill=_rgb(LABEL_COLOUR))
    draw.rounded_rectangle((lw, 0, lw + mw - 1, height - 1), radius=3 * SCALE,
                           fill=_rgb(badge.colour))
    draw.rectangle((lw, 0, lw + 3 * SCALE, height - 1), fill=_rgb(badge.colour))
    for x, text in ((lw / 2, badge.label), (lw + mw / 2, badge.message)):
        draw.text((x, height / 2), text, font=font, fill=(255, 255, 255), anchor="mm")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
