"""Stage 3: exact multi-pattern search of every rule's token sequence.

Rules of ``ANCHOR`` tokens or more are looked up by their first ``ANCHOR`` token
ids at each query position and then compared in full; shorter rules are looked
up whole, one dict probe per length. Overlaps are resolved longest first.
"""

from __future__ import annotations

from mofkit.licenses.detect.index import ANCHOR, Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query


def match_exact(idx: Index, q: Query, covered: bytearray) -> list[Hit]:
    data = q.data
    n = len(q)
    anchors, short, prefixes = idx.anchors, idx.short, idx.short_prefixes
    top = max(idx.short_lengths, default=0)
    qt = q.tokens
    starts, tokens = idx.starts, idx.tokens
    found: list[tuple[int, int, int]] = []  # (start, end, rid)
    for i in range(n):
        if covered[i] or not qt[i]:
            continue
        o = 2 * i
        rids = anchors.get(data[o: o + 2 * ANCHOR])
        if rids:
            for rid in rids:
                s, e = 2 * starts[rid], 2 * starts[rid + 1]
                if data.startswith(tokens[s:e], o):
                    found.append((i, i + (e - s) // 2, rid))
        for ln in range(1, min(top, n - i) + 1):
            key = data[o: o + 2 * ln]
            if key not in prefixes:
                break
            rids = short.get(key)
            if rids:
                found.extend((i, i + ln, rid) for rid in rids)
    if not found:
        return []
    rel = idx.relevance
    found.sort(key=lambda f: (f[0] - f[1], -rel[f[2]], f[0]))
    taken = bytearray(covered)
    hits: list[Hit] = []
    for s, e, rid in found:
        if any(taken[s:e]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        ln = e - s
        hits.append(Hit(rid, s, e, ln, ln, ln, "exact"))
    return hits
