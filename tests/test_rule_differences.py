"""Every place where `--rules mof` differs on purpose from `--rules mot-compat`
(the Model Openness Tool's exact behaviour). docs/rules.md lists the same rows;
a difference that is not pinned here is a bug."""

from __future__ import annotations

import pytest

from builders import release
from mofkit.assess import Status, assess

O, W, N, U, M = (  # noqa: E741 - one-letter names keep the table readable
    Status.OPEN, Status.OPEN_WRONG_TYPE, Status.NOT_OPEN, Status.UNLICENSED, Status.MISSING)

DIFFERENCES = [
    # (docs/rules.md row, component, licence as written, status under mof, under mot-compat)
    ("D1 spelling", "training-code", "Apache 2.0", O, N),
    ("D1 spelling", "training-code", "apache-2.0", O, N),
    ("D1 spelling", "model-card", "CC BY 4.0", O, N),
    ("D1 spelling", "training-code", "BSD-3", O, N),
    ("D2 expressions", "training-code", "MIT OR Apache-2.0", O, N),
    ("D2 expressions", "training-code", "GPL-2.0-only WITH Classpath-exception-2.0", O, N),
    ("D2 expressions", "model-parameters-final",
     "CDLA-Permissive-2.0 OR LicenseRef-scancode-llama-2-license-2023", O, N),
    ("D3 open data types", "datasets", "CC0-1.0", O, W),
    ("D3 open data types", "datasets", "CC-BY-4.0", O, W),
    ("D3 open data types", "evaluation-data", "ODbL-1.0", O, W),
    ("D4 code types", "training-code", "BSD-3-Clause", O, W),
    ("D4 code types", "training-code", "GPL-3.0-only", O, W),
    ("D5 public domain", "datasets", "PDDL-1.0", O, N),
    ("D5 public domain", "model-card", "CC-PDDC", O, N),
    ("D6 placeholders", "datasets", "Component not included", M, N),
    ("D6 placeholders", "datasets", "Undisclosed", U, N),
]


@pytest.mark.parametrize(("row", "component", "licence", "ours", "tool"), DIFFERENCES,
                         ids=[f"{d[0]}:{d[2]}" for d in DIFFERENCES])
def test_documented_difference(row: str, component: str, licence: str, ours: Status,
                               tool: Status) -> None:
    rel = release({component: licence})
    assert assess(rel, "mof").component(component).status is ours
    assert assess(rel, "mot-compat").component(component).status is tool


SAME = [
    ("model-card", "CC-BY-4.0", O),
    ("model-parameters-final", "Apache-2.0", W),
    ("model-parameters-final", "CDLA-Permissive-2.0", O),
    ("training-code", "MIT", O),
    ("training-code", "MulanPSL-1.0", N),
    ("evaluation-data", "CC-BY-NC-4.0", N),
    ("model-card", "OpenMDW-1.0", O),
    ("datasets", "", U),
]


@pytest.mark.parametrize(("component", "licence", "status"), SAME)
def test_where_the_rule_sets_agree(component: str, licence: str, status: Status) -> None:
    rel = release({component: licence})
    assert assess(rel, "mof").component(component).status is status
    assert assess(rel, "mot-compat").component(component).status is status


def test_rows_match_the_document() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text("utf-8")
    for row in {d[0] for d in DIFFERENCES}:
        assert f"| {row.split()[0]} |" in doc, row
