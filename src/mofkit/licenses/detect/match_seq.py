"""Stage 5: align the candidate rules (:mod:`.candidates`) on the unmatched stretches.

Each candidate
is aligned with the stretch on token ids, on a window where the rule's words are
densest (widened where its blocks reach its edge, as ScanCode aligns on the whole
query run): ScanCode's matching blocks (:mod:`.seqblocks`: the longest run of shared
legalese words, extended over any equal words, then the same before and after it,
recursively); the aligned blocks are chained while the gaps stay small,
and the best chain is cut where ScanCode's matches of the rule would part
(:mod:`.pieces`); an alignment that could be kept is redone as ScanCode's rounds
would give it (:mod:`.rounds`: a longer copy of the rule's best passage earlier in
the query run takes the rule first); the best alignment or piece becomes a match,
with the pieces of alignments that no better one overlaps, each started where
ScanCode's aligner would start it (:mod:`.heads`). A stretch much longer than its best
alignment ranks the rules again on that alignment's span and tries those too
(ScanCode aligns all its candidates of a query run). Where long licence texts
matched exactly were taken out of the query, :mod:`.takenout` gives the rules to try
and the text each is aligned on (what is left, but for the near-duplicate rules); where
ScanCode's near-duplicate pass ran, an alignment of another rule must keep its required
phrases and minimum coverage without the words that pass takes out (:mod:`.neardupes`).
The stretch minus the match is searched again until nothing more matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from mofkit.licenses.detect.heads import rehead
from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.neardupes import survives
from mofkit.licenses.detect.pieces import piece_acceptable, pieces
from mofkit.licenses.detect.query import Query
from mofkit.licenses.detect.rounds import Rounds
from mofkit.licenses.detect.seqblocks import (
    legalese_flags,
    legalese_seeds,
    rule_postings,
    sc_blocks,
)
from mofkit.licenses.detect.takenout import TakenOut
from mofkit.licenses.detect.thresholds import SMALL_RULE

MIN_REGION = 4  # tokens
WHOLE_RULE = 10  # shorter rules are matched whole or not at all, aligned too (ScanCode)
MIN_HIGH = 3  # legalese tokens an alignment must hold (fewer if the rule has fewer)
GAP_PENALTY = 0.5
MAX_INSERT = 20  # words of the text inserted inside a licence (a copyright line, a name)
MAX_ROUNDS = 200
WINDOW_GROWS = 2  # times a window whose blocks reach its edge is widened (see _grown)
NARROWINGS = 1  # times a stretch with no good alignment is searched again, narrowed
NARROW_MIN = 500  # ... when it is at least this long (shorter ones rank candidates well)
FILL_TEXT = 60  # words of the text between two blocks searched for skipped legalese
FILL_RULE = 20  # ... when the rule lacks at most this many words there
TITLE_GAP = 40  # words of the text between a rule's title and the rest of its alignment
TITLE_BLOCKS = 3  # blocks the title may be cut in
SECOND_LOOK = 2  # a stretch this many times longer than its best alignment ranks again on it

Block = tuple[int, int, int]


def _regions(covered: bytearray, lo: int, hi: int) -> list[tuple[int, int]]:
    """The runs of at least MIN_REGION positions in [lo, hi) that ``covered`` leaves free."""
    free = np.zeros(hi - lo + 2, dtype=np.int8)
    free[1:-1] = np.frombuffer(bytes(covered[lo:hi]), dtype=np.uint8) == 0
    edges = np.flatnonzero(np.diff(free)) + lo
    starts, ends = edges[0::2], edges[1::2]
    keep = ends - starts >= MIN_REGION
    return list(zip(starts[keep].tolist(), ends[keep].tolist(), strict=True))


@dataclass(frozen=True, slots=True, eq=False)
class RuleGrams:
    """A rule as the aligner reads it: its tokens (a list and uint16 bytes), its
    distinct words, and its legalese positions (``hkeys``: their tokens, sorted;
    ``hpos``: the positions, in the same order) with the vocabulary's legalese flags."""

    tokens: list[int]
    data: bytes
    words: np.ndarray
    flags: np.ndarray  # per word id of the vocabulary: 1 for legalese, else 0
    hkeys: np.ndarray
    hpos: np.ndarray


