"""Dataset cards as evidence: for each dataset a model card names, its Hub
licence, gating and description (read by :mod:`mofkit.sources.hf.datasets`),
for the Datasets, Data card and Evaluation data components."""

from __future__ import annotations

from mofkit.release import ComponentEntry, Evidence, Release
from mofkit.sources.hf.datasets import DatasetCard

MIN_CARD_WORDS = 25  # as the data-card inspector: fewer words is a stub


def _why(card: DatasetCard) -> str:
    access = f"gated ({card.gated}): access needs approval" if card.gated else "open access"
    return (f"dataset card of {card.repo_id}: licence {card.licence or 'not stated'}; {access}; "
            f"{card.words} words")


def apply(release: Release, cards_by_id: dict[str, DatasetCard], training: list[str],
          evaluation: list[str]) -> list[str]:
    """Add dataset-card evidence to the release; returns notes."""
    notes: list[str] = []
    for card in cards_by_id.values():
        if card.error:
            notes.append(f"dataset {card.repo_id}: {card.error}")
        elif card.gated:
            notes.append(f"dataset {card.repo_id} is gated on the Hub ({card.gated}): "
                         "the data needs approval to download")
    found = [cards_by_id[name] for name in training if cards_by_id[name].error is None]
    if found:
        # A licence for the datasets only when every named dataset states one.
        _datasets(release, found, complete=len(found) == len(training))
        _data_card(release, [card for card in found if card.words >= MIN_CARD_WORDS])
    checked = [cards_by_id[name] for name in evaluation if cards_by_id[name].error is None]
    if checked:
        _component(release, "evaluation-data", checked, 0.7)
    return notes


def _licence(found: list[DatasetCard]) -> str | None:
    if not found or any(card.licence is None for card in found):
        return None
    distinct = list(dict.fromkeys(card.licence for card in found if card.licence))
    return distinct[0] if len(distinct) == 1 else " AND ".join(f"({item})" if " " in item
                                                               else item for item in distinct)


def _evidence(found: list[DatasetCard], confidence: float) -> list[Evidence]:
    return [Evidence(path=card.pinned + ":README.md", why=_why(card), licence=card.licence,
                     confidence=confidence, kind="content") for card in found]


def _datasets(release: Release, found: list[DatasetCard], complete: bool) -> None:
    entry = release.entry("datasets")
    licence = _licence(found) if complete else None
    if entry is None:
        _component(release, "datasets", found, 0.7)
        return
    entry.evidence = _evidence(found, 0.7) + entry.evidence
    if licence is not None and not entry.licence:
        entry.licence = licence
        entry.licence_path = found[0].pinned + ":README.md"
        entry.extra["licence_source"] = "dataset cards on the Hub"


def _data_card(release: Release, documented: list[DatasetCard]) -> None:
    if not documented:
        return
    entry = release.entry("data-card")
    if entry is None:
        _component(release, "data-card", documented, 0.6)
    else:
        entry.evidence = entry.evidence + _evidence(documented, 0.6)


def _component(release: Release, component: str, found: list[DatasetCard],
               confidence: float) -> None:
    entry = release.entry(component)
    if entry is not None:
        entry.evidence = entry.evidence + _evidence(found, confidence)
        return
    release.components.append(ComponentEntry(
        component=component, licence=_licence(found) or "",
        licence_path=found[0].pinned + ":README.md", component_path=found[0].pinned,
        evidence=_evidence(found, confidence),
        extra={"confidence": confidence, "external": True,
               "licence_source": "dataset cards on the Hub"},
    ))
