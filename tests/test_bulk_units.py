"""Bulk scans, the parts that need no Hub: the rate budget, the results file,
source lists, resume planning, failure causes, the per-source deadline."""

from __future__ import annotations

import json
import multiprocessing
import time
from itertools import pairwise
from pathlib import Path

import pytest

from mofkit.bulk.budget import Rate, SharedBuckets, TokenBucket, parse_rates, request_kind
from mofkit.bulk.output import RecordWriter, cut_torn_tail, read_records
from mofkit.bulk.ray_backend import CallSize
from mofkit.bulk.records import BulkTimeout, Task, classify, error_record
from mofkit.bulk.runner import BulkOptions, plan
from mofkit.bulk.sources import read_sources
from mofkit.bulk.summary import Summary
from mofkit.bulk.worker import deadline
from mofkit.errors import InputError
from mofkit.sources.interface import SourceError


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_allows_a_burst_then_one_request_per_interval() -> None:
    clock = Clock()
    bucket = TokenBucket({"api": Rate(2.0, burst=3)}, clock)
    waits = [bucket.reserve("api") for _ in range(6)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3:] == pytest.approx([0.5, 1.0, 1.5])
    clock.now += 10  # idle long enough: the burst is back, not more
    assert [bucket.reserve("api") for _ in range(4)] == pytest.approx([0, 0, 0, 0.5])
    assert bucket.spent == {"api": 10}


def test_a_429_pauses_every_kind_for_its_retry_after() -> None:
    clock = Clock()
    bucket = TokenBucket({"api": Rate(10, burst=5), "resolve": Rate(100, burst=5)}, clock)
    bucket.penalise(7.0)
    assert bucket.reserve("api") == pytest.approx(7.0)
    assert bucket.reserve("resolve") == pytest.approx(7.0)


def test_unlimited_and_uncounted_requests_never_wait() -> None:
    bucket = TokenBucket(parse_rates("none"))
    assert [bucket.reserve("api") for _ in range(1000)] == [0.0] * 1000
    assert bucket.reserve("cdn") == 0.0
    assert request_kind("/api/models/a/b") == "api"
    assert request_kind("/a/b/resolve/main/README.md") == "resolve"
    assert request_kind("/cdn/abc") is None


def test_rates_from_the_command_line() -> None:
    free = parse_rates("free")
    assert free["api"].per_second == pytest.approx(1000 / 300)
    assert free["resolve"].per_second == pytest.approx(5000 / 300)
    custom = parse_rates("api=1000/300:4,resolve=20")
    assert custom["api"] == Rate(1000 / 300, 4.0)
    assert custom["resolve"] == Rate(20.0, 20.0)
    with pytest.raises(ValueError):
        parse_rates("downloads=3")


def _hammer(buckets: SharedBuckets, count: int, out: multiprocessing.Queue) -> None:
    # The moment each booked slot starts (CLOCK_MONOTONIC is machine-wide).
    out.put([time.monotonic() + buckets.reserve("api") for _ in range(count)])


def test_shared_buckets_are_one_budget_across_processes() -> None:
    """Two processes booking 10 slots each from a 10/s budget get 20 slots at least
    0.1 s apart (with a budget each, their slots would coincide)."""
    context = multiprocessing.get_context("spawn")
    buckets = SharedBuckets({"api": Rate(10.0, burst=1)}, context)
    queue = context.Queue()
    workers = [context.Process(target=_hammer, args=(buckets, 10, queue)) for _ in range(2)]
    for process in workers:
        process.start()
    slots = sorted(queue.get(timeout=60) + queue.get(timeout=60))
    for process in workers:
        process.join(10)
    assert buckets.spent() == {"api": 20}
    gaps = [later - earlier for earlier, later in pairwise(slots)]
    assert min(gaps) >= 0.1 - 1e-3