@lru_cache(maxsize=2048)
def _grams(idx: Index, rid: int) -> RuleGrams:
    data = idx.rule_bytes(rid)
    t = np.frombuffer(data, dtype="<u2").astype(np.int64)
    flags = legalese_flags(idx)
    hkeys, hpos = rule_postings(t, flags)
    return RuleGrams(t.tolist(), data, np.unique(t), flags, hkeys, hpos)


def blocks(a: list[int], adata: bytes, rg: RuleGrams) -> list[Block]:
    """Matching blocks ``(i, j, size)`` of ``a`` (the same tokens as uint16 bytes in
    ``adata``) and the rule, both increasing: ScanCode's, seeded on runs of legalese
    words, longest first, then the same before and after each (:mod:`.seqblocks`), so
    that a phrase the text shares with a far part of the rule (a notice that quotes the
    licence's appendix) cannot pull the alignment away from the body, and a stretch
    of ordinary words alone is no block."""
    if len(a) < 3 or len(rg.tokens) < 3:
        return []
    arr = np.frombuffer(adata, dtype="<u2").astype(np.int64)
    seeds = legalese_seeds(arr, rg.flags, rg.hkeys, rg.hpos, len(rg.tokens))
    return sc_blocks(a, rg.tokens, seeds, adata, rg.data)


def _window(arr: np.ndarray, words: np.ndarray, m: int, vocab: int) -> tuple[int, int]:
    """The stretch of ``arr`` (about 1.5× the rule long) holding most of the rule's
    ``words`` (of a vocabulary of ``vocab`` words)."""
    n = len(arr)
    width = int(m * 1.5) + 20
    if n <= width:
        return 0, n
    mask = np.zeros(vocab, dtype=bool)
    mask[words] = True
    pos = np.flatnonzero(mask[arr])
    if not len(pos):
        return 0, 0
    ends = np.searchsorted(pos, pos + width, side="right")
    bi = int(np.argmax(ends - np.arange(len(pos))))
    start = max(0, int(pos[bi]) - 10)
    return start, min(n, start + width + 20)


