"""Licence-like text that no rule explains becomes an ``unknown`` licence match.

As ScanCode's ``licensedcode.match_unknown``: every stretch left unexplained by
the other stages is cut into word ``NGRAM``-grams, and those that also occur in
some rule text (the index keeps the hashes of the rule texts' n-grams) mark their
words as licence-like. A stretch is an unknown licence when enough of its words
are marked and enough of the marked words are legal vocabulary (licence,
warranty, liability, redistribute …; not "copyright" or "rights reserved":
copyright statements are not licences). Phrasing shared with licences counts,
not the density of legal words, so a licence written on long lines is found and
prose that talks about licences is not. It is reported with the ScanCode key
``unknown`` rather than silently dropped.
"""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect.index import NGRAM, Index, ngram_hashes
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query

LEGAL_WORDS = frozenset(
    (
        "license", "licence", "licensed", "licensor", "licensee", "licenses", "licences",
        "licensing", "permission", "permitted", "warranty", "warranties", "merchantability",
        "fitness", "liability", "liable", "damages", "redistribution", "redistributions",
        "redistribute", "distribute", "distributed", "distribution", "modify",
        "modifications", "terms", "conditions", "agreement", "grant", "granted", "grants",
        "royalty", "patent", "patents", "infringement", "disclaimer", "disclaimed",
        "disclaims", "indemnify", "proprietary", "sublicense", "governed", "jurisdiction",
        "termination", "terminate", "consent", "prohibited", "restrictions",
    )
)
# Thresholds tuned on the "tune" half of the benchmark corpus (see
# benchmarks/license_detection.py --split).
MIN_MATCHED = 4 * NGRAM  # words of the stretch inside n-grams found in rule texts
MIN_LEGAL = 10  # legal words among those
MIN_FRACTION = 0.3  # of the words from the first to the last of those
# A stretch whose n-grams nearly all occur in rule texts is a known licence the other
# stages failed to align (a licence text cut by markup, say), not an unknown licence.
MAX_RATIO = 0.8


def legal_ids(idx: Index) -> frozenset[int]:
    return frozenset(idx.word_id[w] for w in LEGAL_WORDS if w in idx.word_id)


def _stretches(n: int, hits: list[Hit]) -> list[tuple[int, int]]:
    """The maximal runs of positions no hit covers, as (start, end)."""
    covered = np.zeros(n + 2, dtype=np.int8)
    for h in hits:
        covered[h.qstart + 1: h.qend + 1] = 1
    covered[0] = covered[-1] = 1
    edges = np.flatnonzero(np.diff(covered))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))


def match_unknown(idx: Index, q: Query, hits: list[Hit]) -> list[Hit]:
    n = len(q)
    if n < MIN_MATCHED:
        return hits
    runs = [(i, j) for i, j in _stretches(n, hits) if j - i >= MIN_MATCHED]
    if not runs:
        return hits
    toks = np.frombuffer(q.data, dtype="<u2").astype(np.uint64)
    hashes = ngram_hashes(toks)  # hashes[k]: the n-gram starting at position k
    ref = idx.ngrams
    at = np.searchsorted(ref, hashes)
    found_ngram = ref[np.minimum(at, len(ref) - 1)] == hashes
    legal = legal_ids(idx)
    found: list[Hit] = []
    for i, j in runs:
        starts = np.flatnonzero(found_ngram[i: j - NGRAM + 1]) + i
        if len(starts) * NGRAM < MIN_MATCHED:
            continue
        marked = np.zeros(j - i, dtype=bool)
        for k in range(NGRAM):
            marked[starts - i + k] = True
        pos = np.flatnonzero(marked) + i
        if len(pos) < MIN_MATCHED:
            continue
        if sum(q.tokens[p] in legal for p in pos.tolist()) < MIN_LEGAL:
            continue
        s, e = int(pos[0]), int(pos[-1]) + 1
        if len(pos) < MIN_FRACTION * (e - s):
            continue
        if found_ngram[s: e - NGRAM + 1].mean() > MAX_RATIO:
            continue
        found.append(Hit(-1, s, e, e - s, e - s, e - s, "unknown",
                         expression="unknown", kind="unknown",
                         extra={"rule": "unknown-licence-like-text"}))
    if not found:
        return hits
    return sorted(hits + found, key=lambda h: (h.qstart, -h.span))
