"""The rules :mod:`.match_seq` tries on a stretch, and the text it aligns each on, once
ScanCode has taken the long licence texts matched exactly out of the query.

ScanCode's ``match_query`` subtracts from the query every exact match of a long
licence text (``Index.is_long_text``). Then its approximate matcher first aligns on
the whole text, as read, the rules most like all of it (its near-duplicate pass: that
query run's matchable positions were read before the subtraction), and then, query run
by query run, its top-ranked rules (``compute_candidates`` on the run's matchable words:
what is left) aligned on what is left only (its aligner skips the positions no longer
matchable). So a rule holding such a licence text and a paragraph of its own (a notice
quoting the licence) is ranked on that paragraph with ScanCode's thresholds
(:mod:`.runrank`) and matched there alone, a part of the rule that ScanCode keeps,
rather than over the licence text again. :class:`TakenOut` gives each stretch its rules
(:func:`.candidates.run_candidates` per query run it overlaps, with the near-duplicate
rules) ranked that way, and each rule the query's tokens it is aligned on, the
positions taken out blanked but for the near-duplicate rules. On a query nothing was
taken out of, these are the rules ranked per query run and the query as read.
"""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect.candidates import candidates, near_duplicates, run_candidates
from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.neardupes import near_matched
from mofkit.licenses.detect.query import Query

Ranked = list[tuple[float, int]]


class TakenOut:
    """The query ``q`` and the positions ``subtracted`` flags (long licence texts matched
    exactly), as ScanCode's approximate matcher sees them."""

    def __init__(self, idx: Index, q: Query, subtracted: bytearray | None = None) -> None:
        self.idx, self.q = idx, q
        self.gone: np.ndarray | None = None  # the positions taken out, if any
        if subtracted is not None and any(subtracted):
            self.gone = np.frombuffer(bytes(subtracted), dtype=np.uint8) != 0
        self.near = np.zeros(0, dtype=np.int64)  # the near-duplicate rules
        self.tokens, self.array = q.tokens, q.array  # the text without the positions taken out
        if self.gone is not None:
            self.near = near_duplicates(idx, q.array.astype(np.int64))
            self.array = q.array.astype(np.int64)
            self.array[self.gone] = 0
            self.tokens = self.array.tolist()
        self._near = set(self.near.tolist())
        self._bounds = list(zip(q.run_starts, [*q.run_starts[1:], len(q)], strict=True))
        self._runs: dict[int, np.ndarray] = {}  # per query run, its rules (when needed)
        self._near_words: np.ndarray | None = None  # see near_words (when needed)

    def _run_rules(self, k: int) -> np.ndarray:
        """The rules ScanCode ranks first on query run ``k``, on what is left of it."""
        if k not in self._runs:
            a, b = self._bounds[k]
            run = self.q.array[a:b].astype(np.int64)
            if self.gone is not None and self.gone[a:b].any():
                self._runs[k] = run_candidates(self.idx, run, left=self.array[a:b])
            else:
                self._runs[k] = run_candidates(self.idx, run)
        return self._runs[k]

    def cut(self, lo: int, hi: int) -> bool:
        """Whether the stretch ``[lo, hi)`` lost positions."""
        return self.gone is not None and bool(self.gone[lo:hi].any())

    def allowed(self, lo: int, hi: int) -> np.ndarray:
        """The rules that may be tried on the stretch ``[lo, hi)`` (flags over the
        rules): those ScanCode ranks first on a query run the stretch overlaps, with the
        near-duplicate rules."""
        allowed = np.zeros(len(self.idx), dtype=bool)
        allowed[self.near] = True
        for k, (a, b) in enumerate(self._bounds):
            if a < hi and b > lo:
                allowed[self._run_rules(k)] = True
        return allowed

    def tried(self, lo: int, hi: int, allowed: np.ndarray) -> Ranked:
        """The rules of ``allowed`` to align on the stretch ``[lo, hi)`` (or on a part of
        a stretch: its best alignment's span, ranked again), best first; its words are
        counted for those rules only. On a stretch that lost positions, the run's rules
        are ranked on what is left, the near-duplicate rules on the whole stretch."""
        arr = self.q.array[lo:hi].astype(np.int64)
        if not self.cut(lo, hi):
            return candidates(self.idx, arr, allowed)
        ranked = candidates(self.idx, arr, allowed, left=self.array[lo:hi])
        if len(self.near):
            only = np.zeros(len(self.idx), dtype=bool)
            only[self.near] = True
            have = {rid for _s, rid in ranked}
            ranked += [t for t in candidates(self.idx, arr, only) if t[1] not in have]
        return ranked

    def tokens_for(self, rid: int) -> list[int]:
        """The query's tokens rule ``rid`` is aligned on."""
        return self.q.tokens if self.is_near(rid) else self.tokens

    def near_words(self) -> np.ndarray:
        """The positions ScanCode's near-duplicate pass takes out of the query: those its
        rules match (:func:`.neardupes.near_matched`), found once, when first asked."""
        if self._near_words is None:
            self._near_words = near_matched(self.idx, self.q, self.near)
        return self._near_words

    def is_near(self, rid: int) -> bool:
        """Whether rule ``rid`` is one of the near-duplicate rules."""
        return rid in self._near

    def blanked(self, rid: int) -> bool:
        """Whether rule ``rid`` is aligned without the positions taken out."""
        return self.gone is not None and not self.is_near(rid)
