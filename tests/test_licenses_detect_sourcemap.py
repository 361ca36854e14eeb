"""Source maps: ScanCode reads a ``.js.map`` as the lines of the sources it holds
(``sourcesContent``, escaped line ends made real), so a licence notice in a mapped
source is found on its own lines, exactly, not across the map's one JSON line."""

from __future__ import annotations

import json

from mofkit.licenses.detect import identify
from mofkit.licenses.sourcemap import sourcemap_text

NOTICE = [
    "/**",
    " * @license",
    " * Copyright Example Inc. All Rights Reserved.",
    " *",
    " * Use of this source code is governed by an MIT-style license that can be",
    " * found in the LICENSE file at https://angular.io/license",
    " */",
    "",
    "export default [1, 2, 3];",
]


def _map(sources: list[str | None]) -> str:
    return json.dumps({"version": 3, "file": "x.js", "sourceRoot": "",
                       "sources": ["x.ts"] * len(sources), "names": [],
                       "mappings": ";;;;AAWA,eAAe", "sourcesContent": sources})


def test_sourcemap_text_is_the_sources_lines() -> None:
    text = sourcemap_text(_map([None, "a\\tb\nc", "d"]))
    assert text == "a b\nc\nd"


def test_sourcemap_text_is_none_for_other_json() -> None:
    assert sourcemap_text('{"version": 3, "name": "x"}') is None
    assert sourcemap_text("{not json, sources sourcesContent version}") is None
    assert sourcemap_text("MIT License") is None


def test_notice_in_a_source_map_is_found_on_its_own_lines() -> None:
    found = identify(_map(["\n".join(NOTICE)]))
    assert [m.key for m in found] == ["mit"]
    assert (found[0].start_line, found[0].end_line) == (5, 6)
    assert found[0].matcher == "exact"
