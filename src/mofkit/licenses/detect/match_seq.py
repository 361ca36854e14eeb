"""Stages 4–5: rank candidate rules for the unmatched stretches, then align.

Candidates come from the rarer words (postings built with the index): a rule
is a candidate when most of its rare words occur in the stretch. Each candidate
is aligned with the stretch on token ids (``difflib`` longest-common-block
alignment, on a window where the rule's words are densest), the aligned blocks
are chained while the gaps stay small, and the best chain becomes a match. The
stretch minus the match is searched again until nothing more matches.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter
from difflib import SequenceMatcher
from itertools import pairwise

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query

MIN_REGION = 4  # tokens
MIN_RULE_LEN = 6  # shorter rules only match exactly
TOP_CANDIDATES = 8
MIN_CONTAINMENT = 0.5
MAX_GAP = 25
MAX_ROUNDS = 200


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


def candidates(idx: Index, toks: list[int]) -> list[tuple[float, int]]:
    postings = idx.postings
    counts: Counter[int] = Counter()
    for t in set(toks):
        p = postings.get(t)
        if p is not None:
            a = array("H")
            a.frombytes(p)
            counts.update(a)
    if not counts:
        return []
    rare, starts, cont = idx.rare_count, idx.starts, idx.continuous
    scored: list[tuple[float, int]] = []
    for rid, c in counts.items():
        rc = rare[rid]
        if c < MIN_CONTAINMENT * rc or cont[rid]:
            continue
        if starts[rid + 1] - starts[rid] < MIN_RULE_LEN:
            continue
        scored.append((c * c / rc, rid))
    return heapq.nlargest(TOP_CANDIDATES, scored)


def _window(toks: list[int], rule: list[int]) -> tuple[int, int]:
    """The stretch of ``toks`` (about 1.5× the rule long) holding most rule words."""
    n, m = len(toks), len(rule)
    width = int(m * 1.5) + 20
    if n <= width:
        return 0, n
    rs = set(rule)
    pos = [i for i, t in enumerate(toks) if t in rs]
    if not pos:
        return 0, 0
    best, bi, j = 0, 0, 0
    for i in range(len(pos)):
        while pos[i] - pos[j] > width:
            j += 1
        if i - j + 1 > best:
            best, bi = i - j + 1, j
    start = max(0, pos[bi] - 10)
    return start, min(n, start + width + 20)


def align(idx: Index, rid: int, toks: list[int], offset: int) -> Hit | None:
    rule = list(idx.rule_tokens(rid))
    m = len(rule)
    ws, we = _window(toks, rule)
    if we - ws < MIN_REGION:
        return None
    sm = SequenceMatcher(None, toks[ws:we], rule, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    if not blocks:
        return None
    # Chain blocks while the gaps on both sides stay small; keep the heaviest chain.
    best: list = []
    best_w = 0
    chain = [blocks[0]]
    for prev, b in pairwise(blocks):
        if b.a - (prev.a + prev.size) <= MAX_GAP and b.b - (prev.b + prev.size) <= MAX_GAP:
            chain.append(b)
        else:
            w = sum(x.size for x in chain)
            if w > best_w:
                best, best_w = chain, w
            chain = [b]
    w = sum(x.size for x in chain)
    if w > best_w:
        best, best_w = chain, w
    # Trim single-token blocks at the edges (chance hits on common words).
    while len(best) > 1 and best[0].size == 1:
        best_w -= 1
        best = best[1:]
    while len(best) > 1 and best[-1].size == 1:
        best_w -= 1
        best = best[:-1]
    req = idx.required.get(rid)
    if req:
        got = bytearray(m)
        for b in best:
            got[b.b: b.b + b.size] = b"\x01" * b.size
        for s, e in req:
            if not all(got[s:e]):
                return None
    qs = offset + ws + best[0].a
    qe = offset + ws + best[-1].a + best[-1].size
    return Hit(rid, qs, qe, best_w, m, best_w, "seq", extra={"rstart": best[0].b})


def acceptable(idx: Index, h: Hit) -> bool:
    cov = h.coverage
    if cov * 100 < idx.min_cov[h.rid]:
        return False
    if h.density < 0.6:
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
        if sum(1 for t in toks if t) < MIN_REGION:
            continue
        rounds += 1
        best: Hit | None = None
        best_key = (0.0, 0.0)
        for _score, rid in candidates(idx, toks):
            h = align(idx, rid, toks, lo)
            if h is None or not acceptable(idx, h):
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
