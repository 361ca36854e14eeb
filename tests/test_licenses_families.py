"""Version families told apart by their own clauses (data/families.yml)."""

from __future__ import annotations

import pytest

from mofkit.licenses.detect import licence_text
from mofkit.licenses.families import families, words
from mofkit.licenses.reading import describe, identify

MEMBERS = [(family, key) for family, members in families().items() for key in members]


@pytest.mark.parametrize(("family", "key"), MEMBERS)
def test_each_phrase_is_its_member_s_own(family: str, key: str) -> None:
    own = words(licence_text(key))
    for phrase in families()[family][key]:
        assert phrase in own, (key, phrase)
        for other in families()[family]:
            if other != key:
                assert phrase not in words(licence_text(other)), (key, phrase, other)


@pytest.mark.parametrize(("family", "key"), MEMBERS)
def test_a_cut_down_text_goes_to_the_member_it_names(family: str, key: str) -> None:
    text = licence_text(key)
    cut = text[: int(len(text) * 0.6)]  # a partial copy: no longer a full match
    found = identify(cut)
    named = [m for m in found if m.key in families()[family]]
    assert named, (key, [m.key for m in found])
    assert named[0].key == key, (key, named[0].key, named[0].rule)


def test_a_partial_match_is_described_as_the_closest_match() -> None:
    text = licence_text("cc-by-nc-4.0")
    found = identify(text[: len(text) // 2])
    assert found and found[0].key == "cc-by-nc-4.0" and found[0].coverage < 100
    assert describe(found[0]).startswith("closest match CC-BY-NC-4.0 (coverage ")
    full = identify(licence_text("llama-3-license-2024"))
    assert [describe(m) for m in full] == ["LicenseRef-mofkit-llama-3-license-2024"]


def test_a_vocabulary_holds_no_licence() -> None:
    vocab = "{" + ", ".join(f'"gpl{i}": {i}' for i in range(400)) + "}"
    assert identify(vocab) == []
