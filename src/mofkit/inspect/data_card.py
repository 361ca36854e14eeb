"""The data card (datasheet): documentation of the training data.

Evidence: a data card file (``DATA_CARD.md``, ``datasheet.md``/``.pdf``,
``data/README.md``, a dataset card with front matter); or a model card section
on the training data with real content. The MOT convention is that a model card
carrying the data information stands in for the data card; a section holding
only the Hub template's "[More Information Needed]" does not.
"""

from __future__ import annotations

import re

from mofkit.inspect.context import ScanContext
from mofkit.inspect.finding import Finding
from mofkit.inspect.kinds import DATA_DIRS
from mofkit.rules.ids import DATA_CARD

COMPONENT = DATA_CARD
_FILE = re.compile(r"^(?:data[-_ ]?card|dataset[-_ ]?card|datasheet|data[-_ ]?sheet)"
                   r"(?:[-_ ].*)?\.(?:md|pdf|txt|html|rst)$", re.I)
MIN_WORDS = 25


def inspect(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    for item in ctx.snapshot.files:
        if _FILE.match(item.name):
            findings.append(Finding(COMPONENT, item.path, "data card / datasheet file", None, 0.9))
        elif item.name.lower() == "readme.md" and item.parts[-2:-1] and (
            item.parts[-2].lower() in DATA_DIRS
        ):
            findings.append(Finding(COMPONENT, item.path, "README of the data folder", None, 0.75))
    card = ctx.card
    if card is None:
        return findings
    for section in card.find_sections(r"training data|dataset|data sources|pre-?training data"):
        words = section.words()
        if words >= MIN_WORDS:
            findings.append(Finding(
                COMPONENT, card.path,
                f"model card section '{section.title}' documents the data ({words} words; MOT "
                "convention: a model card with the data information stands in for the data card)",
                section.line, 0.6,
            ))
        else:
            findings.append(Finding(
                COMPONENT, card.path,
                f"model card section '{section.title}' is a stub ({words} words)",
                section.line, 0.2,
            ))
    return findings
