"""The licence engine's matching principles, taken from ScanCode's and checked on small
fixtures written here: legalese words, which rules may be aligned approximately, when
alignment runs at all. Runs without ../shared (the shipped index only)."""

from __future__ import annotations

import numpy as np
import pytest

import mofkit.licenses.detect.match_seq as match_seq_mod
from mofkit.licenses.detect import identify, licence_text
from mofkit.licenses.detect.index import HIGH, KIND_CODES, get_index
from mofkit.licenses.detect.query import Query

APACHE_NOTICE = """\
Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
"""


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
    assert h is not None and h.coverage > 0.6 and h.density > 0.9
    assert not match_seq_mod.acceptable(idx, q, h)


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


def test_a_long_stretch_of_other_words_still_cuts_a_match() -> None:
    words = licence_text("isc").split()
    head, body = " ".join(words[:6]), words[6:]
    lines = [" ".join(body[i:i + 12]) for i in range(0, len(body), 12)]
    other = ("the widget library draws buttons menus and windows on the screen for the "
             "example project with themes fonts icons and colours chosen by each user")
    matches = identify("\n".join([head, other, other, *lines]))
    assert [m.key for m in matches] == ["isc"] and matches[0].start_line > 1
