"""Every licence text of the LicenseDB must be identified as itself.

Equivalence groups (a text may come back as any member of its group):

1. same words: licences whose texts tokenize to the same word sequence cannot be
   told apart by their text (e.g. a deprecated key and the key that replaced it);
2. version scope: ``<key>``, ``<key>-plus``, ``<key>-only``, ``<key>-or-later`` (the
   "only" / "or later" choice lives in notices, not in the licence text);
3. GFDL invariant-section variants: ``gfdl-1.x``, ``-invariants-*``,
   ``-no-invariants-*`` share one text.

A text passes when at least one match comes back and every match is in its group.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import defaultdict
from pathlib import Path

SCOPE = re.compile(r"-(plus|only|or-later|invariants|no-invariants)(?=-|$)")


def family(key: str) -> str:
    prev = None
    while prev != key:
        prev, key = key, SCOPE.sub("", key)
    return key


def selfcheck(db: Path, show: int = 15) -> tuple[int, int]:
    from rich.progress import Progress

    from mofkit.licenses.detect import identify
    from mofkit.licenses.detect.tokenize import words

    with gzip.open(db / "licenses.jsonl.gz", "rt", encoding="utf-8") as fh:
        lics = [json.loads(line) for line in fh]
    same_words: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for lic in lics:
        same_words[tuple(w for _, w in words(lic.get("text", "")))].add(lic["key"])
    passed, no_text, failures = 0, 0, []
    dep_total = dep_passed = 0
    t0 = time.perf_counter()
    with Progress(transient=True) as bar:
        task = bar.add_task("self-identification", total=len(lics))
        for lic in lics:
            bar.advance(task)
            key, text = lic["key"], lic.get("text", "")
            if not text.strip():
                no_text += 1
                failures.append((key, "no text in the LicenseDB"))
                continue
            group = same_words[tuple(w for _, w in words(text))] | {key}
            fams = {family(k) for k in group}
            got = [m.key for m in identify(text)]
            ok = bool(got) and all(k in group or family(k) in fams for k in got)
            if lic.get("is_deprecated"):
                # Not indexed (as in ScanCode): the text should come back as one
                # licence, the one that replaced it (listed for review).
                dep_total += 1
                dep_passed += ok or len(set(got)) == 1
                passed += ok
                if not ok:
                    failures.append((key, "(deprecated) " + (", ".join(got[:6]) or "nothing")))
            elif ok:
                passed += 1
            else:
                failures.append((key, ", ".join(got[:6]) or "(nothing)"))
    dt = time.perf_counter() - t0
    print(f"\n== LicenseDB self-identification: {passed} of {len(lics)} licence texts "
          f"identified as themselves or their equivalence group "
          f"({dt:.1f} s)")
    live_fail = sum(1 for _k, g in failures if not g.startswith("(deprecated)"))
    print(f"   {live_fail - no_text} non-deprecated texts fail, {no_text} have no text; "
          f"deprecated (not indexed, as in ScanCode): {dep_passed} of {dep_total} come back "
          "as one licence (their replacement)")
    failures.sort(key=lambda f: f[1].startswith("(deprecated)"))
    for key, got in failures[:show]:
        print(f"  ✗ {key:<40} → {got}")
    if len(failures) > show:
        print(f"  … and {len(failures) - show} more")
    return passed, len(lics)
