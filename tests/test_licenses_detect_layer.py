"""The licence engine's matching principles, taken from ScanCode's and checked on small
fixtures written here: legalese words, which rules may be aligned approximately, when
alignment runs at all. Runs without ../shared (the shipped index only)."""

from __future__ import annotations

import numpy as np
import pytest

import mofkit.licenses.detect.match_seq as match_seq_mod
import mofkit.licenses.detect.seqblocks as seqblocks
from licence_texts import APACHE_NOTICE
from mofkit.licenses.detect import identify, licence_text
from mofkit.licenses.detect.index import HIGH, KIND_CODES, get_index
from mofkit.licenses.detect.merge import drop_rival_alignments
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query, binary_strings
from mofkit.licenses.detect.refine import drop_alignments_over_texts


def test_query_marks_legalese_words() -> None:
    idx = get_index()
    q = Query.build("Permission is hereby granted to the project", idx)
    words = [idx.vocab[t] for t in q.tokens]
    marked = {w for w, h in zip(words, q.high, strict=True) if h}
    assert {"permission", "hereby", "granted"} <= marked
    assert not marked & {"is", "to", "the", "project"}


def test_index_flags_every_legalese_word_and_no_plain_word() -> None:
    idx = get_index()
    flag = {w: idx.word_flags[i] & HIGH for w, i in idx.word_id.items()}
    assert flag["warranty"] and flag["redistribution"] and flag["merchantability"]
    assert not flag["the"] and not flag["library"] and not flag["project"]


def test_short_references_and_tags_are_only_matched_exactly() -> None:
    """ScanCode's ``is_approx_matchable``: a reference or tag shorter than 15 words is
    never aligned approximately (a near miss of "GPL version 2" is not a GPL)."""
    idx = get_index()
    kinds = np.frombuffer(idx.kinds, dtype=np.uint8)
    short = (idx.rule_lens >= 6) & (idx.rule_lens < 15)
    for kind in ("reference", "tag"):
        rids = np.flatnonzero(short & (kinds == KIND_CODES[kind]))
        assert len(rids) > 10
        assert not idx.seq_eligible[rids].any()
    longer_notices = np.flatnonzero((idx.rule_lens >= 15) & (kinds == KIND_CODES["notice"])
                                    & (idx.rare_count > 0))
    assert idx.seq_eligible[longer_notices].mean() > 0.9


