"""The sources held in a JavaScript or CSS source map, for licence identification.

A source map (``foo.js.map``) is one long JSON line; the licence notices of the files
it maps sit in its ``sourcesContent`` strings, their line ends escaped. ScanCode
(``textcode.analysis.js_map_sources_lines``) reads such a file as those sources' lines
instead, with escaped line ends made real and escaped tabs and returns made spaces;
:func:`sourcemap_text` does the same for a text that is a source map (a JSON object
with ``version``, ``sources`` and ``sourcesContent``), and gives ``None`` for any other.
"""

from __future__ import annotations

import json

KEYS = ('"version"', '"sources"', '"sourcesContent"')


def sourcemap_text(text: str) -> str | None:
    """The lines of the sources of source map ``text``, or None if it is not one."""
    if not text.lstrip().startswith("{") or not all(k in text for k in KEYS):
        return None
    try:
        content = json.loads(text)
    except ValueError:
        return None
    if not isinstance(content, dict) or not {"version", "sources"} <= content.keys():
        return None
    sources = content.get("sourcesContent")
    if not isinstance(sources, list):
        return None
    lines: list[str] = []
    for entry in sources:
        if not isinstance(entry, str):
            continue  # null: a source the map does not carry
        entry = (entry.replace("\\\\r\\\\n", "\n").replace("\\r\\n", "\n")
                 .replace("\\\\r", "\n").replace("\\\\n", "\n")
                 .replace("\\r", "\n").replace("\\n", "\n"))
        lines.extend(line.replace("\\r", " ").replace("\\n", " ").replace("\\t", " ")
                     for line in entry.splitlines())
    return "\n".join(lines)
