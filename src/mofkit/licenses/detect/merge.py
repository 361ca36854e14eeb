"""Last stage: resolve overlaps and containment, drop false positives, order by position."""

from __future__ import annotations

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit

MAX_OVERLAP = 0.5  # a hit mostly inside a better one goes
MERGE_SLACK = 3  # rule tokens the next piece of the same rule may re-cover
MERGE_GAP = 40  # query tokens allowed between two pieces of the same rule


def _quality(idx: Index, h: Hit) -> tuple[float, float, int]:
    return (h.matched * (0.5 + 0.5 * h.coverage), h.coverage, h.relevance)


def refine(idx: Index, hits: list[Hit]) -> list[Hit]:
    kept: list[Hit] = []
    if not hits:
        return kept
    taken = bytearray(max(h.qend for h in hits))
    for h in sorted(hits, key=lambda h: _quality(idx, h), reverse=True):
        if taken.count(1, h.qstart, h.qend) >= MAX_OVERLAP * h.span:
            continue
        taken[h.qstart: h.qend] = b"\x01" * h.span
        kept.append(h)
    kept.sort(key=lambda h: (h.qstart, -h.span))
    kept = merge_pieces(kept)
    return [h for h in kept if h.kind != "false-positive" and (h.rid < 0 or
                                                              idx.expressions[h.rid])]


def merge_pieces(hits: list[Hit]) -> list[Hit]:
    """Join consecutive hits on the same rule where the second carries on the rule
    where the first stopped (a licence text interrupted by an edit or a gap)."""
    out: list[Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if (prev is not None and prev.rid >= 0 and prev.rid == h.rid
                and prev.rend < prev.rule_len and h.rstart > 0
                and h.rstart >= prev.rend - MERGE_SLACK
                and h.qstart - prev.qend <= MERGE_GAP):
            prev.qend = max(prev.qend, h.qend)
            prev.matched += h.matched
            prev.rule_matched = min(prev.rule_len, prev.rule_matched + h.rule_matched)
            prev.rend = max(prev.rend, h.rend)
            prev.matcher = "seq"
            continue
        out.append(h)
    return out
