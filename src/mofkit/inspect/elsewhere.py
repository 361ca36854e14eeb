"""Parts of the release that are not among the inputs, where the release says they are.

A scan reads what it was given. A code repository whose README links the weights on
the Hub, a card that names its code repository or its Hub datasets, describe parts
that exist elsewhere: they are "not among the inputs", not "not released". For each
such part this module records where the release says it is (``hf:org/name``, a git
URL, Hub datasets), the line that says so, and the ``mof scan`` command that adds
it; the assessment then calls the part unknown until it is scanned, instead of
missing.
"""

from __future__ import annotations

import re
import shlex

from mofkit.inspect import card_links
from mofkit.inspect.card import ModelCard
from mofkit.release import Elsewhere
from mofkit.rules.ids import (
    ARCHITECTURE,
    DATA_PREPROCESSING_CODE,
    DATASETS,
    EVALUATION_CODE,
    INFERENCE_CODE,
    TRAINING_CODE,
    WEIGHTS,
)

CODE_COMPONENTS = (ARCHITECTURE, TRAINING_CODE, INFERENCE_CODE, EVALUATION_CODE,
                   DATA_PREPROCESSING_CODE)
# A line that presents a Hub model link as where the weights are.
_WEIGHTS_CUE = re.compile(r"\bweights?\b|\bcheckpoints?\b|\bdownload|\bparameters\b|🤗|"
                          r"hugging ?face (?:hub|model)|\bHF (?:link|hub|model)", re.I)


def find_elsewhere(card: ModelCard | None, source: str, source_kind: str, hub_id: str | None,
                   found: set[str], external: set[str]) -> list[Elsewhere]:
    """Where the card says the parts that ``found`` lacks are.

    ``found``: components found among the inputs; ``external``: components found only
    as references outside the release (named Hub datasets); ``hub_id``: the Hub repo
    being scanned, if any (a card's link to itself is not elsewhere).
    """
    if card is None:
        return []
    quoted = shlex.quote(source)
    places: list[Elsewhere] = []
    if WEIGHTS not in found:
        weights = _weights_repo(card, hub_id)
        if weights is not None:
            name, line = weights
            command = (f"mof scan hf:{name} --code {quoted}" if source_kind != "hf" else None)
            places.append(Elsewhere(WEIGHTS, f"hf:{name}", card.path, line,
                                    command))
    repos = card_links.code_repositories(card)
    if repos:
        repo = repos[0]
        for component in CODE_COMPONENTS:
            if component not in found:
                places.append(Elsewhere(component, repo.name, card.path, repo.line,
                                        f"mof scan {quoted} --code {shlex.quote(repo.name)}"))
    if DATASETS in external:
        named = [item for item in card_links.datasets(card) if item.training]
        if named:
            names = ", ".join(f"hf-dataset:{item.name}" for item in named[:5])
            more = f" and {len(named) - 5} more" if len(named) > 5 else ""
            # No command: a Hub scan of the model reads its dataset cards itself.
            places.append(Elsewhere(DATASETS, names + more, card.path, named[0].line))
    return places


def _weights_repo(card: ModelCard, hub_id: str | None) -> tuple[str, int] | None:
    """The Hub repository a code README names as its weights. A Hub model card (with
    metadata) is itself the weights' repository: its links are other models."""
    if card.metadata:
        return None
    bases = {item.name.lower() for item in card_links.base_models(card)}
    for number, line in card.prose_lines():
        for match in card_links.HUB_MODEL.finditer(line):
            name = match.group(1).rstrip(".")
            if name.lower() in bases or (hub_id and name.lower() == hub_id.lower()):
                continue
            if _WEIGHTS_CUE.search(line):
                return name, number
    return None


def notes(places: list[Elsewhere], names: dict[str, str]) -> list[str]:
    """One line per place: what is elsewhere, where, what says so, how to add it."""
    lines = []
    by_place: dict[tuple[str, str | None], list[Elsewhere]] = {}
    for place in places:
        by_place.setdefault((place.location, place.command), []).append(place)
    for (location, command), group in by_place.items():
        what = ", ".join(names.get(place.component, place.component) for place in group)
        where = f"{group[0].path}:{group[0].line}" if group[0].line else str(group[0].path)
        line = f"not among the inputs: {what} - {where} says it is at {location}"
        if command:
            line += f"; add it with: {command}"
        lines.append(line)
    return lines
