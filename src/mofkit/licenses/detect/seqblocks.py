"""ScanCode's matching blocks of a text and a rule (its ``seq.match_blocks``).

ScanCode's aligner finds in a box of the text and the rule the longest run of equal
*legalese* tokens (ties go to the earliest in the text, then in the rule), extends it
over any equal tokens on both ends within the box, and does the same left and right of
it, recursively. A run of ordinary words alone is therefore never a block ("use at
your own risk" does not complete a warranty disclaimer), and a short legalese run
early in the text takes the rule's positions before it from a later, longer run of
ordinary words. :func:`legalese_seeds` lists the legalese runs once (all diagonals,
with numpy); :func:`sc_blocks` runs the recursion on them. Unlike ScanCode, a seed
whose extension stays under ``MIN_BLOCK`` tokens is passed over rather than kept: one
shared legalese word far from the licence (a "License" in a header) is no block.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from mofkit.licenses.detect.index import HIGH, Index

Block = tuple[int, int, int]
MIN_BLOCK = 3  # tokens
SMALL_BOX = 64  # seeds: fewer are searched in plain Python (faster than numpy there)


@lru_cache(maxsize=4)
def legalese_flags(idx: Index) -> np.ndarray:
    """Per word id of the vocabulary: 1 for legalese, else 0."""
    return (np.frombuffer(idx.word_flags, dtype=np.uint8) & HIGH).astype(np.int64)


def rule_postings(tokens: np.ndarray, flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rule's legalese positions sorted by token, then position: (tokens, positions)."""
    pos = np.flatnonzero(flags[tokens])
    keys = tokens[pos]
    order = np.argsort(keys, kind="stable")
    return keys[order], pos[order]


