"""What an inspector reports: a finding, the evidence that a release includes
one MOF component."""

from __future__ import annotations

from dataclasses import dataclass, replace

from mofkit.release import EVIDENCE_KINDS, Evidence

# A component counts as found when its strongest finding reaches this
# confidence; weaker findings are kept as hints next to the missing component.
INCLUDE_AT = 0.5

CONTENT, NAME, CARD, LINK = EVIDENCE_KINDS


@dataclass(frozen=True)
class Finding:
    """Evidence for one component: where (path, 1-based line), why, how sure.

    ``licence`` is set only when the finding itself states a licence (as
    written). ``external`` marks evidence that points outside the release (an
    arXiv paper, a Hub dataset): the component exists, its files are elsewhere.
    ``kind`` says what the finding rests on (``release.EVIDENCE_KINDS``:
    content, name, card statement, link); an inspector that leaves it empty
    gets it from :func:`with_kind` (link if external, card if in the card,
    else name).
    """

    component: str
    path: str
    why: str
    line: int | None = None
    confidence: float = 1.0
    licence: str | None = None
    external: bool = False
    kind: str = ""

    def evidence(self, licence: str | None = None) -> Evidence:
        return Evidence(
            path=self.path, why=self.why, line=self.line,
            licence=self.licence or licence, confidence=self.confidence,
            kind=self.kind or None,
        )


def with_kind(finding: Finding, card_path: str | None) -> Finding:
    """The finding with its evidence kind set (the inspector's, or the default)."""
    if finding.kind:
        return finding
    kind = LINK if finding.external else CARD if finding.path == card_path else NAME
    return replace(finding, kind=kind)
