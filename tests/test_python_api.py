"""The public Python API: docs/python-api.md's examples run as doctests, and the
API's names stay lazy (``import mofkit`` does not load the engine)."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_python_api_doc_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    failed, attempted = doctest.testfile(
        str(ROOT / "docs" / "python-api.md"), module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert attempted > 10
    assert failed == 0


def test_import_mofkit_is_lazy() -> None:
    code = ("import sys, mofkit; heavy = [m for m in ('mofkit.pipeline', 'mofkit.assess', "
            "'mofkit.licenses.detect', 'yaml', 'rich') if m in sys.modules]; print(heavy); "
            "mofkit.rate; print('mofkit.pipeline' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "[]" and out[1] == "True"


def test_version_is_the_installed_distribution() -> None:
    from importlib.metadata import version

    import mofkit

    assert mofkit.__version__ == version("mofkit")
    with pytest.raises(AttributeError):
        mofkit.no_such_name  # noqa: B018
