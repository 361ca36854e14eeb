"""How many times the licence engine reports a licence: one statement once, two
statements twice. The same principles as ScanCode's ``refine_matches`` (matches of one
rule merged, a match contained in a larger one dropped), checked on small texts written
here. Runs without ../shared (the shipped index only)."""

from __future__ import annotations

import pytest

from mofkit.licenses.detect import identify, licence_text
from mofkit.licenses.detect.index import HIGH, Index, get_index
from mofkit.licenses.detect.merge import drop_joined_alignments
from mofkit.licenses.detect.models import Hit


def test_tag_line_inside_a_longer_rule_is_one_match() -> None:
    """An ``SPDX-License-Identifier`` line is still seen by the exact search: a rule
    that holds the words before it and the tag ("licensed under SPDX-License-Identifier:
    BSD-2-Clause") is matched whole, and the tag inside it is not reported again (nor
    "licensed under" as a reference to an unknown licence)."""
    text = ("Widget toolkit, version 3.\n\nThe examples are licensed under\n"
            "# SPDX-License-Identifier: BSD-2-Clause\n\nSee the examples folder.\n")
    found = identify(text)
    assert [m.key for m in found] == ["bsd-simplified"]
    assert found[0].matcher == "exact" and found[0].start_line == 3
    assert found[0].end_line == 4


def test_lone_tag_line_is_still_a_tag() -> None:
    text = "# SPDX-License-Identifier: GPL-2.0-or-later\nint main(void) { return 0; }\n"
    found = identify(text)
    assert [(m.key, m.matcher) for m in found] == [("gpl-2.0-plus", "spdx-tag")]


def _notice_and_text() -> tuple[str, str]:
    """A notice of the MIT licence and the MIT text, and the index's rule that is the
    two joined (the notice, then the text)."""
    idx = get_index()
    notice = idx.rule_text(idx.find_rule("mit_1097.RULE"))
    assert idx.rule_text(idx.find_rule("mit_1223.RULE")) == f"{notice} {licence_text('mit')}"
    return notice, licence_text("mit")


def test_notice_and_text_of_one_licence_are_two_statements() -> None:
    """A notice and the licence text below it, a copyright line between, are two
    statements even though a rule joins them: the joining rule adds only the copyright
    line, no legalese, so its alignment does not replace the two exact matches."""
    notice, text = _notice_and_text()
    doc = (f"#region License\n// {notice}\n//\n// Copyright (c) 2019 Jane Doe\n//\n"
           f"// {text}\n#endregion\n")
    found = identify(doc)
    assert [(m.key, m.rule) for m in found] == [("mit", "mit_1097.RULE"),
                                                ("mit", "mit.LICENSE")]


def _hit(idx: Index, rule: str, start: int, matcher: str = "exact") -> Hit:
    rid = idx.find_rule(rule)
    n = int(idx.rule_lens[rid])
    h = Hit(rid, start, start + n, n, n, n, matcher)
    h.kind = idx.kind(rid)
    return h


def test_joining_alignment_with_legalese_of_its_own_stays() -> None:
    idx = get_index()
    a = _hit(idx, "mit_1097.RULE", 0)
    b = _hit(idx, "mit.LICENSE", a.qend + 6)
    joined = _hit(idx, "mit_1223.RULE", 0, "seq")
    joined.qend = b.qend
    joined.extra["blocks"] = [(a.qstart, a.span), (a.qend + 2, 2), (b.qstart, b.span)]
    high = bytearray(b.qend)
    assert drop_joined_alignments(idx, [a, joined, b], high) == [a, b]
    high[a.qend + 3] = 1  # a legal word between the two, matched by the joining rule
    assert drop_joined_alignments(idx, [a, joined, b], high) == [a, joined, b]
    # an exact match of another licence is no piece of it
    other = _hit(idx, "apache-2.0_30.RULE", a.qend + 6)
    assert joined in drop_joined_alignments(idx, [a, joined, other], bytearray(b.qend))


