"""Load benchmark for the registry web site and API.

Builds a registry of N models (default 10,000: the Model Openness Tool's
records from ../shared rated once under both rule sets, then copied with new
names, producers and dates; or small synthetic records when ../shared is
absent), starts `mof serve --workers W` in a subprocess on a free loopback
port, and drives it at 1 and 50 concurrent clients with two generators:

* a lean asyncio generator (raw keep-alive HTTP/1.1 on asyncio streams, no
  client library: a few tens of microseconds of generator CPU per request);
* Debian's `wrk` (C, epoll) with a Lua script that walks the same list of
  varied query strings and prints p50/p95 - when `wrk` is installed.

Each target first gets a cold pass at 1 client: every distinct URL of the mix
once, all cache misses (what a query nobody asked since the last write costs).
Then the mixed load, where repeated URLs hit the response cache. The server
and the generator share the machine's cores; the script prints how many.

Targets: API list p95 <= 100 ms, leaderboard and grid p95 <= 250 ms, zero errors, with the
rate limiter on (``--read-rate``, default 1,000,000/min: every request is checked).
(`benchmarks/grid_page.py` times the grid's server-side render alone.)

The registry is built through the registry's write API, ``--batch`` models a
transaction (``--batch 1``: ``add_result`` for each result, the ingest path of
``mof registry add``; with ``--build-only`` the script prints that rate and stops).

    python benchmarks/registry_load.py [--models 10000] [--requests 2000]
        [--workers 2] [--duration 10] [--db PATH] [--tool lean|wrk|both] [--read-rate N]
        [--batch N] [--build-only]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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
        from mofkit.sources.mot_record import record_to_release
        from web_fixtures import OPEN_COMPONENTS, record

        for i in range(20):
            rec = record(f"m{i}", components=OPEN_COMPONENTS[: 1 + i % 6],
                         licence=["Apache-2.0", "MIT", "llama3", "CC-BY-NC-4.0"][i % 4])
            rel = record_to_release(rec)
            out.append([assess(rel, rules=r).to_dict() for r in ("mof", "mot-compat")])
    return out


def copies(bases: list[list[dict]], start: int, stop: int,
           rng: random.Random) -> Iterator[list[dict]]:
    """Models ``start``..``stop - 1``: each a rated record (both rule sets) under a new
    name, producer, date and type, and its own source (so its own model). The results
    are shallow copies with a new ``release`` and ``source``: nothing else is changed."""
    for i in range(start, stop):
        pair = bases[i % len(bases)]
        producer = rng.choice(PRODUCERS)
        date = f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        kind = rng.choice(TYPES)
        out = []
        for result in pair:
            release = {**result["release"], "name": f"{result['release']['name']}-v{i}",
                       "producer": producer, "date": date, "type": kind}
            out.append({**result, "release": release, "source": f"bench-{i}.yml"})
        yield out


def build(db: str, n: int, *, batch: int = 250) -> float | None:
    """A registry of ``n`` models at ``db`` (kept if it has them already), through the
    registry's write API: ``add_results`` with ``batch`` models a transaction, or with
    ``batch=1`` ``add_result`` for each result (what ``mof registry add`` does). Returns
    the models stored per second (None if none were)."""
    from mofkit.registry import open_registry

    reg = open_registry(db)
    have = reg.count()
    if have >= n:
        print(f"registry has {have} models already", file=sys.stderr)
        reg.close()
        return None
    bases = base_results()
    rng = random.Random(7)
    t0 = time.perf_counter()
    done = have
    models = copies(bases, have, n, rng)
    while done < n:
        chunk = [r for pair in itertools.islice(models, max(1, batch)) for r in pair]
        if batch > 1:
            reg.add_results(chunk, source_kind="mot-record")
        else:
            for result in chunk:
                reg.add_result(result, source_kind="mot-record")
        before, done = done, done + len(chunk) // 2
        if done // 1000 > before // 1000:
            print(f"  {done} models ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    took = time.perf_counter() - t0
    rate = (n - have) / took
    how = f"add_results, {batch} models a transaction" if batch > 1 else "add_result each"
    print(f"built {n - have} models in {took:.1f} s ({rate:.1f} models/s, {how})",
          file=sys.stderr)
    reg.close()
    return rate


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
        return "/api/v1/models?osaid=fail&date_from=2024&date_to=2025&limit=100"
    return "/api/v1/models"


def html_paths(rng: random.Random) -> str:
    return api_paths(rng).replace("/api/v1/models", "/models")


def grid_paths(rng: random.Random) -> str:
    return api_paths(rng).replace("/api/v1/models", "/grid")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


# -- the lean asyncio generator ----------------------------------------------

async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
               request: bytes) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def lean_load(port: int, paths: list[str], clients: int) -> dict:
    """``paths`` shared out to ``clients`` keep-alive connections, closed loop."""
    latencies: list[float] = []
    errors = 0
    queue = list(reversed(paths))

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                path = queue.pop()
                request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Accept: */*\r\n\r\n").encode()
                t = time.perf_counter()
                try:
                    status = await asyncio.wait_for(_get(reader, writer, request), 30)
                except (TimeoutError, OSError, asyncio.IncompleteReadError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append((time.perf_counter() - t) * 1000)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - t0
    return {"requests": len(latencies), "errors": errors, "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95), "max": max(latencies),
            "rps": len(latencies) / wall}


# -- wrk ----------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("MOFKIT_WRK_PATHS")) do paths[#paths + 1] = line end
local i = 0
function setup(thread) i = i + 1; thread:set("offset", i * 7919) end
function init(args) n = offset end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("MOFKIT %d %d %.3f %.3f %.3f %.3f\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency.max / 1000, summary.duration / 1e6))
end
"""


