"""Synthetic Hub models for the bulk tests and the bulk benchmark, generated
from their number: licences in rotation (Apache-2.0 with its text, MIT, Llama 3
community, CC-BY-NC, OpenRAIL, GPL-3.0, none stated), some gated, a few
fine-tunes of shared bases, a few naming a dataset; and source lists in which
some names are not on the Hub (404)."""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fakehub import FakeHub, repo_from_dict, repo_from_folder
from fakehub.fixtures import APACHE_HEAD, CONFIG, WORDS, card
from mofkit.bulk.worker import Worker, WorkerConfig

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "releases"
LICENCES = ("apache-2.0", "mit", "llama3", "cc-by-nc-4.0", "openrail", "gpl-3.0", None)
BASES = 3


def model_files(number: int) -> dict[str, str | dict[str, int]]:
    licence = LICENCES[number % len(LICENCES)]
    meta = ["library_name: transformers"]
    if licence == "llama3":
        meta.append("license: other\nlicense_name: llama3")
    elif licence is not None:
        meta.append(f"license: {licence}")
    if number % 25 == 5:
        meta.append(f"base_model: bulk-base/base-{number % BASES}\nbase_model_relation: finetune")
    if number % 40 == 7:
        meta.append("datasets:\n- bulk-data/corpus")
    files: dict[str, str | dict[str, int]] = {
        "README.md": card("\n".join(meta), f"# Model {number}\n\n## Training Data\n" + WORDS),
        "config.json": CONFIG,
        "model-00001-of-00002.safetensors": {"size": 5_000_000_000 + number},
        "model-00002-of-00002.safetensors": {"size": 2_000_000_000},
        "tokenizer.json": {"size": 2_000_000},
    }
    if licence == "apache-2.0":
        files["LICENSE"] = APACHE_HEAD
    if number % 3 == 0:
        files["train.py"] = ("import torch\n\ndef train(model, batch, optimizer):\n"
                             "    model.train()\n    loss = model(batch).loss\n"
                             "    loss.backward()\n    optimizer.step()\n")
    return files


def repo_name(number: int) -> str:
    return f"bulk-org{number % 5}/model-{number}"


def populate(hub: FakeHub, count: int) -> None:
    """Serve ``count`` models (and the bases and dataset they name)."""
    for base in range(BASES):
        hub.add(repo_from_dict(f"bulk-base/base-{base}", {
            "README.md": card("license: apache-2.0", "# Base\n\n## Training Data\n" + WORDS),
            "LICENSE": APACHE_HEAD, "config.json": CONFIG,
            "model.safetensors": {"size": 14_000_000_000},
        }))
    hub.add(repo_from_dict("bulk-data/corpus", {
        "README.md": card("license: cc-by-4.0", "# Corpus\n\n" + WORDS),
    }, kind="dataset"))
    for number in range(count):
        gated = "manual" if number % 11 == 3 else False
        if number % 20 in (10, 15):  # full releases: Class I/II/III verdicts, not only none
            example = "pythia-tiny" if number % 20 == 10 else "community-7b"
            hub.add(repo_from_folder(repo_name(number), EXAMPLES / example, gated=gated))
        else:
            hub.add(repo_from_dict(repo_name(number), model_files(number), gated=gated))


def moved(number: int) -> Any:
    """Model ``number`` after a new commit (its card gained a line): a new sha."""
    files = model_files(number)
    files["README.md"] = str(files["README.md"]) + "\nUpdated.\n"
    return repo_from_dict(repo_name(number), files,
                          gated="manual" if number % 11 == 3 else False)


class HangingWorker(Worker):
    """A bulk worker for which two sources never finish: ``hang:python`` sleeps (the
    timer interrupts it), ``hang:c`` first blocks SIGALRM, as a call stuck in C code
    would never let the handler run (only killing the worker stops it)."""

    def __init__(self, config: WorkerConfig, budget: Any = None) -> None:
        super().__init__(config, budget)
        real = self._rate

        def rate(source: str, **options: Any) -> Any:
            if source == "hang:c":
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            if source.startswith("hang:"):
                time.sleep(600)
            return real(source, **options)

        self._rate = rate


def sources(count: int, missing_every: int = 17) -> list[str]:
    """``count`` sources; every ``missing_every``-th names a model not on the Hub."""
    out = []
    for number in range(count):
        if missing_every and number % missing_every == missing_every - 1:
            out.append(f"hf:bulk-gone/model-{number}")
        else:
            out.append(f"hf:{repo_name(number)}")
    return out


Fault = tuple[str, tuple[int, ...], str | None]  # repo, statuses, Retry-After


def _serve_child(count: int, faults: list[Fault], conn: Any, stop: Any) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fakehub import serve

    hub = FakeHub()
    populate(hub, count)
    for repo, statuses, retry_after in faults:
        hub.fail(repo, *statuses, retry_after=retry_after)
    with serve(hub) as running:
        conn.send(running.url)
        while not stop.wait(0.2):
            if conn.poll():
                message = conn.recv()
                if message == "requests":
                    conn.send(len(running.requests()))
                elif isinstance(message, tuple) and message[0] == "fail":
                    running.fail(message[1], *message[2], retry_after=message[3])
                    conn.send("ok")
                elif isinstance(message, tuple) and message[0] == "bump":
                    running.add(moved(message[1]))
                    conn.send("ok")


@contextmanager
def hub_process(count: int, faults: list[Fault] | None = None) -> Iterator[HubHandle]:
    """The fake Hub with ``count`` models in a process of its own (so that the
    server's work is not charged to the process measuring the clients)."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    stop = context.Event()
    process = context.Process(target=_serve_child, args=(count, faults or [], child, stop),
                              daemon=True)
    process.start()
    try:
        if not parent.poll(120):
            raise RuntimeError("the fake Hub did not start")
        yield HubHandle(parent.recv(), parent, process.pid or 0)
    finally:
        stop.set()
        process.join(10)
        if process.is_alive():
            process.kill()


@dataclass
class HubHandle:
    url: str
    conn: Any
    pid: int

    def requests(self) -> int:
        self.conn.send("requests")
        return int(self.conn.recv())

    def fail(self, repo: str, *statuses: int, retry_after: str | None = "0") -> None:
        self.conn.send(("fail", repo, statuses, retry_after))
        self.conn.recv()

    def bump(self, number: int) -> None:
        """Give model ``number`` a new commit."""
        self.conn.send(("bump", number))
        self.conn.recv()