def test_two_word_title_above_a_copyright_line_belongs_to_its_text() -> None:
    """A rule that is a two-word title ("ISC License") and then the licence text is
    aligned whole when a copyright line separates the two in the text: the title is too
    short to seed the aligner on a trigram but is found just before the text, as
    ScanCode's longest-common-substring alignment finds it left of the main block. One
    statement, reported once (not the title as a reference plus the text)."""
    idx = get_index()
    assert idx.rule_text(idx.find_rule("isc_13.RULE")) == f"isc license {licence_text('isc')}"
    doc = ("Widget - a small connection pooler.\n\nISC License\n\n"
           f"Copyright (c) 2019 Jane Doe <jane@example.org>\n\n{licence_text('isc')}\n")
    found = identify(doc)
    assert [(m.key, m.rule, m.start_line) for m in found] == [("isc", "isc_13.RULE", 3)]


def test_spelling_variants_are_one_word() -> None:
    """As ScanCode's dictionary, the index reads spelling variants, plurals and common
    typos of a legal word as that word, and the URL schemes as one: a rule written
    "licence" matches "license" in a text, and the other way round."""
    idx = get_index()
    ids = {w: idx.word_id[w] for w in ("license", "licence", "licenses", "lisence")}
    assert len(set(ids.values())) == 1
    assert idx.word_id["licensed"] == idx.word_id["licenced"]
    assert idx.word_id["https"] == idx.word_id["http"]
    assert idx.word_id["license"] != idx.word_id["licensed"]


def test_title_with_other_spelling_is_a_reference_of_its_own() -> None:
    """A title above a copyright line and the licence text, all matched exactly, is two
    statements (as ScanCode reports it), whichever spelling the title rule was written
    in."""
    text = licence_text("bsd-new")
    for title in ("BSD 3-Clause License", "BSD 3-Clause Licence"):
        doc = f"{title}\n\nCopyright (c) 2020 Jane Doe\n\n{text}\n"
        assert [m.key for m in identify(doc)] == ["bsd-new", "bsd-new"], title


def test_short_reference_scattered_over_lines_is_no_match() -> None:
    """A short rule matched on words spread over more lines than it has words ("MIT",
    a blank line, "Copyright (c) …" read as the reference "MIT, Copyright") is dropped
    when other matches exist, as ScanCode's filter of short matches scattered on too many
    lines: the text below is the one statement."""
    doc = f"MIT\n\nCopyright (c) 2020 Jane Doe\n\n{licence_text('mit')}\n"
    assert [(m.key, m.rule) for m in identify(doc)] == [("mit", "mit.LICENSE")]
    # the same words on one line are a reference
    doc = f"MIT, Copyright (c) 2020 Jane Doe\n\n{licence_text('mit')}\n"
    assert [m.rule for m in identify(doc)] == ["mit_1114.RULE", "mit.LICENSE"]
    # alone, a scattered match is kept (there is nothing else to report)
    assert [m.key for m in identify("MIT\n\nCopyright (c) 2020 Jane Doe\n")] == ["mit"]


def _block_parts() -> tuple[str, str]:
    """The two halves of an EPL/GPL/LGPL licence block (the EPL notice, the
    "Alternatively …" notice), each a rule of its own, which another rule joins."""
    idx = get_index()
    return (idx.rule_text(idx.find_rule("epl-2.0_or_gpl-2.0-plus_or_lgpl-2.1-plus_12.RULE")),
            idx.rule_text(idx.find_rule("epl-2.0_or_gpl-2.0-plus_or_lgpl-2.1-plus_13.RULE")))


def _epl_rules(doc: str) -> list[str]:
    return [m.rule for m in identify(doc) if m.key.startswith("epl-2.0")]


def test_two_notices_a_copyright_line_apart_are_one_block() -> None:
    """As ScanCode, whose alignment of the joining rule contains both exact matches:
    two notices with only a copyright line between them, in one query run, are the one
    licence block the joining rule is (something else in the file still needs aligning:
    the code's comment)."""
    first, second = _block_parts()
    tail = "\n\npackage org.example.widget; // patent pending\n"
    doc = f"{first}\n *\n * Copyright (C) 2010 Jane Doe\n *\n{second}{tail}"
    assert _epl_rules(doc) == ["epl-2.0_or_gpl-2.0-plus_or_lgpl-2.1-plus_1.RULE"]


