"""Stage 4: which rules to align on an unmatched stretch, best first.

Candidates come from the rarer words (postings built with the index): a rule is
a candidate when most of its rare words occur in the stretch (at least
``idx.min_rare``, :data:`~mofkit.licenses.detect.thresholds.MIN_CONTAINMENT` of
them), ranked first on rare-word sets, then on word bigrams. Only the rules
ScanCode's ``compute_candidates`` would rank in its top ``RUN_CANDIDATES`` on a
query run the stretch overlaps are tried (:func:`run_candidates`: its set step
approximated on rare words, then its multiset step on all words, :mod:`.runrank`),
ranked on what the long licence texts matched exactly leave of the run (ScanCode takes
those out of the query first); where such texts were taken out, so are the rules most
like the whole text (:func:`near_duplicates`, ScanCode's near-duplicate pass, which
ranks on the text as read). :mod:`.takenout` puts these together for a stretch. Short
references and tags (``Index.small_refs``), which ScanCode aligns like any rule, are
ranked with the others per query run, as ScanCode ranks them, and tried on a stretch
holding all their legalese words (ScanCode's thresholds for a small rule) besides the
other rules (:data:`TOP_SMALL`). A
stretch's words are counted for the rules allowed only, rule by rule
(:func:`shared_counts`); a query run's are counted for every rule, word by word
(:func:`rare_counts`).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import numpy as np

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.runrank import intersections, rank, rule_sets
from mofkit.licenses.detect.seqblocks import legalese_flags

PRE_CANDIDATES = 40
TOP_CANDIDATES = 6
TOP_SMALL = 1  # short references (Index.small_refs) tried on a stretch besides those
RUN_CANDIDATES = 70  # rules ScanCode ranks per query run (its MAX_CANDIDATES); others not tried
NEAR_DUPLICATES = 10  # highly resemblant rules ScanCode aligns on the whole text first
NEAR_DUPLICATE = 0.8  # ... resemblance
PRE_NEAR_DUPLICATE = 0.5  # ... first on rare words
PART_OF_RULE = 0.9  # ... but for rules holding this much of a run's rare words
PRE_RANK = 10  # times RUN_CANDIDATES ranked on all words (ScanCode's step one keeps 10x)


# Limits on the rare words a rule needs (its ``min_rare``) up to which a stretch's rules
# are counted: about 2**(k/2), so that a stretch of n distinct words reads the postings of
# the rules needing at most 1.4 n of them (the others cannot be candidates there).
LEVELS = sorted({int(np.ceil(2 ** (k / 2))) for k in range(33)})


# A stretch's distinct words, and for each rule how many of its rare words it holds
# (exact for the rules that can be candidates there: see rare_counts).
RareCounts = tuple[np.ndarray, np.ndarray]


def cap_tables(idx: Index) -> dict[str, np.ndarray]:
    """The postings with each word's rules in increasing ``min_rare`` (``post_data``,
    the order the shipped index holds them in), and per level of :data:`LEVELS` and
    word, how many more of its rules need at most that level than at most the level
    before (``cap_cut``, a row per level): one sort of the postings, which the index
    build makes."""
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
    data = (key & np.uint64(0xFFFF)).astype("<u2")
    key >>= np.uint64(16)  # word << 16 | min_rare
    words = np.arange(len(idx.vocab), dtype=np.uint64) << np.uint64(16)
    cut = np.stack([np.searchsorted(key, words + np.uint64(min(limit, 0xFFFF)), side="right")
                    for limit in LEVELS]) - idx.post_offsets[:-1]
    # (a word's rules are fewer than 2**16: rare words are in at most a fifth of them)
    return {"post_data": data, "cap_cut": np.diff(cut, axis=0, prepend=0).astype("<u2").ravel()}


@lru_cache(maxsize=4)
def _capped(idx: Index) -> tuple[np.ndarray, np.ndarray]:
    """:func:`cap_tables` of the index (the shipped index holds them: its postings are
    in that order), the cuts as int64 offsets in the postings, a row per level."""
    tables = idx.derived if "cap_cut" in idx.derived else cap_tables(idx)
    data = idx.post_data if "cap_cut" in idx.derived else tables["post_data"]
    steps = tables["cap_cut"].astype(np.int64).reshape(len(LEVELS), -1)
    return data.astype(np.uint16), np.cumsum(steps, axis=0) + idx.post_offsets[:-1]


def _seen(idx: Index, arr: np.ndarray) -> np.ndarray:
    """Which words of the vocabulary ``arr`` holds (unknown words, id 0, left out)."""
    seen = np.zeros(len(idx.vocab), dtype=bool)
    seen[arr] = True
    seen[0] = False
    return seen


def _n_rare(idx: Index, ids: np.ndarray) -> float:
    """How many of the distinct words ``ids`` are rare (have postings)."""
    return float(np.count_nonzero(idx.post_offsets[ids + 1] > idx.post_offsets[ids]))


def _postings(data: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The rule ids ``data[lo[k]:hi[k]]`` for every k, all in one array."""
    keep = hi > lo
    parts = [data[a:b] for a, b in zip(lo[keep].tolist(), hi[keep].tolist(), strict=True)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint16)


