"""Stages 4–5: rank candidate rules for the unmatched stretches, then align.

Candidates come from the rarer words (postings built with the index): a rule
is a candidate when most of its rare words occur in the stretch. Each candidate
is aligned with the stretch on token ids (``difflib`` longest-common-block
alignment, on a window where the rule's words are densest), the aligned blocks
are chained while the gaps stay small, and the best chain becomes a match. The
stretch minus the match is searched again until nothing more matches.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from itertools import pairwise

import numpy as np

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query

MIN_REGION = 4  # tokens
MIN_RULE_LEN = 6  # shorter rules only match exactly (ScanCode's "tiny" rules)
SMALL_RULE = 15  # shorter rules need 80% coverage; short references only match exactly
MIN_HIGH = 3  # legalese tokens an alignment must hold (fewer if the rule has fewer)
PRE_CANDIDATES = 40
TOP_CANDIDATES = 6
MIN_CONTAINMENT = 0.5
GAP_PENALTY = 0.5
MAX_INSERT = 20  # words of the text inserted inside a licence (a copyright line, a name)
MAX_ROUNDS = 200
SEED_JUMP = 20  # a seed further ahead in the rule than this ...
LONG_RUN = 8  # ... must start a run at least this long

Block = tuple[int, int, int]


def _regions(covered: bytearray, lo: int, hi: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        while i < hi and covered[i]:
            i += 1
        j = i
        while j < hi and not covered[j]:
            j += 1
        if j - i >= MIN_REGION:
            out.append((i, j))
        i = j
    return out


def candidates(idx: Index, arr: np.ndarray) -> list[tuple[float, int]]:
    """Rules most of whose words are in ``arr``, best first: (score, rule id).

    A first cut on rare-word sets (vectorised over all rules) keeps
    ``PRE_CANDIDATES``; word-bigram sets then rank those, which tells apart
    texts that differ in a few words ("version 2" / "version 3").
    """
    ids = np.unique(arr)
    ids = ids[ids > 0]
    if not len(ids):
        return []
    lo, hi = idx.post_offsets[ids], idx.post_offsets[ids + 1]
    keep = hi > lo
    parts = [idx.post_data[a:b] for a, b in zip(lo[keep].tolist(), hi[keep].tolist(),
                                                 strict=True)]
    if not parts:
        return []
    counts = np.bincount(np.concatenate(parts), minlength=len(idx)).astype(np.float64)
    ok = (counts >= MIN_CONTAINMENT * idx.rare_count) & idx.seq_eligible
    rids = np.flatnonzero(ok)
    if not len(rids):
        return []
    c = counts[rids]
    score = c * c / idx.rare_count[rids]
    if len(rids) > PRE_CANDIDATES:
        top = np.argpartition(-score, PRE_CANDIDATES)[:PRE_CANDIDATES]
        rids = rids[top]
    if len(arr) < 2:
        return []
    qbi = np.unique((arr[:-1] << 16) | arr[1:])
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


@lru_cache(maxsize=16384)
def _bigrams(idx: Index, rid: int) -> np.ndarray:
    """A rule's distinct token bigrams as sorted ``a << 16 | b`` keys."""
    t = np.frombuffer(idx.rule_bytes(rid), dtype="<u2").astype(np.int64)
    return np.unique((t[:-1] << 16) | t[1:])


@lru_cache(maxsize=2048)
def _grams(idx: Index, rid: int) -> tuple[list[int], dict[int, list[int]], np.ndarray]:
    """A rule's tokens, the positions of each of its token trigrams, its distinct tokens."""
    rule = list(idx.rule_tokens(rid))
    grams: dict[int, list[int]] = {}
    add = grams.setdefault
    for j, k in enumerate([(a << 32) | (b << 16) | c
                           for a, b, c in zip(rule, rule[1:], rule[2:], strict=False)]):
        add(k, []).append(j)
    return rule, grams, np.unique(np.asarray(rule, dtype=np.int64))


def blocks(a: list[int], rule: list[int], grams: dict[int, list[int]]) -> list[Block]:
    """Matching blocks ``(i, j, size)`` of ``a`` and ``rule``, both increasing.

    Greedy and linear: seed on a shared trigram at or after the expected rule
    position, extend the run, and jump past it. A seed far ahead of where the
    rule was expected must be a long run, so stray common phrases do not derail
    the alignment. Small equal-length gaps between blocks are compared token by
    token (substituted words such as names and years).
    """
    n, m = len(a), len(rule)
    out: list[Block] = []
    i = jexp = 0
    while i < n - 2:
        cands = grams.get((a[i] << 32) | (a[i + 1] << 16) | a[i + 2])
        if not cands:
            i += 1
            continue
        k = bisect_left(cands, jexp)
        if k == len(cands):
            i += 1
            continue
        j = cands[k]
        size = 3
        while i + size < n and j + size < m and a[i + size] == rule[j + size]:
            size += 1
        if j - jexp > SEED_JUMP and size < LONG_RUN:
            i += 1
            continue
        out.append((i, j, size))
        i += size
        jexp = j + size
    # Fill small substitution gaps position by position.
    filled: list[Block] = []
    for prev, nxt in pairwise(out):
        filled.append(prev)
        ga, gb = nxt[0] - prev[0] - prev[2], nxt[1] - prev[1] - prev[2]
        if 0 < ga <= 6 and 0 < gb <= 6:
            ia, jb = prev[0] + prev[2], prev[1] + prev[2]
            for d in range(min(ga, gb)):
                if a[ia + d] == rule[jb + d]:
                    filled.append((ia + d, jb + d, 1))
    if out:
        filled.append(out[-1])
    return filled


