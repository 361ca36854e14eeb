"""Run another licence detector over the corpus; used by ``license_detection.py``.

Runs inside the separate benchmark environment (``benchmarks/.env-scancode``, which
has ``scancode-toolkit-mini``, ``licenseclassifier`` and ``pyaskalono``), never in
mofkit's own. Prints one JSON object on stdout:
``{"tool", "load_s", "seconds", "files", "peak_rss_mb", "results": [[id, ...], ...]}``.
ScanCode reports ScanCode licence expressions; the other two report SPDX ids.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from license_corpus import load_corpus


def _scancode():
    from licensedcode.cache import get_index

    idx = get_index()

    def run(path: str, text: str) -> list[str]:
        matches = idx.match(query_string=text, min_score=0,
                            unknown_licenses=path.startswith("unknown/"))
        return [m.rule.license_expression for m in matches]

    return run


def _licenseclassifier():
    from licenseclassifier import identify_license

    def run(path: str, text: str) -> list[str]:
        out = []
        for r in identify_license(text):
            rid = getattr(r, "license_id", None) or getattr(r, "spdx_id", None) \
                or getattr(r, "id", None) or getattr(r, "name", None) or str(r)
            out.append(str(rid))
        return out

    return run


def _askalono():
    from askalono import identify

    def run(path: str, text: str) -> list[str]:
        try:
            r = identify(text)
        except Exception:
            return []
        return [r.name] if r is not None and r.score >= 0.8 else []

    return run


TOOLS = {"scancode": _scancode, "licenseclassifier": _licenseclassifier, "askalono": _askalono}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--tool", choices=sorted(TOOLS), required=True)
    ap.add_argument("--limit", type=int, default=400)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    cases = load_corpus(args.corpus)[: args.limit]
    t0 = time.perf_counter()
    run = TOOLS[args.tool]()
    load_s = time.perf_counter() - t0
    results = []
    t1 = time.perf_counter()
    c1 = time.process_time()
    for i, c in enumerate(cases, 1):
        try:
            results.append(run(c.path, c.text))
        except Exception as exc:
            results.append([f"error: {type(exc).__name__}"])
        if i % 25 == 0:
            print(f"{args.tool}: {i}/{len(cases)}", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - t1
    cpu_seconds = time.process_time() - c1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump({"tool": args.tool, "load_s": load_s, "seconds": seconds, "files": len(cases),
               "peak_rss_mb": rss, "cpu_seconds": cpu_seconds, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
