"""ScanCode's candidate ranking per query run (:mod:`mofkit.licenses.detect.runrank`),
checked on small texts and ScanCode's own threshold values. Runs without ../shared
(the shipped index only)."""

from __future__ import annotations

import numpy as np
import pytest

from mofkit.licenses.detect import identify, licence_text
from mofkit.licenses.detect.candidates import RUN_CANDIDATES, run_candidates
from mofkit.licenses.detect.index import get_index
from mofkit.licenses.detect.query import Query
from mofkit.licenses.detect.runrank import rule_sets


def test_thresholds_are_scancodes() -> None:
    """Rule.compute_thresholds of ScanCode 32.5.0: (minimum coverage, min matched length,
    min high matched length, the same two on distinct words)."""
    idx, rs = get_index(), rule_sets(get_index())
    expect = {  # values read from ScanCode's index
        "lgpl_4.RULE": (0.5, 8, 3, 7, 7),
        "lgpl-2.1-plus_242.RULE": (0.8, 8, 5, 7, 5),
        "lgpl_bare_single_word.RULE": (1.0, 1, 1, 1, 1),
        "mit.LICENSE": (0.0, 4, 3, 4, 3),
    }
    for rule, want in expect.items():
        r = idx.find_rule(rule)
        got = (rs.min_cov[r], rs.min_len[r], rs.min_high[r], rs.min_len_u[r], rs.min_high_u[r])
        assert tuple(float(x) for x in got) == want, rule


def test_a_long_licence_outranks_its_small_fully_contained_rules() -> None:
    """ScanCode ranks on all words, counted as often as they occur: a run holding 96% of
    a long licence text ranks it among its first candidates (containment 0.96 rounds to
    1.0, then its resemblance and size win), above the many short rules the run holds
    whole. Ranked on distinct rare words only, it fell out of the first 70."""
    idx = get_index()
    words = licence_text("lzma-sdk-2006").split()
    cut = len(words) * 96 // 100
    text = "\n".join(" ".join(words[i:i + 10]) for i in range(0, cut, 10))
    q = Query.build(text, idx)
    ranked = run_candidates(idx, q.array.astype(np.int64)).tolist()
    assert len(ranked) >= RUN_CANDIDATES
    assert idx.find_rule("lzma-sdk-2006.LICENSE") in ranked


def _lines(words: list[str]) -> str:
    return "\n".join(" ".join(words[i:i + 10]) for i in range(0, len(words), 10))


def test_a_notice_block_with_names_is_ranked_among_many_licences() -> None:
    """ScanCode's second ranking step counts every word as often as it occurs: the MPL
    1.1/GPL/LGPL block rule that holds the block's initial-developer paragraph is 277
    words, all in the run, and ranks 19th of ScanCode's 70 on a run that also holds
    three BSD/GPL dual-licence notices and an Apache notice. On distinct rare words its
    74 shared words rank it below the many BSD rules the run holds nearly whole."""
    idx = get_index()
    block = "mpl-1.1_or_gpl-2.0-plus_or_lgpl-2.1-plus_26.RULE"
    others = ["lgpl-2.1-plus_or_bsd-new_1.RULE", "gpl-2.0-plus_or_bsd-new_11.RULE",
              "bsd-new_154.RULE", "apache-2.0_38.RULE"]
    text = "\n".join(_lines(idx.rule_text(idx.find_rule(r)).split()) for r in [block, *others])
    q = Query.build(text, idx)
    assert len(q.run_starts) == 1
    assert idx.find_rule(block) in run_candidates(idx, q.array.astype(np.int64)).tolist()


def test_the_best_alignment_of_a_long_stretch_is_ranked_again_on_its_span(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A stretch holding many licences ranks its rules on all of its words; once its best
    alignment is found, the rules are ranked again on that alignment's span alone and
    those are tried too (ScanCode aligns every candidate of the run: the rule matching
    most of that span wins there, whatever it ranked on the whole stretch). Here the
    ranking on the whole stretch is made to give one near rule only (bsd-original_13,
    which aligns on 92% of itself); the second ranking, on its span, finds the rules
    that match whole."""
    from mofkit.licenses.detect import match_seq, takenout

    idx = get_index()
    near = idx.find_rule("bsd-original_13.RULE")
    words = idx.rule_text(idx.find_rule("bsd-original_9.RULE")).split()
    words = [*words[:40], "the", "project", *words[40:]]  # not an exact match
    others = ["bsd-new_76.RULE", "bsd-new_19.RULE", "bsd-simplified_54.RULE",
              "isc_14.RULE", "bsd-credit.LICENSE"]
    text = "\n".join([_lines(words)] + [_lines(idx.rule_text(idx.find_rule(r)).split())
                                        for r in others])
    ranked_on: list[int] = []
    real = takenout.candidates

    def spy(idx_: object, arr: np.ndarray, allowed: np.ndarray | None = None,
            left: np.ndarray | None = None) -> list:
        ranked_on.append(len(arr))
        found = real(idx_, arr, allowed, left)
        return [(1.0, near)] if len(ranked_on) == 1 else found

    monkeypatch.setattr(takenout, "candidates", spy)
    found = identify(text)
    assert found[0].rule != "bsd-original_13.RULE" and found[0].coverage == 100
    assert ranked_on[0] > match_seq.SECOND_LOOK * ranked_on[1]
