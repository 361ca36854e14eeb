"""What a Ray call costs beside the work it carries: why the Ray backend sends
several sources per call.

Two actors (one CPU each, a local Ray instance with 2 CPUs) each burn ``--work``
ms of CPU per item and return a 3 kB string, as a warm source and its record do;
the driver keeps two calls in flight per actor. Prints items/s against the ideal
(2 / work) for 1, 2, 8 and 16 items per call and for a streaming generator (one
reply per item), with the driver's CPU.

    .venv/bin/python benchmarks/ray_calls.py [--items 1500] [--work 8]
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1500)
    parser.add_argument("--work", type=float, default=8.0, help="ms of CPU per item")
    args = parser.parse_args()
    os.environ.setdefault("RAY_enable_metrics_collection", "0")
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    work_s = args.work / 1000

    def work() -> str:
        started = time.process_time()
        while time.process_time() - started < work_s:
            pass
        return "x" * 3000

    @ray.remote(num_cpus=1)
    class Actor:
        def batch(self, count: int) -> list[str]:
            return [work() for _ in range(count)]

        def stream(self, count: int) -> Any:
            for _ in range(count):
                yield work()

        def ping(self) -> int:
            return 1

    actors = [Actor.remote() for _ in range(2)]  # type: ignore[attr-defined]
    ray.get([actor.ping.remote() for actor in actors])

    def batches(size: int) -> int:
        sent: dict[Any, list[Any]] = {actor: [] for actor in actors}
        left, done = args.items, 0
        while done < args.items:
            for actor in actors:
                while len(sent[actor]) < 2 and left > 0:
                    count = min(size, left)
                    left -= count
                    sent[actor].append(actor.batch.remote(count))
            refs = [ref for actor in actors for ref in sent[actor]]
            ready, _ = ray.wait(refs, num_returns=1)
            ready, _ = ray.wait(refs, num_returns=len(refs), timeout=0)
            done += sum(len(value) for value in ray.get(ready))
            finished = set(ready)
            for actor in actors:
                sent[actor] = [ref for ref in sent[actor] if ref not in finished]
        return done

    def streams(size: int) -> int:
        running: dict[Any, list[Any]] = {actor: [] for actor in actors}
        left, done = args.items, 0
        while done < args.items:
            for actor in actors:
                while len(running[actor]) < 2 and left > 0:
                    count = min(size, left)
                    left -= count
                    running[actor].append(
                        actor.stream.options(num_returns="streaming").remote(count))
            ray.wait([gen for actor in actors for gen in running[actor]], num_returns=1)
            for actor in actors:
                for gen in list(running[actor]):
                    while True:
                        try:
                            ref = gen._next_sync(timeout_s=0)
                        except StopIteration:
                            running[actor].remove(gen)
                            break
                        if ref.is_nil():
                            break
                        ray.get(ref)
                        done += 1
        return done

    print(f"{args.items} items of {args.work:g} ms CPU on 2 actors; ideal "
          f"{2 / work_s:.0f} items/s")
    for label, run, size in [("call per item", batches, 1), ("2 per call", batches, 2),
                             ("8 per call", batches, 8), ("16 per call", batches, 16),
                             ("streaming, 8 per call", streams, 8)]:
        started, cpu = time.perf_counter(), time.process_time()
        done = run(size)
        rate = done / (time.perf_counter() - started)
        print(f"  {label:22} {rate:6.1f} items/s ({rate / (2 / work_s):.0%} of ideal); "
              f"driver CPU {time.process_time() - cpu:.2f} s")
    ray.shutdown()


if __name__ == "__main__":
    main()
