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


# The Hub's section of a scan's text report, for a gated fine-tune with a lineage
# and dataset cards (what mofkit.pipeline.hub puts in Release.hub).
HUB_SECTION = {
    "repo": "example-org/tiny-chat", "requested": "example-org/tiny-chat",
    "revision": "0123456789abcdef0123456789abcdef01234567",
    "url": "https://huggingface.co/example-org/tiny-chat/tree/0123456789abcdef",
    "gated": "manual",
    "access": {"weights": "partial", "why": "gated (manual): weights need approval; gating "
               "changes access, not licence terms"},
    "licence_on_card": "apache-2.0", "parameters": 1_234_567,
    "weights": [{"path": "model.safetensors", "size": 2_469_134}], "files": 9,
    "fetched": ["README.md"], "not_fetched": {},
    "lineage": [
        {"repo": "example-org/tiny-base", "revision": "fedcba9876543210fedcba9876543210fedcba98",
         "depth": 1, "base_of": "example-org/tiny-chat", "relation": "finetune",
         "licence": "apache-2.0", "status": "scanned", "detail": ""},
        {"repo": "example-org/gone", "revision": None, "depth": 2,
         "base_of": "example-org/tiny-base", "relation": None, "licence": None,
         "status": "missing", "detail": "not found on the Hub"},
    ],
    "datasets": [
        {"id": "example-org/corpus", "revision": "abc", "licence": "cc-by-4.0",
         "gated": "auto", "card_words": 120, "description": "", "error": None},
        {"id": "example-org/private", "revision": None, "licence": None, "gated": False,
         "card_words": 0, "description": "", "error": "not found on the Hub"},
    ],
}


def test_scan_text_report_matches_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    """mof scan's text report: the assessment, the evidence per component, the
    problems, and the Hugging Face Hub section (revision, access, lineage, datasets)."""
    from mofkit.pipeline import rate
    from mofkit.report import render_rating

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    rating = rate("examples/releases/pythia-tiny", rules=["mof"], follow=False)
    rating.release.hub = HUB_SECTION
    got = render_rating(rating, "text", width=80)
    path = GOLDEN / "scan-hub.txt"
    if UPDATE:
        path.write_text(got, encoding="utf-8")
        pytest.skip(f"golden file {path.name} rewritten")
    assert path.exists(), f"{path} missing: run with MOFKIT_UPDATE_GOLDEN=1 to create it"
    assert got == path.read_text(encoding="utf-8")
    assert max(len(line) for line in got.splitlines()) <= 80
