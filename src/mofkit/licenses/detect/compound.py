"""Compound rules (``X OR Y``, ``X AND Y``, ``X WITH Y``) against their parts.

A dual-licence notice is its parts plus the words that join them ("this file is dual
licensed … at your option … alternatively"). When the alignment of such a rule lacks a
good number of its words and matched only its parts, each of which the text holds whole
(exact matches of its licences), the text is the parts side by side, not the choice:
the parts stand and the compound goes.
"""

from __future__ import annotations

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.merge import licence_keys
from mofkit.licenses.detect.models import Hit

OPERATORS = (" OR ", " AND ", " WITH ")
PART_INSIDE = 0.9  # of an exact match's words the compound's alignment must span
JOINING_SLACK = 0.05
# The compound's words the text lacks (its joining words): a few missing words are edits
# of the compound's own text, not a sign that the text is its parts side by side.
MIN_MISSING = 8
MISSING_SHARE = 0.05  # of a compound's matched words that may lie outside its parts


def _compound(idx: Index, h: Hit) -> bool:
    return h.rid >= 0 and any(op in idx.expressions[h.rid] for op in OPERATORS)


def _told(idx: Index, h: Hit, whole: list[Hit]) -> bool:
    """Whether an exact match of the same compound overlaps or touches alignment ``h``:
    the words it lacks (its opening sentence, say) are there, matched by that rule."""
    return any(e.qstart <= h.qend and h.qstart <= e.qend
               and idx.expressions[e.rid] == idx.expressions[h.rid] for e in whole)


def drop_split_compounds(idx: Index, hits: list[Hit]) -> list[Hit]:
    """Drop partial alignments of compound rules that only re-cover whole exact
    matches of all of their licences (see the module docstring)."""
    partial = [h for h in hits if h.matcher == "seq" and _compound(idx, h)
               and h.rule_len - h.rule_matched >= max(MIN_MISSING, MISSING_SHARE * h.rule_len)
               and "blocks" in h.extra]
    if not partial:
        return hits
    whole = [h for h in hits if h.matcher in ("exact", "hash") and h.rid >= 0
             and h.coverage >= 1.0 and idx.expressions[h.rid]]
    drop: set[int] = set()
    for h in partial:
        mine = licence_keys(idx.expressions[h.rid])
        parts = [e for e in whole
                 if min(e.qend, h.qend) - max(e.qstart, h.qstart) >= PART_INSIDE * e.span
                 and licence_keys(idx.expressions[e.rid]) <= mine]
        found = frozenset().union(*(licence_keys(idx.expressions[e.rid]) for e in parts))
        if len(parts) < 2 or found != mine or _told(idx, h, whole):
            continue
        inside = bytearray(max(h.qend, *(e.qend for e in parts)))
        for e in parts:
            inside[e.qstart: e.qend] = b"\x01" * e.span
        outside = sum(size - inside.count(1, start, start + size)
                      for start, size in h.extra["blocks"])
        if outside <= JOINING_SLACK * h.matched:
            drop.add(id(h))
    return [h for h in hits if id(h) not in drop] if drop else hits
