"""Licence-like text that no rule explains becomes an ``unknown`` licence match.

As ScanCode's unknown-licence matching (``licensedcode.match_unknown`` and its use in
``LicenseIndex.match``), written here from the algorithm:

- the matches found so far are split into good and weak ones (:func:`weak`): weak
  are matches to unnamed licences only (``unknown-license-reference``,
  ``free-unknown``: every key of the expression has "unknown" in it) and short
  alignments covering little of their rule; weak matches do not keep unknown-licence
  detection off their words;
- every stretch of words that no good match matched is searched for the word
  ``NGRAM``-grams it shares with some rule text (the index keeps the hashes of the
  rule texts' "good" n-grams: no copyright marker, year or run of numbers; as in
  ScanCode they must also hold a legalese word, checked on the text's side since an
  n-gram found is the same words); the words of those n-grams are the unknown
  match's words;
- the stretch is an unknown licence when at least ``MIN_MATCHED`` words are matched,
  ``MIN_LEGALESE`` of them are legalese and they are dense enough (``MIN_DENSITY``
  of the words from the first matched to the last: a few licence phrases scattered
  over a long text are no licence), unless it lies inside the region of a
  good match (an alignment's unmatched words are no licence of their own);
- a weak match whose words all are the unknown match's goes (a "license agreement"
  title inside an unknown EULA is part of it); one only partly inside stays.

ScanCode runs this only when asked to; mofkit always does, so two more conditions
keep prose that talks about licences (a README) and known licences the aligner
missed from being reported: ``MIN_LEGAL`` words of legal vocabulary (licence,
warranty, liability, redistribute …; not "copyright" or "rights reserved":
copyright statements are not licences) among the matched words, and not nearly
every n-gram found in rule texts (``MAX_RATIO``: a known licence cut by markup).
"""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect.index import NGRAM, Index, ngram_hashes
from mofkit.licenses.detect.merge import expression_of, licence_keys, matched_words
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
MIN_MATCHED = 4 * NGRAM  # words of a stretch inside n-grams found in rule texts
MIN_LEGALESE = 5  # legalese words among those (ScanCode's)
SMALL = 15  # words: an alignment this short ...
WEAK_COVERAGE = 0.25  # ... of at most this much of its rule is weak (ScanCode's)
# Matched words per word from the first matched to the last: ScanCode discards a
# sparser unknown match as spurious (``filter_spurious_matches``, query density < 0.4).
MIN_DENSITY = 0.4
# Thresholds tuned on the "tune" half of the benchmark corpus (see
# benchmarks/license_detection.py --split).
MIN_LEGAL = 10  # legal words among the matched words
# A stretch whose n-grams nearly all occur in rule texts is a known licence the other
# stages failed to align (a licence text cut by markup, say), not an unknown licence.
MAX_RATIO = 0.8


def legal_ids(idx: Index) -> frozenset[int]:
    return frozenset(idx.word_id[w] for w in LEGAL_WORDS if w in idx.word_id)


def weak(idx: Index, h: Hit) -> bool:
    """ScanCode's ``split_weak_matches``: a match to unnamed licences only, or a short
    alignment covering little of its rule. (ScanCode takes any expression naming an
    unknown licence; a known licence ``AND free-unknown`` is a known notice here.)"""
    keys = licence_keys(expression_of(idx, h))
    if keys and all("unknown" in k for k in keys):
        return True
    return h.matcher == "seq" and h.matched <= SMALL and h.coverage <= WEAK_COVERAGE


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The maximal runs of true values of ``flags``, as (start, end)."""
    padded = np.concatenate(([0], flags.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))


def match_unknown(idx: Index, q: Query, hits: list[Hit]) -> list[Hit]:
    n = len(q)
    if n < MIN_MATCHED:
        return hits
    good = [h for h in hits if not weak(idx, h)]
    free = np.ones(n, dtype=bool)
    for h in good:
        for s, size in matched_words(h):
            free[s: s + size] = False
    stretches = [(i, j) for i, j in _runs(free) if j - i >= MIN_MATCHED]
    if not stretches:
        return hits
    hashes = ngram_hashes(q.array)  # hashes[k]: the n-gram starting at position k
    ref = idx.ngrams
    at = np.searchsorted(ref, hashes)
    found_ngram = ref[np.minimum(at, len(ref) - 1)] == hashes
    high = np.frombuffer(bytes(q.high), dtype=np.uint8).astype(bool)
    cum = np.concatenate(([0], np.cumsum(high)))
    found_ngram &= (cum[NGRAM:] - cum[:-NGRAM]) > 0  # n-grams holding legalese
    lids = legal_ids(idx)
    found: list[Hit] = []
    for i, j in stretches:
        starts = np.flatnonzero(found_ngram[i: j - NGRAM + 1])
        if len(starts) == 0:
            continue
        marked = np.zeros(j - i, dtype=bool)
        for k in range(NGRAM):
            marked[starts + k] = True
        pos = np.flatnonzero(marked) + i
        count = len(pos)
        if count < MIN_MATCHED or int(high[pos].sum()) < MIN_LEGALESE:
            continue
        if sum(q.tokens[p] in lids for p in pos.tolist()) < MIN_LEGAL:
            continue
        s, e = int(pos[0]), int(pos[-1]) + 1
        if count < MIN_DENSITY * (e - s) or found_ngram[s: e - NGRAM + 1].mean() > MAX_RATIO:
            continue
        if any(g.qstart <= s and e <= g.qend for g in good):
            continue  # inside a good match's region
        blocks = [(i + a, b - a) for a, b in _runs(marked)]
        found.append(Hit(-1, s, e, count, count, count, "unknown",
                         expression="unknown", kind="unknown",
                         extra={"rule": "unknown-licence-like-text", "blocks": blocks}))
    if not found:
        return hits
    owned = np.zeros(n, dtype=bool)
    for u in found:
        for s, size in u.extra["blocks"]:
            owned[s: s + size] = True
    kept = [h for h in hits if not weak(idx, h)
            or not all(owned[s: s + size].all() for s, size in matched_words(h))]
    return sorted(kept + found, key=lambda h: (h.qstart, -h.span))