def test_two_notices_in_two_query_runs_stay_two() -> None:
    """Enough lines without legalese between them (a long list of contributors) start
    a new query run, and ScanCode does not align a rule across runs: the two notices
    are reported one by one. Not so when the joining rule merely skips legalese of the
    text between them (words it lacks, here "warranty"): ScanCode 32.5.0's alignment of
    the joining rule holds both notices, and it is the match reported."""
    from mofkit.licenses.detect.query import RUN_BREAK

    first, second = _block_parts()
    tail = "\n\npackage org.example.widget; // patent pending\n"
    names = (" *\n * Copyright (C) 2010 Jane Doe\n *\n * Contributors:\n"
             + "".join(f" *   Jane Doe {k}\n" for k in range(RUN_BREAK)) + " *\n")
    two = ["epl-2.0_or_gpl-2.0-plus_or_lgpl-2.1-plus_12.RULE",
           "epl-2.0_or_gpl-2.0-plus_or_lgpl-2.1-plus_13.RULE"]
    assert _epl_rules(f"{first}\n{names}{second}{tail}") == two
    skipped = " *\n * Copyright (C) 2010 Jane Doe, see the warranty\n *\n"
    assert _epl_rules(f"{first}\n{skipped}{second}{tail}") == [
        "epl-2.0_or_gpl-2.0-plus_or_lgpl-2.1-plus_1.RULE"]


def test_query_runs_break_after_lines_without_legalese() -> None:
    """ScanCode's query runs (of a text file): blank lines, lines of numbers and lines
    without legalese count towards a break; RUN_BREAK of them, and the next word starts
    a new run (one fewer does not)."""
    from mofkit.licenses.detect.query import RUN_BREAK, Query

    idx = get_index()
    filler = ["Jane Doe", "", "2010 2011", "John Roe"]
    short = [filler[k % 4] for k in range(RUN_BREAK - 1)]
    full = [filler[k % 4] for k in range(RUN_BREAK)]
    lines = ["the license terms", *short, "the warranty", *full, "the license",
             *([""] * RUN_BREAK), "the license"]
    q = Query.build("\n".join(lines) + "\n", idx)
    warranty = 2 + len(short)
    second = warranty + 1 + len(full)
    assert [q.lines[p] for p in q.run_starts] == [1, second, second + RUN_BREAK + 1]



def test_query_runs_of_a_text_with_very_long_lines() -> None:
    """A text with a line longer than 300 characters (libmagic's "text with very long
    lines") is read as ScanCode reads it: each line cut in lines of 25 words, blank lines
    left out, so blank lines do not break a run but 15 cut lines without legalese do."""
    from mofkit.licenses.detect.query import RUN_BREAK, Query

    idx = get_index()
    blanks = [""] * (RUN_BREAK + 2)
    short = "\n".join(["the license terms", *blanks, "the warranty"]) + "\n"
    q = Query.build(short, idx)
    assert len(q.run_starts) == 2  # a plain text: the blank lines break the run
    long_line = " ".join(["word"] * 80)  # > 300 characters: no legalese, 80 words
    q = Query.build(short + long_line + "\n", idx)
    assert len(q.run_starts) == 1  # blank lines no longer count
    prose = " ".join(["Jane Doe"] * (RUN_BREAK * 13))  # 15+ cut lines of 25 words
    q = Query.build(f"the license terms\n{prose}\nthe warranty\n", idx)
    assert len(q.run_starts) == 2


