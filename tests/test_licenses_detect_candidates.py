"""Candidate counting (:mod:`mofkit.licenses.detect.candidates`): the shortcuts taken
for speed give the same counts as counting every rule, for every rule that can be a
candidate. Runs without ../shared (the shipped index only)."""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect import licence_text
from mofkit.licenses.detect.candidates import LEVELS, rare_counts
from mofkit.licenses.detect.index import Index, get_index
from mofkit.licenses.detect.query import Query


def _exact(idx: Index, arr: np.ndarray) -> np.ndarray:
    """Per rule, how many of its rare words are in ``arr``: every posting read."""
    counts = np.zeros(len(idx), dtype=np.int64)
    for w in set(arr.tolist()) - {0}:
        counts[idx.post_data[idx.post_offsets[w]: idx.post_offsets[w + 1]]] += 1
    return counts


def _check(idx: Index, arr: np.ndarray, counted: tuple[np.ndarray, np.ndarray, int]) -> None:
    ids, counts, level = counted
    exact = _exact(idx, arr)
    assert LEVELS[level] >= len(ids)
    wanted = idx.min_rare <= len(ids)  # the rules that can be candidates here
    assert np.array_equal(counts[wanted], exact[wanted])
    assert not np.any(counts[~wanted] >= idx.min_rare[~wanted])
    assert np.all(counts <= exact)


def test_rare_counts_are_exact_for_every_possible_candidate() -> None:
    """Counted whole, or from a longer stretch holding it (by subtracting the rules of
    the words it lost, or counted anew, whichever reads fewer postings): the counts of
    the rules that need no more rare words than the stretch has are the exact ones,
    and no other rule reaches what it needs."""
    idx = get_index()
    text = licence_text("apache-2.0") + " " + licence_text("bsd-new") + " " + licence_text("mit")
    arr = np.asarray(Query.build(text, idx).tokens, dtype=np.int64)
    whole = rare_counts(idx, arr)
    _check(idx, arr, whole)
    for lo, hi in [(0, len(arr) // 2), (len(arr) - 200, len(arr)), (100, 130), (5, 9)]:
        part = rare_counts(idx, arr[lo:hi], whole)
        _check(idx, arr[lo:hi], part)
        inner = rare_counts(idx, arr[lo + 2: hi - 1], part)
        _check(idx, arr[lo + 2: hi - 1], inner)
