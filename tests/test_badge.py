"""Badges: per class qualified / in progress N% / not met, and OSAID; SVG and PNG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from cli_helpers import run
from mofkit.report.badge import class_badge, osaid_badge, render_png, render_svg
from mofkit.report.common import OSAID_COLOUR, STATE_COLOUR
from report_fixtures import community, open_tooling

SVG = "{http://www.w3.org/2000/svg}"


def test_badge_states_and_colours() -> None:
    a = open_tooling()
    assert class_badge(a, 3).message == "qualified"
    assert class_badge(a, 3).colour == STATE_COLOUR["qualified"]
    assert class_badge(a, 2).message == "in progress 80%"
    assert class_badge(a, 2).colour == STATE_COLOUR["in progress"]
    assert class_badge(a, 1).message == "not met"
    assert class_badge(a, 1).colour == STATE_COLOUR["not met"]
    assert class_badge(a, 2).label == "MOF Class II"
    assert osaid_badge(a).message == "fail" and osaid_badge(a).colour == OSAID_COLOUR["fail"]


def test_svg_is_well_formed_with_the_text() -> None:
    b = class_badge(open_tooling(), 2)
    root = ET.fromstring(render_svg(b))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["MOF Class II", "in progress 80%"]
    assert root.find(f"{SVG}title").text == "MOF Class II: in progress 80%"
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
    assert STATE_COLOUR["in progress"] in fills


def _has_colour(img: Image.Image, hex_colour: str, tolerance: int = 6) -> bool:
    want = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    rgb = img.convert("RGB")
    return any(all(abs(c - w) <= tolerance for c, w in zip(px, want, strict=True))
               for _, px in rgb.getcolors(maxcolors=1 << 16) or [])


def test_png_is_a_real_image_in_the_state_colour() -> None:
    for number, state in ((3, "qualified"), (2, "in progress"), (1, "not met")):
        b = class_badge(open_tooling(), number)
        img = Image.open(io.BytesIO(render_png(b)))
        assert img.format == "PNG" and img.height == 40 and img.width > 100
        assert _has_colour(img, STATE_COLOUR[state]), state
        assert _has_colour(img, "#ffffff")  # the text


def test_png_with_a_percentage_is_wider_than_without() -> None:
    a = open_tooling()
    wide = Image.open(io.BytesIO(render_png(class_badge(a, 2)))).width
    plain = Image.open(io.BytesIO(render_png(class_badge(a, 1)))).width
    assert wide > plain  # "in progress 80%" really is drawn, not just "in progress"


def test_cli_writes_svg_and_png(open3_record: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    svg, png = tmp_path / "b.svg", tmp_path / "b.png"
    code, out, err = run(["badge", str(open3_record), "--class", "II", "--out", str(svg)], capsys)
    assert code == 0 and out == ""
    assert "MOF Class II: in progress 60%" in err
    assert "in progress 60%" in svg.read_text(encoding="utf-8")
    code, _, _ = run(["badge", str(open3_record), "--osaid", "--out", str(png)], capsys)
    assert code == 0
    assert Image.open(png).format == "PNG"
    code, _, _ = run(["badge", str(open3_record), "--class", "III", "--out", str(tmp_path / "x"),
                      "--format", "png"], capsys)
    assert code == 0 and Image.open(tmp_path / "x").format == "PNG"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "{dir}/b.svg"], "give either --class"),
        (["--class", "II", "--osaid", "--out", "{dir}/b.svg"], "give either --class"),
        (["--class", "IV", "--out", "{dir}/b.svg"], "unknown class 'IV' for --class"),
        (["--class", "II", "--out", "{dir}/b.gif"], "cannot tell the badge format"),
        (["--class", "II", "--out", "{dir}/no/such/dir/b.svg"], "the folder does not exist"),
        (["--class", "II"], "Missing option '--out'"),
    ],
)
def test_bad_input_exits_2(args: list[str], message: str, open3_record: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["badge", str(open3_record), *[a.format(dir=tmp_path) for a in args]]
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1
    assert not list(tmp_path.glob("b.*"))


def test_missing_source_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["badge", str(tmp_path / "no.yml"), "--osaid", "--out",
                        str(tmp_path / "b.svg")], capsys)
    assert code == 2 and "no such file or folder" in err


def test_community_badges() -> None:
    a = community()
    assert [class_badge(a, n).message for n in (3, 2, 1)] == ["not met"] * 3