def test_no_alignment_when_exact_matches_explain_every_legalese_word(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Words left over beside an exactly matched notice that hold no legalese (a
    project line, names) are no reason to align rules: alignment would only re-explain
    the notice, often as a near-identical rule of another licence."""

    def no_alignment(*_a: object, **_k: object) -> list[object]:
        raise AssertionError("alignment ran")

    monkeypatch.setattr(match_seq_mod, "match_seq", no_alignment)
    text = APACHE_NOTICE + "\nThe original code of this library was written by Jane Doe.\n"
    assert [m.key for m in identify(text)] == ["apache-2.0"]


def test_alignment_still_runs_for_unexplained_legalese() -> None:
    text = APACHE_NOTICE.replace("Unless required", "Unles requird")
    assert [m.key for m in identify(text)] == ["apache-2.0"]


def test_approximate_match_needs_legalese() -> None:
    """An alignment holding fewer than three legalese words (or all of the rule's, if
    it has fewer) is not a licence match, however much of the rule's plain wording
    it covers."""
    idx = get_index()
    ok = idx.seq_eligible & (idx.high_lens >= 3) & (idx.rule_lens >= 40)
    rid = int(np.flatnonzero(ok)[0])
    plain = " ".join(w for w in idx.rule_text(rid).split()
                     if not idx.word_flags[idx.word_id[w]] & HIGH)
    q = Query.build(plain, idx)
    h = match_seq_mod.align(idx, rid, q.tokens, np.asarray(q.tokens, dtype=np.int64), 0)
    assert h is None or not match_seq_mod.acceptable(idx, q, h)


def test_words_inserted_between_title_and_body_do_not_cut_the_licence() -> None:
    """A copyright line between a licence's opening words and the rest (as in "COPYRIGHT
    AND PERMISSION NOTICE / Copyright (c) … / Permission to use …") is an insertion:
    the match starts at the opening words, which are not reported as a separate
    unknown licence reference."""
    words = licence_text("isc").split()
    head, body = " ".join(words[:6]), words[6:]
    lines = [" ".join(body[i:i + 12]) for i in range(0, len(body), 12)]
    inserted = "copyright 2024 jane doe and the example project authors of the widget library"
    matches = identify("\n".join([head, inserted, *lines]))
    assert [(m.key, m.start_line, m.coverage) for m in matches] == [("isc", 1, 100.0)]


def test_an_ordinary_opening_word_a_few_words_back_is_not_the_rules() -> None:
    """ScanCode's aligner seeds its blocks on legalese words and drops a one-word block
    of an ordinary word: "This is licensed under the GNU Lesser General Public License
    (LGPL) and comes with NO WARRANTY" (lgpl_4) whose "This" and "and" are glued to an
    escaped line break ("\\nThis") is still matched approximately, without taking the
    "This" of an earlier sentence as its first word (which left the match too sparse, and
    the notice read as three small exact rules: an LGPL 2.1 reference, the bare word
    "LGPL" and a warranty disclaimer), as ScanCode 32.5.0 matches it."""
    text = ('description="This is a snapshot version of the Example Utilities,\\nit is not '
            'released as a separate version.\\n \\nThis is licensed under the GNU Lesser '
            'General Public License (LGPL)\\nand comes with NO WARRANTY."\n'
            # legalese no exact match explains, so that the text is aligned at all
            "Copyright holders may distribute this software under the terms of the license")
    matches = identify(text)
    assert [(m.key, m.rule) for m in matches] == [("lgpl-2.1-plus", "lgpl_4.RULE")]


def test_a_long_stretch_of_other_words_still_cuts_a_match() -> None:
    words = licence_text("isc").split()
    head, body = " ".join(words[:6]), words[6:]
    lines = [" ".join(body[i:i + 12]) for i in range(0, len(body), 12)]
    other = ("the widget library draws buttons menus and windows on the screen for the "
             "example project with themes fonts icons and colours chosen by each user")
    # Two lines of them (fewer known words than ScanCode's merge distance, 50) do not
    # cut it, as ScanCode's aligner, which joins the head to the body; four do.
    matches = identify("\n".join([head, other, other, *lines]))
    assert [(m.key, m.start_line) for m in matches] == [("isc", 1)]
    matches = identify("\n".join([head, *[other] * 4, *lines]))
    assert [(m.key, m.start_line) for m in matches] == [("isc", 6)]


NPL_HEADER = """\
 * The contents of this file are subject to the Netscape Public
 * License Version 1.1 (the "License"); you may not use this file
 * except in compliance with the License. You may obtain a copy of
 * the License at http://www.mozilla.org/NPL/
 *
 * Software distributed under the License is distributed on an "AS
 * IS" basis, WITHOUT WARRANTY OF ANY KIND, either express or
 * implied. See the License for the specific language governing
 * rights and limitations under the License.
 *
 * The Original Code is the Example Widget Toolkit.
 *
 * The Initial Developer of the Original Code is Example Corporation.
 * Portions created by Example Corporation are
 * Copyright (C) 1999 Example Corporation. All Rights Reserved.
 *
 * Contributor(s):
 */

# Build settings: the configuration file specifies the distribution
# directory and the linker options used for optimized builds.
"""


def test_a_sibling_licence_notice_does_not_take_over_an_exact_match() -> None:
    """The Netscape notice matches exactly; the Mozilla 1.0 notice, one name and one
    version apart, aligns over it and the names after it, adding no licence wording:
    the exact match stands."""
    assert [m.key for m in identify(NPL_HEADER)] == ["npl-1.1"]


def _hit(rid: int, start: int, end: int, matcher: str, kind: str) -> Hit:
    n = end - start
    h = Hit(rid, start, end, n, n, n, matcher, kind=kind)
    if matcher == "seq":
        h.extra["blocks"] = [(start, n)]
    return h


@pytest.mark.parametrize(("seq_kind", "same_keys", "adds_legalese", "dropped"), [
    ("notice", False, False, True),
    ("text", False, False, False),  # a full licence text may hold other rules' words
    ("notice", True, False, False),  # ScanCode's licensing_contains: not a rival
    ("notice", False, True, False),  # it explains licence wording the exact match does not
])
def test_rival_alignment_rule(seq_kind: str, same_keys: bool, adds_legalese: bool,
                              dropped: bool) -> None:
    idx = get_index()
    exact_rid = idx.find_rule("npl-1.1_1.RULE")
    seq_rid = idx.expressions.index("npl-1.1 OR gpl-2.0") if same_keys else (
        idx.find_rule("mpl-1.0_22.RULE"))
    exact = _hit(exact_rid, 0, 80, "exact", "notice")
    seq = _hit(seq_rid, 0, 100, "seq", seq_kind)
    high = bytearray(100)
    if adds_legalese:
        high[90] = 1
    kept = drop_rival_alignments(idx, [exact, seq], high)
    assert (seq not in kept) is dropped and exact in kept


# --- the detection layer's filters (mofkit.licenses.detect.refine) ----------------------

SPDX_IDS = ("MIT", "Apache-2.0", "GPL-2.0", "GPL-3.0", "BSD-3-Clause", "BSD-2-Clause", "ISC",
            "MPL-2.0", "LGPL-2.1", "LGPL-3.0", "AGPL-3.0", "EPL-1.0", "EPL-2.0", "CDDL-1.0",
            "Zlib", "Unlicense", "CC0-1.0", "Artistic-2.0")


def _json_list(ids: tuple[str, ...]) -> str:
    return '{\n  "permissive": [\n' + ",\n".join(f'    "{i}"' for i in ids) + "\n  ]\n}\n"


def test_a_list_of_licence_ids_licenses_nothing() -> None:
    """A tool's table of SPDX ids names licences one after the other; it is no
    licence of the file it sits in (ScanCode's licence-list filter)."""
    assert identify(_json_list(SPDX_IDS)) == []


def test_a_few_licence_names_are_still_reported() -> None:
    """Below the length of a list, a name or two is what the file says of itself."""
    assert [m.key for m in identify(_json_list(SPDX_IDS[:3]))]


def test_a_list_is_cut_where_real_licence_wording_starts() -> None:
    """The entries of a list go, the licence notice after it stays."""
    keys = [m.key for m in identify(_json_list(SPDX_IDS) + "\n" + APACHE_NOTICE)]
    assert keys == ["apache-2.0"]


def test_a_continuous_rule_interrupted_by_unknown_words_is_no_match() -> None:
    """"classpath exception" must be one phrase: code that names a namespace
    gnu::classpath::jdwp::exception does not carry the Classpath exception."""
    assert identify("using namespace gnu::classpath::jdwp::exception;") == []
    keys = [m.key for m in identify("Licensed under the GPL with the classpath exception.")]
    assert "classpath-exception-2.0" in keys


def test_a_shorter_whole_phrase_matches_where_the_longer_is_interrupted() -> None:
    """The longer continuous rule ("... the same license as the package") is broken
    by the package's name, a word no rule knows; the shorter one ending before the
    name still matches (the check runs before overlaps are resolved)."""
    text = "This file is distributed under the same license as the flatpak package."
    assert [m.key for m in identify(text)] == ["free-unknown"]


def test_query_records_unknown_words_between_known_ones() -> None:
    idx = get_index()
    q = Query.build("classpath jdwp exception", idx)
    assert [idx.vocab[t] for t in q.tokens] == ["classpath", "exception"]
    assert list(q.unknown_after) == [1, 0]


def test_binary_files_are_read_as_their_strings() -> None:
    """Letters inside machine code ("\\x8bGPL\\x89D") are no licence name; a printable
    string of the binary still is read."""
    code = "\x7fELF\x02\x01\x00\x00H\x894$H\x8bL\x8bGPL\x89D$\x08L\x8d\x84$\x00\x00"
    assert identify(code) == []
    assert binary_strings("\x00\x8bGPL\x89Dx\x00").strip() == ""
    notice = "\x00\x00This program is free software, licensed under the GNU GPL v2.\x00"
    assert [m.key for m in identify(code + notice)] == ["gpl-2.0"]


def _title_and_mit(after: str = "") -> tuple[Query, list[Hit]]:
    """"Distributed under ... The MIT License" + the MIT text matched exactly, and an
    alignment of the rule holding both stretched over them."""
    idx = get_index()
    title = "Distributed under the terms of an MIT-style license: The MIT License\n"
    q = Query.build(title + licence_text("mit") + "\n" + after, idx)
    n_title = len(Query.build(title, idx))
    text = _hit(idx.find_rule("mit.LICENSE"), n_title, n_title + 163, "exact", "text")
    whole = _hit(idx.find_rule("mit_1223.RULE"), 0, n_title + 163, "seq", "text")
    return q, [whole, text]


def test_an_alignment_does_not_swallow_a_long_text_matched_exactly() -> None:
    """In a source file, the exact MIT text stands; the bigger rule aligned over it
    and the line before it goes (ScanCode takes long exact texts out before aligning)."""
    code = "\n".join(f"static int field{i} = compute(value{i}, offset{i});" for i in range(60))
    q, hits = _title_and_mit(code + " for the class and the method of the file" * 20)
    kept = drop_alignments_over_texts(get_index(), q, hits)
    assert [h.matcher for h in kept] == ["exact"]


def test_a_rule_that_is_the_whole_file_may_cover_a_long_text() -> None:
    """A licence file that is one rule (title and text) is that rule: its alignment is a
    near-duplicate of the whole file and stays."""
    q, hits = _title_and_mit()
    assert drop_alignments_over_texts(get_index(), q, hits) == hits


def test_a_stray_phrase_before_a_licence_does_not_derail_its_alignment() -> None:
    """Three words that occur deep inside the licence, just before its start, must not
    seed the alignment there: every later block would have to lie further in the rule,
    and the licence's first part would be lost (a long EULA split in two, the start
    reported as references)."""
    idx = get_index()
    rg = match_seq_mod._grams(idx, idx.find_rule("mit.LICENSE"))
    text = rg.tokens[100:103] + rg.tokens[0:60]
    data = np.asarray(text, dtype="<u2").tobytes()
    assert match_seq_mod.blocks(text, data, rg)[0] == (3, 0, 60)


def test_markup_inside_a_whole_phrase_breaks_it() -> None:
    """As ScanCode: the stopwords of a must-be-whole phrase must be the rule's own, so
    "license" and "vim" on lines cut by ``<br />`` markup are no "license: Vim" tag,
    while the same words with only line breaks between them still are."""
    idx = get_index()
    q = Query.build("license<br />\nvim set", idx)
    assert list(q.stop_after)[:2] == [1, 0]
    broken = "// {{{ license<br />\n<br />\n/* vim: set ts=4 */"
    assert "vim" not in [m.key for m in identify(broken)]
    assert "vim" in [m.key for m in identify("// license\n/* vim: set ts=4 */")]


def test_a_whole_phrase_keeps_its_own_stopwords() -> None:
    """The stopwords inside a must-be-whole phrase are compared with the rule's own, by
    position and count, as ScanCode does: "governed by a BSD-style license" holds the
    rule's "a" and is the phrase, while markup added there (or the "a" moved) breaks it."""
    from mofkit.licenses.detect.refine import phrase_broken

    idx = get_index()
    rid = idx.find_rule("bsd-new_required_phrase_1.RULE")
    assert idx.stops[rid] == {1: 1}  # one stopword ("a") after "by"

    def broken(text: str) -> bool:
        q = Query.build(text, idx)
        assert len(q.tokens) == 5
        return phrase_broken(idx, q, 0, 5, rid)

    assert not broken("governed by a BSD-style license")
    assert broken("governed by a <br> BSD-style license")
    assert broken("governed a by BSD-style license")
    assert broken("governed by BSD-style license")
    assert [m.rule for m in identify("This code is governed by a BSD-style license.")] == [
        "bsd-new_required_phrase_1.RULE"]


def test_a_required_phrase_with_the_rules_own_article_is_matched_exactly() -> None:
    """A licence-plus-exception notice whose required phrase holds the article "a" (a
    stopword) is matched whole, not split into the licence and the exception."""
    text = ("The foo library is licensed under the terms of the GNU General\n"
            "Public License, with this special exception:\n\n"
            "As a special exception, you may use this file as part of a free software\n"
            "library without restriction.  Specifically, if other files instantiate\n"
            "templates or use macros or inline functions from this file, or you compile\n"
            "this file and link it with other files to produce an executable, this\n"
            "file does not by itself cause the resulting executable to be covered by\n"
            "the GNU General Public License.  This exception does not however\n"
            "invalidate any other reasons why the executable file might be covered by\n"
            "the GNU General Public License.\n")
    assert [m.key for m in identify(text)] == ["gpl-1.0-plus WITH mif-exception"]


def test_a_reference_in_words_an_alignment_skipped_is_reported() -> None:
    """Matches are compared on the words they matched, not on their spans (as
    ScanCode's containment of matched positions): a reference to another licence
    inserted inside a licence text, in words its rule lacks, is reported too."""
    words = licence_text("bsd-new").split()
    mid = len(words) // 2
    text = (" ".join(words[:mid]) + "\nthis part is available under the apache license"
            " version 2 0\n" + " ".join(words[mid:]))
    assert [(m.key, m.start_line) for m in identify(text)] == [("bsd-new", 1),
                                                               ("apache-2.0", 2)]


def test_a_single_word_inside_an_alignment_is_not_reported_apart() -> None:
    """One licence word in words an alignment skipped (a text with a word added) is
    an edit of that text, not a reference of its own."""
    words = licence_text("bsd-new").split()
    mid = len(words) // 2
    text = " ".join(words[:mid]) + "\nthe widget library GPL of our team\n" + " ".join(words[mid:])
    assert [m.key for m in identify(text)] == ["bsd-new"]


GPL_PREFACE = ("the documentation project maintained by the widget group for the example "
               "library with notes written by the team of the project and drawings made "
               "for the manual")


@pytest.mark.parametrize("lacks", [0, 36], ids=["whole", "lacks-copyright-lines"])
def test_a_licence_title_a_little_before_its_text_belongs_to_it(lacks: int) -> None:
    """The licence's title, then a preface of other words (more than an insertion),
    then its text, perhaps lacking the rule's next lines: one match from the title on,
    no separate reference for the title (ScanCode's alignment has no gap penalty)."""
    words = licence_text("gpl-2.0").split()
    text = "GNU General Public License\n" + GPL_PREFACE + "\n" + " ".join(words[4 + lacks:])
    assert [(m.key, m.start_line) for m in identify(text)] == [("gpl-2.0", 1)]


def test_a_title_far_before_its_text_stays_apart() -> None:
    words = licence_text("gpl-2.0").split()
    text = ("GNU General Public License\n" + GPL_PREFACE + " " + GPL_PREFACE + "\n"
            + " ".join(words[40:]))
    assert [(m.key, m.start_line) for m in identify(text)] == [("gpl-1.0-plus", 1),
                                                               ("gpl-2.0", 3)]


def test_a_repeated_title_leaves_the_first_one_apart() -> None:
    """When the chain itself starts with the title's first words (the text repeats the
    title), an earlier title is not taken in: the nearer one is the licence's."""
    rule = list(range(100, 140))
    found = [(0, 0, 4), (20, 4, 30)]  # (text position, rule position, size)
    text = rule[:4] + [1] * 16 + rule[4:34]
    assert match_seq_mod._with_title(found, 1, text, rule) == 0
    repeated = rule[:4] + [1] * 16 + rule[:3] + rule[3:33]
    assert match_seq_mod._with_title(found, 1, repeated, rule) == 1


def test_legalese_skipped_between_two_blocks_is_matched() -> None:
    """A legalese word alone between two blocks of an alignment, where the rule has it,
    counts as matched (ScanCode's alignment finds the longest common runs holding a
    legalese word in each gap); the filler around it does not."""
    words = licence_text("bsd-new").split()
    filler = "and so on for the widget library of our team"
    text = " ".join(words[:43]) + f"\n{filler}\nreproduce\n{filler}\n" + " ".join(words[46:])
    [m] = identify(text)
    assert (m.key, m.coverage) == ("bsd-new", round(100 * (len(words) - 2) / len(words), 2))


def test_exact_matches_sharing_a_few_words_are_both_kept() -> None:
    """Two rules matched exactly where the end of one is the start of the other (a
    notice whose last words open the next licence) are both found; a rule mostly
    inside a longer one is not."""
    from mofkit.licenses.detect.match_exact import match_exact

    idx = get_index()
    first, second = idx.find_rule("cygwin-exception-2.0.LICENSE"), idx.find_rule(
        "gpl-1.0-plus_172.RULE")
    a, b = idx.rule_text(first).split(), idx.rule_text(second).split()
    assert a[-5:] == b[:5]
    q = Query.build(" ".join(a + b[5:]), idx)
    found = {(h.rid, h.qstart, h.qend) for h in match_exact(idx, q, bytearray(len(q)))}
    assert {(first, 0, len(a)), (second, len(a) - 5, len(a) + len(b) - 5)} <= found
    inside = {(h.rid, h.qstart) for h in match_exact(idx, q, bytearray(len(q)))
              if h.qstart > 0 and h.qend < len(a) - 5}
    assert not inside


def test_a_licence_is_found_where_the_candidates_of_the_whole_file_fail() -> None:
    """An LGPL notice, a page of markup, then an edited BSD text: the rules ranked best
    on the whole file are LGPL-or-BSD dual-licence notices, none of which aligns well
    enough; the part they aligned on is searched again on its own and the BSD text is
    found there (not reported as an unknown licence)."""
    idx = get_index()
    words = licence_text("bsd-new").split()
    for k in (30, 60, 90):
        words[k] = "blah"
    markup = "\n".join(["<p class='menu'> item widget page section </p>"] * 40)
    text = "\n".join([idx.rule_text(idx.find_rule("lgpl-2.1-plus_6.RULE")), markup,
                      " ".join(words)])
    assert [m.key for m in identify(text)] == ["lgpl-2.1-plus", "bsd-new"]


def test_a_quoted_appendix_before_a_licence_does_not_derail_its_alignment() -> None:
    """A notice that quotes a long run of the licence's last part (its appendix) comes
    before the whole licence text: the longest common run (the body) is aligned first
    and the rest around it, as ScanCode does, so the body is not lost to a jump to the
    appendix (a greedy left-to-right chain would follow the quote)."""
    idx = get_index()
    rid = idx.find_rule("mit.LICENSE")
    rg = match_seq_mod._grams(idx, rid)
    m = len(rg.tokens)
    text = rg.tokens[m - 30: m - 5] + rg.tokens
    data = np.asarray(text, dtype="<u2").tobytes()
    found = match_seq_mod.blocks(text, data, rg)
    assert (25, 0, m) in found
    arr = np.asarray(text, dtype=np.int64)
    hit = match_seq_mod.align(idx, rid, text, arr, 0, data)
    assert hit is not None and hit.coverage == 1.0 and hit.qstart == 25


def test_longest_first_blocks_are_the_same_in_numpy_and_in_python(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The recursion runs vectorised for boxes with many seeds and in plain Python for
    few: both must choose the same blocks (the longest legalese run, the first on a
    tie)."""
    idx = get_index()
    rg = match_seq_mod._grams(idx, idx.find_rule("apache-2.0.LICENSE"))
    toks = rg.tokens
    # Pieces of the licence out of order and repeated: many runs, ties included.
    text = toks[500:560] + toks[10:200] + toks[40:80] + toks[300:420] + toks[40:80]
    data = np.asarray(text, dtype="<u2").tobytes()
    vectorised = match_seq_mod.blocks(text, data, rg)
    monkeypatch.setattr(seqblocks, "SMALL_BOX", 10**9)
    assert match_seq_mod.blocks(text, data, rg) == vectorised
    monkeypatch.setattr(seqblocks, "SMALL_BOX", 0)
    assert match_seq_mod.blocks(text, data, rg) == vectorised
    assert len(vectorised) > 3


def test_a_run_of_ordinary_words_alone_is_no_block() -> None:
    """As ScanCode's aligner, which seeds its blocks on legalese words only: "use at
    your own risk" shared by a text and a warranty disclaimer is no block, so the
    disclaimer is matched on its legalese part only (and dropped below its minimum
    coverage), not completed by the common phrase."""
    idx = get_index()
    rg = match_seq_mod._grams(idx, idx.find_rule("warranty-disclaimer_40.RULE"))
    q = Query.build("NO WARRANTY OF ANY KIND IS EXPRESSED OR IMPLIED. YOU USE AT YOUR OWN "
                    "RISK.", idx)
    found = match_seq_mod.blocks(q.tokens, q.data, rg)
    assert found and all(any(q.high[i: i + n]) for i, _j, n in found)
    assert sum(n for _i, _j, n in found) < len(rg.tokens) - 4


def test_the_longest_legalese_run_is_aligned_first() -> None:
    """ScanCode's aligner takes the longest run of equal *legalese* words first (then
    extends it): a short legalese run early in the text takes the rule's positions
    before it from a longer run of mostly ordinary words after it."""
    flags = np.zeros(64, dtype=np.int64)
    flags[[1, 2]] = 1  # legalese words
    rule = [5, 6, 7, 8, 9, 1, 20, 21, 22, 23, 2, 2, 2]
    text = [2, 2, 2, *rule[:10]]
    hkeys, hpos = seqblocks.rule_postings(np.asarray(rule), flags)
    seeds = seqblocks.legalese_seeds(np.asarray(text), flags, hkeys, hpos, len(rule))
    assert seqblocks.sc_blocks(text, rule, seeds) == [(0, 10, 3)]


@pytest.mark.parametrize("middle", ["isc", "zlib"])
def test_the_rest_of_a_stretch_is_searched_too_when_its_candidates_fail(middle: str) -> None:
    """When no candidate of a long stretch aligns well enough, the parts the failed
    alignments covered are searched again, and so is the rest of the stretch between
    them: a licence text there is found, not an unknown licence or a stray clue."""
    idx = get_index()

    def edited(key: str) -> str:
        words = licence_text(key).split()
        for k in range(20, len(words), 40):
            words[k] = "blah"
        return " ".join(words)

    markup = "\n".join(["<p class='menu'> item widget page section </p>"] * 40)
    text = "\n".join([idx.rule_text(idx.find_rule("lgpl-2.1-plus_6.RULE")), markup,
                      edited(middle), markup, edited("bsd-new")])
    assert [m.key for m in identify(text)] == ["lgpl-2.1-plus", middle, "bsd-new"]


def test_scancode_stopwords_are_dropped_from_queries_and_rules() -> None:
    """"a" and "class" are stopwords, as in ScanCode's list: a rule written without
    them matches a text that has them ("under BSD style licenses" is "under a BSD-style
    license"), and the index's texts hold none."""
    idx = get_index()
    q = Query.build("under a BSD-style license; the class libraries", idx)
    assert [idx.vocab[t] for t in q.tokens] == ["under", "bsd", "style", "license", "the",
                                                "libraries"]
    assert " a " not in f" {licence_text('mit')} "
    assert [m.key for m in identify("ported by X under a BSD-style license.")] == ["bsd-new"]


def test_the_stopwords_are_scancodes_own_and_no_more() -> None:
    """Only ScanCode 32.5.0's 87 stopwords are dropped: "html", "strong" and the "sub" of
    "sub-license" are words there, so they count here too (they once were dropped as
    extra HTML tags, which made rules and queries shorter than ScanCode's)."""
    from mofkit.licenses.detect.tokenize import STOPWORDS

    assert len(STOPWORDS) == 87
    idx = get_index()
    q = Query.build("<strong>sub-license</strong> the html page", idx)
    assert [idx.vocab[t] for t in q.tokens] == ["strong", "sub", "license", "strong", "the",
                                                "html", "page"]


def test_a_rule_of_under_ten_words_is_aligned_whole_or_not_at_all() -> None:
    """As ScanCode (a rule that short must be matched in full, aligned or not): eight of
    the nine words of "MIT: the following licensing terms need to be respected" under
    another name are no MIT notice; all nine, with a word inserted, still are."""
    idx = get_index()
    rid = idx.find_rule("mit_118.RULE")
    assert idx.rule_len(rid) < match_seq_mod.WHOLE_RULE
    assert identify("Adobe: The following licensing terms need to be respected:") == []
    q = Query.build("MIT: The following licensing terms strictly need to be respected", idx)
    toks = q.tokens
    arr = np.asarray(toks, dtype=np.int64)
    hit = match_seq_mod.align(idx, rid, toks, arr, 0, q.data)
    assert hit is not None and hit.rule_matched == hit.rule_len
    assert match_seq_mod.acceptable(idx, q, hit)
    cut = Query.build("Adobe: The following licensing terms need to be respected", idx)
    arr = np.asarray(cut.tokens, dtype=np.int64)
    part = match_seq_mod.align(idx, rid, cut.tokens, arr, 0, cut.data)
    assert part is not None and part.rule_matched == part.rule_len - 1
    assert not match_seq_mod.acceptable(idx, cut, part)


def test_the_pieces_of_an_alignment_are_judged_without_the_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """ScanCode judges each of its matches (the pieces an alignment parts into), never
    the chain of them: a licence's first and last parts with a long stretch of other
    words between them are two matches, though the whole alignment is too sparse to be
    one (and without searching the stretch again, narrowed)."""
    monkeypatch.setattr(match_seq_mod, "NARROWINGS", 0)
    idx = get_index()
    words = licence_text("gpl-3.0").split()
    k = int(len(words) * 0.4)
    text = "\n".join([" ".join(words[:k]),
                      " ".join(["the quick brown fox jumps over lazy dog"] * (len(words) // 16)),
                      " ".join(words[-k:])])
    q = Query.build(text, idx)
    hits = match_seq_mod.match_seq(idx, q, bytearray(len(q)))
    assert len(hits) == 2 and all(h.matched > 2000 for h in hits)
def test_an_alignment_containing_an_exact_match_is_kept_over_it() -> None:
    """ScanCode keeps every alignment and its filter_contained_matches drops a match
    whose words another one matched all of: a licence text whose title lines differ
    (aligned at 87%) holds a smaller rule matched exactly (its licensing paragraphs),
    and the licence is reported, not the paragraphs."""
    words = licence_text("lzma-sdk-2006").split()
    text = ("LzmaDecode.h\nLZMA Decoder interface\n\nLZMA SDK 4.16 Copyright (c) 1999-2005 "
            "Igor Pavlov (2005-03-18)\nhttp://www.7-zip.org/\n\n" + " ".join(words[15:]))
    assert [m.key for m in identify(text)] == ["lzma-sdk-2006"]


def test_window_grows_over_blocks_at_its_edge() -> None:
    """A window whose blocks reach its edge is widened by half the rule on that side
    (ScanCode aligns on the whole query run); one whose blocks stay inside is not."""
    g = match_seq_mod._grown
    assert g([(5, 0, 30), (150, 40, 40)], 100, 300, 1000, 100) == (50, 350)
    assert g([(30, 0, 30), (100, 40, 40)], 100, 300, 1000, 100) == (100, 300)
    assert g([(0, 0, 30), (190, 40, 10)], 0, 200, 200, 100) == (0, 200)  # stretch edges
    assert g([], 100, 300, 1000, 100) == (100, 300)
