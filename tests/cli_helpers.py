"""Run `mof` in-process as a user would, catching its exit status."""

from __future__ import annotations

import pytest

from mofkit.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `mof ARGS`."""
    with pytest.raises(SystemExit) as exc:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


# A Model Openness Tool record with the six Class III components under Apache-2.0.
OPEN3_RECORD = """\
framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}
release:
  name: Open3
  producer: Lab
  license:
    distribution: {name: Apache-2.0, path: LICENSE}
  components:
    - {name: Model architecture, description: a}
    - {name: Model parameters (Final), description: b}
    - {name: Model card, description: c}
    - {name: Data card, description: d}
    - {name: Technical report, description: e}
    - {name: Evaluation results, description: f}
"""
