"""Detection-layer filters run on the hits that survived overlap resolution.

The same questions ScanCode's ``licensedcode.match.refine_matches`` asks of its
matches, answered on mofkit's hits (written here from the algorithm, not the code):

- :func:`drop_licence_lists`: a run of many short, exact references to many
  different licences (an SPDX licence list in a tool's data, a table of trove
  classifiers) names licences, it does not license the file;
- :func:`phrase_broken`: a rule that must be matched as one phrase (a two-word
  reference such as "classpath exception") is no match when the words of the
  text are interrupted by words no rule knows (``gnu::classpath::jdwp::exception``
  in code);
- :func:`drop_alignments_over_texts`: a long licence text matched exactly is not
  swallowed by an alignment of a bigger rule, unless that rule is the whole file
  (the alignment keeps only what it matched beside the text, if that is a match).
"""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query
from mofkit.licenses.detect.thresholds import SMALL_RULE

LIST_MIN = 15  # hits in a run before it can be a licence list
LIST_LONG = 150  # hits in a whole file past which it is judged as one list
LIST_UNIQUE_SHARE = 1 / 3  # distinct licences per hit a list needs (or LIST_MIN / 3 of them)
LIST_CANDIDATE_SHARE = 0.95  # of a long file's hits that must be list-like
LIST_GAP = 10  # tokens at most between two entries of one list
LIST_ENTRY_MAX = 20  # tokens of a list entry
LIST_KINDS = frozenset(("reference", "tag", "intro", "clue"))
NEAR_DUPLICATE = 0.8  # resemblance of a rule to the whole text that overrides that


def _list_entry(idx: Index, h: Hit) -> bool:
    """A hit that could be one entry of a licence list: a whole short reference, tag,
    intro or clue matched exactly (an ``SPDX-License-Identifier`` line never is)."""
    return (h.rid >= 0 and idx.kind(h.rid) in LIST_KINDS and h.matcher in ("exact", "hash")
            and h.rule_matched == h.rule_len and h.matched <= LIST_ENTRY_MAX)


def _is_list(idx: Index, run: list[Hit], min_hits: int = LIST_MIN) -> bool:
    """At least ``min_hits`` hits naming many different licences: more than a third
    of them distinct, or at least a third of ``min_hits``."""
    if len(run) < min_hits:
        return False
    distinct = len({idx.expressions[h.rid] if h.rid >= 0 else h.expression for h in run})
    return distinct / len(run) > LIST_UNIQUE_SHARE or distinct >= min_hits * LIST_UNIQUE_SHARE


def drop_licence_lists(idx: Index, hits: list[Hit]) -> list[Hit]:
    """Drop runs of licence-list entries (``hits`` in text order)."""
    if len(hits) < LIST_MIN:
        return hits
    if len(hits) > LIST_LONG:
        entries = sum(_list_entry(idx, h) for h in hits)
        if entries / len(hits) > LIST_CANDIDATE_SHARE and _is_list(idx, hits, LIST_LONG):
            return []
    kept: list[Hit] = []
    run: list[Hit] = []

    def close() -> None:
        if not _is_list(idx, run):
            kept.extend(run)
        run.clear()

    for h in hits:
        if not _list_entry(idx, h):
            close()
            kept.append(h)
        elif run and h.qstart - run[-1].qend + 1 > LIST_GAP:
            close()
            run.append(h)
        else:
            run.append(h)
    close()
    return kept


def phrase_broken(idx: Index, q: Query, start: int, end: int, rid: int) -> bool:
    """An exact match of rule ``rid`` on query tokens ``[start, end)`` is no match when
    words no rule knows interrupt what must be one phrase (the whole rule if it is
    continuous, else its required phrases, ``{{ }}`` in the rule text), or stopwords
    other than the rule's own there (``<br/>`` inside "license: vim"; "as a special
    exception" is the rule's own "a"), as ScanCode compares its stopwords by position.
    The query keeps only known words, so ``gnu::classpath::jdwp::exception`` reads
    "classpath exception" without this check."""
    gaps, stops = q.unknown_after, q.stop_after
    own = idx.stops.get(rid, {})
    parts = [(0, end - start)] if idx.continuous[rid] else idx.required.get(rid, ())
    for a, b in parts:
        if any(gaps[start + a: start + b - 1]):
            return True
        for p in range(a, b - 1):
            if stops[start + p] != own.get(p, 0):
                return True
    return False