def rare_counts(idx: Index, arr: np.ndarray) -> RareCounts:
    """How many of each rule's rare words are in ``arr`` (a count per rule: one
    ``bincount`` of the postings is cheaper than listing the rules, at any size).

    Exact for every rule that can be a candidate on ``arr``: one needing at most as
    many rare words as ``arr`` has distinct words. The postings of the rules needing
    more are read only up to the first of :data:`LEVELS` at or above that number, so
    those rules count fewer than they need."""
    data, cut = _capped(idx)
    ids = np.flatnonzero(_seen(idx, arr))
    lo, hi = idx.post_offsets[ids], cut[bisect_left(LEVELS, len(ids)), ids]
    return ids, np.bincount(_postings(data, lo, hi), minlength=len(idx))


@lru_cache(maxsize=4)
def _rule_words(idx: Index) -> tuple[np.ndarray, np.ndarray]:
    """The postings turned round: each rule's rare words (uint16, grouped by rule), and
    where each rule's words start (one more than the number of rules)."""
    key = np.repeat(np.arange(len(idx.vocab), dtype=np.uint32), np.diff(idx.post_offsets))
    key |= idx.post_data.astype(np.uint32) << np.uint32(16)
    key.sort()
    offsets = np.zeros(len(idx) + 1, dtype=np.int64)
    np.cumsum(np.bincount(idx.post_data, minlength=len(idx)), out=offsets[1:])
    return (key & np.uint32(0xFFFF)).astype(np.uint16), offsets


def shared_counts(idx: Index, arr: np.ndarray, rids: np.ndarray,
                  seen: np.ndarray | None = None) -> np.ndarray:
    """How many of the rare words of each rule of ``rids`` are in ``arr`` (whose words
    ``seen`` flags, if given): read rule by rule, which for a few hundred rules is far
    less than the postings of a long text's words (see :func:`rare_counts`)."""
    words, offsets = _rule_words(idx)
    if seen is None:
        seen = _seen(idx, arr)
    lo = offsets[rids]
    sizes = offsets[rids + 1] - lo
    # The rules' words gathered in one array (positions by repeat + arange: no Python
    # loop over the rules), and per rule a difference of the running count of the seen.
    ends = np.cumsum(sizes)
    total = int(ends[-1]) if len(ends) else 0
    at = np.repeat(lo - (ends - sizes), sizes) + np.arange(total)
    running = np.zeros(total + 1, dtype=np.int64)
    np.cumsum(seen[words[at]], out=running[1:])
    return running[ends] - running[ends - sizes]


