"""How many times the licence engine reports a licence: one statement once, two
statements twice. The same principles as ScanCode's ``refine_matches`` (matches of one
rule merged, a match contained in a larger one dropped), checked on small texts written
here. Runs without ../shared (the shipped index only)."""

from __future__ import annotations

from mofkit.licenses.detect import identify


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
