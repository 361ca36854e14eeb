"""Where an aligned match starts, as in ScanCode: whether a rule's opening words (its
title) a little before the body join the alignment.

ScanCode's aligner has no window: it takes the longest run of equal legalese words
of the whole query run and the rule (extended over any equal words), then the same on
the text and rule before it and after it, recursively, the earliest in the text on a
tie. So the rule's opening words are matched where the earliest of the longest
legalese runs they share with the text BEFORE the body is, anywhere in the query run:
a title whose only legalese word ("license") occurs earlier in the run is matched
there, far from the body, and stays out of the match (its words may then be exact
matches of their own); a title with a longer legalese run than any earlier place
("License Agreement"), or one that only earlier stray words reach within ScanCode's
merge distance, joins it. :func:`rehead` redoes the start of an alignment that way:
ScanCode's blocks on the text before the alignment's largest block and the rule
before it, chained to it while they are close enough (:mod:`.pieces`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

import numpy as np

from mofkit.licenses.detect.index import HIGH, Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.pieces import distance, legalese_blocks, max_dist
from mofkit.licenses.detect.query import Query

MAX_BOX = 400_000  # text × rule positions searched before an alignment's anchor, at most

Block = tuple[int, int, int]


def _start(blocks: list[Block], anchor: int, far: int) -> int:
    """Where the chain of ``blocks`` (sorted) that holds block ``anchor`` starts, the
    blocks joined while at most ``far`` apart on the text and on the rule."""
    k = anchor
    while k > 0:
        if max(distance(blocks[k - 1], blocks[k])) > far:
            break
        k -= 1
    return k


@lru_cache(maxsize=2048)
def _runs_to(idx: Index, rid: int) -> np.ndarray:
    """For each position of rule ``rid``: how many legalese words in a row end there."""
    flags = (np.frombuffer(idx.word_flags, dtype=np.uint8)[idx.rule_tokens(rid)] & HIGH) > 0
    count = np.cumsum(flags)
    last_reset = np.maximum.accumulate(np.where(flags, 0, count))
    return (count - last_reset).astype(np.int64)


def _longest_run(idx: Index, rid: int, j: int, n: int) -> int:
    """The longest run of legalese words in rule ``rid``'s positions ``[j, j + n)``."""
    ends = _runs_to(idx, rid)[j: j + n]
    return int(np.minimum(ends, np.arange(1, n + 1)).max()) if n else 0


def anchored(idx: Index, h: Hit) -> tuple[list[Block], list[int], int] | None:
    """Alignment ``h``'s blocks (query position, rule position, size), the longest run
    of legalese words in each, and which block is its anchor: the one with the longest
    run (the first on a tie), ScanCode's first pick. None if ``h`` has no blocks."""
    spans, rpos = h.extra.get("blocks"), h.extra.get("rule_blocks")
    if not spans or rpos is None:
        return None
    ours = [(qa, rb, n) for (qa, n), rb in zip(spans, rpos, strict=True)]
    runs = [_longest_run(idx, h.rid, b[1], b[2]) for b in ours]
    return ours, runs, max(range(len(ours)), key=lambda x: (runs[x], -x))


def rehead(idx: Index, q: Query, h: Hit, tokens: list[int] | None = None) -> Hit:
    """Alignment ``h`` with its start as ScanCode's aligner would find it on the query
    run it starts in: its block with the longest run of legalese words (ScanCode's
    first pick; the first on a tie) and ScanCode's blocks before it. ``tokens``: the
    query's tokens as the aligner sees them (``q.tokens`` if not given)."""
    got = anchored(idx, h) if h.matcher == "seq" else None
    if got is None:
        return h
    ours, _runs, k = got
    at = bisect_right(q.run_starts, ours[0][0]) - 1 if q.run_starts else 0
    lo = q.run_starts[at] if q.run_starts else 0
    while k > 0 and (ours[k][0] - lo) * ours[k][1] > MAX_BOX:
        k -= 1
    anchor = ours[k]
    if anchor[1] == 0 or anchor[0] <= lo or (anchor[0] - lo) * anchor[1] > MAX_BOX:
        return h
    found: list[Block] = []
    legalese_blocks(q.tokens if tokens is None else tokens,
                    idx.rule_tokens(h.rid).tolist(), idx.word_flags,
                    (lo, anchor[0], 0, anchor[1]), found)
    found.sort()
    chain = [*found, anchor]
    first = _start(chain, len(found), max_dist(h.rule_len))
    new = chain[first:-1] + ours[k:]
    if new == ours:
        return h
    matched = sum(n for _a, _b, n in new)
    extra = {**h.extra, "blocks": [(a, n) for a, _b, n in new],
             "rule_blocks": [b for _a, b, _n in new]}
    return replace(h, qstart=new[0][0], matched=matched, rule_matched=matched,
                   rstart=new[0][1], extra=extra)
