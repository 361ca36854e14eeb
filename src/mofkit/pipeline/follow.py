"""The follow step: links a release's files make to other releases, followed and
rated as evidence. Today that is the lineage on the Hugging Face Hub — the base
models a card names, re-scanned, with what a fine-tune inherits from them
(:mod:`mofkit.pipeline.lineage`). Further links (a card's code repository, its
datasets, its base model off the Hub) belong here too, each one a function
called from :func:`follow`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mofkit.pipeline import hub
from mofkit.pipeline.lineage import lineage_tree

if TYPE_CHECKING:
    from mofkit.inspect import ScanResult
    from mofkit.sources.hf.client import HubClient
    from mofkit.sources.hf.records import RepoInfo


@dataclass
class HubContext:
    """Where a scanned release lives on the Hub, for following its links there."""

    client: HubClient
    info: RepoInfo


@dataclass
class Followed:
    """What following found: the lineage chain (JSON-ready, depth first)."""

    lineage: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"lineage": self.lineage}


def follow(result: ScanResult, on_hub: HubContext | None) -> Followed:
    """Follow what ``result``'s release links to, adding what is inherited to it."""
    lineage = follow_lineage(result, on_hub) if on_hub is not None else []
    return Followed(lineage)


def follow_lineage(result: ScanResult, on_hub: HubContext) -> list[dict[str, Any]]:
    """Base models on the Hub, scanned and applied bottom-up; notes for the ones
    that could not be followed."""
    client = on_hub.client
    tree = lineage_tree(on_hub.info, result, base_scanner(client), client.options.lineage_depth)
    chain = tree.chain()
    for link in chain:
        if link["status"] in ("missing", "cycle", "depth-cap"):
            result.release.notes.append(f"lineage: base {link['repo']}: {link['detail']}")
    if chain:
        result.lineage = {**result.lineage, "chain": chain}
    return chain


def base_scanner(client: HubClient) -> Callable[[str], tuple[RepoInfo, ScanResult]]:
    """Scans a base model as the Hub repo it is (what it says of itself, its dataset
    cards), without following its own links: the lineage walk does that."""
    from mofkit.inspect import scan
    from mofkit.sources.hf.fetch import fetch_repo

    def scan_repo(repo_id: str) -> tuple[RepoInfo, ScanResult]:
        repo = fetch_repo(client, repo_id, None)
        result = scan(repo.snapshot())
        hub.enrich(result, repo.info, client, repo.failed, name_given=False)
        return repo.info, result

    return scan_repo
