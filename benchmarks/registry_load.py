"""Load benchmark for the registry web site and API.

Builds a registry of N models (default 10,000: the Model Openness Tool's
records from ../shared rated once under both rule sets, then copied with new
names, producers and dates; or small synthetic records when ../shared is
absent), starts `mof serve` in a subprocess on a free loopback port, and
drives it with an asyncio httpx load generator at 1 and 50 concurrent clients.

Reports p50/p95/max latency and errors for the API list (varied filters,
sorts and pages) and the leaderboard HTML. Targets: API list p95 <= 100 ms,
leaderboard p95 <= 250 ms, zero errors.

    python benchmarks/registry_load.py [--models 10000] [--requests 400] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "mot" / "models"
PRODUCERS = [f"Producer {i:03d}" for i in range(300)]
TYPES = ["language", "code", "image", "audio", "multimodal"]


def base_results() -> list[list[dict]]:
    from mofkit.assess import assess
    from mofkit.errors import MofError
    from mofkit.sources.mot_record import load_record

    out = []
    files = sorted(SHARED.glob("*.yml")) if SHARED.is_dir() else []
    for path in files:
        try:
            release = load_record(path)
        except MofError:
            continue
        out.append([assess(release, rules=r).to_dict() for r in ("mof", "mot-compat")])
    if not out:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from web_fixtures import OPEN_COMPONENTS, record

        from mofkit.sources.mot_record import record_to_release

        for i in range(20):
            rec = record(f"m{i}", components=OPEN_COMPONENTS[: 1 + i % 6],
                         licence=["Apache-2.0", "MIT", "llama3", "CC-BY-NC-4.0"][i % 4])
            rel = record_to_release(rec)
            out.append([assess(rel, rules=r).to_dict() for r in ("mof", "mot-compat")])
    return out


def build(db: str, n: int) -> None:
    from mofkit.registry import open_registry

    reg = open_registry(db)
    have = reg.count()
    if have >= n:
        print(f"registry has {have} models already", file=sys.stderr)
        return
    bases = base_results()
    rng = random.Random(7)
    t0 = time.perf_counter()
    for i in range(have, n):
        pair = bases[i % len(bases)]
        producer = rng.choice(PRODUCERS)
        date = f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        slug = None
        for result in pair:
            r = copy.deepcopy(result)
            r["release"]["name"] = f"{result['release']['name']}-v{i}"
            r["release"]["producer"] = producer
            r["release"]["date"] = date
            r["release"]["type"] = rng.choice(TYPES)
            slug = reg.add_result(r, source_kind="mot-record", slug=slug).slug
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} models ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    print(f"built {n - have} models in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    reg.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_paths(rng: random.Random) -> str:
    choice = rng.randrange(6)
    if choice == 0:
        return f"/api/v1/models?page={rng.randint(1, 200)}"
    if choice == 1:
        return f"/api/v1/models?class={rng.choice([1, 2, 3, 0])}&sort=name"
    if choice == 2:
        return f"/api/v1/models?producer=Producer+{rng.randrange(300):03d}"
    if choice == 3:
        return f"/api/v1/models?q=olmo&sort=date&page={rng.randint(1, 3)}"
    if choice == 4:
        return f"/api/v1/models?osaid=fail&date_from=2024&date_to=2025&limit=100"
    return "/api/v1/models"


def html_paths(rng: random.Random) -> str:
    return api_paths(rng).replace("/api/v1/models", "/models")


async def run_load(base: str, make_path, clients: int, total: int) -> dict:
    import httpx

    rng = random.Random(clients)
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for _ in range(total):
        queue.put_nowait(make_path(rng))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                path = queue.get_nowait()
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - t) * 1000)

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - t0
    latencies.sort()
    return {
        "requests": len(latencies), "errors": errors,
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
        "max": latencies[-1], "rps": len(latencies) / wall,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--db", default=None, help="registry file (default: a temp file)")
    args = ap.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    build(db, args.models)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mofkit", "serve", "--db", db, "--port", str(port),
         "--read-rate", "0", "--no-queue"], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(200):
            try:
                httpx.get(f"{base}/api/v1/models?limit=1", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        for path in ("/models", "/api/v1/models"):  # warm caches
            httpx.get(base + path, timeout=30)
        print(f"{'target':<22}{'clients':>8}{'reqs':>6}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}"
              f"{'max ms':>9}{'req/s':>8}")
        for name, fn in (("API list", api_paths), ("leaderboard HTML", html_paths)):
            for clients in (1, 50):
                r = asyncio.run(run_load(base, fn, clients, args.requests))
                print(f"{name:<22}{clients:>8}{r['requests']:>6}{r['errors']:>5}"
                      f"{r['p50']:>9.1f}{r['p95']:>9.1f}{r['max']:>9.1f}{r['rps']:>8.0f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
