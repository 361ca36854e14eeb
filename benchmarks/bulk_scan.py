"""Speed of `mof bulk` against the fake Hub on loopback (no internet).

Serves N synthetic models (tests/bulk_fixtures.py: mixed licences, gated repos,
fine-tunes; no 404s) from the fake Hub *in a process of its own*, fills the
cache with one cold pass (local, 2 workers), then times warm passes — each a
fresh results file, the cache kept: the Hub is asked only for each model's
current commit — for local with 1 and 2 workers and Ray with 2 workers (a local
Ray instance). Reports models/s (rating only, after the workers started),
models/s per worker, the workers' resident memory, the Hub requests, the fake
Hub's own CPU time (is the server the bottleneck?), and the ratios.

    .venv/bin/python benchmarks/bulk_scan.py [--models 5000] [--skip-ray]
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
        for record in pool.run(Task(name) for name in names):
            writer.write(record)
            ok += record["status"] == "ok"
            failed += record["status"] != "ok"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=5000)
    parser.add_argument("--skip-ray", action="store_true")
    args = parser.parse_args()
    names = sources(args.models, missing_every=0)
    with hub_process(args.models) as hub, tempfile.TemporaryDirectory() as tmp:
        os.environ.update({"HF_ENDPOINT": hub.url, "MOFKIT_CACHE": str(Path(tmp) / "cache"),
                           "HF_HOME": str(Path(tmp) / "hf-home"),
                           "HF_HUB_DISABLE_TELEMETRY": "1"})
        for name in ("HF_TOKEN", "HF_HUB_OFFLINE"):
            os.environ.pop(name, None)
        print(f"{len(names)} models on the fake Hub at {hub.url} (its own process, "
              f"pid {hub.pid}); {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}")
        cold = one_pass(names, "local", 2, Path(tmp) / "cold.jsonl", hub)
        show("cold local x2", cold)
        runs = {}
        for backend, workers in (("local", 1), ("local", 2), ("ray", 2)):
            if backend == "ray" and args.skip_ray:
                continue
            run = one_pass(names, backend, workers, Path(tmp) / f"{backend}{workers}.jsonl", hub)
            runs[(backend, workers)] = run
            show(f"warm {backend} x{workers}", run)
        one, two = runs[("local", 1)], runs[("local", 2)]
        print(f"local x2 / local x1: {two['rate'] / one['rate']:.2f}")
        if ("ray", 2) in runs:
            ray = runs[("ray", 2)]
            print(f"ray x2 / local x2:   {ray['rate'] / two['rate']:.2f} "
                  f"(target >= 0.75)")
        for (backend, workers), run in runs.items():
            per = run["rate"] / workers
            print(f"{backend} x{workers}: {per:.1f} models/s per worker warm "
                  f"({'meets' if per >= 50 else 'below'} the 50/s target); fake Hub CPU "
                  f"{run['hub_cpu'] / run['seconds']:.0%} of one core")


if __name__ == "__main__":
    main()
