"""Stage 1: the whole text, normalized to token ids, is exactly one rule."""

from __future__ import annotations

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query


def match_hash(idx: Index, q: Query) -> list[Hit]:
    rid = idx.whole.get(q.data)
    if rid is None:
        return []
    n = len(q)
    return [Hit(rid, 0, n, n, n, n, "hash")]
