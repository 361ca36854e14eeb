"""mofkit's licence detection engine: whole texts, notices, tags, references,
multi-licence files, AI-model licences, robustness. Runs without ../shared: licence
texts come from the index shipped in the package, the rest are fixtures written here."""

from __future__ import annotations

import json
import random
import re
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licence_texts import APACHE_NOTICE
from mofkit.licenses.detect import Match, identify, spdx_expression
from mofkit.licenses.detect.index import get_index


def licence_text(key: str) -> str:
    """A licence's full text, as the shipped index holds it (its normalized words)."""
    idx = get_index()
    return wrap(idx.rule_text(idx.find_rule(f"{key}.LICENSE")), 72)


def wrap(text: str, width: int) -> str:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return "\n".join(lines)


def keys(text: str) -> list[str]:
    return [m.key for m in identify(text)]



GPL2_PLUS_NOTICE = """\
This program is free software; you can redistribute it and/or modify
it under the terms of the GNU General Public License as published by
the Free Software Foundation; either version 2 of the License, or
(at your option) any later version.

This program is distributed in the hope that it will be useful,
but WITHOUT ANY WARRANTY; without even the implied warranty of
MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
GNU General Public License for more details.
"""

MIT_TEXT = """\
Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


# -- whole texts --------------------------------------------------------------------


@pytest.mark.parametrize("key", ["mit", "apache-2.0", "gpl-3.0", "bsd-new", "mpl-2.0",
                                 "cc-by-4.0"])
def test_whole_licence_texts(key: str) -> None:
    matches = identify(licence_text(key))
    assert [m.key for m in matches] == [key]
    m = matches[0]
    assert m.kind == "text" and m.coverage == 100.0 and m.rule == f"{key}.LICENSE"
    assert m.start_line == 1


def test_match_fields() -> None:
    (m,) = identify("Copyright (c) 2024 Jane Doe\n\n" + MIT_TEXT)
    assert isinstance(m, Match)
    assert (m.key, m.spdx, m.kind) == ("mit", "MIT", "text")
    assert m.start_line == 3 and m.end_line == 19
    assert 95 <= m.coverage <= 100 and 90 <= m.score <= 100
    assert m.rule.endswith((".LICENSE", ".RULE"))
    assert json.loads(json.dumps(m.to_dict()))["key"] == "mit"


def test_partial_text_still_found() -> None:
    text = licence_text("apache-2.0")
    lines = text.splitlines()
    del lines[40:48]  # drop a chunk from the middle (82 words)
    # As ScanCode 32.5.0: the licence is still found, in a piece on each side of the
    # gap (its matches of a rule part where they are more than 50 words apart).
    found = identify("\n".join(lines))
    assert {m.key for m in found} == {"apache-2.0"}
    assert [(m.start_line, m.end_line) for m in found][:2] == [(1, 40), (41, 134)]


# -- notices, references, tags -----------------------------------------------------


def test_notices() -> None:
    assert keys(APACHE_NOTICE) == ["apache-2.0"]
    assert keys(GPL2_PLUS_NOTICE) == ["gpl-2.0-plus"]
    (m,) = identify("/*\n * " + GPL2_PLUS_NOTICE.replace("\n", "\n * ") + "*/\n")
    assert m.key == "gpl-2.0-plus" and m.kind == "notice" and m.start_line == 2


def test_references() -> None:
    (m,) = identify("This project is licensed under the MIT License.")
    assert m.key == "mit" and m.kind in {"notice", "reference"}
    assert keys("This library is licensed under the GNU GPL version 3 or later.") == [
        "gpl-3.0-plus"]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("MIT", "mit"),
        ("GPL-2.0-or-later", "gpl-2.0-plus"),
        ("GPL-2.0+ OR MIT", "gpl-2.0-plus OR mit"),
        ("Apache-2.0 WITH LLVM-exception", "apache-2.0 WITH llvm-exception"),
        ("(MIT OR Apache-2.0) AND BSD-3-Clause", "(mit OR apache-2.0) AND bsd-new"),
        ("LicenseRef-scancode-llama-2-license-2023", "llama-2-license-2023"),
        ("NoSuchLicense-9.9", "unknown-spdx"),
    ],
)
def test_spdx_tags(tag: str, expected: str) -> None:
    (m,) = identify(f"# SPDX-License-Identifier: {tag}\nimport os\n")
    assert (m.key, m.kind, m.start_line, m.end_line) == (expected, "spdx-tag", 1, 1)


def test_spdx_expression_conversion() -> None:
    assert spdx_expression("gpl-2.0-plus OR mit") == "GPL-2.0-or-later OR MIT"
    assert spdx_expression("llama-2-license-2023") == (
        "LicenseRef-scancode-llama-2-license-2023")


# -- several licences, file order ----------------------------------------------------


def test_multi_licence_file_in_order() -> None:
    text = "\n\n".join([
        "Some project\n============",
        "Parts of this come with these terms:",
        MIT_TEXT,
        "The vendored parser is:",
        APACHE_NOTICE,
        "and one tool is:",
        GPL2_PLUS_NOTICE,
        "// SPDX-License-Identifier: BSD-2-Clause",
    ])
    matches = identify(text)
    assert [m.key for m in matches] == ["mit", "apache-2.0", "gpl-2.0-plus", "bsd-simplified"]
    lines = [m.start_line for m in matches]
    assert lines == sorted(lines)
    assert all(a.end_line < b.start_line for a, b in pairwise(matches))


def test_licence_like_text_is_unknown_not_silence() -> None:
    text = (
        "ACME FROBNICATOR END USER TERMS. The licensee shall not sublicense, distribute or "
        "modify the frobnicator. Licensor grants a revocable permission subject to these terms "
        "and conditions; any redistribution is prohibited without written consent. Licensor "
        "disclaims every warranty; liability for damages is excluded. Termination of this "
        "agreement ends the license grant. Patent rights and infringement claims are governed "
        "by the laws of the jurisdiction of the licensor. Royalty payments are due monthly."
    )
    got = identify(text)
    assert got, "licence-like text must not come back empty"
    assert all(m.key.startswith("unknown") for m in got) or any(
        m.kind == "unknown" for m in got)


LONG_LINE_EULA = (
    "QUILLBYTE END USER AGREEMENT\n\n"
    "Quillbyte may be used for a trial period of thirty days; after that you must register "
    "it or remove it from your computer. By installing the program you accept the terms and "
    "conditions of this agreement. All copies of the program and of its documentation "
    "remain the property of the author at all times. The program is not sold, it is licensed. "
    "Once registered, the user is granted a non-exclusive license to use the program on as "
    "many computers as the license type permits, for any legal purpose.\n\n"
    "You may not use, copy, emulate, clone, rent, lease, sell, modify, decompile, disassemble "
    "or otherwise reverse engineer the program, or any part of it, except as provided for in "
    "this agreement. Any such unauthorized use shall result in immediate and automatic "
    "termination of this license and may result in criminal and/or civil prosecution.\n\n"
    "The unregistered version may be freely distributed, provided the distribution package "
    "is not changed in any way and no fee is charged for it. No person or company may "
    "distribute separate parts of the package without written permission of the author.\n\n"
    "The program is distributed as is. No warranty of any kind is expressed or implied. You "
    "use it at your own risk. The author will not be liable for data loss, damages, loss of "
    "profits or any other kind of loss while using or misusing this program.\n"
)


def test_licence_on_long_lines_is_unknown() -> None:
    # An invented EULA, one paragraph per line: legal words are sparse (< 0.09 of the
    # words), but its phrasing ("you may not use, copy, … reverse engineer") is the
    # phrasing of licence texts, and that is what marks it as an unknown licence.
    got = identify(LONG_LINE_EULA)
    unknown = [m for m in got if m.key == "unknown"]
    assert len(unknown) == 1, got
    assert unknown[0].kind == "unknown"
    assert unknown[0].start_line <= 5 <= unknown[0].end_line


def test_licence_title_inside_an_unknown_licence_is_part_of_it() -> None:
    # As ScanCode: a match to an unnamed licence ("software license agreement") does not
    # keep unknown-licence detection off its words; when the unknown licence's matched
    # words hold all of its words, it is part of the unknown licence, not a match of its own.
    title = "Please read this software license agreement carefully before using the program. "
    text = LONG_LINE_EULA.replace("Quillbyte may be used", title + "Quillbyte may be used", 1)
    got = identify(text)
    assert [m.key for m in got] == ["unknown", "warranty-disclaimer"], got
    assert got[0].start_line <= 3 <= got[0].end_line


EULA_OPENING = (
    "ORBITEL SOFTWARE LICENSE AGREEMENT\n"
    "This is a legal agreement (\"AGREEMENT\") between you, the Licensed User, and Orbitel "
    "Systems, Inc., Orbitel Systems Europe GmbH, or Orbitel Systems Asia Pty Ltd. Your location "
    "of receipt of this product or feature release (both hereinafter \"PRODUCT\") or technical "
    "support (hereinafter \"SUPPORT\") determines the providing entity hereunder. Orbitel "
    "Systems, Inc., a Delaware corporation, licenses this PRODUCT in the Americas and provides "
    "SUPPORT in the Americas. Orbitel Systems Europe GmbH licenses this PRODUCT and provides "
    "SUPPORT in Europe and Africa. BY INSTALLING AND/OR USING THE PRODUCT, YOU ARE AGREEING TO "
    "BE BOUND BY THE TERMS OF THIS AGREEMENT. IF YOU DO NOT AGREE TO THE TERMS OF THIS "
    "AGREEMENT, DO NOT INSTALL AND/OR USE THE PRODUCT.\n"
)


def test_eula_opening_with_few_legal_words_is_one_unknown_licence() -> None:
    # The opening paragraph of an invented EULA: licence phrasing, but fewer than ten words
    # of legal vocabulary. As ScanCode, it is an unknown licence, and its "license
    # agreement" title (a match to an unnamed licence) is part of it.
    got = identify(EULA_OPENING)
    assert [m.key for m in got] == ["unknown"], got
    assert (got[0].start_line, got[0].end_line) == (1, 2)


def test_unnamed_licence_notice_matched_whole_is_no_unknown_licence() -> None:
    # An unnamed-licence notice that a rule matches exactly (a weak match) holds the
    # licence-like words unknown-licence detection finds in it: as ScanCode's last
    # containment filter, the unknown match inside it goes, the notice stays.
    text = ("/* Copyright (c) 2009 Frobozz Associates Limited.\n"
            " * This file may be distributed under the terms of the License Agreement\n"
            " * provided with this software.\n"
            " * THIS FILE IS PROVIDED AS IS WITH NO WARRANTY OF ANY KIND, INCLUDING THE\n"
            " * WARRANTY OF DESIGN, MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE. */\n")
    assert [m.key for m in identify(text)] == ["unknown-license-reference"]


def test_settle_unknown_and_weak_matches_as_scancode() -> None:
    import numpy as np

    from mofkit.licenses.detect.index import get_index
    from mofkit.licenses.detect.match_unknown import settle
    from mofkit.licenses.detect.models import Hit

    idx = get_index()
    high = np.ones(200, dtype=bool)

    def unknown(blocks: list[tuple[int, int]]) -> Hit:
        n = sum(size for _, size in blocks)
        end = blocks[-1][0] + blocks[-1][1]
        return Hit(-1, blocks[0][0], end, n, n, n, "unknown", expression="unknown",
                   kind="unknown", extra={"blocks": blocks})

    def weak(start: int, size: int, expression: str = "unknown-license-reference") -> Hit:
        return Hit(-1, start, start + size, size, size, size, "exact", expression=expression)

    u = unknown([(10, 30), (50, 20)])
    title, straddling, outside = weak(12, 3), weak(38, 4), weak(100, 3)
    kept, dropped = settle(idx, [u], [title, straddling, outside], high)
    assert kept == [u]
    assert dropped == [title]  # held by the unknown match; half outside it, it stays
    notice = weak(5, 40)  # a notice matched whole holds the unknown match
    small = unknown([(8, 30)])
    kept, dropped = settle(idx, [small], [notice], high)
    assert kept == [] and dropped == []


def test_licence_phrases_scattered_through_prose_are_no_unknown_licence() -> None:
    # As ScanCode's spurious-match filter: an unknown licence's matched words must be at
    # least 0.4 of the words from its first to its last; the same EULA paragraphs with
    # one line of code documentation between them are one, with two lines they are not.
    filler = ("The function returns the list of values for each item in the table and prints "
              "the result.\n")

    def spread(lines: int) -> str:
        return ("\n\n" + filler * lines + "\n").join(LONG_LINE_EULA.split("\n\n"))

    assert [m.key for m in identify(spread(1)) if m.key == "unknown"] == ["unknown"]
    assert [m.key for m in identify(spread(2)) if m.key == "unknown"] == []


def test_weak_matches_for_unknown_licence_detection() -> None:
    from mofkit.licenses.detect.index import get_index
    from mofkit.licenses.detect.match_unknown import weak
    from mofkit.licenses.detect.models import Hit

    idx = get_index()

    def hit(expression: str, matcher: str = "exact", matched: int = 5,
            rule_len: int = 5) -> Hit:
        return Hit(-1, 0, matched, matched, rule_len, matched, matcher, expression=expression)

    assert weak(idx, hit("unknown-license-reference"))
    assert weak(idx, hit("free-unknown"))
    assert weak(idx, hit("unknown-license-reference AND free-unknown"))
    # a known licence's notice that also names an unnamed one is a good match
    assert not weak(idx, hit("gpl-2.0-plus AND free-unknown"))
    assert not weak(idx, hit("mit"))
    # short alignments covering little of their rule are weak, exact ones never
    assert weak(idx, hit("mit", "seq", matched=5, rule_len=100))
    assert not weak(idx, hit("mit", "exact", matched=5, rule_len=100))
    assert not weak(idx, hit("mit", "seq", matched=30, rule_len=100))


LICENCE_README = (
    "# depcheck-lite\n\n"
    "Checks the licenses of your npm dependencies before you install them.\n\n"
    "## Features\n\n"
    "* reads the license field of every package and groups licenses by type\n"
    "* flags packages whose license terms are missing, so you can ask the authors\n"
    "* the permitted license types are set in the config of your package.json\n"
    "* permissive licenses and weak copyleft licenses are shown in different colours\n\n"
    "## Configuration\n\n"
    "Set `allowedLicenseTypes` to the license types your project accepts. A package whose "
    "license is not in the list fails the check, and the tool prints its license, its "
    "distribution size and the conditions it found in its terms. Licenses with patent grants "
    "and warranty disclaimers are listed in the report. Modify the list to match the "
    "agreement your legal team uses for redistribution of third-party code.\n"
)


def test_readme_about_licences_is_not_unknown() -> None:
    # Prose dense in legal words ("license", "terms", "permitted", "patent" …) that says
    # nothing a licence says: no unknown licence.
    assert [m for m in identify(LICENCE_README) if m.key == "unknown"] == []


def test_unknown_ngram_codec_roundtrip() -> None:
    import numpy as np

    from mofkit.licenses.detect.index import decode_ngrams, encode_ngrams

    hashes = np.array([0, 1, 7, 300, 70_000, 5_000_000, 2**32 - 1], dtype=np.uint32)
    planes = encode_ngrams(hashes)
    assert len(planes) == 4  # the largest gap needs 4 bytes
    assert decode_ngrams(planes).tolist() == hashes.tolist()


def test_index_holds_the_ngrams_of_rule_texts() -> None:
    import numpy as np

    from mofkit.licenses.detect.index import ngram_hashes

    idx = get_index()
    assert len(idx.ngrams) > 100_000
    assert np.all(np.diff(idx.ngrams.astype(np.int64)) > 0)

    def found(tokens: list[int]) -> float:
        h = ngram_hashes(np.array(tokens, dtype=np.uint64))
        at = np.minimum(np.searchsorted(idx.ngrams, h), len(idx.ngrams) - 1)
        return float(np.mean(idx.ngrams[at] == h))

    text = idx.rule_tokens(idx.find_rule("mit.LICENSE")).tolist()
    assert found(text) > 0.8  # n-grams with "copyright" or a year are not kept
    rng = random.Random(7)
    assert found([rng.randrange(1, len(idx.vocab)) for _ in range(500)]) < 0.01


def test_plain_prose_has_no_licence() -> None:
    assert identify("The quick brown fox jumps over the lazy dog.\n" * 20) == []


# -- AI-model licences ---------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "llama-2-license-2023",
        "llama-3.1-license-2024",
        "bigscience-open-rail-m",
        "stable-diffusion-2022-08-22",  # CreativeML Open RAIL-M
        "bigcode-open-rail-m-v1",
        "bigscience-rail-1.0",
    ],
)
def test_ai_model_licences(key: str) -> None:
    text = licence_text(key)
    assert keys(text) == [key]
    # A model card pasting the licence after some prose, with a paragraph dropped.
    lines = text.splitlines()
    del lines[len(lines) // 2: len(lines) // 2 + 3]
    card = "# My model\n\nA fine-tuned model. Its licence follows.\n\n" + "\n".join(lines)
    assert keys(card) == [key]


def test_llama2_notice() -> None:
    (m,) = identify("Llama 2 is licensed under the LLAMA 2 Community License, "
                    "Copyright (c) Meta Platforms, Inc. All Rights Reserved.")
    assert m.key == "llama-2-license-2023"
    assert m.spdx == "LicenseRef-scancode-llama-2-license-2023"


# -- the result does not depend on layout, markup or copyright lines ----------------

BASES = {"mit": MIT_TEXT, "apache-2.0": APACHE_NOTICE, "gpl-2.0-plus": GPL2_PLUS_NOTICE}


def _markdown(text: str) -> str:
    paras = text.split("\n\n")
    return "## License\n\n" + "\n\n".join(f"> {p}" if i % 2 else p for i, p in
                                          enumerate(paras))


def _html(text: str) -> str:
    paras = text.split("\n\n")
    body = "\n".join(f"<p>{p.replace('&', '&amp;')}</p>" for p in paras)
    return f"<html><body><div class=\"license\">\n{body}\n</div></body></html>"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(sorted(BASES)),
    width=st.integers(min_value=20, max_value=200),
    wrapper=st.sampled_from(["none", "markdown", "html", "comment"]),
    year=st.integers(min_value=1970, max_value=2099),
    holder=st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=30),
)
def test_layout_and_copyright_do_not_change_result(
    key: str, width: int, wrapper: str, year: int, holder: str
) -> None:
    text = "\n\n".join(wrap(p, width) for p in BASES[key].split("\n\n"))
    text = {"none": text, "markdown": _markdown(text), "html": _html(text),
            "comment": "/*\n * " + text.replace("\n", "\n * ") + "\n */"}[wrapper]
    text = f"Copyright (c) {year} {holder.strip() or 'someone'}\n\n{text}"
    assert keys(text) == [key]


@settings(max_examples=15, deadline=None)
@given(years=st.lists(st.integers(min_value=1990, max_value=2030), min_size=1, max_size=4))
def test_copyright_years_in_licence_text(years: list[int]) -> None:
    text = licence_text("bsd-new")
    header = "Copyright (c) " + ", ".join(map(str, years)) + " The Authors. All rights reserved."
    assert keys(header + "\n\n" + text) == ["bsd-new"]


# -- bad input: no crash, bounded time -----------------------------------------------


def test_empty_and_blank() -> None:
    assert identify("") == []
    assert identify(" \n\t\n") == []


def test_binary_and_garbage() -> None:
    rng = random.Random(7)
    blob = bytes(rng.randrange(256) for _ in range(20000)).decode("latin-1")
    assert isinstance(identify(blob), list)
    garbage = "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(20000))
    assert isinstance(identify(garbage), list)
    assert identify("\x00" * 1000) == []


def test_not_a_string_is_rejected_cleanly() -> None:
    assert identify(None) == []  # type: ignore[arg-type]


def test_huge_input_is_read_to_its_end() -> None:
    # How long it takes: benchmarks/license_worst_case.py.
    text = ("int x = 1; // some code line without licences\n" * 40000) + APACHE_NOTICE
    assert keys(text) == ["apache-2.0"]


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text: str) -> None:
    for m in identify(text):
        assert 1 <= m.start_line <= m.end_line


# -- index -----------------------------------------------------------------------------


def test_index_is_shipped_and_loads() -> None:
    # How fast it loads: benchmarks/license_worst_case.py.
    from mofkit.licenses.detect.index import default_path, load

    assert default_path().exists()
    assert default_path().stat().st_size < 15_000_000
    idx = load()
    assert len(idx) > 30000
    assert re.fullmatch(r"[a-z0-9.-]+", idx.expressions[idx.find_rule("mit.LICENSE")])


def test_pieces_part_where_scancode_does() -> None:
    """ScanCode's merge distance: min(rule length // 2, 50) on both sides, touching
    blocks 1 apart; its blocks are seeded on legalese words, so one shared legalese
    word bridges a wide gap while ordinary words alone do not."""
    from mofkit.licenses.detect.index import HIGH
    from mofkit.licenses.detect.pieces import legalese_blocks, max_dist

    assert [max_dist(n) for n in (1, 3, 40, 100, 3000)] == [1, 1, 20, 50, 50]
    idx = get_index()
    flags = idx.word_flags
    legal = next(t for t in range(1, len(idx.vocab)) if flags[t] & HIGH)
    plain = [t for t in range(1, len(idx.vocab)) if not flags[t] & HIGH][:3]
    a = [plain[0]] * 30 + [legal, plain[1]] + [plain[0]] * 30
    b = [plain[2]] * 5 + [legal, plain[1]] + [plain[2]] * 5
    found: list[tuple[int, int, int]] = []
    legalese_blocks(a, b, flags, (0, len(a), 0, len(b)), found)
    assert found == [(30, 5, 2)]  # seeded on the legalese word, extended over the next
    found = []
    legalese_blocks([plain[1]] * 5, [plain[1]] * 5, flags, (0, 5, 0, 5), found)
    assert found == []  # no legalese: no block



def test_query_run_explained_by_exact_matches_is_not_aligned() -> None:
    # As ScanCode (its is_matchable check on each query run): a query run whose legalese
    # words the exact matches all explain is not aligned; the next run still is.
    from mofkit.licenses.detect.match_seq import match_seq
    from mofkit.licenses.detect.query import Query

    idx = get_index()
    text = licence_text("mit") + "\n" * 20 + licence_text("bsd-new")
    q = Query.build(text, idx)
    assert len(q.run_starts) == 2
    second = q.run_starts[1]
    explained = bytearray(len(q))
    explained[:second] = b"\x01" * second  # the exact matches explain the MIT text
    hits = match_seq(idx, q, bytearray(len(q)), explained)
    assert hits and all(h.qstart >= second for h in hits)
    assert {idx.expressions[h.rid] for h in hits} == {"bsd-new"}


def test_ascii_query_tokens_are_the_unicode_ones() -> None:
    """The query reads a lower-cased ASCII text with an ASCII word class, as fast as
    it can: the tokens (words, "+" suffixes, line breaks) are those of the Unicode one."""
    from mofkit.licenses.detect.tokenize import ASCII_QUERY_TOKEN, QUERY_TOKEN

    text = ("".join(chr(c) for c in range(128)) * 2
            + " GPL-2.0+ foo+bar a+ +b x_y ++ 1+2+3 \r\n\r \n\r\x0b\x0c\x1c done").lower()
    assert text.isascii()
    assert ASCII_QUERY_TOKEN.findall(text) == QUERY_TOKEN.findall(text)
