"""Reading a licence file: the text identification the rest of mofkit uses.

:func:`identify` is :func:`mofkit.licenses.detect.identify` with what a file needs
around it: a vocabulary or merges list is no licence text (nothing is found in it), and
a partial match of a version family (Llama 3 vs 3.1, Open RAIL-M vs RAIL++-M, Gemma terms
by date, CC 4.0 variants) goes to the member the text's own clauses name. A match below
full coverage stays what it is, a closest match: callers say "closest match X (coverage
%)" and never count it as an identification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mofkit.licenses.detect.models import Match

FULL = 100.0


def identify(text: str) -> list[Match]:
    """The licences found in ``text`` in file order (see the module docstring)."""
    from mofkit.licenses.detect import identify as detect
    from mofkit.licenses.families import tell_apart
    from mofkit.licenses.textkind import is_token_list

    if not isinstance(text, str) or is_token_list(text):
        return []
    return tell_apart(detect(text), text)


def describe(match: Match) -> str:
    """``X`` for a full match, ``closest match X (coverage N%)`` for a partial one."""
    if match.coverage >= FULL:
        return match.spdx
    return f"closest match {match.spdx} (coverage {match.coverage:g}%)"
