"""ScanCode's alignment rounds (:mod:`mofkit.licenses.detect.rounds`): a rule is aligned
with a query run in rounds, each seeded on the longest run of the rule's legalese words
left in the run, the next starting after the last block of the one before."""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect import licence_text
from mofkit.licenses.detect.candidates import near_duplicates, run_candidates
from mofkit.licenses.detect.index import get_index
from mofkit.licenses.detect.match_seq import align
from mofkit.licenses.detect.query import Query
from mofkit.licenses.detect.rounds import Rounds

FILLER = "\n".join(["lorem ipsum dolor sit amet"] * 3)


def _mit() -> list[str]:
    return licence_text("mit").split()


def _broken(words: list[str], every: int) -> list[str]:
    """``words`` with one in ``every`` replaced: no run of them longer than that."""
    return [w if i % every != every // 2 else "zork" for i, w in enumerate(words)]


def _later_copy(early: list[str], later: list[str]):
    """The query of ``early``, filler, then ``later``; MIT's alignment with ``later``
    alone (the stretch from its first word on) and that stretch."""
    idx = get_index()
    head = "Notes\n" + " ".join(early) + "\n" + FILLER + "\n"
    q = Query.build(head + " ".join(later) + "\n", idx)
    lo = len(Query.build(head, idx).tokens)
    rid = idx.find_rule("mit.LICENSE")
    toks = q.tokens[lo:]
    h = align(idx, rid, toks, np.asarray(toks, dtype=np.int64), lo)
    assert h is not None
    return idx, q, h, (lo, len(q))


def test_an_alignment_holding_the_longest_run_is_its_own_round() -> None:
    # An earlier, reworded copy of the rule's first third: its runs are all shorter.
    mit = _mit()
    idx, q, h, within = _later_copy(_broken(mit[: len(mit) // 3], 4), mit)
    assert Rounds(idx, q).blocks(h, within) is None


def test_an_earlier_equal_run_wins_the_tie() -> None:
    # The same first third intact earlier: ScanCode's first round anchors on the
    # earliest of the longest runs, there, and aligns the rest of the rule with the
    # rest of the later copy.
    mit = _mit()
    third = len(mit) // 3
    idx, q, h, within = _later_copy(mit[:third], mit)
    assert Rounds(idx, q).blocks(h, within) == [(within[0] + third, third, len(mit) - third)]


def test_an_earlier_longer_run_takes_the_rule_in_the_first_round() -> None:
    # The rule's first third intact early in the run, then the whole rule with no run
    # as long: the first round anchors on the early copy, so the rule's first third is
    # spent there and the later copy keeps only what the round found right of it.
    mit = _mit()
    third = len(mit) // 3
    idx, q, h, within = _later_copy(mit[:third], _broken(mit, 12))
    assert h.rstart < third  # our aligner alone takes the later copy whole
    found = Rounds(idx, q).blocks(h, within)
    assert found
    assert min(j for _i, j, _n in found) >= third
    assert all(within[0] <= i and i + n <= within[1] for i, _j, n in found)


def test_near_duplicates_need_a_rule_about_as_long_as_the_text() -> None:
    idx = get_index()
    mit = licence_text("mit")
    whole = np.asarray(Query.build(mit, idx).tokens, dtype=np.int64)
    assert idx.find_rule("mit.LICENSE") in near_duplicates(idx, whole).tolist()
    doubled = np.concatenate([whole, whole])
    assert idx.find_rule("mit.LICENSE") not in near_duplicates(idx, doubled).tolist()


def test_a_run_is_ranked_on_what_the_long_texts_taken_out_leave() -> None:
    # ScanCode takes a long licence text matched exactly out of the query before
    # ranking the rules on each query run: a notice after the GPL ranks on its own.
    idx = get_index()
    rid = idx.find_rule("mit_129.RULE")
    gpl = Query.build(licence_text("gpl-2.0"), idx)
    q = Query.build(licence_text("gpl-2.0") + "\n" + idx.rule_text(rid), idx)
    arr = q.array.astype(np.int64)
    left = arr.copy()
    left[: len(gpl)] = 0
    assert rid not in run_candidates(idx, arr).tolist()
    assert rid in run_candidates(idx, arr, left=left).tolist()
