"""Assessing one discovered model: ``mofkit.pipeline.rate`` on
``hf:org/name[@revision]`` (what ``mof scan`` does), with the revision the code pins.

:class:`HubAssessor` is the default; the runner accepts any callable of the same
shape, which is how the tests can stand in for the Hub without a network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mofkit.errors import MofError
from mofkit.rules.ids import MOF

if TYPE_CHECKING:
    from mofkit.assess.model import Assessment


@dataclass
class Assessed:
    assessment: Assessment | None
    revision: str | None = None  # the commit that was read
    error: str | None = None
    unavailable: bool = False  # the Hub could not be asked (not: the model is not there)


Assessor = Callable[[str, "str | None"], Assessed]


class HubAssessor:
    """Scan ``hf:model[@revision]`` through the Hugging Face source and assess it."""

    def __init__(self, rules: str = MOF, offline: bool = False,
                 hf_token: str | None = None) -> None:
        self.rules = rules
        self.offline = offline
        self.hf_token = hf_token

    def __call__(self, model: str, revision: str | None) -> Assessed:
        from mofkit.pipeline import rate

        location = f"hf:{model}" + (f"@{revision}" if revision else "")
        try:
            rating = rate(location, rules=(self.rules,), offline=self.offline,
                          hf_token=self.hf_token)
        except MofError as exc:
            from mofkit.sources.hf.errors import HubUnavailable

            return Assessed(None, error=exc.message if exc.source in (None, location)
                            else exc.one_line(), unavailable=isinstance(exc, HubUnavailable))
        return Assessed(rating.assessment(), rating.revision)
