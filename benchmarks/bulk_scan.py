"""Speed of `mof bulk` against the fake Hub on loopback (no internet).

Serves N synthetic models (tests/bulk_fixtures.py: mixed licences, gated repos,
fine-tunes; no 404s) from the fake Hub *in a process of its own*, fills the
cache with one cold pass (local, 2 workers) — or reuses the cache of an earlier
run with ``--cache DIR`` — then times warm passes — each a fresh results file,
the cache kept: the Hub is asked only for each model's current commit — for
local with 1 and 2 workers and Ray with 2 workers (a local Ray instance);
``--cold all`` also times each of them cold, each on a fresh cache. Reports
models/s (rating only, after the workers started), models/s per worker, the
workers' resident memory, the Hub requests, the fake Hub's own CPU time (is the
server the bottleneck?), and the ratios measured in this one run.

    .venv/bin/python benchmarks/bulk_scan.py [--models 5000] [--skip-ray] [--cold all]
                                            [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bulk_fixtures import HubHandle, hub_process, sources


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_pass(names: list[str], backend: str, workers: int, out: Path, hub: HubHandle
             ) -> dict[str, object]:
    from mofkit.bulk.budget import parse_rates
    from mofkit.bulk.records import Task
    from mofkit.bulk.runner import BulkOptions, _backend
    from mofkit.bulk.worker import WorkerConfig

    options = BulkOptions(out=out, workers=workers, backend=backend,
                          rates=parse_rates("api=100000,resolve=100000"), timeout=120)
    pool = _backend(options, WorkerConfig.from_env(options.timeout))
    started = time.perf_counter()
    pool.start()
    startup = time.perf_counter() - started
    requests_before, hub_cpu = hub.requests(), cpu_seconds(hub.pid)
    from mofkit.bulk.output import RecordWriter

    ok = failed = 0
    driver = time.process_time()
    started = time.perf_counter()
    with RecordWriter(out) as writer:
        for batch in pool.run(Task(name) for name in names):
            writer.write_lines([done.line for done in batch if done.line is not None])
            for done in batch:
                ok += done.head["status"] == "ok"
                failed += done.head["status"] != "ok"
    elapsed = time.perf_counter() - started
    driver = time.process_time() - driver
    memory = pool.memory()
    spent = pool.spent()
    pool.close()
    return {"backend": backend, "workers": workers, "seconds": elapsed, "startup": startup,
            "rate": len(names) / elapsed, "ok": ok, "failed": failed, "memory": memory,
            "requests": hub.requests() - requests_before, "budget": spent,
            "hub_cpu": cpu_seconds(hub.pid) - hub_cpu, "driver_cpu": driver,
            "load": os.getloadavg()[0]}


def show(label: str, run: dict[str, object]) -> None:
    memory = run["memory"]
    assert isinstance(memory, list)
    rss = ", ".join(f"{m.get('rss', 0) / 1024:.0f}" for m in memory)
    peak = max((m.get("peak", 0) for m in memory), default=0) / 1024
    print(f"{label:18} {run['rate']:7.1f} models/s  {run['rate'] / run['workers']:6.1f} /worker"
          f"  ({run['seconds']:.1f} s; start-up {run['startup']:.1f} s)  ok {run['ok']}"
          f" failed {run['failed']}  RSS/worker MiB [{rss}] peak {peak:.0f}"
          f"  Hub requests {run['requests']}; CPU s: fake Hub {run['hub_cpu']:.1f}, driver "
          f"{run['driver_cpu']:.1f}; load {run['load']:.1f}")


def set_cache(root: Path) -> None:
    os.environ.update({"MOFKIT_CACHE": str(root / "cache"), "HF_HOME": str(root / "hf-home")})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=5000)
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--cold", choices=("one", "all"), default="one",
                        help="one: a single cold pass (local x2) builds the cache the warm "
                             "passes share; all: also time each configuration cold, on a "
                             "fresh cache of its own")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the warm cache here and reuse it in later runs (the "
                             "fake Hub's models are the same for the same --models)")
    args = parser.parse_args()
    names = sources(args.models, missing_every=0)
    configs = [("local", 1), ("local", 2)] + ([] if args.skip_ray else [("ray", 2)])
    with hub_process(args.models) as hub, tempfile.TemporaryDirectory() as tmp:
        os.environ.update({"HF_ENDPOINT": hub.url, "HF_HUB_DISABLE_TELEMETRY": "1"})
        for name in ("HF_TOKEN", "HF_HUB_OFFLINE"):
            os.environ.pop(name, None)
        print(f"{len(names)} models on the fake Hub at {hub.url} (its own process, "
              f"pid {hub.pid}); {os.cpu_count()} CPUs; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        warm_root = args.cache or Path(tmp) / "warm"
        marker = warm_root / f"complete-{args.models}"
        set_cache(warm_root)
        cold: dict[tuple[str, int], dict[str, object]] = {}
        if marker.exists():
            print(f"warm cache reused from {warm_root} (built by an earlier run; no cold "
                  "pass to build it)")
        else:
            run = one_pass(names, "local", 2, Path(tmp) / "cold-build.jsonl", hub)
            cold[("local", 2)] = run
            show("cold local x2", run)
            warm_root.mkdir(parents=True, exist_ok=True)
            marker.touch()
            print(f"(that pass built the warm cache in {warm_root}; every warm pass below "
                  "reuses it)")
        if args.cold == "all":
            for backend, workers in configs:
                if (backend, workers) in cold:
                    continue
                fresh = Path(tmp) / f"cold-{backend}{workers}"
                set_cache(fresh)
                run = one_pass(names, backend, workers, fresh / "out.jsonl", hub)
                cold[(backend, workers)] = run
                show(f"cold {backend} x{workers}", run)
            set_cache(warm_root)
        runs = {}
        for backend, workers in configs:
            run = one_pass(names, backend, workers, Path(tmp) / f"{backend}{workers}.jsonl", hub)
            runs[(backend, workers)] = run
            show(f"warm {backend} x{workers}", run)
        print("\nratios (this run):")
        for label, table in (("warm", runs), ("cold", cold)):
            one, two = table.get(("local", 1)), table.get(("local", 2))
            if one and two:
                ratio = float(two["rate"]) / float(one["rate"])
                print(f"  {label}: local x2 / local x1 = {ratio:.2f}")
            ray = table.get(("ray", 2))
            if ray and two:
                ratio = float(ray["rate"]) / float(two["rate"])
                print(f"  {label}: ray x2 / local x2   = {ratio:.2f} (target >= 0.75)")
        for (backend, workers), run in runs.items():
            per = float(run["rate"]) / workers
            print(f"  warm {backend} x{workers}: {per:.1f} models/s per worker "
                  f"({'meets' if per >= 50 else 'below'} the 50/s target); fake Hub CPU "
                  f"{float(run['hub_cpu']) / float(run['seconds']):.0%} of one core, driver "
                  f"{float(run['driver_cpu']) / float(run['seconds']):.0%}")
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
