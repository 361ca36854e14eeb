"""The same release gets the same verdicts from disk and from the fake Hub."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakehub import FakeHub, repo_from_folder
from fixtures_release import BUILDERS
from hf_support import scan_json, statuses


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_same_verdicts_from_disk_and_from_the_hub(name: str, tmp_path: Path, hf_env: FakeHub,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = BUILDERS[name](tmp_path / name)
    hf_env.add(repo_from_folder(f"same/{name}", folder))
    disk = scan_json(str(folder), capsys)
    remote = scan_json(f"hf:same/{name}", capsys)
    assert remote["mof"]["class"] == disk["mof"]["class"]
    assert remote["mof"]["progress"] == disk["mof"]["progress"]
    assert remote["osaid"]["verdict"] == disk["osaid"]["verdict"]
    assert statuses(remote) == statuses(disk)
    licences = {c["id"]: c["licence"] for c in disk["mof"]["components"]}
    assert {c["id"]: c["licence"] for c in remote["mof"]["components"]} == licences