def legalese_seeds(a: np.ndarray, flags: np.ndarray, hkeys: np.ndarray, hpos: np.ndarray,
                   m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every maximal run of equal legalese tokens of text ``a`` and a rule (its legalese
    postings ``hkeys``/``hpos``, ``m`` tokens long), on any diagonal: (text starts, rule
    starts, lengths)."""
    empty = np.zeros(0, np.int64)
    qpos = np.flatnonzero(flags[a])
    if not len(qpos) or not len(hkeys):
        return empty, empty, empty
    qt = a[qpos]  # searched unsorted: a rule's legalese postings are few
    los = np.searchsorted(hkeys, qt, side="left")
    cnt = np.searchsorted(hkeys, qt, side="right") - los
    total = int(cnt.sum())
    if total == 0:
        return empty, empty, empty
    qi = np.repeat(qpos, cnt)
    first = np.repeat(los - (np.cumsum(cnt) - cnt), cnt)
    rj = hpos[first + np.arange(total)]
    n = len(a)
    # Pairs by diagonal, then by text position: a run is a stretch of consecutive ones.
    key = np.sort((qi - rj + m) * (n + 1) + qi)
    diag, qi = np.divmod(key, n + 1)
    new = np.ones(total, dtype=bool)
    new[1:] = (diag[1:] != diag[:-1]) | (qi[1:] != qi[:-1] + 1)
    starts = np.flatnonzero(new)
    i0 = qi[starts]
    return i0, i0 - diag[starts] + m, np.diff(np.append(starts, total))


def _extend(a: list[int], b: list[int], i: int, j: int, k: int,
            box: tuple[int, int, int, int], ad: bytes, bd: bytes) -> Block:
    """The run ``(i, j, k)`` extended over equal tokens on both ends, within ``box``
    (``ad``/``bd``: ``a`` and ``b`` as uint16 bytes, compared 16, 8, ... tokens at a
    time)."""
    alo, ahi, blo, bhi = box
    if i > alo and j > blo and a[i - 1] == b[j - 1]:
        lim, n, step = min(i - alo, j - blo), 1, 16
        while step:
            while n + step <= lim and (ad[2 * (i - n - step): 2 * (i - n)]
                                       == bd[2 * (j - n - step): 2 * (j - n)]):
                n += step
            step >>= 1
        i, j, k = i - n, j - n, k + n
    p, q = i + k, j + k
    if p < ahi and q < bhi and a[p] == b[q]:
        lim, n, step = min(ahi - p, bhi - q), 1, 16
        while step:
            while n + step <= lim and (ad[2 * (p + n): 2 * (p + n + step)]
                                       == bd[2 * (q + n): 2 * (q + n + step)]):
                n += step
            step >>= 1
        k += n
    return i, j, k


def sc_blocks(a: list[int], b: list[int], seeds: tuple[np.ndarray, np.ndarray, np.ndarray],
              ad: bytes | None = None, bd: bytes | None = None, min_block: int = MIN_BLOCK,
              collapse: bool = True) -> list[Block]:
    """ScanCode's ``match_blocks`` of text ``a`` and rule ``b`` from their legalese runs
    ``seeds`` (:func:`legalese_seeds`): blocks (i, j, size), increasing, adjacent ones
    joined (unless ``collapse`` is false). ``ad``/``bd``: the same tokens as uint16 bytes
    (made if not given). ``min_block``: seeds extending to fewer tokens are passed over
    (1: every block, exactly as ScanCode)."""
    if ad is None:
        ad = np.asarray(a, dtype="<u2").tobytes()
    if bd is None:
        bd = np.asarray(b, dtype="<u2").tobytes()
    i0, j0, ln = seeds
    out: list[Block] = []
    if len(i0) <= SMALL_BOX:  # the seeds all lie in the whole box
        _plain(a, b, i0.tolist(), j0.tolist(), ln.tolist(), (0, len(a), 0, len(b)), out, ad, bd,
               min_block)
        return _collapse(sorted(out)) if collapse else sorted(out)
    todo = [(0, len(a), 0, len(b), np.arange(len(i0)))]
    while todo:
        alo, ahi, blo, bhi, sub = todo.pop()
        si, sj, sl = i0[sub], j0[sub], ln[sub]
        cut = np.maximum(np.maximum(alo - si, blo - sj), 0)
        size = np.minimum(np.minimum(sl, ahi - si), bhi - sj) - cut
        ok = size > 0
        if not ok.any():
            continue
        sub, at, atj, size = sub[ok], (si + cut)[ok], (sj + cut)[ok], size[ok]
        box = (alo, ahi, blo, bhi)
        if len(sub) <= SMALL_BOX:
            _plain(a, b, at.tolist(), atj.tolist(), size.tolist(), box, out, ad, bd, min_block)
            continue
        # The longest; the earliest in the text, then in the rule, on a tie.
        n1, m1 = len(a) + 1, len(b) + 1
        best = int(np.argmax((size * n1 - at) * m1 - atj))
        i, j, k = _extend(a, b, int(at[best]), int(atj[best]), int(size[best]), box, ad, bd)
        if k < min_block:
            keep = np.ones(len(sub), dtype=bool)
            keep[best] = False
            todo.append((alo, ahi, blo, bhi, sub[keep]))
            continue
        out.append((i, j, k))
        if alo < i and blo < j:
            todo.append((alo, i, blo, j, sub))
        if i + k < ahi and j + k < bhi:
            todo.append((i + k, ahi, j + k, bhi, sub))
    return _collapse(sorted(out)) if collapse else sorted(out)


def _plain(a: list[int], b: list[int], i0: list[int], j0: list[int], ln: list[int],
           box: tuple[int, int, int, int], out: list[Block], ad: bytes, bd: bytes,
           min_block: int) -> None:
    """:func:`sc_blocks`' recursion in plain Python, for a box with few seeds left. A
    box passes on only the seeds that reach into it (a smaller box clips them more)."""
    todo = [(box, list(zip(range(len(i0)), i0, j0, ln, strict=True)))]
    skip: set[int] = set()  # seeds too short to be blocks
    while todo:
        bx, cand = todo.pop()
        alo, ahi, blo, bhi = bx
        live = []
        # The longest; the earliest in the text, then in the rule, on a tie.
        bk, bi, bj, bx_ = 0, 0, 0, -1
        for t in cand:
            x, si, sj, sl = t
            cut = alo - si
            if blo - sj > cut:
                cut = blo - sj
            if cut < 0:
                cut = 0
            size = sl
            if ahi - si < size:
                size = ahi - si
            if bhi - sj < size:
                size = bhi - sj
            size -= cut
            if size <= 0:
                continue
            live.append(t)
            if x in skip:
                continue
            if size > bk or (size == bk and (si + cut < bi or (si + cut == bi
                                                               and sj + cut < bj))):
                bk, bi, bj, bx_ = size, si + cut, sj + cut, x
        if bx_ < 0:
            continue
        i, j, k = _extend(a, b, bi, bj, bk, bx, ad, bd)
        if k < min_block:
            skip.add(bx_)
            todo.append((bx, live))
            continue
        out.append((i, j, k))
        if alo < i and blo < j:
            todo.append(((alo, i, blo, j), live))
        if i + k < ahi and j + k < bhi:
            todo.append(((i + k, ahi, j + k, bhi), live))


def _collapse(found: list[Block]) -> list[Block]:
    """Join the blocks that touch on both sides (as ScanCode's match_blocks)."""
    out: list[Block] = []
    for blk in found:
        if out and out[-1][0] + out[-1][2] == blk[0] and out[-1][1] + out[-1][2] == blk[1]:
            p = out[-1]
            out[-1] = (p[0], p[1], p[2] + blk[2])
        else:
            out.append(blk)
    return out
