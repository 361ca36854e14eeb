"""Which of an alignment's blocks ScanCode's aligner would give it, on a query run
where the rule's best legalese run also occurs outside the alignment.

ScanCode aligns a rule with a query run in rounds (its ``match_sequence``): its
``match_blocks`` on the text from the round's start to the run's end and the whole
rule, whose first block is the longest run of equal legalese words ANYWHERE in that
text (the earliest on a tie); the next round starts where the last block of this one
ends. So when the text repeats part of the rule earlier in the run (a notice quoted
again inside a longer dual-licence text, an ISC text before the one a longer licence
holds), the first round spends the rule on the earlier copy: the alignment of the later
text is the next round's, starting after the first round's last block, or is only what
the first round's blocks right of that copy found. :class:`Rounds` redoes the rounds
for an alignment whose anchor (its longest legalese run) is beaten by a run of the rule
outside it, and keeps the blocks of the round that holds the most of it. The legalese
runs of a (rule, query run) pair and its rounds are computed once per query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mofkit.licenses.detect.heads import anchored
from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query
from mofkit.licenses.detect.seqblocks import (
    legalese_flags,
    legalese_seeds,
    rule_postings,
    sc_blocks,
)

MAX_BOX = 4_000_000  # query run × rule positions redone, at most
MAX_ROUNDS = 20

Block = tuple[int, int, int]


@dataclass(slots=True)
class _RunRounds:
    """A rule on one query run (starting at ``rs``): the text (``a``, positions taken
    out blanked), the rule (``b``), their legalese runs on the whole query run, and the
    rounds found so far (absolute blocks), with where the next one starts."""

    rs: int
    a: list[int]
    b: list[int]
    seeds: tuple[np.ndarray, np.ndarray, np.ndarray]
    rounds: list[tuple[int, list[Block]]] = field(default_factory=list)  # (start, blocks)
    start: int = 0  # of the next round, in the run
    done: bool = False

    def upto(self, end: int) -> list[list[Block]]:
        """The blocks of the rounds that start before query position ``end``."""
        i0, j0, ln = self.seeds
        while not self.done and self.rs + self.start < end and len(self.rounds) < MAX_ROUNDS:
            start = self.start
            # The legalese runs of the text from ``start`` on: the whole run's, clipped.
            live = i0 + ln > start
            cut = np.maximum(start - i0[live], 0)
            seeds = (i0[live] + cut - start, j0[live] + cut, ln[live] - cut)
            found = sc_blocks(self.a[start:], self.b, seeds, min_block=1)
            if not found:
                self.done = True
                break
            self.rounds.append((self.rs + start,
                                [(self.rs + start + i, j, n) for i, j, n in found]))
            self.start = start + max(i + n for i, _j, n in found)
        return [r for s, r in self.rounds if s < end]


class Rounds:
    """ScanCode's alignment rounds on the query ``q``, without the positions ``gone``
    flags (long licence texts matched exactly, which ScanCode takes out of the query)."""

    def __init__(self, idx: Index, q: Query, gone: np.ndarray | None = None) -> None:
        self.idx, self.q, self.gone = idx, q, gone
        self._runs: dict[tuple[int, int], _RunRounds | None] = {}
        # Per position, how many legalese words end there in a row (no run of the
        # rule's legalese words in the text is longer).
        high = np.frombuffer(bytes(q.high), dtype=np.uint8) != 0
        at = np.arange(len(high))
        self._in_row = at - np.maximum.accumulate(np.where(high, -1, at)) if len(high) else at

    def _longest_in_row(self, lo: int, hi: int) -> int:
        """The longest run of legalese words in ``[lo, hi)``."""
        if hi <= lo:
            return 0
        return int(np.minimum(self._in_row[lo:hi], np.arange(1, hi - lo + 1)).max())

    def _run(self, rid: int, at: int) -> _RunRounds | None:
        key = (rid, at)
        if key not in self._runs:
            q, starts = self.q, self.q.run_starts
            rs = starts[at]
            re_ = starts[at + 1] if at + 1 < len(starts) else len(q)
            rule = np.asarray(self.idx.rule_tokens(rid), dtype=np.int64)
            if (re_ - rs) * len(rule) > MAX_BOX:
                self._runs[key] = None
            else:
                text = q.array[rs:re_].astype(np.int64)
                if self.gone is not None:
                    text[self.gone[rs:re_]] = 0
                flags = legalese_flags(self.idx)
                hkeys, hpos = rule_postings(rule, flags)
                seeds = legalese_seeds(text, flags, hkeys, hpos, len(rule))
                self._runs[key] = _RunRounds(rs, text.tolist(), rule.tolist(), seeds)
        return self._runs[key]

    def blocks(self, h: Hit, within: tuple[int, int]) -> list[Block] | None:
        """The blocks ``(text position, rule position, size)`` of alignment ``h`` (found
        on the stretch ``within``) that the ScanCode round matching the most of that
        stretch finds there, or None if its rounds would not change it (no run of the
        rule outside ``h`` beats its anchor)."""
        q = self.q
        anchor = anchored(self.idx, h) if q.run_starts else None
        if anchor is None:
            return None
        ours, runs, k = anchor
        at = int(np.searchsorted(q.run_starts, ours[k][0], side="right")) - 1
        rs = q.run_starts[at]
        re_ = q.run_starts[at + 1] if at + 1 < len(q.run_starts) else len(q)
        if (rs >= h.qstart and re_ <= h.qend) or max(
                self._longest_in_row(rs, h.qstart), self._longest_in_row(h.qend, re_)) < runs[k]:
            return None
        rr = self._run(h.rid, at)
        if rr is None:
            return None
        i0, _j0, ln = rr.seeds
        outside = (i0 + rs < h.qstart) | (i0 + rs >= h.qend)
        if not outside.any() or int(ln[outside].max()) < runs[k]:
            return None
        wlo, whi = within
        best, got = 0, []
        for found in rr.upto(whi):
            inside = [(i, j, n) for i, j, n in found
                      if wlo <= i and i + n <= whi and (n > 1 or q.high[i])]
            n_in = sum(n for _i, _j, n in inside)
            if n_in > best:
                best, got = n_in, inside
        return got
