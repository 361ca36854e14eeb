"""Benchmark of the web server's rate limiter (``mofkit.web.security.RateLimiter``)
with many distinct clients: per-check cost and memory stay flat.

1. In process: 100,000 distinct client addresses (one check each, in batches of
   10,000: ns per check and the size of the table), then checks by known clients,
   then two windows later (a fake clock) the idle clients drain away as new ones
   come (at most ``SWEEP`` per check); then 300,000 distinct clients in one window
   stay under the ``max_keys`` cap.
2. Over HTTP: ``mof serve --forwarded-allow-ips 127.0.0.1`` on loopback, each request
   from another client address (``X-Forwarded-For``, trusted from this proxy): per
   batch of 10,000 requests the p50/p95 latency and the server's resident memory.
3. Over HTTP without ``--forwarded-allow-ips``: ``X-Forwarded-For`` from an untrusted
   peer is ignored (a new address per request does not get past the write limit).

    python benchmarks/rate_limiter.py [--clients 100000] [--http-clients 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from registry_load import free_port, percentile, stop_server  # this folder's load benchmark

BATCH = 10_000


def address(i: int) -> str:
    return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"


def table_mib(limiter: object) -> float:
    """The limiter's table: the ordered dict, its keys and its entries (lists of ints)."""
    keys = limiter._keys  # type: ignore[attr-defined]
    size = sys.getsizeof(keys)
    for key, entry in keys.items():
        size += sys.getsizeof(key) + sys.getsizeof(entry) + sum(map(sys.getsizeof, entry))
    return size / 2**20


def in_process(clients: int) -> None:
    from mofkit.web.security import RateLimiter

    now = [1000.0]
    limiter = RateLimiter(1200, clock=lambda: now[0])
    print(f"1. in process: RateLimiter(1200/min, max_keys={limiter.max_keys:,})")
    print(f"   {'distinct clients':>16} {'ns/check':>9} {'p99.9 ns':>9} {'table':>8} "
          f"{'table MiB':>9}")

    def feed(first: int, count: int) -> tuple[float, float]:
        costs = []
        for i in range(first, first + count):
            name = address(i)
            t = time.perf_counter_ns()
            limiter.check(name)
            costs.append(time.perf_counter_ns() - t)
        costs.sort()
        return sum(costs) / len(costs), costs[int(len(costs) * 0.999)]

    for start in range(0, clients, BATCH):
        mean, p999 = feed(start, BATCH)
        print(f"   {start + BATCH:>16,} {mean:>9.0f} {p999:>9.0f} {len(limiter):>8,} "
              f"{table_mib(limiter):>9.1f}")
    costs = []
    for i in range(BATCH):
        name = address(i * 7 % clients)
        t = time.perf_counter_ns()
        limiter.check(name)
        costs.append(time.perf_counter_ns() - t)
    print(f"   {BATCH:,} checks by known clients: {sum(costs) / len(costs):.0f} ns/check")
    now[0] += 2 * limiter.window + 1
    done = 0
    for count in (1, clients // limiter.SWEEP):
        mean, p999 = feed(5_000_000 + done, count)
        done += count
        print(f"   two windows later, after {done:,} check(s) by new clients: table "
              f"{len(limiter):,} ({table_mib(limiter):.1f} MiB), {mean:.0f} ns/check "
              f"(p99.9 {p999:.0f}; at most {limiter.SWEEP} idle clients dropped per check)")
    many = 3 * limiter.max_keys // 2
    mean, p999 = feed(1_000_000, many)
    print(f"   {many:,} distinct clients in one window: table {len(limiter):,} (the cap), "
          f"{table_mib(limiter):.1f} MiB, {mean:.0f} ns/check (p99.9 {p999:.0f})")


def start_server(db: str, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("MOFKIT_ADMIN_TOKEN",
                                                             "MOFKIT_SERVE_SETTINGS")}
    server = subprocess.Popen([sys.executable, "-m", "mofkit", "serve", "--db", db,
                               "--port", str(port), "--no-queue", *extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("mof serve did not start") from None
            time.sleep(0.1)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   request: bytes) -> int:
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await reader.readexactly(length)
    return status


def request(method: str, path: str, client: str, body: bytes = b"") -> bytes:
    extra = (b"content-type: application/json\r\ncontent-length: %d\r\n" % len(body)
             if method == "POST" else b"")
    return (f"{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-forwarded-for: {client}\r\n"
            .encode() + extra + b"\r\n" + body)


async def drive(port: int, requests: list[bytes], connections: int = 8) -> tuple[
        list[float], dict[int, int]]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue = list(reversed(requests))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                item = queue.pop()
                t = time.perf_counter()
                status = await _request(reader, writer, item)
                latencies.append((time.perf_counter() - t) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return latencies, statuses


def over_http(db: str, clients: int) -> None:
    server, port = start_server(db, "--forwarded-allow-ips", "127.0.0.1")
    try:
        print("2. over HTTP: mof serve --forwarded-allow-ips 127.0.0.1 (read limit 1200/min), "
              "GET /api/v1/models?limit=1, each request from a new X-Forwarded-For address, "
              "8 keep-alive connections")
        print(f"   {'distinct clients':>16} {'p50 ms':>7} {'p95 ms':>7} {'server RSS MiB':>14}"
              f"  statuses")
        asyncio.run(drive(port, [request("GET", "/api/v1/models?limit=1", "192.0.2.9")] * 200))
        print(f"   {0:>16,} {'':>7} {'':>7} {rss_mib(server.pid):>14.1f}")
        for start in range(0, clients, BATCH):
            batch = [request("GET", "/api/v1/models?limit=1", address(i))
                     for i in range(start, start + BATCH)]
            latencies, statuses = asyncio.run(drive(port, batch))
            print(f"   {start + BATCH:>16,} {percentile(latencies, 50):>7.2f} "
                  f"{percentile(latencies, 95):>7.2f} {rss_mib(server.pid):>14.1f}  "
                  f"{dict(sorted(statuses.items()))}")
    finally:
        stop_server(server)


def spoofing(db: str) -> None:
    server, port = start_server(db, "--write-rate", "5", "--read-rate", "50")
    try:
        body = b'{"source": "hf:a/b"}'
        writes = [request("POST", "/api/v1/submissions", address(i), body) for i in range(20)]
        _, w = asyncio.run(drive(port, writes, connections=1))
        reads = [request("GET", "/api/v1/models", address(i)) for i in range(100)]
        _, r = asyncio.run(drive(port, reads, connections=1))
        print("3. without --forwarded-allow-ips (write limit 5/min, read limit 50/min), a new "
              "X-Forwarded-For address on every request from 127.0.0.1:")
        print(f"   20 writes: {dict(sorted(w.items()))} (403: submissions off; 429: limited)")
        print(f"   100 reads: {dict(sorted(r.items()))}")
        print("   X-Forwarded-For from an untrusted peer is "
              + ("ignored" if w.get(429) == 15 and r.get(429) == 50 else "NOT ignored"))
    finally:
        stop_server(server)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=100_000)
    ap.add_argument("--http-clients", type=int, default=100_000)
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores; Python {sys.version.split()[0]}")
    in_process(args.clients)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "registry.db")
        from mofkit.registry import open_registry

        open_registry(db).close()
        if args.http_clients:
            over_http(db, args.http_clients)
        spoofing(db)


if __name__ == "__main__":
    main()
