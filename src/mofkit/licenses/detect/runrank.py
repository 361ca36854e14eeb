"""ScanCode's ranking of the rules to align on a query run (``match_set.compute_candidates``).

Two steps, on all the known words of the run (not only the rare ones):

1. on word *sets*: a rule is kept if the run holds enough of its distinct words and
   of its distinct legalese words (its "unique" thresholds) and at least its minimum
   coverage of its distinct words; the kept rules are ranked and the first
   ``10 × top`` go on;
2. on word *multisets* (a word counted as often as it occurs, up to the times it
   occurs in the other side): the same checks on occurrences, the same ranking, then
   of the rules of one licence expression and length with equal rounded scores only
   the best is kept (``filter_dupes``), and the first ``top`` are the candidates.

A ranking is: highly resemblant (resemblance >= 0.8), containment (of the rule in the
run), squared resemblance, matched words / 20, each rounded to one decimal; then the
same unrounded. The thresholds are ScanCode's ``compute_thresholds_occurences`` and
``compute_thresholds_unique`` (``Rule.compute_thresholds``). The rules ranked are a
pool: :func:`.candidates.run_candidates` passes the first ``10 × top`` of its ranking on
rare words, as a cheap stand-in for ScanCode's set step over every rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from mofkit.licenses.detect.index import HIGH, Index

MIN_MATCH_LENGTH = 4
MIN_MATCH_HIGH_LENGTH = 3
STEP_ONE = 10  # times ``top`` kept after the set step


def thresholds(stored_cov: np.ndarray, length: np.ndarray, high: np.ndarray,
               length_u: np.ndarray, high_u: np.ndarray) -> tuple[np.ndarray, ...]:
    """ScanCode's thresholds of rules (arrays, one entry per rule; ``stored_cov``: the
    minimum coverage a rule states, 0 if none): (minimum coverage, min matched length,
    min high matched length, the same two on distinct words)."""
    mh = np.minimum(high, MIN_MATCH_HIGH_LENGTH)
    # compute_thresholds_occurences
    bands = [length < 3, length < 10, length < 30, length < 200]
    min_len = np.select(bands, [length, length, length // 2, MIN_MATCH_LENGTH], length // 10)
    min_high = np.select(bands, [high, high, mh, mh], high // 10)
    cov = np.select(bands[:3], [100, 80, 50], 0)
    stored = stored_cov == 100
    min_len = np.where(stored, length, min_len)
    min_high = np.where(stored, high, min_high)
    cov = np.where(stored_cov > 0, stored_cov, cov)
    # compute_thresholds_unique (on the coverage just set)
    hu2 = np.minimum(np.where(high_u // 2 > 0, high_u // 2, high_u), MIN_MATCH_HIGH_LENGTH)
    bands = [length > 200, length < 5, length < 10, length < 20]
    min_len_u = np.select(bands, [length // 10, length_u,
                                  np.where(length_u < 2, length_u, length_u - 1), high_u],
                          MIN_MATCH_LENGTH)
    min_high_u = np.select(bands, [high_u // 10, high_u, high_u, high_u], hu2)
    full = cov == 100
    min_len_u = np.where(full, length_u, min_len_u)
    min_high_u = np.where(full, high_u, min_high_u)
    return cov, min_len, min_high, min_len_u, min_high_u


@dataclass(frozen=True, slots=True, eq=False)
class Sets:
    """Every rule's distinct words (CSR: ``packed[offsets[r]:offsets[r + 1]]``, sorted),
    each with its count and legalese flag, and per rule its length and ScanCode's
    thresholds (arrays, one entry per rule)."""

    offsets: np.ndarray
    expression: np.ndarray  # int64 per rule: its licence expression, as a number
    packed: np.ndarray  # int32 per (rule, word): word id | legalese << 15 | count << 16
    length: np.ndarray
    length_u: np.ndarray
    min_cov: np.ndarray  # ScanCode's minimum_coverage / 100
    min_len: np.ndarray
    min_high: np.ndarray
    min_len_u: np.ndarray
    min_high_u: np.ndarray


def set_tables(idx: Index) -> dict[str, np.ndarray]:
    """Every rule's distinct words, sorted (``set_words``, uint16), how often each
    occurs in the rule (``set_counts``, uint16, at most 0x7FFF) and how many distinct
    words each rule has (``set_sizes``): one sort of all rule tokens, which the index
    build makes (the shipped index holds these tables)."""
    starts = np.frombuffer(idx.starts, dtype="<u4").astype(np.int64)
    n = len(starts) - 1
    assert n < 1 << 16 and len(idx.vocab) < 1 << 15
    # rule id << 16 | word id, sorted: each rule's words, grouped.
    key = np.repeat(np.arange(n, dtype=np.uint32), np.diff(starts)) << 16
    key |= np.frombuffer(idx.tokens, dtype="<u2")
    key.sort()
    new = np.ones(len(key), dtype=bool)
    np.not_equal(key[1:], key[:-1], out=new[1:])
    first = np.flatnonzero(new)
    del new
    counts = np.diff(np.append(first, len(key)))
    ukey = key[first]
    del key
    return {"set_words": (ukey & 0xFFFF).astype("<u2"),
            "set_counts": np.minimum(counts, 0x7FFF).astype("<u2"),
            "set_sizes": np.bincount(ukey >> 16, minlength=n).astype("<u4")}


@lru_cache(maxsize=2)
def rule_sets(idx: Index) -> Sets:
    """:class:`Sets` of the index (from its build-time tables, :func:`set_tables`)."""
    tables = idx.derived if "set_words" in idx.derived else set_tables(idx)
    starts = np.frombuffer(idx.starts, dtype="<u4").astype(np.int64)
    n = len(starts) - 1
    words = tables["set_words"].astype(np.int32)
    counts = tables["set_counts"].astype(np.int64)
    length_u = tables["set_sizes"].astype(np.int64)  # every rule has a word
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(length_u, out=offsets[1:])
    flags = np.frombuffer(idx.word_flags, dtype=np.uint8)
    high = (flags[words] & HIGH) > 0
    length = np.diff(starts)
    high_len = np.add.reduceat(counts * high, offsets[:-1])
    high_u = np.add.reduceat(high, offsets[:-1], dtype=np.int64)
    cov, min_len, min_high, min_len_u, min_high_u = thresholds(
        np.frombuffer(idx.min_cov, dtype=np.uint8).astype(np.int64), length, high_len,
        length_u, high_u)
    packed = words | (high.astype(np.int32) << 15) | (counts << 16)
    # each expression numbered in order of first appearance
    number = {e: i for i, e in enumerate(dict.fromkeys(idx.expressions))}
    expression = np.fromiter(map(number.__getitem__, idx.expressions), dtype=np.int64,
                             count=len(idx.expressions))
    return Sets(offsets, expression, packed.astype(np.int32), length.astype(np.float64),
                length_u.astype(np.float64), cov / 100, min_len, min_high, min_len_u,
                min_high_u)


def _vectors(inter: np.ndarray, qlen: float, ilen: np.ndarray) -> list[np.ndarray]:
    """ScanCode's score vectors, rounded then full, as sort keys (higher first)."""
    res = inter / np.maximum(qlen + ilen - inter, 1)
    cont = inter / np.maximum(ilen, 1)
    res2 = res * res
    return [np.round(res, 1) >= 0.8, np.round(cont, 1), np.round(res2, 1),
            np.round(inter / 20, 1), res >= 0.8, cont, res2, inter]


