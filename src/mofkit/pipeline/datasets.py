"""The Hub datasets a release's card declares, followed: the training datasets it
names (``datasets:`` metadata, or Hub dataset links its prose presents as the
training data) and the evaluation sets of its ``model-index`` results, each read
on the Hub at the commit its default branch is at (pinned; at most
``max_datasets`` of each; from the cache when offline) and turned into evidence
by :mod:`mofkit.inspect.dataset_cards`. The same for every entry point: a Hub
repo, a folder or a git repository.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mofkit.inspect import card_links
from mofkit.inspect.dataset_cards import apply as apply_dataset_cards
from mofkit.sources.hf import cards
from mofkit.sources.hf.datasets import DatasetCard, read_card

if TYPE_CHECKING:
    from mofkit.inspect import ScanResult
    from mofkit.inspect.card import ModelCard
    from mofkit.sources.hf.client import HubClient


def declared(card: ModelCard | None, limit: int) -> tuple[list[card_links.Named], list[str]]:
    """The training datasets a card names (with the line that names each) and the
    evaluation datasets of its results, at most ``limit`` of each."""
    if card is None:
        return [], []
    training = [item for item in card_links.datasets(card) if item.training][:limit]
    names = {item.name for item in training}
    evaluation = [name for name in cards.evaluation_datasets(card.metadata)
                  if name not in names][:limit]
    return training, evaluation


def follow_datasets(result: ScanResult, client: HubClient) -> list[DatasetCard]:
    """Read the declared datasets on the Hub and add them to the release as evidence;
    returns the cards read (for the Hub section of the report)."""
    training, evaluation = declared(result.card, client.options.max_datasets)
    names = [item.name for item in training]
    read = {name: read_card(client, name) for name in [*names, *evaluation]}
    result.release.notes += apply_dataset_cards(result.release, read, names, evaluation)
    if any(read[name].error is None for name in names):  # looked up: no longer elsewhere
        result.release.elsewhere = [item for item in result.release.elsewhere
                                    if item.component != "datasets"]
    result.followed += followed(training, read, result.card)
    return list(read.values())


def followed(training: list[card_links.Named], read: dict[str, DatasetCard],
             card: ModelCard | None) -> list[dict[str, Any]]:
    """The datasets read, where the card names them and the commit read."""
    lines = {item.name: item.line for item in training}
    path = card.path if card is not None else "README.md"
    out = []
    for name, found in read.items():
        if found.error is not None:
            continue
        line = lines.get(name) or (card.meta_line("model-index") if card is not None else None)
        out.append({"location": f"hf:datasets/{name}",
                    "said_at": f"{path}:{line}" if line else path, "revision": found.sha})
    return out
