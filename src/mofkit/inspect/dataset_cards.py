"""Dataset repositories as evidence: for each dataset a model card names, its Hub
licence, gating, description and files (read by :mod:`mofkit.sources.hf.datasets`),
for the Datasets, Data card and Evaluation data components.

The Datasets component needs the data itself: a dataset repo that lists data files
of real size (:data:`~mofkit.inspect.datasets.MIN_DATA_BYTES` together) counts, and
its card states the data's licence. A repo that holds only its card (or a loading
script) documents the data: it is evidence for the Data card, a hint for Datasets,
and its licence is not the data's.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from mofkit.inspect.datasets import MIN_DATA_BYTES
from mofkit.inspect.kinds import DATA_SUFFIXES
from mofkit.release import ComponentEntry, Evidence, Release
from mofkit.rules.ids import DATA_CARD, DATASETS, EVALUATION_DATA
from mofkit.sources.hf.datasets import DatasetCard

MIN_CARD_WORDS = 25  # as the data-card inspector: fewer words is a stub
_NOT_DATA = frozenset({"dataset_infos.json", "dataset_info.json", "dataset_dict.json",
                       "state.json"})


def data_size(card: DatasetCard) -> tuple[int, int]:
    """(data files, bytes) the dataset repo lists: files with a data suffix, the
    repo's metadata files aside."""
    sizes = [size for name, size in card.files
             if PurePosixPath(name).suffix.lower() in DATA_SUFFIXES
             and PurePosixPath(name).name.lower() not in _NOT_DATA]
    return len(sizes), sum(sizes)


def holds_data(card: DatasetCard) -> bool:
    return data_size(card)[1] >= MIN_DATA_BYTES


def _why(card: DatasetCard) -> str:
    access = f"gated ({card.gated}): access needs approval" if card.gated else "open access"
    count, size = data_size(card)
    data = (f"{count} data file(s), {size:,} bytes" if holds_data(card) else
            "no data files, only the card: documents the data, is not the data" if not count
            else f"{count} data file(s), only {size:,} bytes: not the training data")
    return (f"dataset card of {card.repo_id}: licence {card.licence or 'not stated'}; {access}; "
            f"{card.words} words; {data}")


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
    with_data = [card for card in found if holds_data(card)]
    if with_data:
        # A licence for the datasets only when every named dataset holds data and states one.
        _datasets(release, with_data, complete=len(with_data) == len(training))
    cards_only = [card for card in found if not holds_data(card)]
    entry = release.entry(DATASETS)
    if cards_only and entry is not None:
        entry.evidence = entry.evidence + _evidence(cards_only, 0.3)
    for card in cards_only:
        count, size = data_size(card)
        notes.append(f"dataset {card.repo_id} on the Hub holds no data of real size "
                     f"({count} data file(s), {size:,} bytes): its card documents the data "
                     "(data card), it is not the data")
    _data_card(release, [card for card in found if card.words >= MIN_CARD_WORDS])
    checked = [cards_by_id[name] for name in evaluation if cards_by_id[name].error is None]
    if checked:
        _component(release, EVALUATION_DATA, checked, 0.7)
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
    entry = release.entry(DATASETS)
    licence = _licence(found) if complete else None
    if entry is None:
        _component(release, DATASETS, found, 0.7)
        return
    entry.evidence = _evidence(found, 0.7) + entry.evidence
    if licence is not None and not entry.licence:
        entry.licence = licence
        entry.licence_path = found[0].pinned + ":README.md"
        entry.extra["licence_source"] = "dataset cards on the Hub"


def _data_card(release: Release, documented: list[DatasetCard]) -> None:
    if not documented:
        return
    entry = release.entry(DATA_CARD)
    if entry is None:
        _component(release, DATA_CARD, documented, 0.6)
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
