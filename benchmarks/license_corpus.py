"""Read the licence-detection corpus (``dev.jsonl.gz``) used by the benchmark."""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Case:
    path: str
    text: str
    expected: list[str]
    expected_failure: bool


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def load_corpus(path: Path) -> list[Case]:
    cases: list[Case] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = d["text"] if "text" in d else decode(base64.b64decode(d["base64"]))
            cases.append(Case(d["path"], text, list(d["expected"]),
                              bool(d.get("expected_failure", False))))
    return cases
