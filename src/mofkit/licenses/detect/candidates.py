"""Stage 4: which rules to align on an unmatched stretch, best first.

Candidates come from the rarer words (postings built with the index): a rule is
a candidate when most of its rare words occur in the stretch (at least
``idx.min_rare``, :data:`~mofkit.licenses.detect.thresholds.MIN_CONTAINMENT` of
them), ranked first on rare-word sets, then on word bigrams. Only the rules
ScanCode's ``compute_candidates`` would rank in its top ``RUN_CANDIDATES`` on a
query run the stretch overlaps are tried (:func:`run_candidates`).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from mofkit.licenses.detect.index import Index

PRE_CANDIDATES = 40
TOP_CANDIDATES = 6
RUN_CANDIDATES = 70  # rules ScanCode ranks per query run (its MAX_CANDIDATES); others not tried
PART_OF_RULE = 0.9  # ... but for rules holding this much of a run's rare words


# Limits on the rare words a rule needs (its ``min_rare``) up to which a stretch's rules
# are counted: about 2**(k/2), so that a stretch of n distinct words reads the postings of
# the rules needing at most 1.4 n of them (the others cannot be candidates there).
LEVELS = sorted({int(np.ceil(2 ** (k / 2))) for k in range(33)})


class RareCounts(NamedTuple):
    """A stretch's distinct words, and for each rule how many of its rare words it holds:
    exact for every rule needing at most ``LEVELS[level]`` of them (``level``: the first
    at or above the number of words), fewer for the others (not candidates there)."""

    ids: np.ndarray
    counts: np.ndarray
    level: int


@lru_cache(maxsize=4)
def _capped(idx: Index) -> tuple[np.ndarray, np.ndarray]:
    """The postings with each word's rules in increasing ``min_rare``, and per level of
    :data:`LEVELS` and word, where its rules needing more than that level start."""
    # One sort of word << 32 | min_rare << 16 | rule, built in place (the index's
    # postings are 1.7 M).
    key = np.repeat(np.arange(len(idx.vocab), dtype=np.uint64) << np.uint64(32),
                    np.diff(idx.post_offsets))
    need = np.minimum(idx.min_rare, 0xFFFF).astype(np.uint64)[idx.post_data]
    need <<= np.uint64(16)
    key |= need
    del need
    key |= idx.post_data
    key.sort()
    data = (key & np.uint64(0xFFFF)).astype(np.uint16)
    key >>= np.uint64(16)  # word << 16 | min_rare
    words = np.arange(len(idx.vocab), dtype=np.uint64) << np.uint64(16)
    cut = np.stack([np.searchsorted(key, words + np.uint64(min(limit, 0xFFFF)), side="right")
                    for limit in LEVELS]).astype(np.int64)
    return data, cut


def _postings(data: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The rule ids ``data[lo[k]:hi[k]]`` for every k, all in one array."""
    keep = hi > lo
    parts = [data[a:b] for a, b in zip(lo[keep].tolist(), hi[keep].tolist(), strict=True)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint16)


def rare_counts(idx: Index, arr: np.ndarray, parent: RareCounts | None = None) -> RareCounts:
    """How many of each rule's rare words are in ``arr`` (a count per rule: one
    ``bincount`` of the postings is cheaper than listing the rules, at any size), for
    the rules that could be candidates there (see :class:`RareCounts`).

    When ``arr`` is part of a stretch already counted (``parent``), the rules of
    the words it lost are subtracted instead if those are fewer to read."""
    data, cut = _capped(idx)
    off = idx.post_offsets
    seen = np.zeros(len(idx.vocab), dtype=bool)
    seen[arr] = True
    seen[0] = False
    ids = np.flatnonzero(seen)
    level = bisect_left(LEVELS, len(ids))
    lo, hi = off[ids], cut[level, ids]
    if parent is not None:
        lost = parent.ids[~seen[parent.ids]]
        if not len(lost):
            return RareCounts(ids, parent.counts, parent.level)
        llo, lhi = off[lost], cut[parent.level, lost]
        if int((lhi - llo).sum()) < int((hi - lo).sum()):
            minus = np.bincount(_postings(data, llo, lhi), minlength=len(idx))
            return RareCounts(ids, parent.counts - minus, parent.level)
    return RareCounts(ids, np.bincount(_postings(data, lo, hi), minlength=len(idx)), level)


