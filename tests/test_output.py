"""Output files are replaced whole, with the mode a plain open() would give them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mofkit.errors import InputError
from mofkit.output import write_atomic


def test_write_replaces_whole_with_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    old = os.umask(0o022)
    try:
        write_atomic(target, "new")
    finally:
        os.umask(old)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left


def test_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder does not exist"):
        write_atomic(tmp_path / "nope" / "x.txt", "x")
