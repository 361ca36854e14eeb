"""What a model's licence obliges its user to do, from the licence catalog.

The obligations are data: each licence's ``obligations`` in
``mofkit/licenses/data/policy.yml`` (compiled into the catalog). This module
only combines them: ``A AND B`` obliges both; ``A OR B`` lets the user choose,
so the alternative with the fewest obligations counts; a non-commercial
licence always obliges non-commercial use; a licence mofkit cannot resolve
obliges a human review of its terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# The catalog's vocabulary, in the order reports list it, with what each means.
VOCABULARY: dict[str, str] = {
    "licence-text": "ship the licence text with the model or its derivatives",
    "attribution": "credit the authors / keep copyright notices",
    "notice-file": "carry the NOTICE file forward",
    "state-changes": "say what you changed in modified versions",
    "share-alike": "release derivatives under the same licence",
    "source-disclosure": "make the source of distributed versions available",
    "network-source-disclosure": "offer the source to users over a network too",
    "aup": "follow an acceptable-use policy (use restrictions)",
    "pass-through-restrictions": "bind downstream users to the same use restrictions",
    "user-cap": "a cap on monthly active users before a separate licence is needed",
    "naming": "name derived models as the licence requires",
    "display-attribution": "display an attribution (e.g. 'Built with …') in the product",
    "no-output-training": "do not use outputs to train or improve other models",
    "non-commercial": "no commercial use",
    "review-terms": "the terms are not known to mofkit: have them reviewed",
}
REVIEW = "review-terms"


def _ordered(items: Iterable[str]) -> list[str]:
    rank = {name: n for n, name in enumerate(VOCABULARY)}
    return sorted(set(items), key=lambda item: (rank.get(item, len(rank)), item))


def _of_id(licence: str) -> list[str]:
    from mofkit.licenses import lookup

    info = lookup(licence)
    if info is None:
        return [REVIEW]
    found = list(info.obligations)
    if info.openness == "non-commercial":
        found.append("non-commercial")
    if info.openness in ("unknown", "proprietary") and not found:
        found.append(REVIEW)
    return _ordered(found)


def obligations_of(licence: str | None) -> list[str]:
    """The obligations of a canonical licence id or SPDX expression (None: unresolved)."""
    if not licence:
        return [REVIEW]
    from mofkit.licenses import lookup

    if lookup(licence) is not None:
        return _of_id(licence)
    from mofkit.licenses.expression import Leaf, combine, parse

    node = parse(licence)
    if node is None:
        return [REVIEW]

    def fewest(options: Sequence[list[str]]) -> list[str]:
        return min(options, key=lambda o: (len(o), o))

    def every(parts: Sequence[list[str]]) -> list[str]:
        return _ordered(item for part in parts for item in part)

    def leaf(item: Leaf) -> list[str]:
        return _of_id(item.licence)

    return combine(node, leaf, fewest, every)


def summed(per_model: dict[str, list[str]]) -> dict[str, list[str]]:
    """Obligation -> the models that carry it, for the whole codebase."""
    total: dict[str, list[str]] = {}
    for model, items in per_model.items():
        for item in items:
            total.setdefault(item, []).append(model)
    return {key: sorted(total[key]) for key in _ordered(total)}


def describe(obligation: str) -> str:
    return VOCABULARY.get(obligation, obligation)
