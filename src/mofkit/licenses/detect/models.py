"""What a detection returns (:class:`Match`) and what the stages pass around (:class:`Hit`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Match:
    """One licence found in a text.

    ``key`` is the ScanCode licence expression of the matched rule (one key such as
    ``mit`` for most rules, or an expression such as ``gpl-2.0 OR mit``); ``spdx`` is
    the same expression with SPDX ids (``LicenseRef-scancode-<key>`` where SPDX has
    none). Lines count from 1, both ends included. ``coverage`` is the share of the
    rule's words that were matched (0–100), ``score`` that coverage weighted by how
    dense the match is in the text and by the rule's relevance (0–100). ``kind`` is
    one of: text, notice, reference, tag, intro, clue, spdx-tag, unknown.
    ``matcher`` names the stage that found it (hash, spdx-tag, exact, seq, unknown).
    """

    key: str
    spdx: str
    start_line: int
    end_line: int
    score: float
    coverage: float
    kind: str
    rule: str
    matcher: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Hit:
    """A candidate match on query token positions ``[qstart, qend)``."""

    rid: int  # rule id, -1 for SPDX tags and unknown-licence regions
    qstart: int
    qend: int
    matched: int  # query tokens matched
    rule_len: int
    rule_matched: int  # rule tokens matched
    matcher: str
    expression: str = ""
    kind: str = ""
    relevance: int = 100
    extra: dict[str, Any] = field(default_factory=dict)
    rstart: int = 0  # rule token positions matched: [rstart, rend)
    rend: int = -1  # -1: the whole rule

    def __post_init__(self) -> None:
        if self.rend < 0:
            self.rend = self.rule_len

    @property
    def coverage(self) -> float:
        return self.rule_matched / self.rule_len if self.rule_len else 1.0

    @property
    def span(self) -> int:
        return self.qend - self.qstart

    @property
    def density(self) -> float:
        return self.matched / self.span if self.span else 1.0
