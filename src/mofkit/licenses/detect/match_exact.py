"""Stage 3: exact multi-pattern search of every rule's token sequence.

Every window of 1…``ANCHOR`` query tokens is packed into one integer (16 bits per
token id) and looked up, all at once, in the sorted keys of the rules of that
length (or of the first ``ANCHOR`` tokens of longer rules, which are then compared
in full). Overlaps are resolved longest first, then by relevance: a match mostly
inside longer ones goes, one that only shares a few words with them stays.
"""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect.index import ANCHOR, Index, pack
from mofkit.licenses.detect.merge import MAX_OVERLAP, named_by
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query
from mofkit.licenses.detect.refine import phrase_broken, scattered


def _ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges ``[lo[k], hi[k])``: which range (``k``) and which index each
    member is, all members in order."""
    cnt = hi - lo
    which = np.repeat(np.arange(len(lo)), cnt)
    first = np.cumsum(cnt) - cnt
    return which, np.arange(int(cnt.sum())) - np.repeat(first - lo, cnt)


def match_exact(idx: Index, q: Query, covered: bytearray) -> list[Hit]:
    n = len(q)
    data, tokens, starts = q.data, idx.tokens, idx.starts
    qa = q.array
    free = np.frombuffer(bytes(covered), dtype=np.uint8) == 0
    found: list[tuple[int, int, int]] = []  # (start, end, rid)
    for ln in range(1, ANCHOR + 1):
        if n < ln:
            break
        keys = idx.keys[ln]
        if not len(keys):
            continue
        qk = pack(qa, ln)
        if ln < ANCHOR:  # a few thousand keys at most: searched as fast unsorted
            lo = np.searchsorted(keys, qk, side="left")
        else:  # sorted needles search the anchors' keys faster
            order = np.argsort(qk)
            lo = np.empty(len(qk), dtype=np.int64)
            lo[order] = np.searchsorted(keys, qk[order], side="left")
        pos = np.flatnonzero((keys[np.minimum(lo, len(keys) - 1)] == qk) & free[: len(qk)])
        if not len(pos):
            continue
        lo = lo[pos]
        hi = np.searchsorted(keys, qk[pos], side="right")
        which, at = _ranges(lo, hi)
        where, rids = pos[which], idx.key_rids[ln][at]
        if ln == ANCHOR:
            # A longer rule must also end where the text does: its last ANCHOR tokens
            # (idx.tail_keys) against the text's window there, before the full compare.
            end = where + idx.rule_lens[rids]
            ok = end <= n
            where, rids, end = where[ok], rids[ok], end[ok]
            ok = qk[end - ANCHOR] == idx.tail_keys[rids]
            for i, rid in zip(where[ok].tolist(), rids[ok].tolist(), strict=True):
                s, e = 2 * starts[rid], 2 * starts[rid + 1]
                if data.startswith(tokens[s:e], 2 * i):
                    found.append((i, i + (e - s) // 2, rid))
        else:
            found.extend(zip(where.tolist(), (where + ln).tolist(), rids.tolist(),
                             strict=True))
    # Matches whose must-be-whole phrase is interrupted by unknown words go before
    # overlaps are resolved, so that a shorter rule can still match there.
    found = [f for f in found if not (idx.continuous[f[2]] or f[2] in idx.required)
             or not phrase_broken(idx, q, *f)]
    if len(found) > 1:  # as ScanCode, the only match is kept even if scattered
        lens = idx.rule_lens
        found = [f for f in found if not scattered(q, f[0], f[1], f[1] - f[0], int(lens[f[2]]),
                                                   idx.kind(f[2]) == "tag")]
    if not found:
        return []
    rel = idx.relevance
    found.sort(key=lambda f: (f[0] - f[1], -rel[f[2]], f[0]))
    taken = bytearray(covered)
    hits: list[Hit] = []
    owner: dict[int, str] = {}  # position -> expression of the kept match there
    for s, e, rid in found:
        # A match mostly inside longer ones goes; one that only overlaps them a little
        # stays unless they already name its licences (a compound notice whose last
        # lines start a long licence text: both are reported; "is available under the
        # Apache License" and "Apache License Version 2.0" sharing two words: one),
        # as ScanCode's overlap filters.
        overlap = taken.count(1, s, e)
        if overlap >= MAX_OVERLAP * (e - s):
            continue
        if overlap and named_by(owner, [(s, e - s)], idx.expressions[rid]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        owner.update(dict.fromkeys(range(s, e), idx.expressions[rid]))
        ln = e - s
        hits.append(Hit(rid, s, e, ln, ln, ln, "exact"))
    return hits
