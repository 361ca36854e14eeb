"""What a licence means for one component: the verdict types shared by the
licence policy (which produces them) and the assessment (which counts them)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """The verdict kinds, from best to worst for openness."""

    OPEN = "open"  # open and appropriate for the component's type
    OPEN_WRONG_TYPE = "open-wrong-type"  # open, but not the type's kind of licence (warning)
    RESTRICTIVE = "restrictive"  # use restrictions, user caps, acceptable-use policies
    NON_COMMERCIAL = "non-commercial"
    PROPRIETARY = "proprietary"  # proprietary, "other", source-available, custom terms
    UNLICENSED = "unlicensed"  # no licence at all
    UNKNOWN = "unknown"  # a licence string we cannot resolve

    @property
    def counts(self) -> bool:
        """Whether a component under this verdict counts towards a MOF class."""
        return self in (Kind.OPEN, Kind.OPEN_WRONG_TYPE)


@dataclass(frozen=True)
class LicenceVerdict:
    """The verdict on one licence (or licence expression) for one component type.

    ``written`` is the string as the release wrote it, ``licence`` the canonical
    id or SPDX expression it resolved to (``None`` when unresolved), ``rule``
    how it was resolved. ``osi_approved`` says whether the licence (for OR, its
    best alternative; for AND, every part) is OSI-approved; ``open_terms``
    whether it is OSI-approved or an open data/content licence without use
    restrictions (what mofkit accepts as "OSI-approved terms" for OSAID).
    ``sources`` are the primary sources (URLs) of mofkit's curated facts about the
    deciding licence; ``verified`` is false when it has curated facts but no source.
    """

    kind: Kind
    reason: str
    written: str | None = None
    licence: str | None = None
    rule: str = ""
    osi_approved: bool = False
    open_terms: bool = False
    type_appropriate: bool = False
    sources: tuple[str, ...] = ()
    verified: bool = True

    @property
    def counts(self) -> bool:
        return self.kind.counts

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "reason": self.reason,
            "written": self.written,
            "licence": self.licence,
            "rule": self.rule,
            "osi_approved": self.osi_approved,
            "open_terms": self.open_terms,
            "type_appropriate": self.type_appropriate,
            "sources": list(self.sources),
            "verified": self.verified,
        }
