"""The follow step: links a release's files make to other releases, followed and
rated as evidence:

* the lineage on the Hugging Face Hub — the base models a card names, re-scanned,
  with what a fine-tune inherits from them (:mod:`mofkit.pipeline.lineage`);
* the parts the release says are elsewhere (:mod:`mofkit.inspect.elsewhere`): the
  code repository a card declares (``repository:``, a "Code" link) and the Hub
  repository a code README links as its weights. :func:`plan_links` picks them —
  one hop, at most :data:`MAX_FOLLOWED_ROOTS` roots — and the pipeline re-reads
  the release with them as further roots, each pinned to the revision read (a
  commit), small files only (the Hub source), from the cache when offline.

The Hub's dataset cards are read by :mod:`mofkit.pipeline.hub`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mofkit.pipeline import hub
from mofkit.pipeline.lineage import lineage_tree
from mofkit.release import Elsewhere, Release

if TYPE_CHECKING:
    from mofkit.inspect import ScanResult
    from mofkit.sources.hf.client import HubClient
    from mofkit.sources.hf.records import RepoInfo


MAX_FOLLOWED_ROOTS = 2  # one weights repository and one code repository: one hop


@dataclass
class LinkPlan:
    """How to read the whole release: from ``location`` with ``code`` roots, following
    ``links`` (what the release said was elsewhere)."""

    location: str
    code: list[str]
    links: list[Elsewhere]


def plan_links(release: Release, location: str, kind: str,
               code: Sequence[str]) -> LinkPlan | None:
    """The links to follow, or None: the Hub repository a code repository names as its
    weights (it becomes the entry point, the code a further root), and the code
    repository a card declares (unless ``--code`` already gives one)."""
    from mofkit.inspect.elsewhere import CODE_COMPONENTS
    from mofkit.sources.git import is_git_url

    entry, roots, links = location, list(code), []
    weights = release.elsewhere_for("model-parameters-final")
    if weights is not None and kind != "hf" and weights.location.startswith("hf:"):
        entry, roots = weights.location, [location, *roots]
        links.append(weights)
    repo = next((item for item in release.elsewhere if item.component in CODE_COMPONENTS),
                None)
    if (repo is not None and not code and len(links) < MAX_FOLLOWED_ROOTS
            and is_git_url(repo.location)):
        roots.append(repo.location)
        links.append(repo)
    return LinkPlan(entry, roots, links) if links else None


def followed_links(plan: LinkPlan, result: ScanResult) -> list[dict[str, Any]]:
    """What was followed, where the release said so, and the revision read."""
    revisions = {root.location: root.revision for root in result.snapshot.roots}
    out = []
    for link in dict((item.location, item) for item in plan.links).values():
        said = f"{link.path}:{link.line}" if link.line else link.path
        out.append({"location": link.location, "said_at": said,
                    "revision": revisions.get(link.location)})
    return out


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
