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
- then, as ScanCode's last ``refine_matches`` over the unknown matches and the weak
  matches put back beside them (:func:`settle`): a weak match whose words the unknown
  match holds goes (a "license agreement" title opening an unknown EULA is part of
  it), one only partly inside stays unless the overlap is large; an unknown match
  whose words a weak match holds goes (an unnamed-licence notice matched whole).

ScanCode runs this only when asked to; mofkit always does, so two more conditions
keep prose that talks about licences (a README) and known licences the aligner
missed from being reported: ``MIN_LEGAL`` words of legal vocabulary (licence,
warranty, liability, redistribute …; not "copyright" or "rights reserved":
copyright statements are not licences) among the matched words, and not nearly
every n-gram found in rule texts (``MAX_RATIO``: a known licence cut by markup).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

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
# Legal words among the matched words: as many as ScanCode asks legalese words
# (MIN_LEGALESE), but of the narrower legal vocabulary.
MIN_LEGAL = MIN_LEGALESE
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


BUCKET_BITS = 20  # top bits of an n-gram hash that find its bucket (1.2 hashes each)


@lru_cache(maxsize=4)
def _buckets(idx: Index) -> np.ndarray:
    """Where the index's n-gram hashes of each bucket start (one more than buckets)."""
    shift = np.uint32(32 - BUCKET_BITS)
    start = np.zeros((1 << BUCKET_BITS) + 1, dtype=np.int32)
    np.cumsum(np.bincount(idx.ngrams >> shift, minlength=1 << BUCKET_BITS), out=start[1:])
    return start


def known_ngrams(idx: Index, hashes: np.ndarray) -> np.ndarray:
    """Which of the n-gram ``hashes`` (uint32) some rule text has: each looked up in
    its bucket of the index's sorted hashes (at most a few), which is about twice as
    fast as a binary search of them all."""
    start, ref = _buckets(idx), idx.ngrams
    bucket = (hashes >> np.uint32(32 - BUCKET_BITS)).astype(np.int64)
    lo, hi = start[bucket], start[bucket + 1]
    found = np.zeros(len(hashes), dtype=bool)
    live = np.flatnonzero(hi > lo)
    at = lo[live]
    while len(live):  # the k-th hash of every bucket not yet read through
        found[live[ref[at] == hashes[live]]] = True
        at += 1
        more = at < hi[live]
        live, at = live[more], at[more]
    return found


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
    # Looked up only where a stretch's n-grams start.
    need = np.zeros(len(hashes), dtype=bool)
    for i, j in stretches:
        need[i: j - NGRAM + 1] = True
    sel = np.flatnonzero(need)
    found_ngram = np.zeros(len(hashes), dtype=bool)
    found_ngram[sel] = known_ngrams(idx, hashes[sel])
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
        # ScanCode's qmagnitude: the words spanned, unknown words between them included
        magnitude = e - s + sum(q.unknown_after[s: e - 1])
        if count < MIN_DENSITY * magnitude or found_ngram[s: e - NGRAM + 1].mean() > MAX_RATIO:
            continue
        if any(g.qstart <= s and e <= g.qend for g in good):
            continue  # inside a good match's region
        blocks = [(i + a, b - a) for a, b in _runs(marked)]
        found.append(Hit(-1, s, e, count, count, count, "unknown",
                         expression="unknown", kind="unknown",
                         extra={"rule": "unknown-licence-like-text", "blocks": blocks}))
    if not found:
        return hits
    weak_hits = [h for h in hits if weak(idx, h)]
    kept_unknown, dropped = settle(idx, found, weak_hits, high)
    gone = {id(h) for h in dropped}
    kept = [h for h in hits if id(h) not in gone]
    return sorted(kept + kept_unknown, key=lambda h: (h.qstart, -h.span))


# ScanCode's overlap classes (filter_overlapping_matches): the share of a match's
# positions that another match also holds.
OVERLAP_SMALL, OVERLAP_MEDIUM, OVERLAP_LARGE, OVERLAP_EXTRA_LARGE = 0.10, 0.40, 0.70, 0.90
ORDER = {"exact": 2, "hash": 0, "spdx-tag": 1, "seq": 3, "unknown": 6}  # matcher order


class _M:
    """A match as ScanCode's final filters see it: its matched positions."""

    __slots__ = ("end", "hilen", "hit", "keys", "pos", "start", "unknown")

    def __init__(self, idx: Index, h: Hit, high: np.ndarray) -> None:
        self.hit = h
        self.pos = frozenset(p for s, n in matched_words(h) for p in range(s, s + n))
        self.hilen = int(sum(high[p] for p in self.pos))
        self.start, self.end = min(self.pos), max(self.pos)
        self.keys = licence_keys(expression_of(idx, h))
        self.unknown = h.matcher == "unknown"

    def __len__(self) -> int:
        return len(self.pos)

    def names(self, other: _M) -> bool:  # ScanCode's licensing_contains
        return bool(other.keys) and other.keys <= self.keys


