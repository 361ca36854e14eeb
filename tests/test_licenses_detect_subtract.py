"""What ScanCode does with a query run once a long licence text in it was matched exactly
and taken out of the query: its rules are ranked with ScanCode's thresholds on what is
left (:mod:`mofkit.licenses.detect.runrank`), and aligned without the words taken out,
so a rule holding the licence text and a paragraph of its own is matched on that
paragraph alone. Runs without ../shared (the shipped index only)."""

from __future__ import annotations

import numpy as np

from mofkit.licenses.detect import identify, licence_text
from mofkit.licenses.detect.candidates import run_candidates
from mofkit.licenses.detect.index import get_index
from mofkit.licenses.detect.query import Query

# A rule made of the zlib licence text and a paragraph of its own after it.
RULE = "aladdin-md5.RULE"


def _lines(words: list[str], width: int = 10) -> str:
    return "\n".join(" ".join(words[i: i + width]) for i in range(0, len(words), width))


# A change log after the paragraph: the text is no near-duplicate of the rule.
HISTORY = """
  The original author is J. Random Hacker. Other authors are noted in the change
  history that follows (in reverse chronological order):

  2002-04-13 jrh Clarified derivation; now handles byte order either statically
        or dynamically; added missing include in library.
  2002-03-11 jrh Corrected argument list for main(), and added int return
        type, in test program and value program.
  2002-02-21 jrh Added missing include in test program.
  2000-07-03 jrh Patched to eliminate warnings about constant is unsigned in
        traditional compilers; made test program self-checking.
  1999-11-04 jrh Edited comments slightly for automatic extraction.
  1999-10-18 jrh Fixed typo in header comment.
  1999-05-03 jrh Original version.
"""


def _text_then_paragraph() -> tuple[str, int]:
    """The zlib licence text, an author line and a file id, then the rule's own paragraph
    (its words after the zlib text) and a change log: the text and the line the
    paragraph starts on."""
    idx = get_index()
    zlib = licence_text("zlib").split()
    rule = idx.rule_text(idx.find_rule(RULE)).split()
    assert rule[: len(zlib)] == zlib
    head = _lines(zlib) + "\n\n  J. Random Hacker\n\n/* $Id: md5.c,v 1.6 2002/04/13 $ */\n"
    return head + _lines(rule[len(zlib):]) + "\n" + HISTORY, head.count("\n") + 1


def test_a_rule_holding_the_paragraph_left_is_ranked() -> None:
    """What the zlib text leaves of the run holds less than half of the rule's rare
    words, but ScanCode's thresholds on it (a few words, a few legalese words) keep the
    rule, and it ranks among the first."""
    idx = get_index()
    text, _line = _text_then_paragraph()
    q = Query.build(text, idx)
    arr = q.array.astype(np.int64)
    zlib = Query.build(_lines(licence_text("zlib").split()), idx)
    left = arr.copy()
    left[: len(zlib)] = 0
    assert idx.find_rule(RULE) in run_candidates(idx, arr, left=left).tolist()


def test_a_rule_sharing_the_text_taken_out_matches_its_own_paragraph() -> None:
    """The zlib text is matched exactly and taken out; the rule that holds it and the
    paragraph after it is aligned on what is left, the paragraph, as ScanCode does
    (a match of a third of the rule, kept), not over the zlib text again."""
    text, line = _text_then_paragraph()
    got = [(m.key, m.rule, m.matcher, m.start_line) for m in identify(text)]
    assert got == [("zlib", "zlib.LICENSE", "exact", 1), ("zlib", RULE, "seq", line)]


def test_the_alignment_never_starts_in_the_text_taken_out() -> None:
    """Neither the alignment nor its start redone as ScanCode's aligner would (rehead),
    nor the words added between its blocks, use a position taken out: the rule's match
    holds the paragraph's words only, not the zlib text's again."""
    from mofkit.licenses.detect.match_exact import match_exact
    from mofkit.licenses.detect.match_seq import match_seq

    idx = get_index()
    text, _line = _text_then_paragraph()
    q = Query.build(text, idx)
    exact = match_exact(idx, q, bytearray(len(q)))
    gone, explained = bytearray(len(q)), bytearray(len(q))
    for h in exact:
        explained[h.qstart: h.qend] = b"\x01" * h.span
        if idx.is_long_text(h.rid):
            gone[h.qstart: h.qend] = b"\x01" * h.span
    end = max(h.qend for h in exact if idx.is_long_text(h.rid))
    hits = [h for h in match_seq(idx, q, bytearray(len(q)), explained, gone)
            if idx.ids[h.rid] == RULE]
    assert hits and all(h.qstart >= end for h in hits)
    assert all(a >= end for h in hits for a, _n in h.extra["blocks"])


# A reworded copy of the first half of morbig-ieee-std-usage's notice (a permission to
# reprint parts of an IEEE standard), words of its own in every sentence.
REPRINT = """The Institute of Electrical and Electronics Engineers and the American National
Standards Committee X3, on Information Processing Systems have given us permission to reprint
portions of their documentation.

In the following statement, the phrase ``this text'' refers to portions of the system
documentation.

Portions of this text are reprinted and reproduced in electronic form in the third and final
Widget Toolkit Release for the Frobnicator, from IEEE Std 1003.2-1992, IEEE Standard for
Widget Interfaces and Gadget Protocols (WIDGET), copyright C 1992 by the Institute of
Electrical and Electronics Engineers, Inc. In the event of any discrepancy between these
versions and the original IEEE Standard, the original IEEE Standard is the referee document.
"""


def test_a_reworded_part_after_a_text_taken_out_is_kept_on_scancodes_thresholds() -> None:
    """After a long licence text matched exactly (taken out), the rest of the query run
    is a reworded third of another licence (density under 0.7): ScanCode keeps that
    alignment on its own thresholds (ScanCode 32.5.0 on this text: bsd-original-uc_1
    exact, morbig-ieee-std-usage lines 24-35 at 39%), not the small rule its first line
    holds."""
    idx = get_index()
    bsd = idx.rule_text(idx.find_rule("bsd-original-uc_1.RULE")).split()
    text = ("The 4.4BSD Copyright\n\n" + _lines(bsd, 12) + "\n\n" + REPRINT
            + "\nThe views and conclusions contained in the software are those of the authors.\n")
    got = [(m.rule, m.start_line, m.end_line) for m in identify(text)]
    assert got == [("bsd-original-uc_1.RULE", 3, 22), ("morbig-ieee-std-usage.LICENSE", 24, 35)]
