"""Last stage: resolve overlaps and containment, drop false positives, order by position."""

from __future__ import annotations

import re
from functools import lru_cache

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.pieces import max_dist

SMALL_OVERLAP = 0.1  # a hit this much inside a bigger one around it goes if it names it
MAX_OVERLAP = 0.5  # a hit this much inside better ones goes if they name its licences
LARGE_OVERLAP = 0.7  # ... and whatever they name past this (ScanCode's "large" overlap)
MERGE_SLACK = 3  # rule tokens the next piece of the same rule may re-cover
MERGE_GAP = 40  # query tokens allowed between two pieces of the same rule
RIVAL_SHARE = 0.5  # of an alignment's words inside exact matches of another licence
STATEMENT_KINDS = frozenset(("text", "notice"))
PIECE_INSIDE = 0.9  # of an exact match's words an alignment must span to hold it


def _quality(idx: Index, h: Hit) -> tuple[float, float, int]:
    return (h.matched * (0.5 + 0.5 * h.coverage), h.coverage, h.relevance)


def refine(idx: Index, hits: list[Hit], high: bytearray | None = None,
           run_starts: list[int] | None = None) -> list[Hit]:
    kept: list[Hit] = []
    if not hits:
        return kept
    if high is not None:
        hits = drop_joined_alignments(idx, drop_rival_alignments(idx, hits, high), high,
                                      run_starts)
    hits = drop_contained(idx, hits)
    taken = bytearray(max(h.qend for h in hits))  # words matched by the hits kept
    spanned = bytearray(len(taken))  # ... and the words between them
    owner: dict[int, str] = {}  # word -> expression of the kept hit that matched it
    for h in sorted(hits, key=lambda h: _quality(idx, h), reverse=True):
        if h.matched <= 1 and spanned.count(1, h.qstart, h.qend):
            continue  # one word inside a bigger match is one of its words
        words = matched_words(h)
        overlap = sum(taken.count(1, s, s + n) for s, n in words)
        if overlap >= LARGE_OVERLAP * h.matched:
            continue
        expr = expression_of(idx, h)
        # ScanCode's medium overlap: the hit goes if what overlaps it names its
        # licences; a match of another licence sharing a word or two stays.
        if overlap >= MAX_OVERLAP * h.matched and named_by(owner, words, expr):
            continue
        if overlap >= SMALL_OVERLAP * h.matched and _surrounded(idx, kept, h, expr):
            continue
        for s, n in words:
            taken[s: s + n] = b"\x01" * n
            owner.update(dict.fromkeys(range(s, s + n), expr))
        spanned[h.qstart: h.qend] = b"\x01" * h.span
        kept.append(h)
    kept.sort(key=lambda h: (h.qstart, -h.span))
    kept = merge_pieces(kept)
    return [h for h in kept if h.kind != "false-positive" and (h.rid < 0 or
                                                              idx.expressions[h.rid])]


def drop_contained(idx: Index, hits: list[Hit]) -> list[Hit]:
    """ScanCode's ``filter_contained_matches``: a hit whose matched words all lie among
    the matched words of a hit starting at or before it is dropped, whatever their
    quality (an exact notice inside an alignment of the text that holds it). Not a
    long licence text matched exactly, nor by an alignment over one: ScanCode takes
    those texts out of the text before aligning."""
    order = sorted(hits, key=lambda h: (h.qstart, -h.matched))
    final = [h.matcher == "exact" and idx.is_long_text(h.rid) for h in order]
    finals = [o for o, f in zip(order, final, strict=True) if f]
    over_final = [h.matcher == "seq" and any(h.qstart <= o.qstart and o.qend <= h.qend
                                             for o in finals) for h in order]
    words: dict[int, frozenset[int]] = {}

    def of(k: int) -> frozenset[int]:
        if k not in words:
            words[k] = frozenset(p for s, n in matched_words(order[k]) for p in range(s, s + n))
        return words[k]

    gone = [False] * len(order)
    for i, cur in enumerate(order):
        if gone[i] or over_final[i]:
            continue
        for j in range(i + 1, len(order)):
            nxt = order[j]
            if nxt.qstart >= cur.qend:
                break
            if gone[j] or final[j] or nxt.qend > cur.qend:
                continue
            if of(j) < of(i):
                gone[j] = True
    return [h for h, g in zip(order, gone, strict=True) if not g]


def _surrounded(idx: Index, kept: list[Hit], h: Hit, expr: str) -> bool:
    """ScanCode's small overlap: a kept match around ``h`` (``h`` lies between its
    first and last word), at least as long, that names its licences."""
    mine = licence_keys(expr)
    return any(k.qstart <= h.qstart and h.qend <= k.qend and k.matched >= h.matched
               and mine <= licence_keys(expression_of(idx, k)) for k in kept)


def expression_of(idx: Index, h: Hit) -> str:
    """The licence expression a hit reports: its rule's, or its own (a tag, unknown)."""
    return idx.expressions[h.rid] if h.rid >= 0 else h.expression


