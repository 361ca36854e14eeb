"""Where one aligned match of a rule ends and the next begins, as in ScanCode.

ScanCode's aligner (its ``match_blocks``) makes each matching block of a text and a
rule a match of its own, and ``merge_matches`` joins consecutive ones of the same rule
only while they are at most ``min(rule length // 2, MAX_DIST)`` apart on the text AND
on the rule (touching spans are 1 apart). Its blocks are seeded on legalese words and
extended over any equal words, so a run of ordinary words alone is no block (it cannot
join two pieces), but one legalese word that both sides share is (it can bridge a
reworded stretch). :func:`pieces` cuts :mod:`.match_seq`'s blocks where ScanCode's
matches would part: the blocks with no legalese word only count inside a piece, and a
gap too wide is first searched, as ScanCode's matcher would, for shared legalese runs
that bridge it.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

import numpy as np

from mofkit.licenses.detect.index import HIGH, Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query
from mofkit.licenses.detect.seqblocks import legalese_seeds, rule_postings, sc_blocks
from mofkit.licenses.detect.thresholds import SMALL_RULE

MAX_DIST = 50  # ScanCode's MAX_DIST: the widest gap between two pieces of one match
MAX_BOX = 200_000  # text × rule positions of a gap searched for legalese, at most

Block = tuple[int, int, int]


def max_dist(rule_len: int) -> int:
    """ScanCode's ``max_rule_side_dist``: how far apart two pieces of a match of a rule
    ``rule_len`` tokens long may be, on either side."""
    return min(rule_len // 2 or 1, MAX_DIST)


def distance(a: Block, b: Block) -> tuple[int, int]:
    """ScanCode's distance from block ``a`` to the later block ``b``, on the text and
    on the rule: 1 when they touch."""
    return b[0] - a[0] - a[2] + 1, b[1] - a[1] - a[2] + 1


@lru_cache(maxsize=2048)
def _rule_high(idx: Index, rid: int) -> np.ndarray:
    """How many legalese tokens rule ``rid`` holds before each position (one more
    entry than the rule has tokens)."""
    flags = np.frombuffer(idx.word_flags, dtype=np.uint8)
    tok = np.asarray(idx.rule_tokens(rid), dtype=np.int64)
    return np.concatenate(([0], np.cumsum(flags[tok] & HIGH)))


def legalese_blocks(a: list[int], b: list[int], flags: bytes, box: tuple[int, int, int, int],
                    out: list[Block]) -> None:
    """ScanCode's ``match_blocks`` on ``a[alo:ahi]`` and ``b[blo:bhi]`` (``box``): the
    longest run of equal legalese tokens (``flags``, per token id), earliest first,
    extended over any equal tokens on both ends; then the same left and right of it
    (:func:`.seqblocks.sc_blocks`, keeping every block, as ScanCode). Appends the
    blocks to ``out``."""
    alo, ahi, blo, bhi = box
    if alo >= ahi or blo >= bhi:
        return
    fl = _legalese(flags)
    ta = np.asarray(a[alo:ahi], dtype=np.int64)
    tb = np.asarray(b[blo:bhi], dtype=np.int64)
    seeds = legalese_seeds(ta, fl, *rule_postings(tb, fl), len(tb))
    out.extend((i + alo, j + blo, k) for i, j, k in
               sc_blocks(ta.tolist(), tb.tolist(), seeds, min_block=1, collapse=False))


@lru_cache(maxsize=4)
def _legalese(flags: bytes) -> np.ndarray:
    """Per token id: 1 for legalese (``flags``: the index's word flags), else 0."""
    return (np.frombuffer(flags, dtype=np.uint8) & HIGH).astype(np.int64)


def _bridged(a: list[int], b: list[int], flags: bytes, p: Block, c: Block, far: int) -> bool:
    """Whether the legalese runs ScanCode's matcher finds between blocks ``p`` and
    ``c`` chain them with no gap wider than ``far``."""
    box = (p[0] + p[2], c[0], p[1] + p[2], c[1])
    if (box[1] - box[0]) * (box[3] - box[2]) > MAX_BOX:
        return False
    found: list[Block] = []
    legalese_blocks(a, b, flags, box, found)
    chain = [p, *sorted(found), c]
    return all(max(distance(x, y)) <= far for x, y in pairwise(chain))


def pieces(idx: Index, rid: int, a: list[int], b: list[int], found: list[Block], lo: int,
           hi: int) -> list[tuple[int, int]]:
    """The pieces ScanCode would make of the alignment ``found[lo:hi]`` (blocks of text
    ``a`` and of rule ``rid``'s tokens ``b``, increasing): ``(lo, hi)`` ranges of
    ``found``. It is cut between two blocks holding legalese words that are too far
    apart; the blocks without legalese between them (no blocks for ScanCode) go."""
    hc = _rule_high(idx, rid)
    seen = [k for k in range(lo, hi) if hc[found[k][1] + found[k][2]] > hc[found[k][1]]]
    far = max_dist(len(b))
    out: list[tuple[int, int]] = []
    start = lo
    for k0, k1 in pairwise(seen):
        p, c = found[k0], found[k1]
        if max(distance(p, c)) > far and not _bridged(a, b, idx.word_flags, p, c, far):
            out.append((start, k0 + 1))
            start = k1
    out.append((start, hi))
    return out


def piece_acceptable(idx: Index, q: object, h: Hit) -> bool:
    """ScanCode's thresholds for a match of rule ``h.rid`` (its ``is_small``, minimum
    coverage and spurious-match filters): what a piece of an alignment whose largest
    piece was kept must pass."""
    assert isinstance(q, Query)
    rid, length = h.rid, h.rule_len
    high_len = int(idx.high_lens[rid])
    min_cov = idx.min_cov[rid]
    if min_cov == 100 or length < 10:
        return False  # matched whole or not at all
    if length < 30:
        min_len, min_high, min_cov = length // 2, min(high_len, 3), max(min_cov, 50)
    elif length < 200:
        min_len, min_high = 4, min(high_len, 3)
    else:
        min_len, min_high = length // 10, high_len // 10
    if h.coverage * 100 < min_cov or h.rule_matched < min_len:
        return False
    if length < SMALL_RULE and h.coverage < 0.8:
        return False
    hc = _rule_high(idx, rid)
    hilen = sum(int(hc[j + n] - hc[j]) for j, (_qa, n) in
                zip(h.extra["rule_blocks"], h.extra["blocks"], strict=True))
    if hilen < min_high:
        return False
    idens = h.rule_matched / max(1, h.rend - h.rstart)
    return h.density >= 0.4 and idens >= 0.4
