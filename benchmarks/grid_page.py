"""Server-side render time of the openness grid page (``/grid``) over a registry of
N models (default 10,000; built as ``registry_load.py`` builds it).

Every URL of a varied mix (pages, class and producer filters, sorts, searches) is
requested once, in process through the ASGI app, so every request is a cache miss:
the figure is what rendering a page nobody asked for since the last write costs
(the query, the page's latest results, the verdict lines and 20 graded cells a
row, the template). Prints p50/p95/max; the target is p95 <= 250 ms.

    python benchmarks/grid_page.py [--models 10000] [--urls 300] [--db PATH]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from registry_load import build, grid_paths, percentile


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=int, default=10_000)
    ap.add_argument("--urls", type=int, default=300, help="distinct grid URLs to render")
    ap.add_argument("--db", default=None, help="registry file (default: a temp file)")
    args = ap.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    build(db, args.models)

    from fastapi.testclient import TestClient

    from mofkit.registry import open_registry
    from mofkit.web.app import create_app
    from mofkit.web.settings import Settings

    reg = open_registry(db)
    app = create_app(Settings(registry=reg, run_queue=False))
    rng = random.Random(11)
    sorts = ["rank", "name", "producer", "date", "progress", "licence"]
    urls: list[str] = []
    for _ in range(args.urls * 20):
        url = grid_paths(rng)
        url += ("&" if "?" in url else "?") + f"sort={rng.choice(sorts)}"
        if url not in urls:
            urls.append(url)
        if len(urls) >= args.urls:
            break
    times: list[float] = []
    errors = refused = 0
    with TestClient(app) as client:
        client.get("/grid")  # imports, template compile
        for url in urls:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            refused += response.status_code == 400  # a page past the last of a filter
            errors += response.status_code not in (200, 400)
    reg.close()
    print(f"grid page, {args.models} models, {len(urls)} distinct URLs each once (all cache "
          f"misses), in process: p50 {percentile(times, 50):.1f} ms, p95 "
          f"{percentile(times, 95):.1f} ms, max {max(times):.1f} ms, errors {errors}, "
          f"{refused} past the last page (400)")


if __name__ == "__main__":
    main()
