"""Stage 2: ``SPDX-License-Identifier:`` tags, parsed as licence expressions.

SPDX ids become ScanCode keys through the LicenseDB's ``spdx_license_key`` /
``other_spdx_license_keys``; ``LicenseRef-scancode-<key>`` becomes ``<key>``; an id
neither knows becomes ``unknown-spdx`` (as ScanCode does).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from mofkit.licenses.detect.index import Index
from mofkit.licenses.detect.models import Hit
from mofkit.licenses.detect.query import Query

TAG = re.compile(r"spdx[-_ ]?license[-_ ]?identifier\s*[:=]?\s*(.*)", re.IGNORECASE)
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+:_-]*")
OPERATORS = {"and": "AND", "or": "OR", "with": "WITH"}


# Deprecated SPDX ids that stood for a licence with an exception: read as the expression
# SPDX replaced them with (ScanCode does the same).
DEPRECATED = {
    "ecos-2.0": "GPL-2.0-or-later WITH eCos-exception-2.0",
    "gpl-2.0-with-autoconf-exception": "GPL-2.0-only WITH Autoconf-exception-2.0",
    "gpl-2.0-with-bison-exception": "GPL-2.0-only WITH Bison-exception-2.2",
    "gpl-2.0-with-classpath-exception": "GPL-2.0-only WITH Classpath-exception-2.0",
    "gpl-2.0-with-font-exception": "GPL-2.0-only WITH Font-exception-2.0",
    "gpl-2.0-with-gcc-exception": "GPL-2.0-only WITH GCC-exception-2.0",
    "gpl-3.0-with-autoconf-exception": "GPL-3.0-only WITH Autoconf-exception-3.0",
    "gpl-3.0-with-gcc-exception": "GPL-3.0-only WITH GCC-exception-3.1",
    "wxwindows": "LGPL-2.0-or-later WITH WxWindows-exception-3.1",
}
UNKNOWN = "unknown-spdx"
_EDGE = "!\"#$%&'*,-./:;<=>?@[\\]^_`{|}~"  # punctuation that cannot end an expression


def _clean(raw: str) -> str:
    raw = re.split(r"\*/|-->|\"|'|;|`|<|\}", raw, maxsplit=1)[0]
    raw = " ".join(raw.split()).lstrip(_EDGE + ")+").rstrip(_EDGE + "(")
    if raw.count("(") + raw.count(")") == 1:  # one unbalanced bracket: drop it
        raw = raw.replace("(", " ").replace(")", " ")
    return " ".join(raw.split())


def _key(idx: Index, low: str) -> str:
    """The ScanCode key of one SPDX id (lower-cased); ``unknown-spdx`` if none."""
    key = idx.spdx_to_key.get(low)
    if key is None and low.startswith("licenseref-scancode-"):
        cand = low[len("licenseref-scancode-"):]
        key = cand if cand in idx.licenses else None
    if key is None and low.endswith("+"):
        base = idx.spdx_to_key.get(low[:-1])
        key = f"{base}-plus" if base and f"{base}-plus" in idx.licenses else None
    if key is None:
        key = low if low in idx.licenses else UNKNOWN
    return key


def _render(expression: str) -> str | None:
    from license_expression import ExpressionError, Licensing

    try:
        parsed = Licensing().parse(expression)
    except (ExpressionError, Exception):
        return None
    return parsed.render("{symbol.key}") if parsed is not None else None


@lru_cache(maxsize=4096)
def to_scancode(expression: str) -> str | None:
    """Map an SPDX expression to ScanCode keys; None if there is nothing to read.

    As ScanCode does for what follows an ``SPDX-License-Identifier``: a deprecated id
    becomes the licence-with-exception expression that replaced it; ids written one
    after the other with no operator (``MIT Apache-2.0``) are alternatives (``OR``),
    and where operators are also present the broken expression is read as its ids
    joined by ``AND`` plus ``unknown-spdx``; prose (a comma, a word no id spells) is
    ``unknown-spdx`` alone.
    """
    from mofkit.licenses.detect.index import get_index

    idx = get_index()
    out: list[str] = []
    ids: list[str] = []
    operators = adjacent = False
    for tok in re.findall(r"\(|\)|[^\s()]+", expression):
        low = tok.lower()
        if tok in "()":
            out.append(tok)
        elif low in OPERATORS:
            out.append(OPERATORS[low])
            operators = True
        elif ID.fullmatch(tok):
            if out and out[-1] not in ("(", "AND", "OR", "WITH"):
                adjacent = True
            if low in DEPRECATED:
                key = to_scancode(DEPRECATED[low]) or UNKNOWN
                out.append(f"({key})")
            else:
                key = _key(idx, low)
                out.append(key)
            ids.append(key)
        else:
            return UNKNOWN if out else None
    if not ids:
        return None
    if adjacent:
        if not operators:
            return _render(" OR ".join(f"({k})" for k in ids))
        return _render(" AND ".join([*(f"({k})" for k in ids), UNKNOWN]))
    return _render(" ".join(out)) or UNKNOWN


def match_tags(idx: Index, q: Query, covered: bytearray) -> list[Hit]:
    if "identifier" not in q.text.lower():
        return []
    hits: list[Hit] = []
    for lineno, line in enumerate(q.text.splitlines(), start=1):
        m = TAG.search(line)
        if not m:
            continue
        expr = to_scancode(_clean(m.group(1)))
        if not expr:
            continue
        s = bisect.bisect_left(q.lines, lineno)
        e = bisect.bisect_right(q.lines, lineno)
        if s >= e:
            continue
        covered[s:e] = b"\x01" * (e - s)
        n = e - s
        hits.append(Hit(-1, s, e, n, n, n, "spdx-tag", expression=expr, kind="spdx-tag"))
    return hits
