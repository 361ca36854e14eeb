"""Dataset repositories on the Hub: for a dataset a model card names, its licence,
gating, description, how many words its card has and the files the repo lists
with their sizes (``read_card``; only the card is downloaded). What they count
as evidence is :mod:`mofkit.inspect.dataset_cards`'s business."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mofkit.sources.hf import cards
from mofkit.sources.hf.client import HubClient
from mofkit.sources.interface import SourceError


@dataclass
class DatasetCard:
    repo_id: str
    sha: str | None = None
    licence: str | None = None
    gated: str | bool = False
    words: int = 0
    description: str = ""
    error: str | None = None
    files: list[tuple[str, int]] = field(default_factory=list)  # (path, bytes), card aside

    @property
    def pinned(self) -> str:
        return f"hf:datasets/{self.repo_id}" + (f"@{self.sha}" if self.sha else "")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.repo_id, "revision": self.sha, "licence": self.licence,
                "gated": self.gated, "card_words": self.words,
                "description": self.description[:200], "error": self.error,
                "files": len(self.files), "bytes": sum(size for _, size in self.files)}


def _body_words(text: str) -> int:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4:] if end >= 0 else text
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\[?more information needed\]?", " ", text, flags=re.I)
    return len(re.findall(r"[A-Za-z0-9]{2,}", text))


def read_card(client: HubClient, repo_id: str) -> DatasetCard:
    card = DatasetCard(repo_id)
    try:
        info = client.info("dataset", repo_id)
    except SourceError as exc:
        card.error = exc.message
        return card
    card.sha, card.gated = info.sha, info.gated
    card.licence = cards.card_licence(info.card_data)
    card.description = " ".join((info.description or "").split())
    card.files = [(item.name, item.size or 0) for item in info.files
                  if item.name not in ("README.md", ".gitattributes")]
    if any(item.name == "README.md" for item in info.files):
        local, _ = client.download(info, ["README.md"])
        path = local.get("README.md")
        if path is not None:
            card.words = _body_words(path.read_text(encoding="utf-8", errors="replace"))
    return card
