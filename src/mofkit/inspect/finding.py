"""What an inspector reports: a finding, the evidence that a release includes
one MOF component."""

from __future__ import annotations

from dataclasses import dataclass

from mofkit.release import Evidence

# A component counts as found when its strongest finding reaches this
# confidence; weaker findings are kept as hints next to the missing component.
INCLUDE_AT = 0.5


@dataclass(frozen=True)
class Finding:
    """Evidence for one component: where (path, 1-based line), why, how sure.

    ``licence`` is set only when the finding itself states a licence (as
    written). ``external`` marks evidence that points outside the release (an
    arXiv paper, a Hub dataset): the component exists, its files are elsewhere.
    """

    component: str
    path: str
    why: str
    line: int | None = None
    confidence: float = 1.0
    licence: str | None = None
    external: bool = False

    def evidence(self, licence: str | None = None) -> Evidence:
        return Evidence(
            path=self.path, why=self.why, line=self.line,
            licence=self.licence or licence, confidence=self.confidence,
        )