def settle(idx: Index, unknowns: list[Hit], weak_hits: list[Hit], high: np.ndarray
           ) -> tuple[list[Hit], list[Hit]]:
    """ScanCode's last ``refine_matches`` over the unknown matches and the weak matches
    put back beside them (``filter_contained_matches``, ``filter_overlapping_matches``,
    ``restore_non_overlapping``), for the pairs an unknown match is part of: the good
    matches hold none of an unknown match's words, and the weak ones were already
    weighed against each other. A weak match whose words an unknown match holds goes (a
    "license agreement" title opening an unknown EULA); an unknown match held by a
    weak one goes (licence-like words that are an unnamed-licence notice matched
    whole). Returns the unknown matches kept and the weak matches dropped."""
    ms = sorted((_M(idx, h, high) for h in unknowns + weak_hits),
                key=lambda m: (m.start, -m.hilen, -len(m), ORDER.get(m.hit.matcher, 3)))
    kept, discarded = _contained(ms)
    kept, more = _overlapping(kept)
    taken = frozenset().union(*(m.pos for m in kept))
    for m in discarded + more:  # restore_non_overlapping
        if m.pos.isdisjoint(taken):
            kept.append(m)
    alive = {id(m.hit) for m in kept}
    return ([h for h in unknowns if id(h) in alive],
            [h for h in weak_hits if id(h) not in alive])


def _walk(ms: list[_M], past: Callable[[_M, _M], bool],
          judge: Callable[[list[_M], int, _M, _M], str | None]) -> tuple[list[_M], list[_M]]:
    """The pairwise walk of ScanCode's filters over ``ms`` (sorted): each match against
    the later ones until ``past`` says the rest lie beyond it; ``judge`` says which of
    the two goes ("next", "cur") or neither (None). Returns the kept and the dropped."""
    out: list[_M] = []
    i = 0
    while i < len(ms) - 1:
        j = i + 1
        while j < len(ms):
            cur, nxt = ms[i], ms[j]
            if past(cur, nxt):
                break
            drop = judge(ms, i, cur, nxt)
            if drop == "next":
                out.append(ms.pop(j))
                continue
            if drop == "cur":
                out.append(ms.pop(i))
                i -= 1
                break
            j += 1
        i += 1
    return ms, out


def _contained(ms: list[_M]) -> tuple[list[_M], list[_M]]:
    return _walk(ms, lambda cur, nxt: nxt.end > cur.end, _judge_contained)


def _judge_contained(_ms: list[_M], _i: int, cur: _M, nxt: _M) -> str | None:
    if not (cur.unknown or nxt.unknown):
        return None
    if cur.pos == nxt.pos:  # equal: the lower coverage goes (unknown: 100%)
        return "next" if cur.hit.coverage >= nxt.hit.coverage else "cur"
    if nxt.pos <= cur.pos:
        return "next"
    if cur.pos <= nxt.pos:
        return "cur"
    return None


def _overlapping(ms: list[_M]) -> tuple[list[_M], list[_M]]:
    return _walk(ms, lambda cur, nxt: nxt.start > cur.end, _judge_overlapping)


def _judge_overlapping(ms: list[_M], i: int, cur: _M, nxt: _M) -> str | None:
    both = len(cur.pos & nxt.pos)
    if not both or not (cur.unknown or nxt.unknown):
        return None
    to_next, to_cur = both / len(nxt), both / len(cur)
    longer, shorter = len(cur) >= len(nxt), len(cur) <= len(nxt)
    more_hi, less_hi = cur.hilen >= nxt.hilen, cur.hilen <= nxt.hilen
    if to_next >= OVERLAP_EXTRA_LARGE and longer:
        return "next"
    if to_cur >= OVERLAP_EXTRA_LARGE and shorter:
        return "cur"
    if to_next >= OVERLAP_LARGE and longer and more_hi:
        return "next"
    if to_cur >= OVERLAP_LARGE and shorter and less_hi:
        return "cur"
    medium = to_next >= OVERLAP_MEDIUM or to_cur >= OVERLAP_MEDIUM
    if medium and cur.names(nxt) and longer and more_hi:
        return "next"
    if medium and nxt.names(cur) and shorter and less_hi:
        return "cur"
    if (to_next >= OVERLAP_SMALL and cur.start <= nxt.start and nxt.end <= cur.end
            and cur.names(nxt) and longer and more_hi):
        return "next"
    if (to_cur >= OVERLAP_SMALL and nxt.start <= cur.start and cur.end <= nxt.end
            and nxt.names(cur) and shorter and less_hi):
        return "cur"
    if i and not (ms[i - 1].pos & nxt.pos):
        # most of the current one inside its two neighbours
        before = len(cur.pos & ms[i - 1].pos)
        if before and before + both >= 0.9 * len(cur):
            return "cur"
    return None