def _order(keys: list[np.ndarray], rids: np.ndarray) -> np.ndarray:
    """Indices sorted as ScanCode's ``sort(reverse=True)`` of (vectors, rid)."""
    return np.lexsort([-rids, *[-k.astype(np.float64) for k in reversed(keys)]])


def intersections(rs: Sets, qcount: np.ndarray, rids: np.ndarray) -> tuple[np.ndarray, ...]:
    """For each rule of ``rids`` (of :class:`Sets` ``rs``; ``qcount``: how often each word
    of the vocabulary occurs in the text), how many of its distinct words and of its
    distinct legalese words the text holds, then the same counted as often as they
    occur in both (multisets): four int64 arrays."""
    lo = rs.offsets[rids]
    sizes = rs.offsets[rids + 1] - lo
    ends = np.cumsum(sizes)
    starts = ends - sizes
    at = np.repeat(lo - starts, sizes) + np.arange(int(ends[-1]))
    packed = rs.packed[at]
    got = qcount[packed & 0x7FFF]
    high = (packed & 0x8000) > 0
    seen = got > 0
    both = np.minimum(got, packed >> 16)
    # Per rule (its words are one stretch of these arrays, never empty): sums of each.
    return (np.add.reduceat(seen, starts, dtype=np.int64),
            np.add.reduceat(seen & high, starts, dtype=np.int64),
            np.add.reduceat(both, starts, dtype=np.int64),
            np.add.reduceat(both * high, starts, dtype=np.int64))


def rank(idx: Index, arr: np.ndarray, pool: np.ndarray, top: int) -> np.ndarray:
    """ScanCode's ``top`` candidates for the query run ``arr`` among the rules ``pool``."""
    known = arr[arr > 0]
    if not len(known) or not len(pool):
        return pool[:0]
    qcount = np.bincount(known, minlength=len(idx.vocab)).astype(np.int32)
    qset_len = float(np.count_nonzero(qcount))
    qmset_len = float(len(known))
    rs = rule_sets(idx)
    inter_u, high_u, inter_m, high_m = (x.astype(np.float64)
                                        for x in intersections(rs, qcount, pool))
    length, length_u = rs.length[pool], rs.length_u[pool]
    min_cov = rs.min_cov[pool]
    # Step 1, on sets.
    ok = ((high_u > 0) & (high_u >= rs.min_high_u[pool]) & (inter_u >= rs.min_len_u[pool])
          & ((min_cov == 0) | (inter_u / length_u >= min_cov)))
    keep = np.flatnonzero(ok)
    if not len(keep):
        return pool[:0]
    if len(keep) > top * STEP_ONE:  # (a pool no larger is all kept: no need to rank it)
        keys = _vectors(inter_u[keep], qset_len, length_u[keep])
        keep = keep[_order(keys, pool[keep])][: top * STEP_ONE]
    # Step 2, on multisets.
    sub = pool[keep]
    ok = ((high_m[keep] > 0) & (high_m[keep] >= rs.min_high[sub])
          & (inter_m[keep] >= rs.min_len[sub])
          & ((min_cov[keep] == 0) | (inter_m[keep] / length[keep] >= min_cov[keep])))
    keep = keep[ok]
    if not len(keep):
        return pool[:0]
    keys = _vectors(inter_m[keep], qmset_len, length[keep])
    order = _order(keys, pool[keep])
    keep, keys = keep[order], [k[order] for k in keys]
    # filter_dupes: of the rules of one licence expression and length with the same
    # rounded scores, the first (the best) only. The group as one integer: expression,
    # length, highly resemblant, then the three rounded scores in tenths.
    group = rs.expression[pool[keep]] * (1 << 15) + length[keep].astype(np.int64)
    group = group * 2 + keys[0]
    for k, bits in zip(keys[1:4], (4, 4, 14), strict=True):  # 0-10, 0-10, < 2**14 tenths
        group = (group << bits) + np.rint(k * 10).astype(np.int64)
    first = np.unique(group, return_index=True)[1]
    first.sort()
    return pool[keep[first[:top]]]
