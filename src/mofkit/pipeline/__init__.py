"""The application layer: how a release gets rated, in one place.

:func:`rate` runs location → snapshot (``sources``) → findings and the
``Release`` (``inspect``) → what the Hugging Face Hub knows (``pipeline.hub``)
→ links followed (``pipeline.follow``: lineage) → one assessment per rule set
(``assess``), and returns a :class:`Rating`. Every entry point — the CLI, bulk
workers, audit, the registry, the site's submit queue — calls it.
"""

from mofkit.pipeline.compose import (
    assess_record,
    assess_release,
    assess_scan,
    rate,
    scan_source,
)
from mofkit.pipeline.rating import SOURCE_KINDS, Rating

__all__ = ["SOURCE_KINDS", "Rating", "assess_record", "assess_release", "assess_scan", "rate",
           "scan_source"]