def drop_alignments_over_texts(idx: Index, q: Query, hits: list[Hit]) -> list[Hit]:
    """A long licence text matched exactly is final: an alignment of another rule
    stretched over it and its neighbours (a title, a notice, a second text) is cut to
    what it matched on one side of it (dropped if that is no match of its own) and the
    exact matches inside it stand, unless that rule is a near-duplicate of the
    whole text scanned (a licence file whose own rule carries the title). As ScanCode,
    which takes long exact texts out of the text before aligning, except for its
    whole-file near-duplicate pass."""
    texts = [h for h in hits if h.matcher == "exact" and idx.is_long_text(h.rid)]
    if not texts:
        return hits
    out: list[Hit] = []
    for h in hits:
        inside = [t for t in texts if h.qstart <= t.qstart and t.qend <= h.qend
                  and (h.qstart, h.qend) != (t.qstart, t.qend)]
        if h.matcher == "seq" and inside and not near_duplicate(idx, q, h.rid):
            rest = _outside(idx, q, h, inside)
            if rest is not None:
                out.append(rest)
            continue
        out.append(h)
    return out


def _outside(idx: Index, q: Query, h: Hit, texts: list[Hit]) -> Hit | None:
    """Alignment ``h`` cut to its blocks before the first of ``texts`` or after the
    last (the side it matched more words on), if that is still a match: ScanCode takes
    a long text matched exactly out before aligning, and aligns the rule on the rest (a
    zlib text, then the rest of a notice that holds it and more)."""
    from mofkit.licenses.detect.match_seq import acceptable

    start, end = min(t.qstart for t in texts), max(t.qend for t in texts)
    spans, rpos = h.extra.get("blocks"), h.extra.get("rule_blocks")
    if not spans or rpos is None or len(spans) != len(rpos):
        return None
    blocks = [(s, n, r) for (s, n), r in zip(spans, rpos, strict=True)]
    before = [b for b in blocks if b[0] + b[1] <= start]
    after = [b for b in blocks if b[0] >= end]
    keep = max(before, after, key=lambda side: sum(n for _s, n, _r in side))
    if not keep:
        return None
    matched = sum(n for _s, n, _r in keep)
    cut = Hit(h.rid, keep[0][0], keep[-1][0] + keep[-1][1], matched, h.rule_len, matched,
              "seq", kind=h.kind, relevance=h.relevance,
              extra={"blocks": [(s, n) for s, n, _r in keep],
                     "rule_blocks": [r for _s, _n, r in keep]},
              rstart=keep[0][2], rend=keep[-1][2] + keep[-1][1])
    return cut if acceptable(idx, q, cut) else None


def near_duplicate(idx: Index, q: Query, rid: int) -> bool:
    """The rule's words resemble the whole text's: intersection over union of their
    word sets, and of their word multisets, at least ``NEAR_DUPLICATE``."""
    qids, qn = np.unique(np.asarray(q.tokens, dtype=np.int64), return_counts=True)
    rids, rn = np.unique(np.asarray(idx.rule_tokens(rid), dtype=np.int64), return_counts=True)
    common, qi, ri = np.intersect1d(qids, rids, assume_unique=True, return_indices=True)
    sets = len(common) / (len(qids) + len(rids) - len(common))
    inter = int(np.minimum(qn[qi], rn[ri]).sum())
    multisets = inter / (int(qn.sum()) + int(rn.sum()) - inter)
    return sets >= NEAR_DUPLICATE and multisets >= NEAR_DUPLICATE


def scattered(q: Query, start: int, end: int, matched: int, rule_len: int,
              tag: bool) -> bool:
    """A match of a small rule on query tokens ``[start, end)`` spread over more lines
    (blank lines included) than it matched words (two more for a tag): "MIT" above a
    blank line and "Copyright (c) …" is not the reference "MIT, Copyright". ScanCode's
    ``filter_short_matches_scattered_on_too_many_lines``, which keeps such a match when
    it is the only one."""
    if rule_len >= SMALL_RULE:
        return False
    return q.lines[end - 1] - q.lines[start] + 1 > matched + (2 if tag else 0)


def drop_scattered(idx: Index, q: Query, hits: list[Hit]) -> list[Hit]:
    """Drop the scattered matches of small rules (see :func:`scattered`), unless there
    is only one match."""
    if len(hits) < 2:
        return hits
    return [h for h in hits if h.rid < 0 or not scattered(
        q, h.qstart, h.qend, h.matched, h.rule_len, idx.kind(h.rid) == "tag")]