def wrk_load(port: int, paths: list[str], clients: int, duration: float,
             workdir: Path) -> dict | None:
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    script = workdir / "mix.lua"
    script.write_text(WRK_SCRIPT)
    listing = workdir / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    out = subprocess.run(
        [wrk, "-t1", f"-c{clients}", f"-d{duration:g}s", "--timeout", "30s", "-s",
         str(script), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, env={**os.environ, "MOFKIT_WRK_PATHS": str(listing)},
        timeout=duration + 60)
    line = next((x for x in out.stdout.splitlines() if x.startswith("MOFKIT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures: {out.stdout} {out.stderr}")
    n, errors, p50, p95, mx, secs = line.split()[1:]
    return {"requests": int(n), "errors": int(errors), "p50": float(p50), "p95": float(p95),
            "max": float(mx), "rps": int(n) / float(secs)}


# -- the run -------------------------------------------------------------------

def start_server(db: str, workers: int, read_rate: int) -> tuple[subprocess.Popen, int]:
    import urllib.request

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mofkit", "serve", "--db", db, "--port", str(port),
         "--read-rate", str(read_rate), "--no-queue", "--workers", str(workers)],
        stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/models?limit=1", timeout=2)
            return server, port
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("mof serve did not start") from None
            time.sleep(0.1)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


def row(name: str, tool: str, clients: int, r: dict) -> str:
    return (f"{name:<22}{tool:<6}{clients:>8}{r['requests']:>7}{r['errors']:>5}"
            f"{r['p50']:>9.1f}{r['p95']:>9.1f}{r['max']:>9.1f}{r['rps']:>8.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=2000,
                    help="requests per lean-generator run")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    ap.add_argument("--workers", type=int, default=2, help="mof serve --workers")
    ap.add_argument("--tool", choices=("lean", "wrk", "both"), default="both")
    ap.add_argument("--db", default=None, help="registry file (default: a temp file)")
    ap.add_argument("--batch", type=int, default=250,
                    help="models stored per transaction while building (1: add_result for "
                    "each result, as `mof registry add` stores them: the ingest path)")
    ap.add_argument("--build-only", action="store_true",
                    help="build the registry, print the ingest rate and stop")
    ap.add_argument("--read-rate", type=int, default=1_000_000,
                    help="mof serve --read-rate: the limiter is on and checks every request; "
                    "the generator is one client address, so the default is above its load "
                    "(0 turns the limiter off)")
    args = ap.parse_args()
    workdir = Path(tempfile.mkdtemp())
    db = args.db or str(workdir / "bench.db")
    print("$ " + " ".join(shlex.quote(a) for a in [Path(sys.executable).name, *sys.argv]))
    build(db, args.models, batch=args.batch)
    if args.build_only:
        return
    tools = ["lean", "wrk"] if args.tool == "both" else [args.tool]
    if "wrk" in tools and shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): lean generator only",
              file=sys.stderr)
        tools.remove("wrk")
    print(f"{args.models} models, mof serve --workers {args.workers} --read-rate "
          f"{args.read_rate} (rate limiter {'on' if args.read_rate else 'off'}), "
          f"{os.cpu_count()} cores shared by server and generator, loopback")
    print(f"{'target':<22}{'tool':<6}{'clients':>8}{'reqs':>7}{'err':>5}{'p50 ms':>9}"
          f"{'p95 ms':>9}{'max ms':>9}{'req/s':>8}")
    summary = []
    for name, fn in (("API list", api_paths), ("leaderboard HTML", html_paths),
                     ("grid HTML", grid_paths)):
        rng = random.Random(7)
        mix = [fn(rng) for _ in range(max(args.requests, 5000))]
        distinct = list(dict.fromkeys(mix))
        # a fresh server: an empty cache
        server, port = start_server(db, args.workers, args.read_rate)
        try:
            cold = asyncio.run(lean_load(port, distinct, 1))
            print(row(f"{name} cold", "lean", 1, cold) + f"   ({len(distinct)} distinct "
                  "URLs, each once: all cache misses)")
            figures: dict[tuple[str, int], dict] = {}
            for tool in tools:
                for clients in (1, 50):
                    if tool == "lean":
                        r = asyncio.run(lean_load(port, mix[:args.requests], clients))
                    else:
                        r = wrk_load(port, mix, clients, args.duration, workdir)
                    figures[(tool, clients)] = r
                    print(row(name, tool, clients, r))
            for tool in tools:
                one, many = figures[(tool, 1)], figures[(tool, 50)]
                summary.append(f"{name:<22}{tool:<6} p95 50 vs 1 client: "
                               f"{many['p95'] / one['p95']:.1f}x; throughput "
                               f"{one['rps']:.0f} -> {many['rps']:.0f} req/s "
                               f"({many['rps'] / one['rps']:.1f}x)")
        finally:
            stop_server(server)
    print("\n".join(summary))


if __name__ == "__main__":
    main()
