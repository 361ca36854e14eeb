"""Every licence text of the LicenseDB must be identified as itself.

    .venv/bin/python benchmarks/license_selfcheck.py [--licensedb ../shared/data/licensedb]

(``benchmarks/license_detection.py`` runs it too, after the corpus, unless told
``--skip selfcheck``.) Exits 1 when a text of the LicenseDB (deprecated or not) fails, 2 when the
LicenseDB is not there.

Equivalence groups (a text may come back as any member of its group):

1. same words: licences whose texts tokenize to the same word sequence cannot be
   told apart by their text (e.g. a deprecated key and the key that replaced it);
2. version scope: ``<key>``, ``<key>-plus``, ``<key>-only``, ``<key>-or-later`` (the
   "only" / "or later" choice lives in notices, not in the licence text);
3. GFDL invariant-section variants: ``gfdl-1.x``, ``-invariants-*``,
   ``-no-invariants-*`` share one text;
4. deprecated keys: ScanCode retires a key by rewriting its rules as current keys or
   expressions of them (its notes say "replaced by K", "renamed to K", "composite",
   "replaced by a proper license expression"); deprecated keys are not indexed, as in
   ScanCode, so their texts belong with current keys. A deprecated text passes when
   every key that comes back is current; the count of those whose notes name the
   replacement is printed apart.

A text passes when at least one match comes back and every match is in its group.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

KEY = re.compile(r"[a-z0-9][a-z0-9.+-]*", re.IGNORECASE)
SCOPE = re.compile(r"-(plus|only|or-later|invariants|no-invariants)(?=-|$)")


REPLACED = re.compile(
    r"(?:replaced by|renamed to|replaced with|superseded by|same as(?: the)?|duplicate of)"
    r"\s+([a-z0-9][a-z0-9.+-]*[a-z0-9+])", re.IGNORECASE)


def replacements(lic: dict[str, object], keys: set[str]) -> set[str]:
    """Keys a deprecated licence's notes say replaced it (group 4)."""
    if not lic.get("is_deprecated"):
        return set()
    notes = str(lic.get("notes") or "")
    return {m.group(1).lower() for m in REPLACED.finditer(notes)} & keys


def family(key: str) -> str:
    prev = None
    while prev != key:
        prev, key = key, SCOPE.sub("", key)
    return key


def selfcheck(db: Path, show: int = 15) -> tuple[int, int, int]:
    """Passed, all, and texts that fail for another reason than having no text."""
    from rich.progress import Progress

    from mofkit.licenses.detect import identify
    from mofkit.licenses.detect.tokenize import words

    with gzip.open(db / "licenses.jsonl.gz", "rt", encoding="utf-8") as fh:
        lics = [json.loads(line) for line in fh]
    same_words: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for lic in lics:
        same_words[tuple(w for _, w in words(lic.get("text", "")))].add(lic["key"])
    keys = {str(lic["key"]) for lic in lics}
    deprecated = {str(lic["key"]) for lic in lics if lic.get("is_deprecated")}
    dep_named = 0
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
            group |= replacements(lic, keys)
            fams = {family(k) for k in group}
            got = [m.key for m in identify(text)]
            ok = bool(got) and all(k in group or family(k) in fams for k in got)
            if lic.get("is_deprecated"):
                # Not indexed (as in ScanCode): group 4.
                dep_total += 1
                dep_named += ok
                current = bool(got) and all(
                    part not in deprecated for k in got for part in KEY.findall(k)
                    if part not in ("and", "or", "with"))
                ok = ok or current
                dep_passed += ok
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
          f"as current keys only ({dep_named} as the replacement their notes name)")
    failures.sort(key=lambda f: f[1].startswith("(deprecated)"))
    for key, got in failures[:show]:
        print(f"  ✗ {key:<40} → {got}")
    if len(failures) > show:
        print(f"  … and {len(failures) - show} more")
    return passed, len(lics), len(failures) - no_text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--licensedb", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "data" / "licensedb")
    ap.add_argument("--show", type=int, default=15, help="failures listed")
    args = ap.parse_args(argv)
    if not (args.licensedb / "licenses.jsonl.gz").is_file():
        print(f"error: no LicenseDB at {args.licensedb} (licenses.jsonl.gz)", file=sys.stderr)
        return 2
    _passed, _total, wrong = selfcheck(args.licensedb, args.show)
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
