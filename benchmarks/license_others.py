"""Run another licence detector over the corpus; used by ``license_detection.py``.

Runs inside the separate benchmark environment (``benchmarks/.env-scancode``, which
has ``scancode-toolkit-mini``, ``licenseclassifier`` and ``pyaskalono``), never in
mofkit's own. Prints one JSON object on stdout:
``{"tool", "load_s", "seconds", "files", "peak_rss_mb", "results": [[id, ...], ...]}``.
ScanCode reports ScanCode licence expressions; the other two report SPDX ids.

``--cache FILE`` (opt-in) keeps each file's result, keyed by the tool and its version
and by the SHA-256 of the file's text: cached files are not run again (the speed
figures then cover only the files run live, ``live_files``), new results are saved
every few files so a long run that is stopped keeps what it did.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from license_corpus import load_corpus, load_raw


def _scancode():
    import tempfile

    from licensedcode.cache import get_index

    idx = get_index()
    tmp = Path(tempfile.mkdtemp(prefix="mofkit-scancode-"))

    def run(path: str, text: str) -> list[str]:
        # As a file under its own name, the way ScanCode scans a file and the way its own
        # tests produced the corpus's expected lists: a file is a text, or a binary, by
        # its content, and a text's query runs break after 15 lines without legalese. A
        # ``query_string`` is read differently (runs break after 4 lines), which would
        # make ScanCode look worse than it is.
        f = tmp / Path(path).name
        f.write_bytes(_raw.get(path) or text.encode("utf-8", "surrogatepass"))
        try:
            matches = idx.match(location=str(f), min_score=0,
                                unknown_licenses=path.startswith("unknown/"))
        finally:
            f.unlink()
        return [m.rule.license_expression for m in matches]

    return run


_raw: dict[str, bytes] = {}  # each case's bytes as the corpus holds them (set by main)


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
DISTRIBUTIONS = {"scancode": "scancode-toolkit-mini", "licenseclassifier": "licenseclassifier",
                 "askalono": "pyaskalono"}


def tool_version(tool: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    dist = DISTRIBUTIONS[tool]
    how = " (files)" if tool == "scancode" else ""  # see _scancode
    try:
        return f"{dist} {version(dist)}{how}"
    except PackageNotFoundError:
        return f"{dist} (version unknown)"


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_cache(path: Path) -> dict:
    if path.exists():
        return json.loads(path.read_text())
    return {}


def save_cache(path: Path, cache: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(cache, sort_keys=True))
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--tool", choices=sorted(TOOLS), required=True)
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--cache", type=Path, default=None,
                    help="JSON file of per-file results to reuse and extend (opt-in)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    cases = load_corpus(args.corpus)[: args.limit]
    _raw.update(load_raw(args.corpus))
    version = tool_version(args.tool)
    cache = load_cache(args.cache) if args.cache else {}
    known: dict[str, list[str]] = cache.setdefault(version, {})
    keys = [text_key(c.text) for c in cases]
    results: list[list[str] | None] = [known.get(k) if args.cache else None for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    load_s = 0.0
    t1 = time.perf_counter()
    c1 = time.process_time()
    if todo:
        t0 = time.perf_counter()
        run = TOOLS[args.tool]()
        load_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        c1 = time.process_time()
        for n, i in enumerate(todo, 1):
            c = cases[i]
            try:
                results[i] = run(c.path, c.text)
            except Exception as exc:
                results[i] = [f"error: {type(exc).__name__}"]
            if args.cache:
                known[keys[i]] = results[i]
            if n % 25 == 0:
                print(f"{args.tool}: {n}/{len(todo)} run live", file=sys.stderr, flush=True)
            if args.cache and n % 5 == 0:
                save_cache(args.cache, cache)
        if args.cache:
            save_cache(args.cache, cache)
    seconds = time.perf_counter() - t1
    cpu_seconds = time.process_time() - c1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump({"tool": args.tool, "version": version, "load_s": load_s, "seconds": seconds,
               "files": len(cases), "live_files": len(todo), "peak_rss_mb": rss,
               "cpu_seconds": cpu_seconds, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
