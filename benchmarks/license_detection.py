"""Benchmark mofkit's licence detection against the ScanCode-derived corpus and peers.

    .venv/bin/python benchmarks/license_detection.py \\
        --corpus ../shared/corpus/license-detection/dev.jsonl.gz [--scancode-limit 400]

ScanCode's per-file results can be kept between runs (opt-in; the default is a live
run, so the speed ratio is measured in the same run): ``--scancode-cache
benchmarks/out/scancode-cache.json`` reuses the files it holds (keyed by ScanCode's
version and the SHA-256 of the text) and runs only the others live; the report says
how many came from the cache, and the speed figures cover the live ones only.

mofkit only (no peers, no LicenseDB self-check), with the wrong results for a key:

    .venv/bin/python benchmarks/license_detection.py --corpus … --mofkit-only \\
        --show-failures unknown [--split tune]

Prints, for mofkit and in the same run for ScanCode toolkit, licenseclassifier and
pyaskalono (installed in ``benchmarks/.env-scancode``; see ``--peers-python``): files
whose detected list equals the expected list (in order, and ignoring order), per-key
precision and recall for the 30 most common keys, files/s, index load time, peak RSS
and the ratios ours/theirs measured on the same files; for ScanCode also how often
mofkit's list is ScanCode's own, and the files only one of the two gets right. Each
detector runs in its own subprocess so load time and memory are its own. Then every
licence text of the LicenseDB is run through mofkit and must come back as itself or a
member of its equivalence group (see :mod:`license_selfcheck`).

Not part of the pytest suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from license_corpus import Case, load_corpus  # noqa: E402

PEERS_PY = HERE / ".env-scancode" / "bin" / "python"
DEFAULT_DB = HERE.parent.parent / "shared" / "data" / "licensedb"
# Keys whose precision/recall is also reported per half of the hold-out split.
WATCH_KEYS = ("unknown", "unknown-license-reference", "warranty-disclaimer")


def run_ours(corpus: Path, limit: int) -> dict:
    """Worker: mofkit over the first ``limit`` cases (runs in a subprocess)."""
    from rich.progress import Progress

    cases = load_corpus(corpus)[:limit]
    t0 = time.perf_counter()
    from mofkit.licenses.detect import identify
    from mofkit.licenses.detect.index import get_index

    get_index()
    load_s = time.perf_counter() - t0
    results: list[list[str]] = []
    t1 = time.perf_counter()
    c1 = time.process_time()
    with Progress(transient=True, console=None) as bar:
        task = bar.add_task("mofkit", total=len(cases))
        for c in cases:
            results.append([m.key for m in identify(c.text)])
            bar.advance(task)
    seconds = time.perf_counter() - t1
    cpu_seconds = time.process_time() - c1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"tool": "mofkit", "load_s": load_s, "seconds": seconds, "files": len(cases),
            "peak_rss_mb": rss, "cpu_seconds": cpu_seconds, "results": results}


def _subprocess(cmd: list[str]) -> dict | None:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        print(f"  ! {' '.join(cmd[1:3])} failed: {' | '.join(tail)}", file=sys.stderr)
        return None
    return json.loads(proc.stdout)


def to_spdx(expected: list[str]) -> list[str]:
    from mofkit.licenses.detect import spdx_expression

    return [spdx_expression(e) for e in expected]


def score(cases: list[Case], results: list[list[str]], spdx: bool = False) -> dict:
    n = len(results)
    sel = cases[:n]
    exact = unordered = exact_nf = unordered_nf = n_nf = 0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for c, got in zip(sel, results, strict=True):
        exp = to_spdx(c.expected) if spdx else c.expected
        e_ok, u_ok = got == exp, sorted(got) == sorted(exp)
        exact += e_ok
        unordered += u_ok
        if not c.expected_failure:
            n_nf += 1
            exact_nf += e_ok
            unordered_nf += u_ok
        ce, cg = Counter(exp), Counter(got)
        for k in ce | cg:
            t = min(ce[k], cg[k])
            tp[k] += t
            fp[k] += cg[k] - t
            fn[k] += ce[k] - t
    return {"n": n, "exact": exact, "unordered": unordered, "n_nf": n_nf, "exact_nf": exact_nf,
            "unordered_nf": unordered_nf, "tp": tp, "fp": fp, "fn": fn}


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "n/a"


def report(name: str, run: dict, s: dict) -> None:
    live = run.get("live_files", run["files"])
    fps = live / run["seconds"] if run["seconds"] else float("inf")
    cached = run["files"] - live
    note = f" ({cached} results from the cache, {live} run live)" if cached else ""
    print(f"\n== {name}: {run['files']} files{note}")
    print(f"  exact, in order   : not expected_failure {_pct(s['exact_nf'], s['n_nf'])}"
          f" | all {_pct(s['exact'], s['n'])}")
    print(f"  exact, any order  : not expected_failure {_pct(s['unordered_nf'], s['n_nf'])}"
          f" | all {_pct(s['unordered'], s['n'])}")
    cpu = run.get("cpu_seconds") or run["seconds"]
    if not live:
        print("  speed             : not measured (every result came from the cache)")
    else:
        print(f"  speed             : {fps:.2f} files/s wall ({run['seconds']:.1f} s), "
              f"{live / cpu:.2f} files/s of CPU time ({cpu:.1f} s)"
              + (f" over the {live} files run live" if cached else ""))
    print(f"  index load        : {run['load_s']:.3f} s")
    print(f"  peak memory (RSS) : {run['peak_rss_mb']:.0f} MB")


def half(path: str) -> str:
    """Deterministic hold-out split by file name: ``tune`` or ``held`` (about half each)."""
    return "tune" if hashlib.sha1(path.encode()).digest()[0] % 2 == 0 else "held"


def report_halves(cases: list[Case], results: list[list[str]],
                  keys: tuple[str, ...] = ()) -> None:
    """Exact accuracy (and per-key precision/recall for ``keys``) on each half of the split."""
    print("\n  hold-out split (sha1 of the file name; tune on one half, report both)")
    for name in ("tune", "held"):
        sel = [(c, r) for c, r in zip(cases, results, strict=False) if half(c.path) == name]
        s = score([c for c, _ in sel], [r for _, r in sel])
        line = f"  {name:<5}: exact {_pct(s['exact'], s['n'])}"
        for k in keys:
            tp, fp, fn = s["tp"][k], s["fp"][k], s["fn"][k]
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            line += f" | {k} P/R {p:.2f}/{r:.2f} (n={tp + fn})"
        print(line)


def show_failures(cases: list[Case], results: list[list[str]], key: str, split: str) -> None:
    """Every case where ``key`` is expected or found and the result is wrong."""
    n = 0
    for c, got in zip(cases, results, strict=False):
        if split != "all" and half(c.path) != split:
            continue
        if got == c.expected or (key != "*" and key not in c.expected and key not in got):
            continue
        n += 1
        print(f"\n--- {c.path} [{half(c.path)}]\n  expected: {c.expected}\n  got     : {got}")
    print(f"\n{n} failing cases for {key!r} ({split})")


def per_key(cases: list[Case], s: dict, top: int = 30) -> None:
    freq = Counter(k for c in cases[: s["n"]] for k in c.expected)
    print(f"\n  per-key precision / recall (the {top} most common expected keys)")
    print(f"  {'key':<48} {'expected':>8} {'precision':>10} {'recall':>8}")
    for k, cnt in freq.most_common(top):
        tp, fp, fn = s["tp"][k], s["fp"][k], s["fn"][k]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        print(f"  {k[:48]:<48} {cnt:>8} {p:>10.3f} {r:>8.3f}")


def ratio_line(name: str, ours: dict, ours_s: dict, theirs: dict, theirs_s: dict) -> None:
    o_fps = ours["files"] / ours["seconds"]
    o_cpu = ours["files"] / (ours.get("cpu_seconds") or ours["seconds"])
    o_acc = ours_s["exact_nf"] / max(ours_s["n_nf"], 1)
    t_acc = theirs_s["exact_nf"] / max(theirs_s["n_nf"], 1)
    acc_ratio = f"{o_acc / t_acc:.2f}x" if t_acc else "inf"
    live = theirs.get("live_files", theirs["files"])
    src = f", {theirs['files'] - live} of theirs from the cache" if live < theirs["files"] else ""
    line = (f"  mofkit vs {name:<18}: accuracy {100 * o_acc:.1f}% vs {100 * t_acc:.1f}%"
            f" ({acc_ratio}) on the same {theirs['files']} files{src};")
    if live and theirs["seconds"]:
        t_fps = live / theirs["seconds"]
        t_cpu = live / (theirs.get("cpu_seconds") or theirs["seconds"])
        line += (f" speed {o_fps:.1f} vs {t_fps:.2f} files/s ({o_fps / t_fps:.0f}x wall,"
                 f" {o_cpu / t_cpu:.0f}x CPU; theirs over {live} files run live);"
                 f" load {ours['load_s']:.2f} vs {theirs['load_s']:.2f} s;"
                 f" peak RSS {ours['peak_rss_mb']:.0f} vs {theirs['peak_rss_mb']:.0f} MB")
    else:
        line += " speed not measured (no file run live)"
    print(line)


def agreement(name: str, cases: list[Case], ours: list[list[str]],
              theirs: list[list[str]]) -> None:
    """How often mofkit's list is the peer's, file by file, on the files both ran.

    The expected lists are ScanCode's own output, so where mofkit and ScanCode part
    and ScanCode is right, mofkit reads the text differently from the tool the
    corpus was made with: those files are listed by name."""
    rows = list(zip(cases, ours, theirs, strict=False))
    same = sum(o == t for _, o, t in rows)
    both = sum(o == c.expected and t == c.expected for c, o, t in rows)
    only_ours = [c.path for c, o, t in rows if o == c.expected and t != c.expected]
    only_theirs = [c.path for c, o, t in rows if o != c.expected and t == c.expected]
    wrong = [(o, t) for c, o, t in rows if o != c.expected and t != c.expected]
    print(f"  mofkit vs {name:<18}: same list on {_pct(same, len(rows))} files; both right "
          f"{both}, only mofkit {len(only_ours)}, only {name} {len(only_theirs)}, both wrong "
          f"{len(wrong)} ({sum(o == t for o, t in wrong)} of them alike)")
    for path in only_theirs:
        print(f"    only {name} right: {path}")
    for path in only_ours:
        print(f"    only mofkit right: {path}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--scancode-limit", type=int, default=400,
                    help="cases run through ScanCode (it does ~0.6 files/s)")
    ap.add_argument("--scancode-cache", type=Path, default=None, metavar="FILE",
                    help="reuse/extend ScanCode's per-file results in FILE (default: all live)")
    ap.add_argument("--peers-limit", type=int, default=0,
                    help="cases run through licenseclassifier / pyaskalono (0: all)")
    ap.add_argument("--peers-python", type=Path, default=PEERS_PY)
    ap.add_argument("--licensedb", type=Path, default=DEFAULT_DB)
    ap.add_argument("--skip", action="append", default=[],
                    choices=["scancode", "licenseclassifier", "askalono", "selfcheck"])
    ap.add_argument("--mofkit-only", action="store_true",
                    help="same as --skip for every peer and the self-check")
    ap.add_argument("--show-failures", metavar="KEY", action="append", default=[],
                    help="list the wrong results involving KEY ('*': all), then continue")
    ap.add_argument("--split", choices=["all", "tune", "held"], default="all",
                    help="restrict --show-failures to one half of the hold-out split")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.mofkit_only:
        args.skip = ["scancode", "licenseclassifier", "askalono", "selfcheck"]
    if not args.corpus.exists():
        print(f"error: corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    cases = load_corpus(args.corpus)
    if args.worker:
        json.dump(run_ours(args.corpus, args.limit or len(cases)), sys.stdout)
        return 0

    me = [sys.executable, str(Path(__file__).resolve()), "--corpus", str(args.corpus),
          "--worker"]
    print(f"corpus: {args.corpus} ({len(cases)} cases, "
          f"{sum(c.expected_failure for c in cases)} marked expected_failure)")
    ours = _subprocess(me)
    if ours is None:
        return 1
    ours_s = score(cases, ours["results"])
    report("mofkit", ours, ours_s)
    per_key(cases, ours_s)
    report_halves(cases, ours["results"], WATCH_KEYS)
    for key in args.show_failures:
        show_failures(cases, ours["results"], key, args.split)

    peers: list[tuple[str, dict, dict, dict, dict]] = []
    peer_limit = {"scancode": args.scancode_limit,
                  "licenseclassifier": args.peers_limit or len(cases),
                  "askalono": args.peers_limit or len(cases)}
    if not args.peers_python.exists():
        print(f"\n(peers skipped: no benchmark environment at {args.peers_python}; create it "
              "with: python -m venv benchmarks/.env-scancode && benchmarks/.env-scancode/bin/"
              "pip install scancode-toolkit-mini 'pluggy<1.6' licenseclassifier pyaskalono)")
    else:
        for tool in ("scancode", "licenseclassifier", "askalono"):
            if tool in args.skip:
                continue
            limit = peer_limit[tool]
            print(f"\nrunning {tool} on {limit} files …", file=sys.stderr, flush=True)
            cache = ["--cache", str(args.scancode_cache)] \
                if tool == "scancode" and args.scancode_cache else []
            theirs = _subprocess([str(args.peers_python), str(HERE / "license_others.py"),
                                  "--corpus", str(args.corpus), "--tool", tool,
                                  "--limit", str(limit), *cache])
            if theirs is None:
                continue
            spdx = tool != "scancode"
            theirs_s = score(cases, theirs["results"], spdx=spdx)
            label = tool + (" (SPDX ids)" if spdx else "")
            if theirs.get("version"):
                label += f" [{theirs['version']}]"
            report(label, theirs, theirs_s)
            # Ours on exactly the same files, timed in its own process in this run.
            mine = _subprocess([*me, "--limit", str(limit)])
            if mine is None:
                continue
            mine_s = score(cases, mine["results"], spdx=False)
            if spdx:  # compare like with like: our keys as SPDX ids
                from mofkit.licenses.detect import spdx_expression

                conv = [[spdx_expression(k) for k in r] for r in mine["results"]]
                mine_s = score(cases, conv, spdx=True)
            peers.append((label, mine, mine_s, theirs, theirs_s))
    if peers:
        print("\n== ratios (same files, same run)")
        for label, mine, mine_s, theirs, theirs_s in peers:
            ratio_line(label, mine, mine_s, theirs, theirs_s)
        for label, mine, _mine_s, theirs, _theirs_s in peers:
            if label.startswith("scancode"):  # same keys as ours; the others give SPDX ids
                agreement("scancode", cases, mine["results"], theirs["results"])

    if "selfcheck" not in args.skip:
        from license_selfcheck import selfcheck

        selfcheck(args.licensedb)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    raise SystemExit(main())