def _triable(idx: Index, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rules the alignment may try, with their counts of shared rare words:
    those sharing at least ``idx.min_rare`` (MIN_CONTAINMENT of a rule's rare words,
    rounded up)."""
    last = _TRIABLE_LAST
    if last and last[0] is idx and last[1] is counts:
        return last[2]  # a query run's counts that are its stretch's (see rare_counts)
    rids = np.flatnonzero(counts >= idx.min_rare)
    out = rids, counts[rids].astype(np.float64)
    _TRIABLE_LAST[:] = [idx, counts, out]
    return out


# The last counts _triable was given (held, so not reused), and its answer.
_TRIABLE_LAST: list = []


def candidates(idx: Index, arr: np.ndarray,
               counted: RareCounts | None = None,
               allowed: np.ndarray | None = None) -> list[tuple[float, int]]:
    """Rules most of whose words are in ``arr``, best first: (score, rule id).

    A first cut on rare-word sets (vectorised over all rules; ``counted``: the
    :func:`rare_counts` of ``arr`` if already known) keeps ``PRE_CANDIDATES``;
    word-bigram sets then rank those, which tells apart texts that differ in a
    few words ("version 2" / "version 3"). ``allowed`` (a mask over the rules), if
    given, keeps only the rules it flags.
    """
    ids, counts, _level = counted if counted is not None else rare_counts(idx, arr)
    if not len(ids):
        return []
    rids, c = _triable(idx, counts)
    if allowed is not None and len(rids):
        keep = allowed[rids]
        rids, c = rids[keep], c[keep]
    if not len(rids):
        return []
    score = c * c / idx.rare_count[rids]
    if len(rids) > PRE_CANDIDATES:
        top = np.argpartition(-score, PRE_CANDIDATES)[:PRE_CANDIDATES]
        rids = rids[top]
    if len(arr) < 2:
        return []
    # The stretch's bigrams sorted (repeats do no harm to the membership test below).
    qbi = np.sort(((arr[:-1] << 16) | arr[1:]).astype(np.uint32))
    rid_list = rids.tolist()
    rbis = [_bigrams(idx, rid) for rid in rid_list]
    allr = np.concatenate(rbis)
    pos = np.minimum(np.searchsorted(qbi, allr), len(qbi) - 1)
    label = np.repeat(np.arange(len(rbis)), [len(r) for r in rbis])
    inter = np.bincount(label[qbi[pos] == allr], minlength=len(rbis)).astype(np.float64)
    sizes = np.array([max(len(r), 1) for r in rbis], dtype=np.float64)
    score2 = inter * inter / sizes
    order = np.argsort(-score2, kind="stable")[:TOP_CANDIDATES]
    return [(float(score2[k]), rid_list[k]) for k in order]


def run_candidates(idx: Index, arr: np.ndarray, top: int = RUN_CANDIDATES,
                   within: RareCounts | None = None) -> np.ndarray:
    """The ids of the ``top`` rules ScanCode's ``compute_candidates`` ranks first for
    the query run ``arr``, on its rare words.

    Its scores vector, compared rounded: highly resemblant (resemblance >= 0.8), then
    containment (of the rule's words in the run), squared resemblance, matched words
    / 20, then matched words unrounded. Rules fully in a short run rank before a long
    rule only partly there, which ScanCode then never tries on that run. With fewer
    than ``top`` candidates, all are kept. ``within``: the :func:`rare_counts` of a
    stretch holding the run, if known (the run's are then counted from it).
    """
    ids, counts, _level = rare_counts(idx, arr, within)
    rids, c = _triable(idx, counts)
    if len(rids) <= top:
        return rids
    # The run's distinct rare words.
    qlen = float(np.count_nonzero(idx.post_offsets[ids + 1] > idx.post_offsets[ids]))
    rc = idx.rare_count[rids]
    res = c / np.maximum(qlen + rc - c, 1.0)
    resemblant = (np.round(res, 1) >= 0.8).astype(np.int8)
    order = np.lexsort((-c, -np.round(c / 20, 1), -np.round(res * res, 1),
                        -np.round(c / rc, 1), -resemblant))[:top]
    # ... and, beyond ScanCode, the rules holding nearly all the run's rare words: a
    # run that is a cut-down copy of a long licence (a model licence's first half)
    # ranks that licence below its fully contained parts, yet is a partial copy of it.
    return np.union1d(rids[order], rids[c >= PART_OF_RULE * qlen])


@lru_cache(maxsize=16384)
def _bigrams(idx: Index, rid: int) -> np.ndarray:
    """A rule's distinct token bigrams as sorted ``a << 16 | b`` keys."""
    t = np.frombuffer(idx.rule_bytes(rid), dtype="<u2").astype(np.uint32)
    keys = np.sort((t[:-1] << 16) | t[1:])
    if len(keys) < 2:
        return keys
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
