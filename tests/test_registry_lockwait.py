"""The "waiting for the registry database" line is said for a lock, not for work."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from mofkit.registry.store import Registry
from mofkit.sources import waiting
from web_fixtures import record


def _results(names: list[str]) -> list[dict[str, Any]]:
    from mofkit.pipeline import assess_release
    from mofkit.sources.mot_record import record_to_release

    return [assess_release(record_to_release(record(n)), ["mof"]).results()[0] for n in names]


def test_a_slow_batch_with_no_other_writer_says_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Work between statements (here slowed down on purpose) is not a wait."""
    monkeypatch.setattr(waiting, "AFTER", 0.05)
    reg = Registry.open(f"sqlite:///{tmp_path / 'r.db'}")
    slow_add = Registry._add

    def add(self: Registry, *args: Any) -> Any:
        time.sleep(0.1)
        return slow_add(self, *args)

    monkeypatch.setattr(Registry, "_add", add)
    added = reg.add_results(_results(["A-1B", "B-1B", "C-1B"]), source_kind="mot-record")
    assert [a.status for a in added] == ["new", "new", "new"]
    assert "waiting" not in capsys.readouterr().err


def test_a_write_held_up_by_another_writer_says_so_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(waiting, "AFTER", 0.2)
    monkeypatch.setenv("MOFKIT_DB_BUSY_TIMEOUT", "10")
    db = tmp_path / "r.db"
    reg = Registry.open(f"sqlite:///{db}")
    results = _results(["A-1B", "B-1B"])
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.8, other.rollback)
    release.start()
    try:
        added = reg.add_results(results, source_kind="mot-record")
    finally:
        release.join()
        other.close()
    assert [a.status for a in added] == ["new", "new"]
    err = capsys.readouterr().err
    assert err.count(f"mof: {db}: waiting for the registry database (another writer holds "
                     "its lock; at most 10 s)") == 1, err
