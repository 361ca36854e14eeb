"""Where an alignment starts (:mod:`mofkit.licenses.detect.heads`) and ScanCode's
containment filters between an alignment and the matches inside it."""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect.heads import rehead
from mofkit.licenses.detect.index import get_index
from mofkit.licenses.detect.match_seq import align
from mofkit.licenses.detect.merge import refine
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query

RULE = "lppl-1.3c_5.RULE"
TITLE = 21  # the rule's words before "latex3 project everyone is allowed ..."


def _aligned(text: str) -> Hit:
    idx = get_index()
    q = Query.build(text, idx)
    rid = idx.find_rule(RULE)
    h = align(idx, rid, q.tokens, np.asarray(q.tokens, dtype=np.int64), 0)
    assert h is not None
    return rehead(idx, q, h)


def _licence(before: str) -> str:
    """The LPPL with its title cut from the body by a word, after ``before``."""
    words = get_index().rule_text(get_index().find_rule(RULE)).split()
    return f"{before}\n{' '.join(words[:TITLE])}\nhello\n{' '.join(words[TITLE:])}\n"


def test_title_joins_when_it_holds_the_first_legalese_words() -> None:
    # Nothing before the title: ScanCode's first block left of the body is the title.
    h = _aligned(_licence("hello world"))
    assert h.rstart == 0


def test_title_stays_out_when_its_legalese_words_occur_earlier_in_the_run() -> None:
    # "license" twice earlier in the query run: ScanCode's aligner matches the title's
    # only legalese words there (the earliest of the longest), too far from the body to
    # join it, and the alignment starts after the title.
    filler = " ".join(["hello world"] * 40)
    h = _aligned(_licence(f"a license and a license\n{filler}"))
    assert h.rstart == TITLE
    old = _aligned(_licence("hello world"))
    assert h.qstart > old.qstart


def _hit(rid: int, start: int, blocks: list[tuple[int, int]], matcher: str, rule_len: int,
         kind: str = "notice") -> Hit:
    matched = sum(n for _s, n in blocks)
    end = blocks[-1][0] + blocks[-1][1]
    return Hit(rid, start, end, matched, rule_len, matched, matcher, kind=kind,
               extra={"blocks": blocks, "rule_blocks": [0] * len(blocks)})


def test_an_exact_match_inside_an_alignment_goes_whatever_its_quality() -> None:
    # ScanCode's filter_contained_matches: a 97-word exact match all of whose words an
    # 102-word alignment of 88% of its rule also matched goes, though it scores higher.
    idx = get_index()
    seq = _hit(idx.find_rule("lzma-sdk-2006.LICENSE"), 17, [(17, 102)], "seq", 115, "text")
    exact = _hit(idx.find_rule("cpl_or_lgpl_with_lzma-sdk-2006-exception.RULE"), 22,
                 [(22, 97)], "exact", 97)
    kept = refine(idx, [exact, seq])
    assert [h.rid for h in kept] == [seq.rid]


def test_a_match_a_larger_one_of_its_licence_surrounds_goes_on_a_small_overlap() -> None:
    # ScanCode's small overlap: 1 of the 8 words of a notice is a word of an alignment of
    # the same licence around it.
    idx = get_index()
    seq = _hit(idx.find_rule("sun-sissl-1.1_3.RULE"), 0, [(0, 1), (7, 1), (20, 300)], "seq",
               2307, "text")
    exact = _hit(idx.find_rule("sun-sissl-1.1_4.RULE"), 3, [(3, 8)], "exact", 8)
    kept = refine(idx, [exact, seq])
    assert [h.rid for h in kept] == [seq.rid]
