"""What a bulk scan reads and writes: one task per source, one JSON record per
source (a result or an error), and why a source failed.

A result record::

    {"source": "hf:org/name", "revision": "<sha>", "status": "ok", "name": ...,
     "class": 3, "label": ..., "osaid": "fail", "rules": "mof", "rules_version": ...,
     "tool_version": ..., "seconds": 0.02, "result": {Assessment.to_dict()}}

An error record::

    {"source": "hf:org/name", "status": "error", "error": "one line",
     "cause": "timeout|not-found|rate-limited|network|bad-input|internal", ...}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from mofkit.rules.ids import MOF

CAUSES = ("timeout", "not-found", "rate-limited", "network", "bad-input", "internal")
# Causes that will not change on a retry: a resumed run skips them like results.
PERMANENT = frozenset({"not-found", "bad-input"})


@dataclass(frozen=True)
class Task:
    source: str  # as the batch names it: hf:org/name[@rev], a folder, a git URL
    rules: str = MOF
    known_revision: str | None = None  # --refresh: skip the scan if still at this commit


class BulkTimeout(Exception):
    """The source took longer than the per-source timeout."""


def classify(exc: BaseException) -> str:
    """The cause class of a failure, from the exception and what it was raised from."""
    from mofkit.errors import MofError
    from mofkit.sources.hf.retry import chain_names, is_network_error, status_of

    if isinstance(exc, (BulkTimeout, TimeoutError)):
        return "timeout"
    names = chain_names(exc)
    if "BulkTimeout" in names:
        return "timeout"
    status = status_of(exc)
    network = is_network_error(exc)
    if names & {"RepositoryNotFoundError", "RevisionNotFoundError", "GatedRepoError",
                "DisabledRepoError"} or status in (401, 403, 404, 410):
        return "not-found"
    if status == 429:
        return "rate-limited"
    if (status is not None and status >= 500) or network:
        return "network"
    if isinstance(exc, MofError):
        return "bad-input"
    return "internal"


def one_line(exc: BaseException) -> str:
    from mofkit.errors import MofError

    if isinstance(exc, MofError):  # the record names the source already
        return " ".join(exc.message.split())
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def error_record(task: Task, exc: BaseException, seconds: float) -> dict[str, Any]:
    return {"source": task.source, "status": "error", "error": one_line(exc),
            "cause": classify(exc), "rules": task.rules, "seconds": round(seconds, 3)}


def result_record(task: Task, result: dict[str, Any], seconds: float) -> dict[str, Any]:
    from mofkit.assess.model import Attachments
    from mofkit.version import __version__

    mof = result.get("mof") or {}
    release = result.get("release") or {}
    hub = Attachments.of(result).hub or {}
    return {
        "source": task.source,
        "status": "ok",
        "revision": release.get("revision"),
        "name": release.get("name"),
        "class": mof.get("class"),
        "label": mof.get("label"),
        "total_progress": mof.get("total_progress"),
        "osaid": (result.get("osaid") or {}).get("verdict"),
        "gated": hub.get("gated", False),
        "rules": (result.get("rules") or {}).get("name", task.rules),
        "rules_version": (result.get("rules") or {}).get("version"),
        "tool_version": __version__,
        "seconds": round(seconds, 3),
        "result": result,
    }


def unchanged_record(task: Task, revision: str, seconds: float) -> dict[str, Any]:
    """--refresh: the model is still at the commit already rated (not written out)."""
    return {"source": task.source, "status": "unchanged", "revision": revision,
            "rules": task.rules, "seconds": round(seconds, 3)}


def stuck_record(task: Task, timeout: float, seconds: float) -> dict[str, Any]:
    """The timer could not stop the source (stuck in C code, or it swallowed the
    timeout): its worker was killed and replaced. Written by the driver."""
    return {"source": task.source, "status": "error",
            "error": f"took longer than {timeout:g} s and did not stop: its worker was "
                     "replaced", "cause": "timeout", "rules": task.rules,
            "seconds": round(seconds, 3)}


def died_record(task: Task, why: str, seconds: float = 0.0) -> dict[str, Any]:
    """The worker process or actor died while rating the source. Written by the driver."""
    return {"source": task.source, "status": "error", "error": why, "cause": "internal",
            "rules": task.rules, "seconds": round(seconds, 3)}


class Done(NamedTuple):
    """A finished source as a backend hands it to the driver: the record without its
    (large) ``result``, for the summary, and the whole record as one encoded JSON line,
    encoded in the worker so that the driver only writes bytes (``None``: not written)."""

    head: dict[str, Any]
    line: bytes | None

    def record(self) -> dict[str, Any]:
        """The whole record (decoded again: only the registry needs it)."""
        return json.loads(self.line) if self.line is not None else dict(self.head)


def encode(record: dict[str, Any]) -> Done:
    head = {key: value for key, value in record.items() if key != "result"}
    if record.get("status") == "unchanged":
        return Done(head, None)
    line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    return Done(head, line)
