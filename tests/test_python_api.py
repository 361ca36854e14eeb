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


def test_attachments_sit_under_one_key_and_cannot_overwrite_the_assessment() -> None:
    """A scan section or a Hub section holding the assessment's own key names stays
    inside ``attachments``; a record's result has the key too, both attachments null."""
    import mofkit
    from mofkit.assess.model import Attachments

    rating = mofkit.rate(str(ROOT / "examples" / "releases" / "pythia-tiny"), rules=["mof"])
    assessment = rating.assessment()
    own = set(assessment.to_dict())
    assessment.scan = {"mof": "overwritten?", "source": "x"}
    rating.release.hub = {"osaid": "overwritten?", "revision": "abc"}
    data = rating.to_dict()
    assert set(data) == own and data["mof"]["label"] == assessment.label
    assert data["attachments"] == {"scan": {"mof": "overwritten?", "source": "x"},
                                   "hub": {"osaid": "overwritten?", "revision": "abc"}}
    assert Attachments.of(data) == assessment.attachments
    record = mofkit.assess_record(ROOT / "examples" / "records" / "open-model.yml").to_dict()
    assert record["attachments"] == {"scan": None, "hub": None}
    assert Attachments.of({"scan": {"roots": []}}) == Attachments()  # only the one key