def test_query_runs_found_at_once_are_those_found_line_by_line() -> None:
    """run_starts finds the runs of a text without RUN_BREAK blank lines in a row at
    once (counts never pass RUN_BREAK there); line by line gives the same runs, on
    lines with and without legalese, numbers, and gaps of up to RUN_BREAK - 1 lines."""
    import numpy as np

    from mofkit.licenses.detect.query import RUN_BREAK, _run_starts_loop, run_starts

    rng = np.random.default_rng(15)
    for _ in range(3000):
        n = int(rng.integers(1, 120))
        lines = np.cumsum(rng.choice([0, 0, 1, 1, 1, 2, 7, RUN_BREAK - 1], size=n))
        lines += int(rng.integers(1, RUN_BREAK + 5))
        high = (rng.random(n) < rng.random()).astype(np.uint8)
        digits = (rng.random(n) < rng.random() / 2).astype(np.uint8)
        first = np.flatnonzero(np.diff(lines, prepend=-1))
        good = (np.maximum.reduceat(high, first) > 0) & (np.minimum.reduceat(digits, first) == 0)
        gaps = (np.diff(lines[first], prepend=0) - 1).tolist()
        assert run_starts(lines, high, digits) == _run_starts_loop(first, gaps, good)


def test_a_search_again_skips_query_runs_the_exact_matches_explain() -> None:
    """When a long stretch is searched again part by part, a query run whose legalese
    words exact matches all explain is left out (ScanCode skips such a run), so that a
    rule joining two exact matches there is not aligned over them; runs holding
    unexplained legalese, or none at all, are kept (cutting at those would only split
    the search)."""
    from mofkit.licenses.detect.match_seq import _cover_explained_runs
    from mofkit.licenses.detect.query import RUN_BREAK, Query

    idx = get_index()
    gap = "\n" * (RUN_BREAK + 1)
    q = Query.build(f"the license terms{gap}the warranty{gap}Jane Doe{gap}the license\n",
                    idx)
    assert len(q.run_starts) == 4
    explained = bytearray(len(q))
    run2 = range(q.run_starts[1], q.run_starts[2])
    for p in run2:
        explained[p] = 1  # "the warranty" matched exactly
    out = bytearray(len(q))
    _cover_explained_runs(q, explained, out, 0, len(q))
    assert [p for p in range(len(q)) if out[p]] == list(run2)


def test_a_notice_holding_a_long_text_is_aligned_on_what_follows_the_text() -> None:
    """ScanCode takes a long licence text matched exactly out of the text before
    aligning: a notice that holds the zlib text and then a paragraph of its own is
    still found on that paragraph (an alignment over the text is cut to it, not
    dropped), when that part alone is a match; a few of its words are not. (The change
    history below keeps the file from being a near-duplicate of the notice.)"""
    idx = get_index()
    words = idx.rule_text(idx.find_rule("aladdin-md5.RULE")).split()
    at = words.index("independent")
    assert " ".join(words[:at]).endswith("from any source distribution")
    zlib = licence_text("zlib")
    history = (
        "\n\nThe original author of md5.c is Jane Doe. Other authors are noted in the\n"
        "change history that follows (in reverse chronological order):\n\n"
        "2002-04-13 jd Clarified derivation from RFC 1321; now handles byte order\n"
        "either statically or dynamically.\n"
        "1999-11-04 jd Edited comments slightly for automatic TOC extraction.\n"
        "1999-10-18 jd Fixed typo in header comment (ansi2knr rather than md5);\n"
        "added conditionalization for C++ compilation from Martin Purschke.\n"
        "1999-05-03 jd Original version, written from scratch for the widget toolkit.\n")
    tail = " ".join(words[at:])
    found = identify(f"{zlib}\n\nJane Doe\n\n{tail}{history}")
    assert [(m.key, m.rule) for m in found] == [("zlib", "zlib.LICENSE"),
                                                ("zlib", "aladdin-md5.RULE")]
    short = " ".join(words[at: at + 15])
    assert [m.rule for m in identify(f"{zlib}\n\nJane Doe\n\n{short}{history}")] == [
        "zlib.LICENSE"]


