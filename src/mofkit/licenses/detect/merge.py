"""Last stage: resolve overlaps and containment, drop false positives, order by position."""

from __future__ import annotations

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit

MAX_OVERLAP = 0.5  # a hit mostly inside a better one goes


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
    kept = [h for h in kept if h.kind != "false-positive"]
    kept.sort(key=lambda h: (h.qstart, -h.span))
    return kept
