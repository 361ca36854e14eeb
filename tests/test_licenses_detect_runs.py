"""Query runs (:func:`mofkit.licenses.detect.query.run_starts`) against a reading of the
text line by line, blank lines included, as ScanCode's query builder reads it."""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect.query import RUN_BREAK, run_starts


def _line_by_line(lines: np.ndarray, high: np.ndarray, digits: np.ndarray) -> list[int]:
    """Every line from the first on, as ScanCode's query builder: a line without
    legalese (blank, or numbers only) counts towards a break; a run that has words and
    ``RUN_BREAK`` such lines after them ends, and the lines after that count from 0
    (the next run starts with the next word)."""
    out: list[int] = []
    count, run_len = 0, 0
    for ln in range(1, int(lines[-1]) + 1):
        if run_len and count >= RUN_BREAK:
            run_len, count = 0, 0
        at = np.flatnonzero(lines == ln)
        if not len(at):
            count += 1
            continue
        if not run_len:
            out.append(int(at[0]))
        run_len += len(at)
        legal = bool(high[at].any()) and not bool(digits[at].all())
        count = 0 if legal else count + 1
    return out


def test_run_starts_read_the_lines_one_by_one() -> None:
    rng = np.random.default_rng(7)
    for _ in range(3000):
        n = int(rng.integers(1, 60))
        lines = np.cumsum(rng.choice([0, 1, 1, 2, 5, 13, 14, 15, 16, 30, 45], size=n))
        lines += int(rng.integers(1, 40))
        high = (rng.random(n) < rng.random()).astype(np.uint8)
        digits = (rng.random(n) < 0.2).astype(np.uint8)
        assert run_starts(lines, high, digits) == _line_by_line(lines, high, digits)
