"""Golden files pin the text, Markdown and HTML reports for two fixtures built in code
and the six reference releases, scanned: each shows the verdict line, human licence
names, the evidence (where, why, confidence) and the legend.

After a deliberate change to a report, regenerate them with
``MOFKIT_UPDATE_GOLDEN=1 pytest tests/test_report_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mofkit.report import render
from report_fixtures import FIXTURES, RELEASES

GOLDEN = Path(__file__).parent / "golden"
SUFFIX = {"text": "txt", "markdown": "md", "html": "html"}
UPDATE = os.environ.get("MOFKIT_UPDATE_GOLDEN") == "1"


ALL = {**FIXTURES, **RELEASES}


@pytest.fixture(scope="module")
def built() -> dict[str, object]:
    return {}


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
@pytest.mark.parametrize("fixture", sorted(ALL))
def test_report_matches_golden(fixture: str, fmt: str, built: dict[str, object]) -> None:
    options = {"width": 80} if fmt == "text" else {}
    if fixture not in built:
        built[fixture] = ALL[fixture]()
    got = render([built[fixture]], fmt, **options)
    path = GOLDEN / f"{fixture}.{SUFFIX[fmt]}"
    if UPDATE:
        path.write_text(got, encoding="utf-8")
        pytest.skip(f"golden file {path.name} rewritten")
    assert path.exists(), f"{path} missing: run with MOFKIT_UPDATE_GOLDEN=1 to create it"
    want = path.read_text(encoding="utf-8")
    assert got == want, (
        f"{fmt} report for {fixture} differs from {path.name}; if the change is deliberate, "
        "rerun with MOFKIT_UPDATE_GOLDEN=1 and review the diff"
    )


def test_golden_text_fits_80_columns() -> None:
    for fixture in ALL:
        lines = (GOLDEN / f"{fixture}.txt").read_text(encoding="utf-8").splitlines()
        assert lines, fixture
        assert max(len(line) for line in lines) <= 80, fixture


def test_reports_are_deterministic() -> None:
    for fixture, build in FIXTURES.items():
        for fmt in SUFFIX:
            assert render([build()], fmt) == render([build()], fmt), (fixture, fmt)
