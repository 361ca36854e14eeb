"""The n-gram lookup of unknown-licence detection (:func:`known_ngrams`) finds exactly
the hashes the index holds. Runs without ../shared (the shipped index only)."""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect import licence_text
from mofkit.licenses.detect.index import get_index, ngram_hashes
from mofkit.licenses.detect.match_unknown import known_ngrams
from mofkit.licenses.detect.query import Query


def test_known_ngrams_are_those_a_binary_search_finds() -> None:
    idx = get_index()
    ref = idx.ngrams
    rng = np.random.default_rng(5)
    text = licence_text("bsd-new") + " our own words about the weather today " * 3
    hashes = np.concatenate([
        ngram_hashes(np.asarray(Query.build(text, idx).tokens, dtype=np.uint64)),
        ref[rng.integers(0, len(ref), 500)], ref[:3], ref[-3:],  # held, at both ends too
        rng.integers(0, 2**32, 500, dtype=np.uint64).astype(np.uint32),
        np.array([0, 2**32 - 1], dtype=np.uint32),
    ])
    at = np.minimum(np.searchsorted(ref, hashes), len(ref) - 1)
    expected = ref[at] == hashes
    assert expected.sum() > 500 and not expected.all()
    assert np.array_equal(known_ngrams(idx, hashes), expected)
    assert known_ngrams(idx, hashes[:0]).shape == (0,)
