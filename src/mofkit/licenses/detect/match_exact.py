"""Stage 3: exact multi-pattern search of every rule's token sequence.

Every window of 1…``ANCHOR`` query tokens is packed into one integer (16 bits per
token id) and looked up, all at once, in the sorted keys of the rules of that
length (or of the first ``ANCHOR`` tokens of longer rules, which are then compared
in full). Overlaps are resolved longest first, then by relevance.
"""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect.index import ANCHOR, Index, pack
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query
from mofkit.licenses.detect.refine import phrase_broken


def match_exact(idx: Index, q: Query, covered: bytearray) -> list[Hit]:
    n = len(q)
    data, tokens, starts = q.data, idx.tokens, idx.starts
    qa = np.asarray(q.tokens, dtype=np.uint64)
    free = np.frombuffer(bytes(covered), dtype=np.uint8) == 0
    found: list[tuple[int, int, int]] = []  # (start, end, rid)
    for ln in range(1, ANCHOR + 1):
        if n < ln:
            break
        keys = idx.keys[ln]
        if not len(keys):
            continue
        qk = pack(qa, ln)
        lo = np.searchsorted(keys, qk, side="left")
        hi = np.searchsorted(keys, qk, side="right")
        pos = np.flatnonzero((hi > lo) & free[: len(qk)])
        if not len(pos):
            continue
        rids = idx.key_rids[ln]
        for i, a, b in zip(pos.tolist(), lo[pos].tolist(), hi[pos].tolist(), strict=True):
            if ln < ANCHOR:
                found.extend((i, i + ln, rid) for rid in rids[a:b].tolist())
                continue
            o = 2 * i
            for rid in rids[a:b].tolist():
                s, e = 2 * starts[rid], 2 * starts[rid + 1]
                if data.startswith(tokens[s:e], o):
                    found.append((i, i + (e - s) // 2, rid))
    # Matches whose must-be-whole phrase is interrupted by unknown words go before
    # overlaps are resolved, so that a shorter rule can still match there.
    found = [f for f in found if not (idx.continuous[f[2]] or f[2] in idx.required)
             or not phrase_broken(idx, q, *f)]
    if not found:
        return []
    rel = idx.relevance
    found.sort(key=lambda f: (f[0] - f[1], -rel[f[2]], f[0]))
    taken = bytearray(covered)
    hits: list[Hit] = []
    for s, e, rid in found:
        if taken.count(1, s, e):
            continue
        taken[s:e] = b"\x01" * (e - s)
        ln = e - s
        hits.append(Hit(rid, s, e, ln, ln, ln, "exact"))
    return hits
