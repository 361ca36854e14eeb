"""The results file: JSON lines, one record per source, written so that a run
killed at any moment leaves only whole lines behind.

Records are written with ``os.write`` on a file opened with ``O_APPEND`` —
one call for the records that finished together, nothing buffered in the
process — so a kill loses at most the records being written. A torn last
line — a power cut, a full disk — is cut off before a resumed run appends, and
skipped when reading.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every whole record in the file; a torn or unreadable line is skipped."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                return  # torn last line
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("source"), str):
                yield record


def cut_torn_tail(path: Path) -> int:
    """Remove a last line without its newline; returns the bytes removed."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    if size == 0:
        return 0
    with path.open("r+b") as handle:
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return 0
        # Look back for the last newline, a block at a time.
        end = size
        keep = 0
        while end > 0:
            start = max(0, end - 65536)
            handle.seek(start)
            block = handle.read(end - start)
            at = block.rfind(b"\n")
            if at >= 0:
                keep = start + at + 1
                break
            end = start
        handle.truncate(keep)
        return size - keep


class RecordWriter:
    """Append records as JSON lines, one system call per record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        cut_torn_tail(path)
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.written = 0

    def write(self, record: dict[str, Any]) -> None:
        self.write_lines([(json.dumps(record, ensure_ascii=False, separators=(",", ":"))
                           + "\n").encode()])

    def write_lines(self, lines: list[bytes]) -> None:
        """Whole encoded lines (each ending in a newline), in one ``write`` when they
        fit: the records that finished together cost one system call."""
        if not lines:
            return
        view = memoryview(b"".join(lines) if len(lines) > 1 else lines[0])
        while view:
            done = os.write(self.fd, view)
            view = view[done:]
        self.written += len(lines)

    def close(self) -> None:
        if self.fd >= 0:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
