"""Version families told apart by their distinguishing clauses (``data/families.yml``).

Llama 2, 3, 3.1, 3.2, 3.3 and 4, the Open RAIL-M texts, the Gemma terms by date, the
Creative Commons 4.0 variants: their texts share most of their words, so a text matched
only in part may land on the wrong member. :func:`tell_apart` moves such a match to the
member whose own phrases the text holds.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mofkit.licenses.detect.models import Match

_WORD = re.compile(r"[^_\W]+\+?[^_\W]*")


def words(text: str) -> str:
    """Lower-case words joined by single spaces, with spaces at both ends."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


@functools.cache
def families() -> dict[str, dict[str, tuple[str, ...]]]:
    """Family -> member key -> its distinguishing phrases (as :func:`words` gives them)."""
    import yaml

    raw = yaml.safe_load((Path(__file__).parent / "data" / "families.yml").read_text("utf-8"))
    return {family: {key: tuple(words(p) for p in phrases) for key, phrases in members.items()}
            for family, members in raw["families"].items()}


@functools.cache
def _member_of() -> dict[str, str]:
    return {key: family for family, members in families().items() for key in members}


def member(key: str, text_words: str) -> tuple[str, str] | None:
    """The family member whose phrases ``text_words`` holds, with the phrase, when it is
    not ``key`` and the text holds none of ``key``'s own phrases."""
    family = _member_of().get(key)
    if family is None:
        return None
    members = families()[family]
    if any(p in text_words for p in members[key]):
        return None
    found = [(other, p) for other, phrases in members.items() if other != key
             for p in phrases if p in text_words]
    keys = {other for other, _ in found}
    return found[0] if len(keys) == 1 else None


def tell_apart(matches: list[Match], text: str) -> list[Match]:
    """``matches`` with each partial match of a family member moved to the member the
    text's own clauses name (full matches are identifications and stay)."""
    from mofkit.licenses.detect import spdx_expression

    text_words: str | None = None
    out = []
    for match in matches:
        if match.coverage < 100 and match.key in _member_of():
            text_words = text_words if text_words is not None else words(text)
            found = member(match.key, text_words)
            if found is not None:
                other, phrase = found
                match = replace(match, key=other, spdx=spdx_expression(other),
                                rule=f"{match.rule} (told apart by '{phrase.strip()}')")
        out.append(match)
    return out
