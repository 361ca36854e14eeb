"""Candidate counting (:mod:`mofkit.licenses.detect.candidates`): the shortcuts taken
for speed give the same counts as counting every rule, for every rule that can be a
candidate. Runs without ../shared (the shipped index only)."""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect import licence_text
from mofkit.licenses.detect.candidates import candidates, rare_counts, shared_counts
from mofkit.licenses.detect.index import Index, get_index
from mofkit.licenses.detect.query import Query


def _exact(idx: Index, arr: np.ndarray) -> np.ndarray:
    """Per rule, how many of its rare words are in ``arr``: every posting read."""
    counts = np.zeros(len(idx), dtype=np.int64)
    for w in set(arr.tolist()) - {0}:
        counts[idx.post_data[idx.post_offsets[w]: idx.post_offsets[w + 1]]] += 1
    return counts


def _tokens(text: str) -> np.ndarray:
    return np.asarray(Query.build(text, get_index()).tokens, dtype=np.int64)


ARR = _tokens(licence_text("apache-2.0") + " " + licence_text("bsd-new") + " "
              + licence_text("mit"))
PARTS = [(0, len(ARR)), (0, len(ARR) // 2), (len(ARR) - 200, len(ARR)), (100, 130), (5, 9)]


def test_rare_counts_are_exact_for_every_possible_candidate() -> None:
    """The postings of the rules that need more rare words than the stretch has are
    not all read: the counts of the rules that can be candidates are the exact ones,
    and no other rule reaches what it needs."""
    idx = get_index()
    for lo, hi in PARTS:
        ids, counts = rare_counts(idx, ARR[lo:hi])
        exact = _exact(idx, ARR[lo:hi])
        assert np.array_equal(ids, np.unique(ARR[lo:hi][ARR[lo:hi] > 0]))
        wanted = idx.min_rare <= len(ids)  # the rules that can be candidates here
        assert np.array_equal(counts[wanted], exact[wanted])
        assert not np.any(counts[~wanted] >= idx.min_rare[~wanted])
        assert np.all(counts <= exact)


def test_shared_counts_read_rule_by_rule_are_the_exact_counts() -> None:
    idx = get_index()
    rids = np.array([idx.find_rule("apache-2.0.LICENSE"), idx.find_rule("mit.LICENSE"),
                     idx.find_rule("gpl-2.0.LICENSE"), 0, len(idx) - 1])
    for lo, hi in PARTS:
        assert np.array_equal(shared_counts(idx, ARR[lo:hi], rids), _exact(idx, ARR[lo:hi])[rids])


def test_candidates_among_all_rules_allowed_are_those_of_all_rules() -> None:
    """Counting the stretch's words rule by rule for the allowed rules ranks them as
    counting the postings of its words for every rule does."""
    idx = get_index()
    everyone = np.ones(len(idx), dtype=bool)
    for lo, hi in PARTS:
        assert candidates(idx, ARR[lo:hi], everyone) == candidates(idx, ARR[lo:hi])
