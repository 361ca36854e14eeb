"""Server-side render time of the openness grid (``/grid``) and its downloads over a
registry of N models (default 10,000; built as ``registry_load.py`` builds it, through
the registry's write API in batches: a few minutes).

Requests go in process through the ASGI app with the response cache off, so each one
pays for what a page nobody asked for since the last write costs: the page query, the
verdict lines and cells, the template or the encoding (the registry's counts and facets
are memoised per write generation as in production: a filter's first request counts,
the others reuse it). The grid is
paginated (the leaderboard's pages, 50 models by default); the downloads hold every
matching model. Kinds:

* first page - ``/grid``;
* filtered page - a class, producer, OSAID/date, licence kind or search filter;
* sorted page - a sort column and direction at a random page;
* CSV / JSON download - ``/api/v1/grid.csv`` and ``/api/v1/grid``, every model.

Prints p50/p95/p99 per kind of the wall time and of the process's CPU time (the
machine is shared: CPU time is what the request itself cost, wall time what it took
among everything else running); the target is p95 <= 250 ms for the pages.

    python benchmarks/grid_page.py [--models 10000] [--requests 100] [--downloads 10]
        [--db PATH] [--batch 250]
"""

from __future__ import annotations

import argparse
import random
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from registry_load import PRODUCERS, build, percentile

SORTS = ["rank", "name", "producer", "date", "class", "progress", "osaid", "type", "licence",
         "updated"]


def filtered(rng: random.Random) -> str:
    return rng.choice([
        lambda: f"/grid?class={rng.choice([1, 2, 3, 0])}",
        lambda: f"/grid?producer={rng.choice(PRODUCERS).replace(' ', '+')}",
        lambda: f"/grid?osaid=fail&date_from={rng.randint(2019, 2025)}&date_to=2026",
        lambda: f"/grid?licence_kind={rng.choice(['open', 'restrictive', 'unlicensed'])}",
        lambda: f"/grid?q={rng.choice(['olmo', 'llama', 'qwen', 'v12'])}",
    ])()


def sorted_page(rng: random.Random, pages: int) -> str:
    return (f"/grid?sort={rng.choice(SORTS)}&order={rng.choice(['asc', 'desc'])}"
            f"&page={rng.randint(1, pages)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=100, help="requests per page kind")
    ap.add_argument("--downloads", type=int, default=10, help="requests per download kind")
    ap.add_argument("--db", default=None, help="registry file (default: a temp file)")
    ap.add_argument("--batch", type=int, default=250, help="models a transaction when building")
    args = ap.parse_args()
    print("$ " + " ".join(shlex.quote(a) for a in [Path(sys.executable).name, *sys.argv]))
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    build(db, args.models, batch=args.batch)

    from fastapi.testclient import TestClient

    from mofkit.registry import open_registry
    from mofkit.web.app import create_app
    from mofkit.web.settings import Settings

    t0 = time.perf_counter()
    reg = open_registry(db)  # migrates an older registry first
    print(f"opened {db} ({reg.count()} models) in {time.perf_counter() - t0:.1f} s")
    app = create_app(Settings(registry=reg, run_queue=False, cache_entries=0))
    rng = random.Random(11)
    pages = max(1, args.models // 50)
    kinds: list[tuple[str, int, Callable[[], str]]] = [
        ("first page", args.requests, lambda: "/grid"),
        ("filtered page", args.requests, lambda: filtered(rng)),
        ("sorted page", args.requests, lambda: sorted_page(rng, pages)),
        ("CSV download", args.downloads, lambda: "/api/v1/grid.csv"),
        ("JSON download", args.downloads, lambda: "/api/v1/grid"),
    ]
    print(f"{'':<21}{'wall ms':^27}{'CPU ms':^27}")
    print(f"{'request':<16}{'n':>5}" + f"{'p50':>9}{'p95':>9}{'p99':>9}" * 2
          + f"{'errors':>8}  size")
    with TestClient(app) as client:
        client.get("/grid")  # imports, template compile
        for name, count, url in kinds:
            wall: list[float] = []
            cpu: list[float] = []
            errors = 0
            size = 0
            for _ in range(count):
                path = url()
                t, c = time.perf_counter(), time.process_time()
                response = client.get(path)
                wall.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                errors += response.status_code != 200
                size = max(size, len(response.content))
            figures = "".join(f"{percentile(values, p):>9.1f}" for values in (wall, cpu)
                              for p in (50, 95, 99))
            print(f"{name:<16}{count:>5}{figures}{errors:>8}  {size / 1024:.0f} KiB max")
    reg.close()


if __name__ == "__main__":
    main()
