"""Short references and tags (rules under 15 words such as "licensed under the
http://www.gnu.org/copyleft/gpl.html GNU General Public License"): ScanCode aligns them
like any rule (its ``is_approx_matchable`` is read before the rule's ``is_small`` is
set), so a reference split by a few words of markup is one match, not its exact
pieces. Runs without ../shared (the shipped index only)."""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect import identify, licence_text
from mofkit.licenses.detect.candidates import (
    RUN_CANDIDATES,
    _triable,
    candidates,
    rare_counts,
    run_candidates,
)
from mofkit.licenses.detect.index import get_index
from mofkit.licenses.detect.query import Query

SPLIT = ("<javadoc doctitle=\"Demo (c) <a href='http://example.org/' target='_top'>A. Author</a>"
         " 2004. Licensed under the <a href='http://www.gnu.org/copyleft/gpl.html'"
         " target='_blank'>GNU General Public License</a>.\"/>")


def _tokens(text: str) -> np.ndarray:
    return np.asarray(Query.build(text, get_index()).tokens, dtype=np.int64)


def test_short_references_are_aligned_as_scancode_aligns_them() -> None:
    idx = get_index()
    rid = idx.find_rule("gpl_64.RULE")
    assert idx.small_refs[rid] and not idx.seq_eligible[rid]
    assert idx.min_rare[rid] <= idx.rare_count[rid]


def test_a_reference_split_by_markup_is_one_match() -> None:
    """The three exact pieces ("licensed under the", the URL, the licence name) are
    inside the alignment of the whole reference, which ScanCode keeps alone. Next to a
    notice, the stretch's six best rules on word bigrams are notices: the reference is
    tried besides them (candidates.TOP_SMALL)."""
    got = identify(SPLIT)
    assert [m.key for m in got] == ["gpl-1.0-plus"]
    assert got[0].matcher == "seq" and got[0].coverage == 100.0
    # ... and next to a notice of another licence in the same query run.
    notice = ("<!-- This build file is free software; you may redistribute it and or modify"
              " it under the terms of the GNU Lesser General Public Licence. -->\n")
    assert [m.key for m in identify(notice + SPLIT)] == ["lgpl-2.1-plus", "gpl-1.0-plus"]


def test_a_short_reference_needs_all_its_legalese_words() -> None:
    """ScanCode's thresholds for a rule under 20 words: every distinct legalese word of
    it in the text ("copyleft" missing: no candidate)."""
    idx = get_index()
    rid = idx.find_rule("gpl-1.0-plus_498.RULE")
    allowed = np.zeros(len(idx), dtype=bool)
    allowed[rid] = True
    whole = _tokens(SPLIT)
    assert [r for _s, r in candidates(idx, whole, allowed)] == [rid]
    lacking = _tokens(SPLIT.replace("copyleft/", ""))
    assert candidates(idx, lacking, allowed) == []


def test_short_references_push_no_other_rule_out_of_a_run() -> None:
    """Short references fully in a long run rank before a long licence only partly
    there on word sets; ScanCode's second ranking, on word counts (runrank), brings
    the licence back."""
    idx = get_index()
    arr = _tokens(licence_text("gpl-2.0")[:6000] + " " + licence_text("mit"))
    _ids, counts = rare_counts(idx, arr)
    rids, _c = _triable(idx, counts)
    others = rids[~idx.small_refs[rids]]
    assert len(others) > RUN_CANDIDATES and idx.small_refs[rids].sum() > RUN_CANDIDATES
    got = run_candidates(idx, arr)
    assert (~idx.small_refs[got]).sum() >= RUN_CANDIDATES
    assert idx.small_refs[got].sum() <= RUN_CANDIDATES