def test_results_file_keeps_whole_lines_and_cuts_a_torn_tail(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    with RecordWriter(out) as writer:
        writer.write({"source": "hf:a/b", "status": "ok", "text": "é\n"})
        writer.write({"source": "hf:c/d", "status": "error", "cause": "timeout"})
    with out.open("ab") as handle:
        handle.write(b'{"source": "hf:e/f", "sta')  # a write cut short
    assert [r["source"] for r in read_records(out)] == ["hf:a/b", "hf:c/d"]
    with RecordWriter(out) as writer:  # appending first removes the torn tail
        writer.write({"source": "hf:e/f", "status": "ok"})
    lines = out.read_bytes().splitlines()
    assert [json.loads(line)["source"] for line in lines] == ["hf:a/b", "hf:c/d", "hf:e/f"]
    assert cut_torn_tail(out) == 0
    out.write_bytes(b"no newline at all")
    assert cut_torn_tail(out) == len(b"no newline at all") and out.read_bytes() == b""


def test_sources_list_comments_bare_names_and_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "org" / "local"
    folder.mkdir(parents=True)
    listing = tmp_path / "sources.txt"
    listing.write_text("# models\nhf:a/b\nc/d@v1  # pinned\n\nhf:a/b\n"
                       f"{folder}\nhttps://huggingface.co/e/f\n", encoding="utf-8")
    assert read_sources(listing) == ["hf:a/b", "hf:c/d@v1", str(folder),
                                     "https://huggingface.co/e/f"]
    with pytest.raises(InputError):
        read_sources(tmp_path / "missing.txt")


def _options(out: Path, **extra: object) -> BulkOptions:
    return BulkOptions(out=out, **extra)  # type: ignore[arg-type]


def test_resume_skips_results_and_permanent_failures_and_retries_the_rest(
        tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    with RecordWriter(out) as writer:
        writer.write({"source": "hf:ok/one", "status": "ok", "revision": "a" * 40,
                      "rules": "mof"})
        writer.write({"source": "hf:gone/one", "status": "error", "cause": "not-found",
                      "rules": "mof"})
        writer.write({"source": "hf:slow/one", "status": "error", "cause": "timeout",
                      "rules": "mof"})
        writer.write({"source": "hf:other/rules", "status": "ok", "rules": "mot-compat"})
        writer.write({"source": "hf:not/in-batch", "status": "ok", "rules": "mof"})
    batch = ["hf:ok/one", "hf:gone/one", "hf:slow/one", "hf:other/rules", "hf:new/one"]
    with pytest.raises(InputError, match="--resume"):
        plan(batch, _options(out))
    tasks, latest, skipped = plan(batch, _options(out, resume=True))
    assert [t.source for t in tasks] == ["hf:slow/one", "hf:other/rules", "hf:new/one"]
    assert skipped == 2 and set(latest) == {"hf:ok/one", "hf:gone/one", "hf:slow/one"}
    tasks, _, skipped = plan(batch, _options(out, resume=True, refresh=True))
    assert Task("hf:ok/one", "mof", known_revision="a" * 40) in tasks
    assert skipped == 0


def test_failure_causes() -> None:
    assert classify(BulkTimeout("x")) == "timeout"
    try:
        try:
            raise BulkTimeout("deep")
        except BaseException as inner:
            raise SourceError("wrapped", "hf:a/b") from inner
    except SourceError as exc:
        assert classify(exc) == "timeout"
    assert classify(SourceError("not a Hugging Face model", "hf:bad name")) == "bad-input"
    assert classify(ConnectionError("refused")) == "network"
    assert classify(KeyError("x")) == "internal"
    record = error_record(Task("hf:a/b"), SourceError("gone", "hf:a/b"), 0.5)
    assert record == {"source": "hf:a/b", "status": "error", "error": "gone",
                      "cause": "bad-input", "rules": "mof", "seconds": 0.5}


def test_deadline_interrupts_a_slow_source() -> None:
    started = time.perf_counter()
    with pytest.raises(BulkTimeout), deadline(0.2):
        time.sleep(5)
    assert time.perf_counter() - started < 2
    with deadline(5) as fired:  # no timer left behind
        time.sleep(0.05)
    assert fired == [False]


def test_summary_counts_classes_verdicts_and_causes() -> None:
    summary = Summary.of({
        "a": {"source": "a", "status": "ok", "class": 3, "osaid": "fail", "gated": True},
        "b": {"source": "b", "status": "ok", "class": 0, "osaid": "fail"},
        "c": {"source": "c", "status": "ok", "class": 1, "osaid": "pass"},
        "d": {"source": "d", "status": "error", "cause": "not-found", "error": "gone"},
    })
    data = summary.to_dict()
    assert data["classes"] == {"0": 1, "1": 1, "3": 1}
    assert data["osaid"] == {"fail": 2, "pass": 1}
    assert data["failures"] == {"not-found": 1} and data["gated"] == 1
    assert any("not-found 1" in line for line in summary.lines())


def test_a_lease_takes_several_slots_within_the_horizon_and_gives_back_the_rest() -> None:
    clock = Clock()
    bucket = TokenBucket({"api": Rate(2.0, burst=2), "resolve": Rate(0)}, clock)
    waits = bucket.lease("api", 8, horizon=1.0)
    assert waits == pytest.approx([0.0, 0.0, 0.5, 1.0, 1.5])  # stops past one second ahead
    assert bucket.spent["api"] == 5
    bucket.give_back("api", [1.0, 1.5])  # two not used: not spent, and handed out next
    assert bucket.spent["api"] == 3
    assert bucket.lease("api", 2, horizon=1.0) == pytest.approx([1.0, 1.5])
    clock.now += 5  # slots given back and now past are not handed out again
    bucket.give_back("api", [0.1])
    clock.now += 1
    assert bucket.lease("api", 1) == pytest.approx([0.0])
    assert bucket.lease("resolve", 16) == [0.0] * 16  # unlimited: counted, never waits
    assert bucket.spent["resolve"] == 16


def test_requests_the_driver_made_first_count_against_the_workers_budget() -> None:
    """--hf-search: the search's pages are booked in the driver; the workers' budget
    starts with them spent and booked ahead."""
    rates = {"api": Rate(10.0, burst=1), "resolve": Rate(0)}
    driver = TokenBucket(rates)
    for _ in range(5):
        driver.reserve("api")
    carried = driver.carry()
    assert carried["api"][0] == 5 and 0.3 < carried["api"][1] <= 0.5
    shared = SharedBuckets(rates, multiprocessing.get_context("spawn"))
    shared.absorb(carried)
    assert shared.spent()["api"] == 5
    assert shared.reserve("api") >= 0.3  # queued behind the search's requests
    bucket = TokenBucket(rates)
    bucket.absorb(carried)
    assert bucket.spent["api"] == 5 and bucket.reserve("api") >= 0.3


def test_ray_calls_carry_about_a_tenth_of_a_second_of_sources() -> None:
    """Fast (warm) sources go many per call, so that a Ray call's own cost is small
    beside them; slow ones one per call, so that no actor sits on a queue of them
    while another is idle."""
    calls = CallSize(most=16, seconds=0.1)
    assert calls.size == 2  # nothing known yet
    assert calls.update([0.01, 0.01]) == 10
    assert calls.update([0.001] * 8) == 13  # a moving average: one fast call is not all
    for _ in range(20):
        calls.update([0.001])
    assert calls.size == 16  # never more than the most
    assert calls.update([30.0]) == 1  # one slow source: one per call at once
    assert calls.update([]) == 1
