"""Licence-like text that no rule explains becomes an ``unknown`` licence match.

A stretch left unexplained by every other stage is "licence-like" when it is long
enough and dense in legal vocabulary (licence, warranty, liability, redistribute
…; not "copyright" or "rights reserved": copyright statements are not licences).
It is reported with the ScanCode key ``unknown`` rather than silently dropped.
"""

from __future__ import annotations

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query

LEGAL_WORDS = frozenset(
    (
        "license", "licence", "licensed", "licensor", "licensee", "licenses", "licences",
        "licensing", "permission", "permitted", "warranty", "warranties", "merchantability",
        "fitness", "liability", "liable", "damages", "redistribution", "redistributions",
        "redistribute", "distribute", "distributed", "distribution", "modify",
        "modifications", "terms", "conditions", "agreement", "grant", "granted", "grants",
        "royalty", "patent", "patents", "infringement", "disclaimer", "disclaimed",
        "disclaims", "indemnify", "proprietary", "sublicense", "governed", "jurisdiction",
        "termination", "terminate", "consent", "prohibited", "restrictions",
    )
)
MIN_SPAN = 30  # tokens
MIN_LEGAL = 8  # legal words in the stretch
MIN_DISTINCT = 5  # different legal words
MIN_DENSITY = 0.12


def legal_ids(idx: Index) -> frozenset[int]:
    return frozenset(idx.word_id[w] for w in LEGAL_WORDS if w in idx.word_id)


def match_unknown(idx: Index, q: Query, hits: list[Hit]) -> list[Hit]:
    n = len(q)
    if n < MIN_SPAN:
        return hits
    covered = bytearray(n)
    for h in hits:
        covered[h.qstart: h.qend] = b"\x01" * h.span
    legal = legal_ids(idx)
    toks = q.tokens
    found: list[Hit] = []
    i = 0
    while i < n:
        if covered[i]:
            i += 1
            continue
        j = i
        while j < n and not covered[j]:
            j += 1
        if j - i >= MIN_SPAN:
            pos = [k for k in range(i, j) if toks[k] in legal]
            if len(pos) >= MIN_LEGAL and len({toks[k] for k in pos}) >= MIN_DISTINCT:
                s, e = pos[0], pos[-1] + 1
                if e - s >= MIN_SPAN and len(pos) / (e - s) >= MIN_DENSITY:
                    found.append(Hit(-1, s, e, e - s, e - s, e - s, "unknown",
                                     expression="unknown", kind="unknown",
                                     extra={"rule": "unknown-licence-like-text"}))
        i = j
    if not found:
        return hits
    return sorted(hits + found, key=lambda h: (h.qstart, -h.span))