def _triable(idx: Index, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rules the alignment may try, with their counts of shared rare words:
    those sharing at least ``idx.min_rare`` (MIN_CONTAINMENT of a rule's rare words,
    rounded up)."""
    rids = np.flatnonzero(counts >= idx.min_rare)
    return rids, counts[rids].astype(np.float64)


def _best(rids: np.ndarray, score: np.ndarray, n: int) -> np.ndarray:
    """The ``n`` rules of ``rids`` with the highest ``score`` (all if no more)."""
    if len(rids) <= n:
        return rids
    return rids[np.argpartition(-score, n)[:n]]


def candidates(idx: Index, arr: np.ndarray, allowed: np.ndarray | None = None,
               left: np.ndarray | None = None) -> list[tuple[float, int]]:
    """Rules most of whose words are in ``arr``, best first: (score, rule id).

    A first cut on rare-word sets (vectorised over all rules, or over the rules
    ``allowed``, a mask over the rules, flags if given) keeps ``PRE_CANDIDATES``;
    word-bigram sets then rank those, which tells apart texts that differ in a
    few words ("version 2" / "version 3"). ``left``: ``arr`` with the positions
    ScanCode took out blanked, if any: the rules that hold enough of ``arr`` are then
    ranked on ``left`` (as ScanCode ranks a query run's rules on what is left of it).
    Short references (``Index.small_refs``) are only kept where the stretch (and what
    is left of it) holds all their distinct legalese words, and are ranked apart: the
    ``TOP_CANDIDATES`` best other rules, and besides them the ``TOP_SMALL`` best short
    references (ScanCode aligns all its candidates of a run; a short one would
    otherwise rarely outscore the longer rules on word bigrams).
    """
    seen = _seen(idx, arr)
    if allowed is None:
        ids, counts = rare_counts(idx, arr)
        if not len(ids):
            return []
        rids, c = _triable(idx, counts)
    else:
        rids = np.flatnonzero(allowed)
        shared = shared_counts(idx, arr, rids, seen)
        keep = shared >= idx.min_rare[rids]
        rids, c = rids[keep], shared[keep].astype(np.float64)
    held = _held(idx, seen, rids)
    rids, c = rids[held], c[held]
    if not len(rids):
        return []
    if left is not None:
        arr = left
        rids = rids[_held(idx, _seen(idx, arr), rids)]
        if not len(rids):
            return []
        c = shared_counts(idx, arr, rids).astype(np.float64)
    score = c * c / idx.rare_count[rids]
    small = idx.small_refs[rids]
    if len(rids) > PRE_CANDIDATES:
        rids = np.concatenate([_best(rids[group], score[group], PRE_CANDIDATES)
                               for group in (~small, small)])
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
    order = np.argsort(-score2, kind="stable")
    small = idx.small_refs[rids][order]
    order = order[np.sort(np.concatenate((np.flatnonzero(~small)[:TOP_CANDIDATES],
                                          np.flatnonzero(small)[:TOP_SMALL])))]
    return [(float(score2[k]), rid_list[k]) for k in order]


def run_candidates(idx: Index, arr: np.ndarray, top: int = RUN_CANDIDATES,
                   left: np.ndarray | None = None) -> np.ndarray:
    """The ids of the ``top`` rules ScanCode's ``compute_candidates`` ranks first for
    the query run ``arr``.

    Its scores vector, compared rounded: highly resemblant (resemblance >= 0.8), then
    containment (of the rule's words in the run), squared resemblance, matched words
    / 20, then matched words unrounded. Rules fully in a short run rank before a long
    rule only partly there, which ScanCode then never tries on that run. Ranked first
    on distinct rare words (ScanCode's set step, approximated), the first ``PRE_RANK``
    × ``top`` then as ScanCode's set and multiset steps rank them on all words
    (:func:`.runrank.rank`): a long notice all in the run rounds to containment 1.0
    there and wins on size over the short rules the run holds whole. With fewer than
    ``top`` candidates (short references not counted), all are kept. Short references
    (``Index.small_refs``) are ranked with the others, as ScanCode ranks them.
    ``left``: the run with the positions ScanCode
    took out blanked (long texts matched exactly), if any: the rules the run may hold
    are ranked on what is left, always on ScanCode's thresholds, however few (what is
    left of a run is often a short part of it, where those thresholds decide).
    """
    ids, counts = rare_counts(idx, arr)
    rids, c = _triable(idx, counts)
    if left is not None:
        ids, counts = rare_counts(idx, left)
        c = counts[rids].astype(np.float64)
        # The rules needing more rare words than the left words can hold were counted
        # short there (see rare_counts): count those rule by rule.
        short = idx.min_rare[rids] > LEVELS[bisect_left(LEVELS, len(ids))]
        if short.any():
            c[short] = shared_counts(idx, left, rids[short])
        rids, c = rids[c > 0], c[c > 0]
    small = idx.small_refs[rids]
    if left is None and len(rids) - np.count_nonzero(small) <= top:
        # The other rules all fit: all are kept, and so are the short references (a
        # stretch tries only those holding all their legalese words: see candidates);
        # ranking the run only to choose among them cost 2-3% CPU on dev, no file.
        return rids
    qlen = _n_rare(idx, ids)
    rc = idx.rare_count[rids]
    res = c / np.maximum(qlen + rc - c, 1.0)
    resemblant = (np.round(res, 1) >= 0.8).astype(np.int8)
    order = np.lexsort((-c, -np.round(c / 20, 1), -np.round(res * res, 1),
                        -np.round(c / rc, 1), -resemblant))
    ranked = rank(idx, arr if left is None else left, rids[order[: PRE_RANK * top]], top)
    # ... and, beyond ScanCode, the rules holding nearly all the run's rare words: a
    # run that is a cut-down copy of a long licence (a model licence's first half)
    # ranks that licence below its fully contained parts, yet is a partial copy of it.
    return np.union1d(ranked, rids[(c >= PART_OF_RULE * qlen) & ~small])


@lru_cache(maxsize=4)
def _small_legalese(idx: Index) -> np.ndarray:
    """Per rule, its distinct legalese words if it is a short reference
    (Index.small_refs), padded with word 0: a row per rule (empty for the others), as
    many columns as a short reference has words at most."""
    rids = np.flatnonzero(idx.small_refs)
    lens = idx.rule_lens[rids]
    rule = np.repeat(rids, lens)
    first = np.frombuffer(idx.starts, dtype=np.uint32)[rids].astype(np.int64)
    at = np.repeat(first - np.cumsum(lens) + lens, lens) + np.arange(len(rule))
    tok = np.frombuffer(idx.tokens, dtype="<u2")[at].astype(np.int64)
    keep = legalese_flags(idx)[tok] > 0
    key = np.unique((rule[keep] << 16) | tok[keep])
    rule, tok = key >> 16, key & 0xFFFF
    col = np.arange(len(key)) - np.searchsorted(rule, rule)  # rank within its rule
    table = np.zeros((len(idx), int(lens.max(initial=1))), dtype=np.uint16)
    table[rule, col] = tok
    return table


def _held(idx: Index, seen: np.ndarray, rids: np.ndarray) -> np.ndarray:
    """Which rules of ``rids`` a stretch whose words ``seen`` flags (a mask over the
    vocabulary) may hold: all but the short references (Index.small_refs) some of whose
    distinct legalese words it lacks (ScanCode's thresholds for a rule under 20 words,
    ``min_high_matched_length_unique``, ask for all of them)."""
    held = np.ones(len(rids), dtype=bool)
    small = idx.small_refs[rids]
    if small.any():
        unknown = seen[0]
        seen[0] = True  # the padding
        held[small] = seen[_small_legalese(idx)[rids[small]]].all(axis=1)
        seen[0] = unknown
    return held


def near_duplicates(idx: Index, arr: np.ndarray, top: int = NEAR_DUPLICATES) -> np.ndarray:
    """The ids of the rules ScanCode first aligns on the whole text ``arr`` (its
    near-duplicate candidates): its ``top`` best ranked rules whose resemblance to the
    text is at least ``NEAR_DUPLICATE``, on the sets of their distinct words and on
    their word counts. Only rules about as long as the text can be (a resemblance of
    NEAR_DUPLICATE on word counts needs m / n within [r, 1 / r]), so only those are
    counted, rule by rule, and those sharing too few rare words are not compared."""
    n = len(arr)
    lens = idx.rule_lens
    rids = np.flatnonzero((lens >= NEAR_DUPLICATE * n) & (lens * NEAR_DUPLICATE <= n)
                          & idx.seq_eligible)
    if not len(rids) or not n:
        return rids
    qlen = _n_rare(idx, np.flatnonzero(_seen(idx, arr)))
    # The resemblance on rare words is at most min / max of the two counts of rare
    # words: the rules that cannot reach PRE_NEAR_DUPLICATE are not counted.
    rc = idx.rare_count[rids]
    rids = rids[np.minimum(rc, qlen) >= PRE_NEAR_DUPLICATE * np.maximum(rc, qlen)]
    if not len(rids):
        return rids
    c = shared_counts(idx, arr, rids)
    keep = c >= idx.min_rare[rids]
    rids, c = rids[keep], c[keep].astype(np.float64)
    res = c / np.maximum(qlen + idx.rare_count[rids] - c, 1.0)
    rids = rids[res >= PRE_NEAR_DUPLICATE]
    if not len(rids):
        return rids
    qcount = np.bincount(arr, minlength=len(idx.vocab))
    n_words = int(np.count_nonzero(qcount))
    rs = rule_sets(idx)
    inter_s, _high_s, inter_m, _high_m = intersections(rs, qcount.astype(np.int32), rids)
    n_u, m = rs.length_u[rids], rs.length[rids]
    res_m = inter_m / (n + m - inter_m)
    ok = (inter_s >= NEAR_DUPLICATE * (n_words + n_u - inter_s)) & (res_m >= NEAR_DUPLICATE)
    rids, inter_m, res_m, m = rids[ok], inter_m[ok], res_m[ok], m[ok]
    cont = inter_m / m
    keys = [(round(c, 1), round(r * r, 1), round(i / 20, 1), c, r * r, i) for c, r, i in
            zip(cont.tolist(), res_m.tolist(), inter_m.tolist(), strict=True)]
    order = sorted(range(len(keys)), key=keys.__getitem__, reverse=True)[:top]
    return rids[order].astype(np.int64)


@lru_cache(maxsize=16384)
def _bigrams(idx: Index, rid: int) -> np.ndarray:
    """A rule's distinct token bigrams as sorted ``a << 16 | b`` keys."""
    t = np.frombuffer(idx.rule_bytes(rid), dtype="<u2").astype(np.uint32)
    keys = np.sort((t[:-1] << 16) | t[1:])
    if len(keys) < 2:
        return keys
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
