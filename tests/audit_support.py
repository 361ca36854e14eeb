"""What the `mof audit` tests share: a stand-in assessor built from small releases (so
the outputs and policies are tested without the Hub), a policy with exceptions, the
SARIF 2.1.0 schema, and `mof audit` run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import CLASS2, CLASS3, release
from mofkit.assess import assess
from mofkit.audit.assessor import Assessed
from mofkit.cli import main

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text())

RELEASES = {
    "open-org/open": release(CLASS3 + CLASS2, distribution="Apache-2.0", data="CC-BY-4.0"),
    "meta/llama": release(CLASS3, distribution="llama3"),
    "nc-org/nc": release(CLASS3, distribution="CC-BY-NC-4.0"),
    "odd-org/odd": release(CLASS3, distribution="ask the authors"),
    "mit-org/mit": release(CLASS3, distribution="MIT", data="MIT"),
}

EXCEPTIONS = """
licence_kinds: {deny: [restrictive, non-commercial]}
exceptions:
  - model: meta/llama
    checks: [licence-kind]
    reason: Legal approved internal use (LEG-42)
    expires: 2025-06-01
  - model: nc-org/*
    reason: research prototype only
    expires: 2025-05-31
"""


def stand_in(model: str, revision: str | None) -> Assessed:
    """The assessment of one of ``RELEASES``, as the Hub assessor would give it."""
    if model not in RELEASES:
        return Assessed(None, error="repository not found on the Hub")
    return Assessed(assess(RELEASES[model]), revision or "c0ffee" * 6 + "abcd")


def run_audit(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``mof audit ARGS`` in this process: (exit status, stdout, stderr)."""
    with pytest.raises(SystemExit) as exc:
        main(["audit", *args])
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err
