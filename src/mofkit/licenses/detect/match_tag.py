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


def _clean(raw: str) -> str:
    raw = re.split(r"\*/|-->|\"|'|;|`|<|\}", raw, maxsplit=1)[0]
    return raw.strip().rstrip(".,").strip()


@lru_cache(maxsize=4096)
def to_scancode(expression: str) -> str | None:
    """Map an SPDX expression to ScanCode keys; None if it is not an expression."""
    from mofkit.licenses.detect.index import get_index

    idx = get_index()
    out: list[str] = []
    for tok in re.findall(r"\(|\)|[^\s()]+", expression):
        low = tok.lower()
        if tok in "()":
            out.append(tok)
        elif low in OPERATORS:
            out.append(OPERATORS[low])
        elif ID.fullmatch(tok):
            key = idx.spdx_to_key.get(low)
            if key is None and low.startswith("licenseref-scancode-"):
                cand = low[len("licenseref-scancode-"):]
                key = cand if cand in idx.licenses else None
            if key is None and low.endswith("+"):
                base = idx.spdx_to_key.get(low[:-1])
                key = f"{base}-plus" if base and f"{base}-plus" in idx.licenses else None
            if key is None:
                key = low if low in idx.licenses else "unknown-spdx"
            out.append(key)
        else:
            return None
    if not out:
        return None
    from license_expression import ExpressionError, Licensing

    try:
        parsed = Licensing().parse(" ".join(out))
    except (ExpressionError, Exception):
        return None
    return parsed.render("{symbol.key}") if parsed is not None else None


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
