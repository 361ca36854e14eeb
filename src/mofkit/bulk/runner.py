"""A bulk run from start to end: plan (what a resumed run can skip), start the
backend, stream records to the results file (and the registry), show progress,
summarise.

Resuming reads the results file: a source whose latest record is a result
under the same rule set, or a permanent failure (not found, bad input), is
done and skipped; a transient failure (timeout, rate-limited, network,
internal) is tried again. With ``refresh``, a source rated at a commit is asked
for its current commit first (one API request) and rated again only if it
moved.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mofkit.bulk.budget import UNLIMITED, Rate
from mofkit.bulk.output import RecordWriter, read_records
from mofkit.bulk.records import PERMANENT, Task
from mofkit.bulk.summary import Summary
from mofkit.errors import InputError
from mofkit.rules.ids import MOF

BACKENDS = ("local", "ray")


@dataclass
class BulkOptions:
    out: Path
    workers: int = 2
    backend: str = "local"
    address: str | None = None
    resume: bool = False
    refresh: bool = False
    rules: str = MOF
    timeout: float = 300.0
    rates: dict[str, Rate] = field(default_factory=lambda: dict(UNLIMITED))
    registry: str | None = None
    progress: bool = True
    # Hub requests the driver made first (--hf-search), as TokenBucket.carry():
    # the workers' budget starts with them spent.
    carried: dict[str, tuple[int, float]] | None = None


def check_results_file(out: Path) -> None:
    """--out must be a regular file holding JSON lines (or nothing yet): never a folder or
    a FIFO, and never another file (a sources list, a binary) that a resumed run would
    cut and append records to."""
    import stat

    try:
        info = out.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"cannot read the results file ({exc.strerror or exc})",
                         str(out)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder, not a results file: give --out a file name", str(out))
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a results file is JSON lines)", str(out))
    if info.st_size == 0:
        return
    with out.open("rb") as handle:
        head = handle.read(65536)
    if not head.lstrip().startswith(b"{") or b"\x00" in head:
        raise InputError("not a results file (JSON lines, one record per source): "
                         "choose another --out", str(out))


def plan(sources: list[str], options: BulkOptions
         ) -> tuple[list[Task], dict[str, dict[str, Any]], int]:
    """The tasks still to do, the latest earlier record per source, and how many
    sources are skipped as done."""
    out = options.out
    check_results_file(out)
    if out.exists() and out.stat().st_size > 0 and not options.resume:
        raise InputError("the results file exists: add --resume to continue it (done "
                         "sources are skipped), or choose another --out", str(out))
    wanted = set(sources)
    latest: dict[str, dict[str, Any]] = {}
    if options.resume:
        for earlier in read_records(out):
            if earlier["source"] in wanted and earlier.get("rules", MOF) == options.rules:
                latest[earlier["source"]] = earlier
    tasks: list[Task] = []
    skipped = 0
    for source in sources:
        record = latest.get(source)
        if record is None:
            tasks.append(Task(source, options.rules))
        elif record.get("status") == "ok":
            if options.refresh and record.get("revision"):
                tasks.append(Task(source, options.rules, known_revision=record["revision"]))
            else:
                skipped += 1
        elif record.get("cause") in PERMANENT and not options.refresh:
            skipped += 1
        else:
            tasks.append(Task(source, options.rules))
    return tasks, latest, skipped


def _source_kind(source: str) -> str:
    if source.startswith("hf:") or "huggingface.co/" in source or "hf.co/" in source:
        return "hf"
    return "git" if "://" in source or source.startswith("git@") else "folder"


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the run like Ctrl-C: records written so far stay whole."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Progress:
    """A Rich progress bar on stderr: done/total, rate, failures, elapsed, ETA."""

    def __init__(self, total: int, enabled: bool) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("rating"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} models/s"),
            TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), disable=not enabled, transient=False,
        )
        self.task = self.progress.add_task("rating", total=total, rate=0.0, failed=0)
        self.started = time.perf_counter()
        self.shown = 0.0

    def __enter__(self) -> _Progress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def advance(self, done: int, failed: int, force: bool = False) -> None:
        """Redraw at most ten times a second (the bar is drawn by its own thread)."""
        now = time.perf_counter()
        if not force and now - self.shown < 0.1:
            return
        self.shown = now
        elapsed = max(now - self.started, 1e-9)
        self.progress.update(self.task, completed=done, rate=done / elapsed, failed=failed)


def _backend(options: BulkOptions, config: Any) -> Any:
    if options.backend == "ray":
        from mofkit.bulk.ray_backend import RayPool

        return RayPool(config, options.workers, options.rates, options.address,
                       carried=options.carried)
    import multiprocessing

    from mofkit.bulk.budget import SharedBuckets
    from mofkit.bulk.local import LocalPool

    budget = SharedBuckets(options.rates, multiprocessing.get_context("spawn"))
    if options.carried:
        budget.absorb(options.carried)
    return LocalPool(config, options.workers, budget)


def run_bulk(sources: list[str], options: BulkOptions, say: Any = None) -> Summary:
    """Rate every source; returns the summary of the whole batch."""
    from mofkit.bulk.worker import WorkerConfig

    if options.backend not in BACKENDS:
        raise InputError(f"unknown backend {options.backend!r} (choose from local, ray)")
    say = say or (lambda text: None)
    tasks, latest, skipped = plan(sources, options)
    registry = None
    if options.registry:
        from mofkit.registry import open_registry

        registry = open_registry(options.registry)
    config = WorkerConfig.from_env(options.timeout)
    started = time.perf_counter()
    startup = 0.0
    scanned = unchanged = failed = 0
    pool = None
    interrupted = False
    with RecordWriter(options.out) as writer, _sigterm_as_interrupt():
        try:
            if tasks:
                say(f"{len(tasks)} to rate, {skipped} already done; starting "
                    f"{options.workers} {options.backend} worker(s)")
                pool = _backend(options, config)
                pool.start()
            startup = time.perf_counter() - started
            with _Progress(len(tasks), options.progress and bool(tasks)) as progress:
                for batch in pool.run(tasks) if pool is not None else ():
                    writer.write_lines([done.line for done in batch if done.line is not None])
                    for done in batch:
                        head = done.head
                        scanned += 1
                        if head.get("status") == "unchanged":
                            unchanged += 1
                            continue
                        failed += head.get("status") == "error"
                        latest[head["source"]] = head
                        if registry is not None and head.get("status") == "ok":
                            _store(registry, done.record(), say)
                    progress.advance(scanned, failed)
                progress.advance(scanned, failed, force=True)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            requests = pool.spent() if pool is not None else {}
            if pool is not None:
                pool.close()
            if registry is not None:
                registry.close()
    summary = Summary.of(latest)
    summary.sources = len(sources)
    summary.scanned, summary.skipped, summary.unchanged = scanned, skipped, unchanged
    summary.seconds = time.perf_counter() - started - startup
    summary.startup = startup
    summary.requests = requests
    if interrupted:
        say(f"interrupted: {writer.written} record(s) written to {options.out}; "
            "run again with --resume to finish")
        raise KeyboardInterrupt
    return summary


def _store(registry: Any, record: dict[str, Any], say: Any) -> None:
    from mofkit.errors import MofError

    try:
        registry.add_result(record["result"], source_kind=_source_kind(record["source"]),
                            revision=record.get("revision"))
    except (MofError, Exception) as exc:  # the registry must not end the batch
        say(f"registry: {record['source']}: {' '.join(str(exc).split())[:200]}")


def default_workers() -> int:
    return max(1, min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))
