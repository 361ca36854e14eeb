"""The HTML report and the badges looked at as a person would: rendered by headless
Chromium (Debian ``chromium``), then checked for their key text.

* HTML report and SVG badges: Chromium prints them to PDF and ``pdftotext``
  (poppler-utils) extracts the text Chromium laid out; a screenshot is kept.
* PNG badges: Chromium shows them on a dark page and takes a screenshot; the
  white badge text is isolated and read back by OCR (``tesseract-ocr``). OCR
  confuses I, l, 1, ! and |, so both sides are compared after folding those.

Screenshots go to ``test-artifacts/`` (gitignored) for a person to look at.
Without the tools the tests skip, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageOps

from mofkit.report import render
from mofkit.report.badge import class_badge, osaid_badge, render_png, render_svg
from mofkit.report.common import STATE_COLOUR
from report_fixtures import community, open_tooling

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TOOLS = {"chromium": "chromium", "pdftotext": "poppler-utils", "tesseract": "tesseract-ocr"}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--virtual-time-budget=5000"]


def _tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists()
                                   else None)
    if found:
        return found
    reason = f"{name} not found (Debian package {TOOLS[name]})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must install it (apt-get install -y {' '.join(TOOLS.values())})")
    pytest.skip(reason)


def _chromium(url: str, *args: str) -> None:
    with tempfile.TemporaryDirectory(prefix="mofkit-chromium-") as profile:
        proc = subprocess.run(
            [_tool("chromium"), *FLAGS, f"--user-data-dir={profile}", *args, url],
            capture_output=True, text=True, timeout=90, check=False,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]


def _pdf_text(url: str, pdf: Path) -> str:
    _chromium(url, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.exists() and pdf.stat().st_size > 0
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return " ".join(out.split())


def _screenshot(url: str, png: Path, size: str) -> Image.Image:
    _chromium(url, f"--screenshot={png}", f"--window-size={size}")
    return Image.open(png).convert("RGB")


def _has_colour(img: Image.Image, hex_colour: str, tolerance: int = 8) -> bool:
    want = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    colours = img.getcolors(maxcolors=1 << 20) or []
    return any(all(abs(c - w) <= tolerance for c, w in zip(px, want, strict=True))
               for _, px in colours)


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path


def test_html_report_renders_with_its_key_text(work: Path, artifacts: Path) -> None:
    page = work / "report.html"
    page.write_text(render([open_tooling(), community()], "html"), encoding="utf-8")
    text = _pdf_text(page.as_uri(), work / "report.pdf")
    for key in ("Demo-Open-2B", "Demo-Community-8B", "Class III - Open Model", "80%",
                "in progress", "qualified", "not met", "Evaluation data", "CC-BY-NC-4.0",
                "src/model.py:12", "Licence conflicts", "OSAID 1.0", "Data information",
                "Gaps", 'Lab <R&D> | "Team" *beta* `x`'):
        assert key in text, key
    shot = _screenshot(page.as_uri(), artifacts / "report.png", "1000,1400")
    assert _has_colour(shot, STATE_COLOUR["qualified"])  # the Class III bar
    assert _has_colour(shot, STATE_COLOUR["in progress"])  # the Class II bar


def test_svg_badges_render_with_their_text(work: Path, artifacts: Path) -> None:
    a = open_tooling()
    badges = [class_badge(a, 3), class_badge(a, 2), class_badge(a, 1), osaid_badge(a)]
    for i, b in enumerate(badges):
        (work / f"b{i}.svg").write_text(render_svg(b), encoding="utf-8")
    inline = work / "inline.html"  # the SVG markup itself, laid out by Chromium
    inline.write_text("".join(f"<div>{render_svg(b)}</div>" for b in badges), encoding="utf-8")
    text = _pdf_text(inline.as_uri(), work / "badges.pdf")
    assert text == ("MOF Class III qualified MOF Class II in progress 80% "
                    "MOF Class I not met OSAID 1.0 fail")
    page = work / "img.html"  # as a README shows them: <img> tags
    page.write_text("<body style='margin:8px'>" + "<br>".join(
        f"<img src='b{i}.svg'>" for i in range(len(badges))), encoding="utf-8")
    shot = _screenshot(page.as_uri(), artifacts / "badges-svg.png", "500,300")
    for state in ("qualified", "in progress", "not met"):  # under a 10% gradient
        assert _has_colour(shot, STATE_COLOUR[state], tolerance=24), state


def _fold(text: str) -> str:
    """What OCR cannot tell apart, folded: I l 1 ! | -> I; case and spaces dropped."""
    return re.sub(r"[^A-Z0-9%.]", "", re.sub(r"[Il1!|]", "I", text).upper())


def _ocr_white_text(img: Image.Image) -> str:
    """OCR of the white text only: near-white pixels become black on white."""
    r, g, b = img.split()
    darkest = ImageChops.darker(ImageChops.darker(r, g), b)
    mask = darkest.point(lambda v: 0 if v > 170 else 255)
    mask = ImageOps.expand(mask.resize((mask.width * 2, mask.height * 2), Image.LANCZOS),
                           border=20, fill=255)
    mask.save(ARTIFACTS / "badges-png-ocr-input.png")
    out = subprocess.run([_tool("tesseract"), "stdin", "stdout", "--psm", "6"],
                         input=_png_bytes(mask), capture_output=True, timeout=60, check=True)
    return out.stdout.decode("utf-8", "replace")


def _png_bytes(img: Image.Image) -> bytes:
    import io

    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_png_badges_show_their_text_and_percentage(work: Path, artifacts: Path) -> None:
    a = open_tooling()
    badges = [class_badge(a, 3), class_badge(a, 2), class_badge(a, 1), osaid_badge(a)]
    for i, b in enumerate(badges):
        (work / f"b{i}.png").write_bytes(render_png(b))
    page = work / "png.html"
    page.write_text("<body style='background:#202020;margin:16px'>" + "".join(
        f"<div style='margin:0 0 24px'><img src='b{i}.png'></div>" for i in range(len(badges))),
        encoding="utf-8")
    shot = _screenshot(page.as_uri(), artifacts / "badges-png.png", "700,500")
    assert _has_colour(shot, STATE_COLOUR["in progress"])
    read = _fold(_ocr_white_text(shot))
    for b in badges:
        assert _fold(f"{b.label} {b.message}") in read, (b.text, read)
    assert "80%" in read  # the MOT's PNG loses the percentage; ours must not
