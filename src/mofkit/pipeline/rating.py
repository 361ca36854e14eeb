"""The result of :func:`mofkit.pipeline.rate`: the release, what the scan found
(none for a MOT record), and one assessment per rule set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mofkit.assess.model import Assessment
from mofkit.release import Release

if TYPE_CHECKING:
    from mofkit.inspect import ScanResult

# What a rating was made from: a scanned folder, a git clone, a Hugging Face repo,
# a Model Openness Tool record, or a Release built by the caller.
SOURCE_KINDS: tuple[str, ...] = ("folder", "git", "hf", "mot-record", "release")


@dataclass
class Rating:
    """A release rated under one or more rule sets.

    ``assessments`` keeps the order the rule sets were asked in; the first is the
    primary one: :meth:`to_dict` is its JSON shape, exactly what
    ``mof scan --format json --rules <that rule set>`` prints.
    """

    release: Release
    assessments: dict[str, Assessment]
    kind: str = "release"
    scan: ScanResult | None = None

    @property
    def revision(self) -> str | None:
        """The exact commit that was read, when the source has one."""
        return self.release.revision

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(self.assessments)

    def assessment(self, rules: str | None = None) -> Assessment:
        """The assessment under ``rules`` (default: the first rule set asked for)."""
        if rules is None:
            return next(iter(self.assessments.values()))
        return self.assessments[rules]

    def to_dict(self) -> dict[str, Any]:
        """The primary assessment as JSON (``mof scan --format json``)."""
        return self.assessment().to_dict()

    def results(self) -> list[dict[str, Any]]:
        """Every assessment as JSON, in rule-set order (what the registry stores)."""
        return [item.to_dict() for item in self.assessments.values()]
