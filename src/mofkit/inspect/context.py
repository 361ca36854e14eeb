"""What the inspectors share: the snapshot, the parsed model card, and caches
of work more than one inspector needs (weight headers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mofkit.inspect.card import ModelCard, find_card_file, parse_card
from mofkit.sources.headers import WeightHeader, read_header
from mofkit.sources.snapshot import Snapshot, SnapshotFile


@dataclass
class ScanContext:
    snapshot: Snapshot
    card: ModelCard | None = None
    _headers: dict[str, WeightHeader] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, snapshot: Snapshot) -> ScanContext:
        card_file = find_card_file(snapshot)
        card = None
        if card_file is not None:
            card = parse_card(card_file.path, snapshot.text(card_file) or "")
        return cls(snapshot=snapshot, card=card)

    @property
    def metadata(self) -> dict:
        return self.card.metadata if self.card is not None else {}

    def header(self, item: SnapshotFile) -> WeightHeader:
        if item.path not in self._headers:
            self._headers[item.path] = read_header(self.snapshot, item)
        return self._headers[item.path]