def named_by(owner: dict[int, str], words: list[tuple[int, int]], expression: str) -> bool:
    """Whether a match already kept on any of ``words`` ((start, size) runs; ``owner``:
    position -> the expression of the match kept there) names every licence of
    ``expression``: ScanCode's ``licensing_contains``, as its overlap filters ask it."""
    mine = licence_keys(expression)
    return any(mine <= licence_keys(owner[p]) for s, n in words for p in range(s, s + n)
               if p in owner)


def matched_words(h: Hit) -> list[tuple[int, int]]:
    """The query positions a hit matched, as (start, size) runs: an alignment's blocks
    (the words of the text inside it that its rule lacks are not its own), else its
    whole span. As ScanCode, which compares matches on their matched positions."""
    blocks: list[tuple[int, int]] | None = h.extra.get("blocks")
    return blocks if blocks else [(h.qstart, h.span)]


def merge_pieces(hits: list[Hit]) -> list[Hit]:
    """Join consecutive hits on the same rule where the second carries on the rule
    where the first stopped (a licence text interrupted by an edit or a gap), skipping
    at most ScanCode's merge distance of the rule (:func:`.pieces.max_dist`)."""
    out: list[Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if (prev is not None and prev.rid >= 0 and prev.rid == h.rid
                and prev.rend < prev.rule_len and h.rstart > 0
                and prev.rend - MERGE_SLACK <= h.rstart <= prev.rend + max_dist(h.rule_len)
                and h.qstart - prev.qend <= MERGE_GAP):
            prev.qend = max(prev.qend, h.qend)
            prev.matched += h.matched
            prev.rule_matched = min(prev.rule_len, prev.rule_matched + h.rule_matched)
            prev.rend = max(prev.rend, h.rend)
            prev.matcher = "seq"
            continue
        out.append(h)
    return out


def drop_rival_alignments(idx: Index, hits: list[Hit], high: bytearray) -> list[Hit]:
    """Drop an alignment (of a notice or reference; a full licence text may hold other
    rules' words) that mostly re-explains words an exact match of another licence
    already explains and adds no legalese of its own: a near-identical rule of a
    sibling licence (the Mozilla notice for the Netscape one, one word apart)
    stretched over the names and filler that follow the exact match."""
    exact = [h for h in hits if h.matcher in ("exact", "hash") and h.rid >= 0
             and h.kind != "false-positive"]
    if not exact:
        return hits
    n = max(h.qend for h in hits)
    owner: list[str | None] = [None] * n
    for e in exact:
        owner[e.qstart: e.qend] = [idx.expressions[e.rid]] * e.span
    out: list[Hit] = []
    for h in hits:
        if h.matcher == "seq" and h.kind != "text" and "blocks" in h.extra:
            mine = licence_keys(idx.expressions[h.rid])
            rival = new_high = 0
            for start, size in h.extra["blocks"]:
                for p in range(start, start + size):
                    o = owner[p]
                    if o is None:
                        new_high += high[p]
                    elif not licence_keys(o) <= mine:  # ScanCode's licensing_contains
                        rival += 1
            if new_high == 0 and rival >= RIVAL_SHARE * h.matched:
                continue
        out.append(h)
    return out


def licence_keys(expression: str) -> frozenset[str]:
    """The licence keys of a ScanCode expression (operators and brackets left out)."""
    return _keys(expression)


@lru_cache(maxsize=4096)
def _keys(expression: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[^\s()]+", expression)
                     if w not in ("AND", "OR", "WITH"))


def drop_joined_alignments(idx: Index, hits: list[Hit], high: bytearray,
                           run_starts: list[int] | None = None) -> list[Hit]:
    """Drop an alignment of a rule that joins two or more whole statements of its
    licence, each matched exactly (a notice and the licence text below it, two notices),
    and adds no legalese of its own, where ScanCode would report the statements one by
    one: across the start of a query run (``run_starts``: fifteen lines without legalese
    between them, and ScanCode aligns run by run), or over a long licence text matched
    exactly (which ScanCode takes out of the text before aligning). Elsewhere (a
    copyright line, a list of contributors between two notices, even with legalese
    words the joining rule lacks) ScanCode's alignment of the joining rule contains both
    exact matches, and it is the one kept."""
    pieces = [h for h in hits if h.matcher in ("exact", "hash") and h.rid >= 0
              and h.kind in STATEMENT_KINDS and h.rule_matched == h.rule_len]
    if len(pieces) < 2:
        return hits
    drop: set[int] = set()
    for h in hits:
        if h.matcher != "seq" or h.rid < 0 or "blocks" not in h.extra:
            continue
        mine = idx.expressions[h.rid]
        inside = [e for e in pieces
                  if min(e.qend, h.qend) - max(e.qstart, h.qstart) >= PIECE_INSIDE * e.span
                  and idx.expressions[e.rid] == mine]
        if len(inside) < 2:
            continue
        explained = bytearray(h.qend)
        for e in inside:
            explained[e.qstart: e.qend] = b"\x01" * e.span
        if any(high[p] and not explained[p]
               for start, size in h.extra["blocks"] for p in range(start, start + size)):
            continue  # legalese of its own
        if (any(idx.is_long_text(e.rid) for e in inside)
                or any(h.qstart < p < h.qend for p in run_starts or ())):
            drop.add(id(h))
    return [h for h in hits if id(h) not in drop] if drop else hits