def test_a_short_match_half_inside_a_longer_one_stays_if_its_licence_differs() -> None:
    """As ScanCode's overlap filter: a match half inside a longer one (a "medium"
    overlap) goes only when the longer one names its licence; a 2-word reference to
    another licence sharing one word with it stays. Past 70% ("large") it goes anyway."""
    from mofkit.licenses.detect.merge import refine

    idx = get_index()

    def hit(rule: str, start: int, end: int, matcher: str = "exact") -> Hit:
        rid = idx.find_rule(rule)
        n = end - start
        h = Hit(rid, start, end, n, n, n, matcher)
        h.kind = idx.kind(rid)
        return h

    def big() -> Hit:
        h = hit("mit.LICENSE", 0, 40, "seq")
        h.rule_len = int(idx.rule_lens[h.rid])
        h.extra["blocks"] = [(0, 40)]
        return h

    other = hit("apache-2.0_30.RULE", 39, 41)  # one of its two words inside
    assert [idx.ids[h.rid] for h in refine(idx, [big(), other])] == [
        "mit.LICENSE", "apache-2.0_30.RULE"]
    same = hit("mit_1097.RULE", 39, 41)
    assert [idx.ids[h.rid] for h in refine(idx, [big(), same])] == ["mit.LICENSE"]
    mostly = hit("apache-2.0_30.RULE", 37, 41)  # three of its four words inside
    assert [idx.ids[h.rid] for h in refine(idx, [big(), mostly])] == ["mit.LICENSE"]


