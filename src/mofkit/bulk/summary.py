"""The end-of-batch summary: counts per MOF class, OSAID verdicts, failures by
cause, over the latest record of every source of the batch (this run's and,
when resuming, the earlier runs')."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mofkit.bulk.records import CAUSES
from mofkit.rules import load_mof

CLASS_NAMES = {**{c.number: f"Class {c.numeral} ({c.short})" for c in load_mof().classes},
               0: "unclassified"}


@dataclass
class Summary:
    sources: int = 0
    scanned: int = 0  # rated (or failed) in this run
    skipped: int = 0  # done in an earlier run (resume)
    unchanged: int = 0  # refresh: still at the commit rated before
    seconds: float = 0.0  # rating, after start-up
    startup: float = 0.0  # starting the workers (and Ray)
    classes: Counter[int] = field(default_factory=Counter)
    osaid: Counter[str] = field(default_factory=Counter)
    causes: Counter[str] = field(default_factory=Counter)
    gated: int = 0
    requests: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)  # cause -> one source

    @classmethod
    def of(cls, latest: dict[str, dict[str, Any]]) -> Summary:
        summary = cls(sources=len(latest))
        for record in latest.values():
            summary.count(record)
        return summary

    def count(self, record: dict[str, Any]) -> None:
        if record.get("status") == "ok":
            self.classes[int(record.get("class") or 0)] += 1
            self.osaid[str(record.get("osaid") or "unknown")] += 1
            self.gated += 1 if record.get("gated") else 0
        elif record.get("status") == "error":
            cause = str(record.get("cause") or "internal")
            self.causes[cause] += 1
            self.examples.setdefault(cause, f"{record['source']}: {record.get('error')}")

    @property
    def rated(self) -> int:
        return sum(self.classes.values())

    @property
    def failed(self) -> int:
        return sum(self.causes.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources, "rated": self.rated, "failed": self.failed,
            "scanned_this_run": self.scanned, "skipped_done": self.skipped,
            "unchanged": self.unchanged, "seconds": round(self.seconds, 2),
            "startup_seconds": round(self.startup, 2),
            "classes": {str(k): v for k, v in sorted(self.classes.items())},
            "osaid": dict(sorted(self.osaid.items())), "gated": self.gated,
            "failures": {cause: self.causes[cause] for cause in CAUSES if self.causes[cause]},
            "requests": self.requests,
        }

    def lines(self) -> list[str]:
        rate = self.scanned / self.seconds if self.seconds > 0 else 0.0
        out = [f"{self.sources} sources: {self.rated} rated, {self.failed} failed; this run "
               f"scanned {self.scanned} in {self.seconds:.1f} s ({rate:.1f}/s; workers started "
               f"in {self.startup:.1f} s), skipped "
               f"{self.skipped} already done" +
               (f", {self.unchanged} unchanged since last rated" if self.unchanged else "")]
        if self.rated:
            out.append("MOF class: " + ", ".join(
                f"{CLASS_NAMES.get(k, k)} {v}" for k, v in
                sorted(self.classes.items(), key=lambda kv: (kv[0] == 0, kv[0]))))
            out.append("OSAID: " + ", ".join(f"{k} {v}" for k, v in sorted(self.osaid.items()))
                       + (f"; gated on the Hub: {self.gated}" if self.gated else ""))
        if self.failed:
            out.append("failures: " + ", ".join(f"{cause} {self.causes[cause]}"
                                                for cause in CAUSES if self.causes[cause]))
            for cause in CAUSES:
                if cause in self.examples:
                    out.append(f"  e.g. {cause}: {self.examples[cause][:160]}")
        if self.requests:
            out.append("Hub requests: " + ", ".join(f"{k} {v}"
                                                    for k, v in sorted(self.requests.items())))
        return out