def _window(arr: np.ndarray, distinct: np.ndarray, m: int) -> tuple[int, int]:
    """The stretch of ``arr`` (about 1.5× the rule long) holding most rule words."""
    n = len(arr)
    width = int(m * 1.5) + 20
    if n <= width:
        return 0, n
    pos = np.flatnonzero(np.isin(arr, distinct, assume_unique=False))
    if not len(pos):
        return 0, 0
    ends = np.searchsorted(pos, pos + width, side="right")
    bi = int(np.argmax(ends - np.arange(len(pos))))
    start = max(0, int(pos[bi]) - 10)
    return start, min(n, start + width + 20)


def _inserted(a: Block, b: Block) -> bool:
    """Block ``b`` carries on the rule exactly where ``a`` stopped, after at most
    ``MAX_INSERT`` extra words of the text."""
    return b[1] == a[1] + a[2] and 0 < b[0] - a[0] - a[2] <= MAX_INSERT and min(a[2], b[2]) >= 3


def align(idx: Index, rid: int, toks: list[int], arr: np.ndarray, offset: int) -> Hit | None:
    rule, grams, distinct = _grams(idx, rid)
    m = len(rule)
    ws, we = _window(arr, distinct, m)
    if we - ws < MIN_REGION:
        return None
    found = blocks(toks[ws:we], rule, grams)
    if not found:
        return None
    # The best run of blocks: matched tokens minus a penalty for the gaps between
    # them (maximum-sum segment), so a reworded paragraph does not split a licence
    # in two but a stray common phrase far away does not stretch it.
    best: list[Block] = []
    span = (0, 0)
    best_w = 0.0
    cur_start, cur_w = 0, 0.0
    for k, b in enumerate(found):
        if k:
            prev = found[k - 1]
            gap = max(b[0] - prev[0] - prev[2], b[1] - prev[1] - prev[2])
            cur_w -= GAP_PENALTY * gap
        if cur_w <= 0:
            cur_start, cur_w = k, 0.0
        cur_w += b[2]
        if cur_w > best_w:
            best_w, best = cur_w, found[cur_start: k + 1]
            span = (cur_start, k + 1)
    # Words inserted in the text exactly between two contiguous stretches of the rule
    # (a copyright line between a licence's title and its body) do not cut it.
    lo, hi = span if best else (0, 0)
    while lo > 0 and _inserted(found[lo - 1], found[lo]):
        lo -= 1
    while 0 < hi < len(found) and _inserted(found[hi - 1], found[hi]):
        hi += 1
    best = found[lo:hi]
    # Trim single-token blocks at the edges (chance hits on common words).
    while len(best) > 1 and best[0][2] == 1:
        best = best[1:]
    while len(best) > 1 and best[-1][2] == 1:
        best = best[:-1]
    matched = sum(b[2] for b in best)
    req = idx.required.get(rid)
    if req:
        got = bytearray(m)
        for _a, start, size in best:
            got[start: start + size] = b"\x01" * size
        for s, e in req:
            if not all(got[s:e]):
                return None
    qs = offset + ws + best[0][0]
    qe = offset + ws + best[-1][0] + best[-1][2]
    spans = [(offset + ws + a, size) for a, _b, size in best]  # matched text stretches
    return Hit(rid, qs, qe, matched, m, matched, "seq", extra={"blocks": spans},
               rstart=best[0][1],
               rend=best[-1][1] + best[-1][2])


def acceptable(idx: Index, q: Query, h: Hit) -> bool:
    """ScanCode's thresholds for an aligned match (the rule's minimum coverage; 80%
    of a small rule; a few legalese words), then mofkit's own on density and size."""
    cov = h.coverage
    if cov * 100 < idx.min_cov[h.rid]:
        return False
    if h.rule_len < SMALL_RULE and cov < 0.8:
        return False
    if sum(q.high[h.qstart: h.qend]) < min(MIN_HIGH, int(idx.high_lens[h.rid])):
        return False
    if h.density < 0.7:
        return False
    if cov >= 0.8:
        return h.matched >= 4
    if h.matched >= 60 and cov >= 0.3:
        return True
    return h.matched >= 20 and cov >= 0.6


def match_seq(idx: Index, q: Query, covered: bytearray) -> list[Hit]:
    hits: list[Hit] = []
    todo = _regions(covered, 0, len(q))
    rounds = 0
    while todo and rounds < MAX_ROUNDS:
        lo, hi = todo.pop()
        toks = q.tokens[lo:hi]
        n_known = len(toks) - toks.count(0)
        if n_known < MIN_REGION or not any(q.high[lo:hi]):
            continue  # too short, or no legalese to explain
        rounds += 1
        best: Hit | None = None
        best_key = (0.0, 0.0)
        arr = np.asarray(toks, dtype=np.int64)
        for _score, rid in candidates(idx, arr):
            if min(int(idx.rule_lens[rid]), n_known) < best_key[0]:
                continue  # cannot beat the best match so far
            h = align(idx, rid, toks, arr, lo)
            if h is None or not acceptable(idx, q, h):
                continue
            key = (round(h.matched * h.coverage, 1), h.coverage)
            if key > best_key:
                best, best_key = h, key
        if best is None:
            continue
        hits.append(best)
        covered[best.qstart: best.qend] = b"\x01" * best.span
        todo.extend(_regions(covered, lo, hi))
    return hits