def _grown(found: list[Block], ws: int, we: int, n: int, m: int) -> tuple[int, int]:
    """The window ``[ws, we)`` of a stretch ``n`` long, widened by half the rule
    (``m`` tokens) on each side where its blocks ``found`` reach within
    ``MAX_INSERT`` words of its edge: the licence may carry on just outside it, and
    ScanCode, which aligns on the whole query run, would take that part in."""
    if not found:
        return ws, we
    step = max(MAX_INSERT, m // 2)
    last = found[-1]
    start = max(0, ws - step) if ws > 0 and found[0][0] < MAX_INSERT else ws
    end = min(n, we + step) if we < n and ws + last[0] + last[2] > we - MAX_INSERT else we
    return start, end


def _inserted(a: Block, b: Block) -> bool:
    """Block ``b`` carries on the rule exactly where ``a`` stopped, after at most
    ``MAX_INSERT`` extra words of the text."""
    return b[1] == a[1] + a[2] and 0 < b[0] - a[0] - a[2] <= MAX_INSERT and min(a[2], b[2]) >= 3


def _with_title(found: list[Block], lo: int, a: list[int], rule: list[int]) -> int:
    """Where the chain starting at block ``lo`` of ``found`` (blocks of text ``a`` and
    ``rule``) starts once the rule's own beginning (its title: a block at rule position
    0, possibly in a few pieces) a little before it in the text joins it, whatever the
    text lacks of the rule in between (a copyright line, a preamble): as ScanCode, whose
    alignment has no gap penalty. Not when the chain itself starts with the title's
    first words (the text repeats the title, perhaps reworded: the nearer one is the
    licence's)."""
    k = lo
    while k > 0 and lo - k < TITLE_BLOCKS and found[k][1] > 0:
        if found[k][0] - found[k - 1][0] - found[k - 1][2] > TITLE_GAP:
            break
        k -= 1
    if k == lo or found[k][1] != 0:
        return lo
    start, size = found[lo][0], min(3, found[k][2])
    return lo if a[start: start + size] == rule[:size] else k


def _find(toks: list[int], part: list[int], lo: int, hi: int, last: bool) -> int:
    """Where ``part`` occurs whole in ``toks[lo:hi]`` (the last or first place), or -1."""
    lo, hi, n = max(lo, 0), min(hi, len(toks)), len(part)
    starts = range(hi - n, lo - 1, -1) if last else range(lo, hi - n + 1)
    for p in starts:
        if toks[p: p + n] == part:
            return p
    return -1


def _with_loose_ends(toks: list[int], ws: int, best: list[Block],
                     rule: list[int], flags: np.ndarray) -> list[Block]:
    """The rule's one or two opening words missing before the first block, found whole
    at most ``MAX_INSERT`` words before it: a title ("ISC License") above a copyright
    line and then the text. Shorter than a block the aligner keeps
    (:data:`.seqblocks.MIN_BLOCK`), they are one of ScanCode's blocks left of the main
    one; longer ones are found like any block. Only if they hold a legalese word
    (``flags``, per word id): ScanCode's blocks are seeded on legalese words, and its
    aligner drops a one-word block of an ordinary word, so an ordinary opening word
    ("This is licensed under ...") found a few words back is not the rule's."""
    if not best:
        return best
    i0, j0, _ = best[0]
    if 0 < j0 < 3 and any(flags[t] for t in rule[:j0]):
        at = _find(toks, rule[:j0], ws + i0 - j0 - MAX_INSERT, ws + i0, last=True)
        if at >= 0:
            best = [(at - ws, 0, j0), *best]
    return best


def align(idx: Index, rid: int, toks: list[int], arr: np.ndarray, offset: int,
          data: bytes | None = None) -> Hit | None:
    """The best alignment of rule ``rid`` with the stretch ``toks`` (also as ``arr``
    and as uint16 bytes ``data``) that starts at query position ``offset``."""
    if data is None:
        data = arr.astype("<u2").tobytes()
    rg = _grams(idx, rid)
    m = len(rg.tokens)
    ws, we = _window(arr, rg.words, m, len(idx.vocab))
    if we - ws < MIN_REGION:
        return None
    found = blocks(toks[ws:we], data[2 * ws: 2 * we], rg)
    for _ in range(WINDOW_GROWS):
        grown = _grown(found, ws, we, len(toks), m)
        if grown == (ws, we):
            break
        ws, we = grown
        found = blocks(toks[ws:we], data[2 * ws: 2 * we], rg)
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
    lo = _with_title(found, lo, toks[ws:we], rg.tokens) if best else lo
    # Trim single-token blocks at the edges (chance hits on common words).
    while hi - lo > 1 and found[lo][2] == 1:
        lo += 1
    while hi - lo > 1 and found[hi - 1][2] == 1:
        hi -= 1
    if lo >= hi:
        return None
    whole = _piece(idx, rid, toks, ws, offset, found[lo:hi], rg.tokens)
    if whole is None:
        return None
    # ... and where ScanCode's matches of the rule would part (see pieces): the pieces
    # replace the whole if it is the best alignment here (match_seq).
    parts = pieces(idx, rid, toks[ws:we], rg.tokens, found, lo, hi)
    if len(parts) > 1:
        whole.extra["pieces"] = [h for a, b in parts if (
            h := _piece(idx, rid, toks, ws, offset, found[a:b], rg.tokens)) is not None]
    return whole


def _piece(idx: Index, rid: int, toks: list[int], ws: int, offset: int, best: list[Block],
           rule: list[int]) -> Hit | None:
    """The match of rule ``rid`` made of blocks ``best`` of the window at ``ws`` of the
    stretch ``toks`` (at query position ``offset``); None without its required
    phrases."""
    m = len(rule)
    best = _with_loose_ends(toks, ws, best, rule, legalese_flags(idx))
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
    return Hit(rid, qs, qe, matched, m, matched, "seq",
               extra={"blocks": spans, "rule_blocks": [b for _a, b, _s in best]},
               rstart=best[0][1],
               rend=best[-1][1] + best[-1][2])


def _longest(a: list[int], b: list[int], high: bytearray, alo: int, ahi: int, blo: int,
             bhi: int) -> Block:
    """The longest run of ``a[alo:ahi]`` equal to one of ``b[blo:bhi]`` that holds a
    legalese word (``high`` flags ``a``'s positions), earliest first: (i, j, size)."""
    best: Block = (alo, blo, 0)
    for i in range(alo, ahi):
        for j in range(blo, bhi):
            if a[i] != b[j] or (i > alo and j > blo and a[i - 1] == b[j - 1]):
                continue  # not the start of a run
            k = 0
            while i + k < ahi and j + k < bhi and a[i + k] == b[j + k]:
                k += 1
            if k > best[2] and any(high[i: i + k]):
                best = (i, j, k)
    return best


def fill_gaps(idx: Index, q: Query, h: Hit, tokens: list[int] | None = None) -> None:
    """Add to alignment ``h`` the legalese words it skipped between two of its blocks
    that the rule has at the same place (a licence name alone on a line between a
    notice's parts), found as ScanCode's alignment finds them: longest common runs
    holding a legalese word, then the same left and right of each. ``tokens``: the
    query's tokens as the aligner sees them (``q.tokens`` if not given)."""
    if tokens is None:
        tokens = q.tokens
    spans, rpos = h.extra.get("blocks"), h.extra.get("rule_blocks")
    if not spans or rpos is None:
        return
    rule: list[int] | None = None
    added: list[tuple[int, int]] = []
    for (qa, na), (qb, _nb), ra, rb in zip(spans, spans[1:], rpos, rpos[1:], strict=False):
        alo, ahi, blo, bhi = qa + na, qb, ra + na, rb
        if not (0 < ahi - alo <= FILL_TEXT and 0 < bhi - blo <= FILL_RULE):
            continue
        if rule is None:
            rule = idx.rule_tokens(h.rid).tolist()
        todo = [(alo, ahi, blo, bhi)]
        while todo:
            x0, x1, y0, y1 = todo.pop()
            i, j, k = _longest(tokens, rule, q.high, x0, x1, y0, y1)
            if not k:
                continue
            added.append((i, k))
            todo.append((x0, i, y0, j))
            todo.append((i + k, x1, j + k, y1))
    if added:
        h.extra["blocks"] = sorted(spans + added)
        n = sum(k for _i, k in added)
        h.matched += n
        h.rule_matched += n


def acceptable(idx: Index, q: Query, h: Hit) -> bool:
    """ScanCode's thresholds for an aligned match (the rule's minimum coverage; 80%
    of a small rule; a few legalese words), then mofkit's own on density and size."""
    cov = h.coverage
    if cov * 100 < idx.min_cov[h.rid]:
        return False
    if h.rule_len < SMALL_RULE and cov < 0.8:
        return False
    if h.rule_len < WHOLE_RULE and h.rule_matched < h.rule_len:
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


def _acceptable_parts(idx: Index, q: Query, h: Hit, left: bool = False) -> list[Hit] | None:
    """The matches alignment ``h`` gives: itself if acceptable, or its pieces (see
    pieces) that are, each on ScanCode's thresholds; None if none is. ``left``: ``h``
    was aligned on what long texts taken out left of a stretch (:mod:`.takenout`),
    where it is also kept on ScanCode's own thresholds (a part of a rule, perhaps
    reworded, after a licence text in the same query run is what ScanCode keeps there)."""
    parts = h.extra.get("pieces")
    if parts is None:
        return [h] if acceptable(idx, q, h) or (left and piece_acceptable(idx, q, h)) else None
    parts = h.extra["pieces"] = [p for p in parts if piece_acceptable(idx, q, p)]
    return parts or None


def _in_rounds(idx: Index, tokens: list[int], h: Hit, rounds: Rounds,
               within: tuple[int, int]) -> Hit | None:
    """Alignment ``h`` made of the blocks ScanCode's rounds give it on its query run
    (:mod:`.rounds`), cut into pieces as ScanCode's merge would (``tokens``: the
    query's, as the aligner sees them)."""
    found = rounds.blocks(h, within)
    if found is None:
        return h
    if not found:
        return None
    rule = idx.rule_tokens(h.rid).tolist()
    whole = _piece(idx, h.rid, tokens, 0, 0, found, rule)
    if whole is None:
        return None
    parts = pieces(idx, h.rid, tokens, rule, found, 0, len(found))
    if len(parts) > 1:
        whole.extra["pieces"] = [p for a, b in parts if (
            p := _piece(idx, h.rid, tokens, 0, 0, found[a:b], rule)) is not None]
    return whole


def _cover_explained_runs(q: Query, explained: bytearray, out: bytearray, lo: int,
                          hi: int) -> None:
    """Flag in ``out`` the parts of ``[lo, hi)`` in a query run that holds legalese
    words, all of which ``explained`` flags."""
    ends = [*q.run_starts[1:], len(q)]
    for a, b in zip(q.run_starts, ends, strict=True):
        a, b = max(a, lo), min(b, hi)
        if a < b and any(q.high[a:b]) and not any(
                t and not e for t, e in zip(q.high[a:b], explained[a:b], strict=True)):
            out[a:b] = b"\x01" * (b - a)


def match_seq(idx: Index, q: Query, covered: bytearray,
              explained: bytearray | None = None,
              subtracted: bytearray | None = None) -> list[Hit]:
    """The alignments on what ``covered`` leaves of ``q`` (see the module docstring).
    ``explained``: positions the exact matches explain; ``subtracted``: the long
    licence texts matched exactly, which ScanCode takes out of the query."""
    hits: list[Hit] = []
    # Stretches still to explain, with how many times they were narrowed.
    # A long stretch (NARROW_MIN) where no candidate aligned well enough is searched
    # again on each part an alignment covered and on the rest between them (at most
    # NARROWINGS times): its candidates are ranked on all its words, and the rules that
    # fit one part of it may not be among them (ScanCode ranks candidates per query
    # run, a few lines at a time). A part whose legalese words ``explained`` (the exact
    # matches) all explain is not searched again, as ScanCode skips such a query run.
    # A query run whose legalese words the exact matches all explain is not aligned at
    # all (ScanCode's is_matchable check on each query run).
    free = bytearray(covered)
    if explained is not None:
        _cover_explained_runs(q, explained, free, 0, len(q))
    todo: list[tuple[int, int, int]] = [(lo, hi, 0) for lo, hi in _regions(free, 0, len(q))]
    rounds = 0
    # The rules to try and the text to align them on, as ScanCode once long texts were
    # taken out (:mod:`.takenout`).
    out = TakenOut(idx, q, subtracted)
    in_rounds = Rounds(idx, q, out.gone)
    while todo and rounds < MAX_ROUNDS:
        lo, hi, narrowed = todo.pop()
        toks = q.tokens[lo:hi]
        n_known = len(toks) - toks.count(0)
        if n_known < MIN_REGION or not any(q.high[lo:hi]):
            continue  # too short, or no legalese to explain
        if narrowed and explained is not None and not any(
                t and not e for t, e in zip(q.high[lo:hi], explained[lo:hi], strict=True)):
            continue  # a part searched again whose legalese exact matches explain
        rounds += 1
        best: Hit | None = None
        best_key = (0.0, 0.0)
        closest: set[tuple[int, int]] = set()  # spans of the alignments not good enough
        # Every acceptable alignment, or each of its pieces (see pieces): whether it is one.
        spare: list[tuple[tuple[float, float], Hit, bool]] = []
        arr = q.array[lo:hi].astype(np.int64)
        data = q.data[2 * lo: 2 * hi]
        # What the stretch is without the positions taken out, if it lost some.
        left = out.array[lo:hi] if out.cut(lo, hi) else None
        ldata = b"" if left is None else left.astype("<u2").tobytes()
        allowed = out.allowed(lo, hi)
        tried: set[int] = set()
        rank_on: tuple[int, int] | None = (lo, hi)
        first = True
        while rank_on is not None:
            for _score, rid in out.tried(*rank_on, allowed):
                if rid in tried or min(int(idx.rule_lens[rid]), n_known) < best_key[0]:
                    continue  # tried, or cannot beat the best match so far
                tried.add(rid)
                blank = False  # aligned without the positions taken out
                if left is not None and out.blanked(rid):
                    blank = True
                    h = align(idx, rid, out.tokens[lo:hi], left, lo, ldata)
                else:
                    h = align(idx, rid, toks, arr, lo, data)
                if h is None:
                    continue
                kept = _acceptable_parts(idx, q, h, blank)
                if kept is not None:
                    # ... as ScanCode's rounds would align it (only an alignment that
                    # could be kept is redone).
                    r = _in_rounds(idx, out.tokens_for(rid), h, in_rounds, (lo, hi))
                    if r is not h:
                        h, kept = r, None if r is None else _acceptable_parts(idx, q, r, blank)
                        if h is None:
                            continue
                if kept is not None and len(out.near) and not out.is_near(rid):
                    # ScanCode's near-duplicate pass took out every word its rules match.
                    kept = [k for k in kept if survives(idx, k, out.near_words())] or None
                if kept is None:
                    closest.add((h.qstart, h.qend))
                    continue
                for one in kept:
                    key = (round(one.matched * one.coverage, 1), one.coverage)
                    spare.append((key, one, one is not h))
                    if key > best_key:
                        best, best_key = one, key
            # The best alignment of a long stretch holding several licences was found
            # among the rules ranked on all of the stretch: those ranked on its own span
            # are tried too (ScanCode aligns every candidate of the query run, and the
            # one matching most of that span wins there). Not when it matches its rule
            # whole: a rule ranked on its span could only match as many of its words.
            rank_on = None
            if (first and best is not None and best.coverage < 1
                    and hi - lo > SECOND_LOOK * best.span):
                rank_on = (best.qstart, best.qend)
            first = False
        if best is None:
            if narrowed < NARROWINGS and hi - lo >= NARROW_MIN:
                parts = [(a, b) for a, b in sorted(closest) if b - a < hi - lo]
                # A part inside another is searched with it.
                parts = [(a, b) for a, b in parts
                         if not any(c <= a and b <= d and (c, d) != (a, b) for c, d in parts)]
                todo.extend((a, b, narrowed + 1) for a, b in parts)
                # ... and so is the rest of the stretch, between those parts, but for
                # the query runs in it whose legalese the exact matches all explain (as
                # ScanCode, which ranks and aligns run by run, skips those).
                if parts:
                    rest = bytearray(covered)
                    for a, b in parts:
                        rest[a:b] = b"\x01" * (b - a)
                    if explained is not None:
                        _cover_explained_runs(q, explained, rest, lo, hi)
                    todo.extend((a, b, narrowed + 1) for a, b in _regions(rest, lo, hi))
            continue
        # The best, and the pieces of alignments that no better one overlaps: ScanCode
        # keeps each piece as a match of its own, and its overlap filters choose
        # between them piece by piece.
        # ScanCode keeps every alignment and drops the ones another contains
        # (filter_contained_matches): an alignment over the best one's whole span and
        # more, matching more words, is the one kept.
        for _key, h, _piece in spare:
            if (h.qstart <= best.qstart and best.qend <= h.qend and h.span > best.span
                    and h.matched > best.matched):
                best = h
        taken = bytearray(covered)
        spare.sort(key=lambda t: t[0], reverse=True)
        for _key, h, piece in spare:
            if not (h is best or piece):
                continue
            h = rehead(idx, q, h, out.tokens_for(h.rid))
            if not any(taken[h.qstart: h.qend]):
                fill_gaps(idx, q, h, out.tokens_for(h.rid))
                hits.append(h)
                covered[h.qstart: h.qend] = taken[h.qstart: h.qend] = b"\x01" * h.span
        todo.extend((a, b, narrowed) for a, b in _regions(covered, lo, hi))
    return hits
