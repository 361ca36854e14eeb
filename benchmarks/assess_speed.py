"""Speed of `mof assess`: every Model Openness Tool record in one process, and CLI start-up.

Prints: records assessed, median / p95 time per assessment (assess only, and
load + validate + assess), for both rule sets; the wall time of one
`mof assess --format json` run over all records; and the median start-up time
of `mof --help` next to a bare `python -c pass` in the same run.
Targets (issue 2): <= 2 ms per assessment, <= 300 ms CLI start-up.

Usage: python benchmarks/assess_speed.py [--mot ../shared/data/mot] [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mofkit.assess import assess
from mofkit.sources.mot_record import load_record

ROOT = Path(__file__).resolve().parents[1]


def _ms(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    return f"median {statistics.median(samples) * 1e3:.3f} ms, p95 {p95 * 1e3:.3f} ms"


def _cmd_time(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mot", type=Path, default=ROOT.parent / "shared" / "data" / "mot")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    files = sorted((args.mot / "models").glob("*.yml"))
    # warm the caches (rules, licence catalog) once, as a long-running process would
    releases = [load_record(f) for f in files]
    for rules in ("mof", "mot-compat"):
        for rel in releases:
            assess(rel, rules)
    print(f"records: {len(files)}")
    for rules in ("mof", "mot-compat"):
        only, full = [], []
        for f, rel in zip(files, releases, strict=True):
            t0 = time.perf_counter()
            assess(rel, rules)
            t1 = time.perf_counter()
            assess(load_record(f), rules)
            t2 = time.perf_counter()
            only.append(t1 - t0)
            full.append(t2 - t1)
        print(f"[{rules}] assess only: {_ms(only)}; load+validate+assess: {_ms(full)}")
    mof = str(Path(sys.executable).with_name("mof"))
    t0 = time.perf_counter()
    subprocess.run([mof, "assess", "--format", "json", *map(str, files)], capture_output=True,
                   check=True)
    print(f"`mof assess --format json` over all {len(files)} records: "
          f"{time.perf_counter() - t0:.2f} s wall (one process, start-up included)")
    base = _cmd_time([sys.executable, "-c", "pass"], args.runs)
    helptime = _cmd_time([mof, "--help"], args.runs)
    print(f"start-up: `mof --help` median {helptime * 1e3:.0f} ms; `python -c pass` "
          f"{base * 1e3:.0f} ms; mofkit's own share {(helptime - base) * 1e3:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