def test_rules_tried_per_query_run_are_scancodes_first_ranked() -> None:
    """ScanCode tries on a query run only the rules its scores vector ranks first
    (highly resemblant, then contained, then long): a whole licence text has its own
    rule among them; half of it followed by another licence ranks the rules wholly
    inside first, and the licence only half there is not tried (a partial alignment of
    it cannot win)."""
    import numpy as np

    from mofkit.licenses.detect.candidates import RUN_CANDIDATES, run_candidates
    from mofkit.licenses.detect.query import Query

    idx = get_index()
    rid = idx.find_rule("apache-2.0.LICENSE")
    text = licence_text("apache-2.0")
    whole = np.asarray(Query.build(text, idx).tokens, dtype=np.int64)
    assert rid in run_candidates(idx, whole).tolist()
    mixed = text[: len(text) // 2] + " " + licence_text("bsd-new")
    arr = np.asarray(Query.build(mixed, idx).tokens, dtype=np.int64)
    ranked = run_candidates(idx, arr).tolist()
    assert len(ranked) >= RUN_CANDIDATES and rid not in ranked
    assert rid in run_candidates(idx, arr, top=100_000).tolist()


def test_a_run_that_is_part_of_one_licence_still_tries_it() -> None:
    """Beyond ScanCode's first ranked, a rule holding nearly all of a run's rare words is
    tried too: a cut-down copy of a long licence is a partial copy of that licence, not
    only of its parts."""
    import numpy as np

    from mofkit.licenses.detect.candidates import run_candidates
    from mofkit.licenses.detect.query import Query

    idx = get_index()
    rid = idx.find_rule("apache-2.0.LICENSE")
    q = Query.build(licence_text("apache-2.0"), idx)
    half = np.asarray(q.tokens[: len(q.tokens) // 2], dtype=np.int64)
    assert rid in run_candidates(idx, half).tolist()
    assert [m.key for m in identify(licence_text("apache-2.0")[:9000])][:1] == ["apache-2.0"]


@pytest.mark.parametrize(("text", "long"), [
    ("x" * 300, False), ("x" * 301, True), ("a\n" + "x" * 300 + "\r\nb", False),
    ("a\n" + "x" * 301, True), ("x" * 150 + "\x85" + "x" * 151, False),
    ("x" * 200 + "\r" + "x" * 200, False), ("x" * 200 + "\r" + "x" * 301 + "\n", True),
    ("x" * 150 + "\u2028" + "x" * 151, True),  # not a line end for libmagic
    ("", False),
])
def test_a_line_over_300_characters_makes_a_text_with_very_long_lines(
        text: str, long: bool) -> None:
    from mofkit.licenses.detect.query import has_long_lines

    assert has_long_lines(text) is long


def test_a_licence_block_with_its_contributors_is_one_match() -> None:
    """An MPL 1.1/GPL/LGPL licence block whose initial developer and contributors are
    named inside it (names, e-mail addresses, "The kind representatives of many TLD
    registries": a legalese word the block's rule lacks) is the one rule of the block,
    aligned over both halves that match smaller rules exactly, as ScanCode 32.5.0
    reports it (mpl-1.1_or_gpl-2.0-plus_or_lgpl-2.1-plus_26, 93.9%), not the two
    halves."""
    idx = get_index()
    words = idx.rule_text(idx.find_rule("mpl-1.1_or_gpl-2.0-plus_or_lgpl-2.1-plus_26.RULE")
                          ).split()
    cut, alt = words.index("portions"), words.index("alternatively")
    listed = ("Jo Hermans jo.hermans@example.com Ruben Arakelyan ruben@example.com Gervase "
             "Markham gerv@example.net Pamela Greene pamg.bugs@example.com David Triendl "
             "david@example.name Jothan Frakes jothan@example.com The kind "
             "representatives of many TLD registries")
    names = listed.split()
    block = [*words[:cut], *names[:3], *words[cut:alt], *names[3:], *words[alt:]]
    others = ["lgpl-2.1-plus_6.RULE", "bsd-new_154.RULE", "apache-2.0_38.RULE"]
    text = "\n".join(" ".join(ws[i:i + 10]) for ws in
                     [block, *(idx.rule_text(idx.find_rule(r)).split() for r in others)]
                     for i in range(0, len(ws), 10))
    found = identify(text)
    assert [(m.rule, m.matcher) for m in found] == [
        ("mpl-1.1_or_gpl-2.0-plus_or_lgpl-2.1-plus_26.RULE", "seq"),
        *((r, "exact") for r in others)]


def test_a_notice_the_licence_text_below_repeats_is_not_joined_to_its_title() -> None:
    """A GPL notice between a one-line "licenced under the GPLv2" and the GPL text: the
    rule joining title and notice aligns over both exact matches, but ScanCode's
    near-duplicate pass (the text is mostly the GPL) first takes out the notice words
    the GPL's appendix repeats, and the joining rule's alignment, without them, lacks
    its required phrases. ScanCode 32.5.0 reports the title, the notice and the text."""
    idx = get_index()

    def lines(rule: str) -> str:
        w = idx.rule_text(idx.find_rule(rule)).split()
        return "\n".join(" ".join(w[i:i + 10]) for i in range(0, len(w), 10))

    text = ("The following file is licenced under the GPLv2.\n\n\\verbatim\n"
            "lub/heap/posix/heap_symShow.c\n\n"
            "This file is part of the CLISH project http://clish.sourceforge.net/\n\n"
            f"{lines('gpl-2.0_573.RULE')}\n\n\\endverbatim\n\n{lines('gpl-2.0_871.RULE')}\n")
    assert [(m.rule, m.matcher) for m in identify(text)] == [
        ("gpl-2.0_82_1.RULE", "exact"), ("gpl-2.0_573.RULE", "exact"),
        ("gpl-2.0_871.RULE", "exact")]


GPL_NOTICE = ("This program is free software; you can redistribute it and/or modify it under "
              "the terms of the GNU General Public License as published by the Free Software "
              "{} Foundation; either version 2 of the License, or (at your option) any later "
              "version.")


def test_words_of_spdx_ids_and_legalese_are_words_of_the_index() -> None:
    """As in ScanCode's dictionary: the words of the SPDX ids ("temp" of
    LicenseRef-scancode-a-star-logic-memoire-temp) and every legalese word are known
    words even where no rule holds them, so a text's "temp" is a word the rule lacks,
    not an unknown word dropped from the query (ScanCode: hash match with "qzxvw",
    alignment with "temp")."""
    idx = get_index()
    assert "temp" in idx.word_id and "trespassing" in idx.word_id
    assert idx.word_flags[idx.word_id["trespassing"]] & HIGH
    assert not idx.word_flags[idx.word_id["temp"]] & HIGH
    assert [m.matcher for m in identify(GPL_NOTICE.format("qzxvw"))] == ["hash"]
    found = identify(GPL_NOTICE.format("temp"))
    assert found and all(m.matcher == "seq" for m in found)
