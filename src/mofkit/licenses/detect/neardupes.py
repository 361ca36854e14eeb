"""What ScanCode's near-duplicate pass takes out of the query.

ScanCode aligns its near-duplicate candidates (the rules most like the whole text:
:func:`.candidates.near_duplicates`) on the whole text first and subtracts the words
of every match they give, however small (a block of two words, one legalese word),
before it aligns each query run: a later alignment of another rule cannot use those
words. A text that is mostly a long licence (the GPL) loses there the words of a notice
above it that the licence's own appendix repeats, and an alignment of a rule joining
that notice to another one falls short of its required phrases and goes, where the
exact matches (made before) stay. :func:`near_matched` finds those words with ScanCode's
blocks (:func:`.pieces.legalese_blocks`); :func:`survives` checks an alignment on what
is left of it. The alignment itself still sees every word (blanking the words taken
out before aligning lost more than it won).
"""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect.index import HIGH, Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.pieces import legalese_blocks
from mofkit.licenses.detect.query import Query


def near_matched(idx: Index, q: Query, rids: np.ndarray) -> np.ndarray:
    """The positions of ``q`` the near-duplicate rules ``rids`` match, as ScanCode's
    ``match_sequence`` on the whole text finds them (its blocks, then again after the
    last one, until none)."""
    flags = np.frombuffer(idx.word_flags, dtype=np.uint8)
    out = np.zeros(len(q), dtype=bool)
    a = q.tokens
    for rid in rids.tolist():
        b = idx.rule_tokens(rid).tolist()
        start = 0
        while start < len(a):
            found: list[tuple[int, int, int]] = []
            legalese_blocks(a, b, idx.word_flags, (start, len(a), 0, len(b)), found)
            if not found:
                break
            for i, _j, k in found:
                if k > 1 or flags[a[i]] & HIGH:
                    out[i: i + k] = True
            start = max(i + k for i, _j, k in found)
    return out


def survives(idx: Index, h: Hit, taken: np.ndarray) -> bool:
    """Whether alignment ``h`` still holds its required phrases and its minimum coverage
    without the words ``taken`` out."""
    spans, rpos = h.extra.get("blocks"), h.extra.get("rule_blocks")
    if not spans or rpos is None:
        return True
    got = bytearray(h.rule_len)
    n = 0
    for (qs, size), rs in zip(spans, rpos, strict=True):
        for d in range(size):
            if not taken[qs + d]:
                got[rs + d] = 1
                n += 1
    if n == h.matched:
        return True
    for s, e in idx.required.get(h.rid, ()):
        if not all(got[s:e]):
            return False
    return n * 100 >= idx.min_cov[h.rid] * h.rule_len
